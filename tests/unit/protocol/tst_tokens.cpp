// Token stream codecs (delta.md §4, §5): round trips of random literal/block
// scripts for every compression type, several files per session, split
// points, truncation, corrupt input and bounded output. Golden captures from
// stock rsync live in tst_tokengolden.cpp.

#include "protocol/compressiontype.h"
#include "protocol/reader.h"
#include "protocol/tokenstream.h"
#include "testsupport.h"

#include <QRandomGenerator>
#include <QTest>

#include <zlib.h>

using namespace qrsync::protocol;

Q_DECLARE_METATYPE(qrsync::protocol::CompressionType)

namespace {

struct Op
{
    bool isBlock = false;
    qint32 index = 0;
    QByteArray data;
};

struct Basis
{
    QByteArray bytes;
    qint32 blockLength = 1;
    qint32 count() const { return qint32((bytes.size() + blockLength - 1) / blockLength); }
    QByteArray block(qint32 i) const { return bytes.mid(qsizetype(i) * blockLength, blockLength); }
};

QByteArray text(QRandomGenerator& rng, qsizetype n)
{
    static const char* const words[] = {"alpha ", "beta ",  "gamma ", "delta ", "rsync ",
                                        "token ", "block ", "zeta\n", "omega ", "42 "};
    QByteArray out;
    while (out.size() < n)
        out += words[rng.bounded(10)];
    out.truncate(n);
    return out;
}

QByteArray noise(QRandomGenerator& rng, qsizetype n)
{
    QByteArray out(n, Qt::Uninitialized);
    for (char& c : out)
        c = char(rng.bounded(256));
    return out;
}

// A random script: literals of many sizes (tiny, around a chunk, over
// 64 KiB), runs, gaps (> 63, so TOKEN_LONG), backward jumps, repeats.
QList<Op> randomScript(quint32 seed, const Basis& basis, int ops)
{
    QRandomGenerator rng(seed);
    QList<Op> script;
    qint32 next = 0;
    for (int i = 0; i < ops; ++i) {
        switch (rng.bounded(6)) {
        case 0: {
            const qsizetype sizes[] = {1, 7, 300, 16383, 32768, 32769, 70000};
            const qsizetype n = sizes[rng.bounded(7)] + rng.bounded(50);
            script.append({false, 0, rng.bounded(3) == 0 ? noise(rng, n) : text(rng, n)});
            break;
        }
        case 1:
        case 2: { // a run from where we are
            const int len = 1 + int(rng.bounded(40));
            for (int k = 0; k < len && next < basis.count(); ++k)
                script.append({true, next++, {}});
            break;
        }
        case 3: // a jump anywhere (often far: TOKEN_LONG)
            next = qint32(rng.bounded(basis.count()));
            script.append({true, next++, {}});
            break;
        case 4: // the same block again
            if (!script.isEmpty() && script.last().isBlock)
                script.append(script.last());
            break;
        case 5: // a literal copied from the basis (history references)
            script.append({false, 0, basis.bytes.mid(rng.bounded(basis.bytes.size()), 5000)});
            break;
        }
        if (next >= basis.count())
            next = 0;
    }
    return script;
}

QByteArray expected(const QList<Op>& script, const Basis& basis)
{
    QByteArray out;
    for (const Op& op : script)
        out += op.isBlock ? basis.block(op.index) : op.data;
    return out;
}

QByteArray encodeFile(TokenEncoder& enc, const QList<Op>& script, const Basis& basis)
{
    QByteArray out;
    enc.beginFile();
    for (const Op& op : script) {
        if (op.isBlock)
            enc.block(op.index, basis.block(op.index), out);
        else
            enc.literal(op.data, out);
    }
    enc.endFile(out);
    return out;
}

struct Decoded
{
    QByteArray content;
    QList<TokenEvent> events; // literals merged, empty ones dropped
    qsizetype consumed = 0;
    bool ended = false;
    QString error;
    qsizetype largestLiteral = 0;
};

// Decodes one file from stream[start...], making `step` more bytes available
// each time the decoder asks (0: everything at once), like a caller's buffer.
Decoded decodeFile(TokenDecoder& dec, QByteArrayView stream, qsizetype start, const Basis& basis,
                   qsizetype step = 0)
{
    Decoded f;
    qsizetype pos = start;
    qsizetype avail = step ? std::min(stream.size(), start + step) : stream.size();
    int idle = 0;
    dec.beginFile();
    for (;;) {
        auto d = dec.next(stream.sliced(pos, avail - pos));
        if (d.isError()) {
            f.error = d.errorMessage();
            return f;
        }
        if (d.isNeedMore()) {
            if (d.atLeast() <= avail - pos) {
                f.error = QStringLiteral("NeedMore(%1) with %2 bytes available")
                              .arg(d.atLeast())
                              .arg(avail - pos);
                return f;
            }
            if (avail == stream.size())
                return f; // truncated input
            avail = step ? std::min(stream.size(), avail + step) : stream.size();
            continue;
        }
        idle = d.consumed() == 0 ? idle + 1 : 0;
        if (idle > 100000) {
            f.error = QStringLiteral("no progress");
            return f;
        }
        pos += d.consumed();
        const TokenEvent& e = d.value();
        switch (e.kind) {
        case TokenEvent::Kind::Literal:
            f.largestLiteral = std::max(f.largestLiteral, e.literal.size());
            f.content += e.literal;
            if (e.literal.isEmpty())
                break;
            if (!f.events.isEmpty() && f.events.last().kind == TokenEvent::Kind::Literal)
                f.events.last().literal += e.literal;
            else
                f.events.append(e);
            break;
        case TokenEvent::Kind::Block: {
            if (e.blockIndex < 0 || e.blockIndex >= basis.count()) {
                f.error = QStringLiteral("block %1 out of range").arg(e.blockIndex);
                return f;
            }
            const QByteArray b = basis.block(e.blockIndex);
            f.content += b;
            dec.matchedBlockData(b);
            f.events.append(e);
            break;
        }
        case TokenEvent::Kind::End:
            f.ended = true;
            f.consumed = pos - start;
            return f;
        }
    }
}

QList<TokenEvent> scriptEvents(const QList<Op>& script)
{
    QList<TokenEvent> out;
    for (const Op& op : script) {
        if (op.isBlock) {
            out.append(TokenEvent::makeBlock(op.index));
        } else if (!out.isEmpty() && out.last().kind == TokenEvent::Kind::Literal) {
            out.last().literal += op.data;
        } else {
            out.append(TokenEvent::makeLiteral(op.data));
        }
    }
    return out;
}

Basis textBasis(quint32 seed, qsizetype size, qint32 blockLength)
{
    QRandomGenerator rng(seed);
    return Basis{text(rng, size), blockLength};
}

const CompressionType kAllTypes[] = {CompressionType::None, CompressionType::Zlib,
                                     CompressionType::ZlibX, CompressionType::Zstd,
                                     CompressionType::Lz4};

int levelFor(CompressionType type)
{
    return effectiveCompressionLevel(type, std::nullopt).value_or(0);
}

void addTypeColumns()
{
    QTest::addColumn<CompressionType>("type");
    QTest::addColumn<int>("protocol");
}

} // namespace

