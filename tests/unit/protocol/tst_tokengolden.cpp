// Token streams captured from stock rsync 3.5.0 (tests/data/protocol/tokens,
// see README.md there): each capture is a push of new.txt over basis.txt.
// We find the file's token stream in the client's data stream, decode it
// with the known basis and check that it rebuilds new.txt; then we encode
// the same literals and blocks again and demand stock's exact bytes.
//
// Locating the stream (test-only parsing, on purpose minimal): the client's
// bytes start with the raw handshake (int32 protocol version, then the
// checksum-choice vstring, since --zc means no compression list is sent);
// from there everything is multiplexed: a 4-byte little-endian header whose
// top byte is 7 + tag and low 24 bits the length. Joining the MSG_DATA (tag
// 0) payloads gives the data stream. In it the sender echoes the
// generator's request, ending with the sum head (count, blength, s2length,
// remainder as int32); count and blength are known from basis.txt and -B,
// so the first match of those 8 bytes marks the sum head and the token
// stream starts 16 bytes later. Our decoder finds the end (then the 16-byte
// xxh128 file sum follows, and the next file's request).

#include "protocol/compressiontype.h"
#include "protocol/reader.h"
#include "protocol/tokenstream.h"
#include "testsupport.h"

#include <QTest>
#include <QtEndian>

using namespace qrsync::protocol;

Q_DECLARE_METATYPE(qrsync::protocol::CompressionType)

namespace {

constexpr qint64 kChunk = 32 * 1024; // rsync CHUNK_SIZE

QByteArray joinedDataStream(const QByteArray& clientToServer)
{
    qsizetype pos = 4; // protocol version
    qsizetype length = quint8(clientToServer[pos]);
    pos += 1;
    if (length & 0x80) {
        length = ((length & 0x7f) << 8) | quint8(clientToServer[pos]);
        pos += 1;
    }
    pos += length; // checksum list
    QByteArray data;
    while (pos + 4 <= clientToServer.size()) {
        const quint32 header = qFromLittleEndian<quint32>(clientToServer.constData() + pos);
        const int tag = int(header >> 24) - 7;
        const qsizetype n = header & 0xffffff;
        if (tag == 0)
            data += clientToServer.mid(pos + 4, n);
        pos += 4 + n;
    }
    return data;
}

struct Piece
{
    bool isBlock = false;
    qint32 index = 0;
    QByteArray data;
};

// The file as decoded: literal runs and blocks, in order.
struct DecodedFile
{
    QList<Piece> pieces;
    QByteArray content;
    qsizetype consumed = 0;
    QString error;
};

DecodedFile decode(TokenDecoder& dec, QByteArrayView stream, const QByteArray& basis,
                   qint32 blength)
{
    DecodedFile f;
    qsizetype pos = 0;
    dec.beginFile();
    for (;;) {
        auto d = dec.next(stream.sliced(pos));
        if (!d.isOk()) {
            f.error = d.isError() ? d.errorMessage() : QStringLiteral("truncated");
            return f;
        }
        pos += d.consumed();
        const TokenEvent& e = d.value();
        switch (e.kind) {
        case TokenEvent::Kind::Literal:
            f.content += e.literal;
            if (!f.pieces.isEmpty() && !f.pieces.last().isBlock)
                f.pieces.last().data += e.literal;
            else if (!e.literal.isEmpty())
                f.pieces.append({false, 0, e.literal});
            break;
        case TokenEvent::Kind::Block: {
            const QByteArray b = basis.mid(qsizetype(e.blockIndex) * blength, blength);
            f.content += b;
            dec.matchedBlockData(b);
            f.pieces.append({true, e.blockIndex, {}});
            break;
        }
        case TokenEvent::Kind::End:
            f.consumed = pos;
            return f;
        }
    }
}

// Re-sends the decoded file cutting literals where stock's match.c
// hash_search does: while scanning a literal run that started at s, it
// sends [s, s+32K) on its own once the scan reaches o = s + blength + 32K
// without a match, provided more than 32K remain before `end` (len + 1 -
// the last basis block's length); the rest goes with the next token.
QByteArray reencode(TokenEncoder& enc, const DecodedFile& f, const QByteArray& basis,
                    qint32 blength)
{
    const qint64 lastBlock = basis.size() % blength ? basis.size() % blength : blength;
    const qint64 end = f.content.size() + 1 - lastBlock;
    QByteArray out;
    enc.beginFile();
    qint64 offset = 0;
    for (const Piece& p : f.pieces) {
        if (p.isBlock) {
            const QByteArray b = basis.mid(qsizetype(p.index) * blength, blength);
            enc.block(p.index, b, out);
            offset += b.size();
            continue;
        }
        qint64 s = 0;
        const qint64 m = p.data.size();
        while (s + blength + kChunk < m && end - (offset + s + blength + kChunk) > kChunk) {
            enc.literal(QByteArrayView(p.data).sliced(s, kChunk), out);
            s += kChunk;
        }
        enc.literal(QByteArrayView(p.data).sliced(s), out);
        offset += m;
    }
    enc.endFile(out);
    return out;
}

} // namespace