class TestTokens : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void names();
    void levels();
    void roundTrip_data();
    void roundTrip();
    void bigBlocks_data();
    void bigBlocks();
    void protocol30QuirkMatters();
    void severalFiles_data();
    void severalFiles();
    void runLimit_data();
    void runLimit();
    void relativeAndLongTokens();
    void splitPoints_data();
    void splitPoints();
    void truncation_data();
    void truncation();
    void corrupt_data();
    void corrupt();
    void fuzz_data();
    void fuzz();
    void bombIsBounded();
    void plainHugeLiteralLength();
};

void TestTokens::names()
{
    for (CompressionType t : kAllTypes)
        QCOMPARE(parseCompressionType(compressionTypeName(t)), std::optional(t));
    QCOMPARE(compressionTypeName(CompressionType::ZlibX), QStringLiteral("zlibx"));
    QCOMPARE(parseCompressionType(u"ZSTD"), std::optional(CompressionType::Zstd));
    QCOMPARE(parseCompressionType(u"LZ4"), std::optional(CompressionType::Lz4));
    QCOMPARE(parseCompressionType(u"gzip"), std::nullopt);
    QCOMPARE(parseCompressionType(u""), std::nullopt);
}

void TestTokens::levels()
{
    QCOMPARE(effectiveCompressionLevel(CompressionType::Zlib, std::nullopt), std::optional(6));
    QCOMPARE(effectiveCompressionLevel(CompressionType::ZlibX, -1), std::optional(6));
    QCOMPARE(effectiveCompressionLevel(CompressionType::Zlib, 0), std::nullopt);
    QCOMPARE(effectiveCompressionLevel(CompressionType::Zlib, 12), std::optional(9));
    QCOMPARE(effectiveCompressionLevel(CompressionType::Zlib, 1), std::optional(1));
    QCOMPARE(effectiveCompressionLevel(CompressionType::Zstd, std::nullopt), std::optional(3));
    QCOMPARE(effectiveCompressionLevel(CompressionType::Zstd, 0), std::optional(3));
    QCOMPARE(effectiveCompressionLevel(CompressionType::Zstd, 99), std::optional(22));
    QCOMPARE(effectiveCompressionLevel(CompressionType::Zstd, -5), std::optional(-5));
    QCOMPARE(effectiveCompressionLevel(CompressionType::Lz4, 7), std::optional(0));
    QCOMPARE(effectiveCompressionLevel(CompressionType::None, 7), std::nullopt);
}

void TestTokens::roundTrip_data()
{
    addTypeColumns();
    QTest::addColumn<quint32>("seed");
    for (CompressionType t : kAllTypes) {
        for (int protocol : {30, 31}) {
            for (quint32 seed : {1u, 2u, 3u}) {
                QTest::addRow("%s-p%d-seed%u", qPrintable(compressionTypeName(t)), protocol, seed)
                    << t << protocol << seed;
            }
        }
    }
}

void TestTokens::roundTrip()
{
    QFETCH(CompressionType, type);
    QFETCH(int, protocol);
    QFETCH(quint32, seed);
    const Basis basis = textBasis(seed, 300 * 1000 + 123, 700);
    const QList<Op> script = randomScript(seed, basis, 60);
    auto enc = makeTokenEncoder(type, levelFor(type), protocol);
    auto dec = makeTokenDecoder(type, protocol);
    const QByteArray wire = encodeFile(*enc, script, basis);
    const Decoded f = decodeFile(*dec, wire, 0, basis);
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
    QVERIFY(f.ended);
    QCOMPARE(f.consumed, wire.size());
    QCOMPARE(f.events, scriptEvents(script));
    QVERIFY(f.content == expected(script, basis));
}

void TestTokens::bigBlocks_data()
{
    addTypeColumns();
    for (CompressionType t : kAllTypes) {
        for (int protocol : {30, 31})
            QTest::addRow("%s-p%d", qPrintable(compressionTypeName(t)), protocol) << t << protocol;
    }
}

// 128 KiB blocks: zlib adds them to the history in 0xFFFF pieces (at
// protocol 30 without advancing), and the literal after each one repeats
// the block's tail so that deflate refers into that history.
void TestTokens::bigBlocks()
{
    QFETCH(CompressionType, type);
    QFETCH(int, protocol);
    QRandomGenerator rng(7);
    Basis basis{noise(rng, 4 * 131072 + 5000), 131072};
    QList<Op> script;
    for (qint32 i : {0, 1, 3, 4, 2}) {
        script.append({true, i, {}});
        script.append({false, 0, basis.block(i).right(30000)});
    }
    auto enc = makeTokenEncoder(type, levelFor(type), protocol);
    auto dec = makeTokenDecoder(type, protocol);
    const QByteArray wire = encodeFile(*enc, script, basis);
    const Decoded f = decodeFile(*dec, wire, 0, basis);
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
    QVERIFY(f.ended);
    QVERIFY(f.content == expected(script, basis));
    if (type == CompressionType::Zlib && protocol >= 31) // history pays off
        QVERIFY2(wire.size() < 5 * 30000 / 4, qPrintable(QString::number(wire.size())));
}

// A stream made at one protocol and read at the other must go wrong: proof
// that the quirk is implemented on both sides rather than ignored on both.
// The literal repeats bytes that only that protocol's window holds: at 30
// the window ends with the first 64 KiB again, at 31 with the block's tail.
void TestTokens::protocol30QuirkMatters()
{
    QRandomGenerator rng(8);
    Basis basis{noise(rng, 131072), 131072};
    for (int protocol : {30, 31}) {
        const QByteArray repeat =
            protocol == 30 ? basis.block(0).mid(40000, 20000) : basis.block(0).right(20000);
        const QList<Op> script{{true, 0, {}}, {false, 0, repeat}};
        auto enc = makeTokenEncoder(CompressionType::Zlib, 6, protocol);
        const QByteArray wire = encodeFile(*enc, script, basis);
        QVERIFY2(wire.size() < 1000, qPrintable(QString::number(wire.size()))); // history used
        auto same = makeTokenDecoder(CompressionType::Zlib, protocol);
        QVERIFY(decodeFile(*same, wire, 0, basis).content == expected(script, basis));
        auto other = makeTokenDecoder(CompressionType::Zlib, protocol == 30 ? 31 : 30);
        const Decoded f = decodeFile(*other, wire, 0, basis);
        QVERIFY(!f.error.isEmpty() || f.content != expected(script, basis));
    }
}