class TestTokenGolden : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void capture_data();
    void capture();
};

void TestTokenGolden::capture_data()
{
    QTest::addColumn<QString>("dir");
    QTest::addColumn<CompressionType>("type");
    QTest::addColumn<int>("protocol");
    QTest::addColumn<int>("blength");
    QTest::addColumn<int>("files");
    QTest::newRow("none") << "none" << CompressionType::None << 32 << 2048 << 1;
    QTest::newRow("zlib") << "zlib" << CompressionType::Zlib << 32 << 2048 << 1;
    QTest::newRow("zlibx") << "zlibx" << CompressionType::ZlibX << 32 << 2048 << 1;
    QTest::newRow("zstd") << "zstd" << CompressionType::Zstd << 32 << 2048 << 1;
    QTest::newRow("zstd, 2 files") << "zstd-2files" << CompressionType::Zstd << 32 << 2048 << 2;
    QTest::newRow("lz4") << "lz4" << CompressionType::Lz4 << 32 << 2048 << 1;
    QTest::newRow("zlib, protocol 30, 128 KiB blocks")
        << "zlib-p30-b131072" << CompressionType::Zlib << 30 << 131072 << 1;
}

void TestTokenGolden::capture()
{
    QFETCH(QString, dir);
    QFETCH(CompressionType, type);
    QFETCH(int, protocol);
    QFETCH(int, blength);
    QFETCH(int, files);
    const QByteArray basis =
        qrsync::test::readTestData(QStringLiteral("protocol/tokens/basis.txt"));
    const QByteArray newFile =
        qrsync::test::readTestData(QStringLiteral("protocol/tokens/new.txt"));
    const QByteArray wire = qrsync::test::readTestData(
        QStringLiteral("protocol/tokens/%1/client-to-server.bin").arg(dir));
    QVERIFY(!basis.isEmpty() && !newFile.isEmpty() && !wire.isEmpty());
    QCOMPARE(qrsync::test::toHex(wire.first(4)),
             qrsync::test::toHex(QByteArray::fromHex(protocol == 30 ? "1e000000" : "20000000")));
    const QByteArray data = joinedDataStream(wire);

    QByteArray sumHeadStart;
    encodeI32(sumHeadStart, qint32((basis.size() + blength - 1) / blength));
    encodeI32(sumHeadStart, blength);

    const int level = effectiveCompressionLevel(type, std::nullopt).value_or(0);
    auto dec = makeTokenDecoder(type, protocol);
    auto enc = makeTokenEncoder(type, level, protocol);
    qsizetype from = 0;
    bool sawBlock = false;
    bool sawLiteral = false;
    for (int file = 0; file < files; ++file) {
        const qsizetype head = data.indexOf(sumHeadStart, from);
        QVERIFY2(head >= 0, "sum head not found");
        const qsizetype start = head + 16;
        const QByteArrayView stream = QByteArrayView(data).sliced(start);

        const DecodedFile f = decode(*dec, stream, basis, blength);
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        QVERIFY2(f.content == newFile, "the decoded file differs from new.txt");
        for (const Piece& p : f.pieces)
            (p.isBlock ? sawBlock : sawLiteral) = true;

        const QByteArray ours = reencode(*enc, f, basis, blength);
        const QByteArray stock = stream.first(f.consumed).toByteArray();
        if (ours != stock) {
            qsizetype i = 0;
            while (i < ours.size() && i < stock.size() && ours[i] == stock[i])
                ++i;
            QFAIL(qPrintable(QStringLiteral("file %1: encoder output differs at byte %2 "
                                            "(ours %3 bytes, stock %4)")
                                 .arg(file)
                                 .arg(i)
                                 .arg(ours.size())
                                 .arg(stock.size())));
        }
        from = start + f.consumed + 16; // past the whole-file sum
    }
    QVERIFY(sawBlock && sawLiteral);
}

QTEST_GUILESS_MAIN(TestTokenGolden)
#include "tst_tokengolden.moc"