void TestTokens::severalFiles_data()
{
    QTest::addColumn<CompressionType>("type");
    for (CompressionType t : kAllTypes)
        QTest::newRow(qPrintable(compressionTypeName(t))) << t;
}

// One encoder and decoder for a session: files in a row, including empty
// ones and a repeat (zstd's shared stream makes the repeat nearly free).
void TestTokens::severalFiles()
{
    QFETCH(CompressionType, type);
    const Basis basis = textBasis(11, 100000, 1000);
    QRandomGenerator rng(12);
    const QByteArray unique = noise(rng, 40000);
    const QList<QList<Op>> files{
        randomScript(21, basis, 30),
        {},
        {{false, 0, unique}, {true, 5, {}}, {true, 6, {}}},
        {{true, 9, {}}},
        {{false, 0, unique}, {true, 5, {}}, {true, 6, {}}},
        randomScript(22, basis, 30),
    };
    auto enc = makeTokenEncoder(type, levelFor(type), 31);
    auto dec = makeTokenDecoder(type, 31);
    QByteArray session;
    QList<qsizetype> sizes;
    for (const QList<Op>& script : files) {
        const QByteArray wire = encodeFile(*enc, script, basis);
        sizes.append(wire.size());
        session += wire;
        session += "0123456789abcdef"; // the whole-file sum sits between files
    }
    qsizetype pos = 0;
    for (const QList<Op>& script : files) {
        const Decoded f = decodeFile(*dec, session, pos, basis);
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        QVERIFY(f.ended);
        QCOMPARE(f.events, scriptEvents(script));
        pos += f.consumed + 16;
    }
    QCOMPARE(pos, session.size());
    if (type == CompressionType::Zstd)
        QVERIFY2(sizes[4] < sizes[2] / 10,
                 qPrintable(QStringLiteral("%1 vs %2").arg(sizes[4]).arg(sizes[2])));
    else if (type != CompressionType::None)
        QVERIFY(sizes[4] == sizes[2]); // per-file state
}

void TestTokens::runLimit_data()
{
    QTest::addColumn<CompressionType>("type");
    for (CompressionType t : kAllTypes)
        QTest::newRow(qPrintable(compressionTypeName(t))) << t;
}

// 70000 consecutive blocks: a compressed run carries at most 65536.
void TestTokens::runLimit()
{
    QFETCH(CompressionType, type);
    const Basis basis = textBasis(3, 70000, 1);
    QList<Op> script;
    for (qint32 i = 0; i < 70000; ++i)
        script.append({true, i, {}});
    auto enc = makeTokenEncoder(type, levelFor(type), 31);
    const QByteArray wire = encodeFile(*enc, script, basis);
    if (type != CompressionType::None) {
        // c0 ff ff: blocks 0..65535; c1 6f 11: 65536 (1 past the last run's
        // end) and 4463 more; end.
        QCOMPARE(qrsync::test::toHex(wire), QStringLiteral("c0 ff ff c1 6f 11 00"));
    }
    auto dec = makeTokenDecoder(type, 31);
    const Decoded f = decodeFile(*dec, wire, 0, basis);
    QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
    QCOMPARE(f.events.size(), 70000);
    QVERIFY(f.content == basis.bytes);
}

// The flag bytes of delta.md §5 for a hand-made sequence.
void TestTokens::relativeAndLongTokens()
{
    const Basis basis = textBasis(4, 200 * 10, 10);
    // 0..2: run from last 0; 70: too far for REL; 5: backwards; 5 again:
    // distance 0; 9..10: run at distance 4 from the last run's end (5).
    QList<Op> script;
    for (qint32 i : {0, 1, 2, 70, 5, 5, 9, 10})
        script.append({true, i, {}});
    auto enc = makeTokenEncoder(CompressionType::Zlib, 6, 31);
    const QByteArray wire = encodeFile(*enc, script, basis);
    QCOMPARE(qrsync::test::toHex(wire),
             qrsync::test::toHex(
                 qrsync::test::fromHex("c0 02 00  20 46000000  20 05000000  80  c4 01 00  00")));
    auto dec = makeTokenDecoder(CompressionType::Zlib, 31);
    QCOMPARE(decodeFile(*dec, wire, 0, basis).events, scriptEvents(script));
}

void TestTokens::splitPoints_data()
{
    QTest::addColumn<CompressionType>("type");
    for (CompressionType t : kAllTypes)
        QTest::newRow(qPrintable(compressionTypeName(t))) << t;
}

// Feeding the stream a byte at a time, and in two pieces split at every
// point, gives the same events as feeding it whole.
void TestTokens::splitPoints()
{
    QFETCH(CompressionType, type);
    const Basis basis = textBasis(5, 20000, 100);
    QRandomGenerator rng(6);
    const QList<Op> script{{false, 0, text(rng, 3000)},
                           {true, 1, {}},
                           {true, 2, {}},
                           {true, 150, {}},
                           {false, 0, noise(rng, 200)},
                           {true, 3, {}},
                           {false, 0, text(rng, 40000)}};
    auto enc = makeTokenEncoder(type, levelFor(type), 31);
    const QByteArray wire = encodeFile(*enc, script, basis);
    const QList<TokenEvent> want = scriptEvents(script);

    auto one = makeTokenDecoder(type, 31);
    const Decoded bytewise = decodeFile(*one, wire, 0, basis, 1);
    QVERIFY2(bytewise.error.isEmpty(), qPrintable(bytewise.error));
    QCOMPARE(bytewise.events, want);

    for (qsizetype split = 1; split < wire.size();
         split += std::max<qsizetype>(1, wire.size() / 500)) {
        auto dec = makeTokenDecoder(type, 31);
        const Decoded f = decodeFile(*dec, wire, 0, basis, split);
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        QVERIFY(f.ended);
        QCOMPARE(f.consumed, wire.size());
        QCOMPARE(f.events, want);
    }
}

void TestTokens::truncation_data()
{
    splitPoints_data();
}

// Every proper prefix ends in NeedMore, never in an error or an End.
void TestTokens::truncation()
{
    QFETCH(CompressionType, type);
    const Basis basis = textBasis(5, 20000, 100);
    QRandomGenerator rng(9);
    const QList<Op> script{
        {false, 0, text(rng, 2000)}, {true, 1, {}}, {true, 2, {}}, {true, 100, {}},
        {false, 0, text(rng, 300)},  {true, 3, {}}};
    auto enc = makeTokenEncoder(type, levelFor(type), 31);
    const QByteArray wire = encodeFile(*enc, script, basis);
    for (qsizetype n = 0; n < wire.size(); ++n) {
        auto dec = makeTokenDecoder(type, 31);
        const Decoded f = decodeFile(*dec, wire.first(n), 0, basis);
        QVERIFY2(f.error.isEmpty(),
                 qPrintable(QStringLiteral("prefix %1: %2").arg(n).arg(f.error)));
        QVERIFY2(!f.ended, qPrintable(QStringLiteral("prefix %1 ended").arg(n)));
    }
}

void TestTokens::corrupt_data()
{
    QTest::addColumn<CompressionType>("type");
    QTest::addColumn<QByteArray>("wire");
    using qrsync::test::fromHex;
    for (CompressionType t : {CompressionType::Zlib, CompressionType::Zstd, CompressionType::Lz4}) {
        const QByteArray name = compressionTypeName(t).toLatin1();
        QTest::addRow("%s unknown flag", name.constData()) << t << fromHex("01");
        QTest::addRow("%s flag 0x3f", name.constData()) << t << fromHex("3f");
        QTest::addRow("%s negative index", name.constData()) << t << fromHex("20 ffffffff");
        QTest::addRow("%s index past max", name.constData()) << t << fromHex("20 ffffff7f");
        QTest::addRow("%s run of 0", name.constData()) << t << fromHex("c0 00 00");
        QTest::addRow("%s run past max", name.constData()) << t << fromHex("21 feffff7f 01 00");
        QTest::addRow("%s garbage data", name.constData())
            << t << fromHex("40 05 ff ff ff ff ff 00");
    }
    QTest::newRow("zlib empty chunk") << CompressionType::Zlib << fromHex("40 00 00");
    // A complete deflate stream (final block) where a sync flush belongs.
    QTest::newRow("zlib final block") << CompressionType::Zlib << fromHex("40 02 03 00 80");
    // Data that stops in the middle of a block, then a token: lost sync.
    QTest::newRow("zlib lost sync") << CompressionType::Zlib << fromHex("40 02 4b 4c 80");
}

void TestTokens::corrupt()
{
    QFETCH(CompressionType, type);
    QFETCH(QByteArray, wire);
    const Basis basis = textBasis(1, 1000, 10);
    auto dec = makeTokenDecoder(type, 31);
    const Decoded f = decodeFile(*dec, wire, 0, basis);
    QVERIFY2(!f.error.isEmpty(), qPrintable(qrsync::test::toHex(wire)));
    QVERIFY(dec->next(wire).isError()); // sticky
}

void TestTokens::fuzz_data()
{
    splitPoints_data();
}

// Flipped bytes: the decoder accepts or reports an error, nothing else.
void TestTokens::fuzz()
{
    QFETCH(CompressionType, type);
    const Basis basis = textBasis(2, 50000, 500);
    const QList<Op> script = randomScript(31, basis, 12);
    auto enc = makeTokenEncoder(type, levelFor(type), 31);
    const QByteArray wire = encodeFile(*enc, script, basis);
    QRandomGenerator rng(99);
    int errors = 0;
    for (int round = 0; round < 300; ++round) {
        QByteArray bad = wire;
        for (int k = 0; k < 1 + int(rng.bounded(3)); ++k)
            bad[rng.bounded(bad.size())] = char(rng.bounded(256));
        auto dec = makeTokenDecoder(type, 31);
        const Decoded f = decodeFile(*dec, bad, 0, basis);
        errors += f.error.isEmpty() ? 0 : 1;
        QVERIFY(f.largestLiteral <= kMaxLiteralEvent);
    }
    if (type != CompressionType::None) // plain literals carry no redundancy
        QVERIFY(errors > 0);
}

// 64 MiB of zeros deflate into a few chunks; a decoder never hands out more
// than kMaxLiteralEvent at once and keeps the rest for later calls.
void TestTokens::bombIsBounded()
{
    for (CompressionType t : {CompressionType::Zlib, CompressionType::Zstd}) {
        const QByteArray zeros(64 * 1024 * 1024, '\0');
        auto enc = makeTokenEncoder(t, levelFor(t), 31);
        QByteArray wire;
        enc->beginFile();
        enc->literal(zeros, wire);
        enc->endFile(wire);
        QVERIFY(wire.size() < 200 * 1024);
        auto dec = makeTokenDecoder(t, 31);
        const Decoded f = decodeFile(*dec, wire, 0, Basis{});
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        QVERIFY(f.content == zeros);
        QVERIFY(f.largestLiteral <= kMaxLiteralEvent);
    }
}

// A literal length of 2^31-1 on the wire: the decoder asks only for the
// first 32 KiB piece, allocates nothing for the rest, and keeps going.
void TestTokens::plainHugeLiteralLength()
{
    auto dec = makeTokenDecoder(CompressionType::None, 31);
    QByteArray wire;
    encodeI32(wire, 0x7fffffff);
    auto d = dec->next(wire);
    QVERIFY(d.isNeedMore());
    QCOMPARE(d.atLeast(), 4 + kTokenChunkSize);
    wire += QByteArray(2 * kTokenChunkSize, 'x');
    d = dec->next(wire);
    QVERIFY(d.isOk());
    QCOMPARE(d.consumed(), 4 + kTokenChunkSize);
    QCOMPARE(d.value().literal.size(), kTokenChunkSize);
    d = dec->next(QByteArrayView(wire).sliced(4 + kTokenChunkSize));
    QVERIFY(d.isOk());
    QCOMPARE(d.value().literal.size(), kTokenChunkSize);
    QVERIFY(dec->next(QByteArrayView()).isNeedMore());

    // A 100000-byte literal arrives as 32768 + 32768 + 32768 + 1696.
    auto dec2 = makeTokenDecoder(CompressionType::None, 31);
    QByteArray wire2;
    encodeI32(wire2, 100000);
    wire2 += QByteArray(100000, 'y');
    encodeI32(wire2, -3);
    encodeI32(wire2, 0);
    const Decoded f = decodeFile(*dec2, wire2, 0, textBasis(1, 100, 10));
    QCOMPARE(f.events.size(), 2);
    QCOMPARE(f.events[1], TokenEvent::makeBlock(2));
    QCOMPARE(f.largestLiteral, kTokenChunkSize);
    QVERIFY(f.ended);
}

QTEST_GUILESS_MAIN(TestTokens)
#include "tst_tokens.moc"
