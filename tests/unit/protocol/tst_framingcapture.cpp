// Walks the stock captures in tests/data/protocol/framing (see README.md
// there) with the framing codecs: raw prefix, every frame, the generator's
// ndx/item-header stream, the filter list and the final stats, checking that
// each decodes without error and re-encodes to the same bytes.

#include "framingcapture.h"
#include "protocol/filterwire.h"
#include "protocol/stats.h"
#include "testsupport.h"

#include <QTest>

using namespace qrsync::protocol;
using qrsync::test::readTestData;
using qrsync::test::splitCapture;
using qrsync::test::toHex;
using qrsync::test::walkGeneratorStream;

class TestFramingCapture : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void frames_data();
    void frames();
    void demultiplexerMatchesFrames_data() { frames_data(); }
    void demultiplexerMatchesFrames();
    void generatorStream_data();
    void generatorStream();
    void pullStats();
};

void TestFramingCapture::frames_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("fromServer");
    QTest::addColumn<bool>("compress");
    for (const char* dir : {"pull-a", "push-az-delete", "pull-az-delete"}) {
        const bool z = QByteArray(dir).contains("az");
        QTest::addRow("%s c2s", dir)
            << QStringLiteral("protocol/framing/%1/client-to-server.bin").arg(QLatin1String(dir))
            << false << z;
        QTest::addRow("%s s2c", dir)
            << QStringLiteral("protocol/framing/%1/server-to-client.bin").arg(QLatin1String(dir))
            << true << z;
    }
}

void TestFramingCapture::frames()
{
    QFETCH(QString, file);
    QFETCH(bool, fromServer);
    QFETCH(bool, compress);
    const QByteArray raw = readTestData(file);
    QVERIFY2(!raw.isEmpty(), qPrintable(file));
    const auto c = splitCapture(raw, fromServer, compress);
    QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
    QCOMPARE(c.version, 32);
    QCOMPARE(c.checksumList, QByteArray(fromServer ? "xxh128 xxh3 xxh64 md5 md4 sha1 none"
                                                   : "xxh128 xxh3 xxh64 md5 md4 sha1"));
    QCOMPARE(c.checksumList, offeredNameList(NameKind::Checksum, fromServer));
    if (compress)
        QCOMPARE(c.compressList, offeredNameList(NameKind::Compression, fromServer));
    if (fromServer) {
        QCOMPARE(c.compat->toWire(), 0x1FF);
        QCOMPARE(*c.seed, 1); // --checksum-seed=1
    }
    QVERIFY(!c.frames.isEmpty());
    QCOMPARE(toHex(c.reencoded), toHex(raw));
}

void TestFramingCapture::demultiplexerMatchesFrames()
{
    QFETCH(QString, file);
    QFETCH(bool, fromServer);
    QFETCH(bool, compress);
    const QByteArray raw = readTestData(file);
    const auto c = splitCapture(raw, fromServer, compress);
    QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
    const QByteArrayView body = QByteArrayView(raw).sliced(c.prefixLength);
    QList<OobMessage> expectedMessages;
    for (const Frame& f : c.frames) {
        if (f.tag != MsgTag::Data)
            expectedMessages.append(OobMessage{f.tag, f.body});
    }
    // Odd chunk sizes so frame headers and bodies are cut everywhere.
    for (qsizetype chunk : {1, 3, 7, 4096}) {
        Demultiplexer demux;
        QByteArray data;
        QList<OobMessage> messages;
        for (qsizetype pos = 0; pos < body.size(); pos += chunk) {
            const QByteArrayView part = body.sliced(pos, std::min(chunk, body.size() - pos));
            auto took = demux.receive(part);
            QVERIFY(took.has_value());
            QCOMPARE(*took, part.size());
            data += demux.data().toByteArray();
            demux.consumeData(demux.bufferedData());
            while (auto m = demux.takeMessage())
                messages.append(*m);
        }
        QVERIFY(demux.atFrameBoundary());
        QCOMPARE(data, c.data);
        QCOMPARE(messages, expectedMessages);
    }
}

void TestFramingCapture::generatorStream_data()
{
    // Generator -> sender streams: the client's in a pull (after the filter
    // list), the server's in a push.
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("fromServer");
    QTest::addColumn<bool>("compress");
    QTest::addColumn<bool>("filterList");
    QTest::addColumn<int>("transfers");
    QTest::addRow("pull -a") << "protocol/framing/pull-a/client-to-server.bin" << false << false
                             << true << 3;
    QTest::addRow("pull -az --delete")
        << "protocol/framing/pull-az-delete/client-to-server.bin" << false << true << true << 1;
    QTest::addRow("push -az --delete")
        << "protocol/framing/push-az-delete/server-to-client.bin" << true << true << false << 1;
}

void TestFramingCapture::generatorStream()
{
    QFETCH(QString, file);
    QFETCH(bool, fromServer);
    QFETCH(bool, compress);
    QFETCH(bool, filterList);
    QFETCH(int, transfers);
    const QByteArray raw = readTestData(file);
    const auto c = splitCapture(raw, fromServer, compress);
    QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
    QByteArrayView stream = c.data;
    QByteArray reencoded;
    if (filterList) {
        auto rules = decodeFilterList(stream);
        QVERIFY(rules.isOk());
        encodeFilterList(reencoded, rules.value());
        stream = stream.sliced(rules.consumed());
    }
    const auto w = walkGeneratorStream(stream, c.version);
    QVERIFY2(w.error.isEmpty(), qPrintable(w.error));
    reencoded += w.reencoded;
    QCOMPARE(toHex(reencoded), toHex(c.data));
    int sent = 0;
    for (const auto& r : w.records)
        sent += (r.header.iflags & kItemTransfer) ? 1 : 0;
    QCOMPARE(sent, transfers);
    // Inc-recursion is on, so the generator sends L + 4 NDX_DONEs
    // with L lists (delta.md §8); these trees have 2 lists.
    QCOMPARE(w.ndxSequence.count(kNdxDone), 6);
    QCOMPARE(w.ndxSequence.last(), kNdxDone);
    if (fromServer) {
        // --delete --stats: the server generator reports one deleted file.
        QVERIFY(w.deleteStats.has_value());
        QCOMPARE(*w.deleteStats, (DeleteStats{1, 0, 0, 0, 0}));
    }
}

void TestFramingCapture::pullStats()
{
    // The server sender ends with 5 x varlong30 stats and the goodbye echo.
    const QByteArray raw =
        readTestData(QStringLiteral("protocol/framing/pull-a/server-to-client.bin"));
    const auto c = splitCapture(raw, true, false);
    QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
    QCOMPARE(c.data.back(), '\0');
    std::optional<TransferStats> found;
    for (qsizetype len = 15; len <= 45 && !found; ++len) {
        const QByteArrayView tail = QByteArrayView(c.data).sliced(c.data.size() - 1 - len, len);
        auto s = decodeTransferStats(tail, c.version);
        if (s.isOk() && s.consumed() == len && s.value().totalSize == 75109) {
            QByteArray again;
            encodeTransferStats(again, s.value(), c.version);
            QCOMPARE(toHex(again), toHex(tail.toByteArray()));
            found = s.value();
        }
    }
    QVERIFY(found.has_value());
    // The sender wrote the 70000-byte file and more, and read the sums.
    QVERIFY(found->senderBytesWritten > 70000);
    QVERIFY(found->senderBytesRead > 0);
}

QTEST_GUILESS_MAIN(TestFramingCapture)
#include "tst_framingcapture.moc"
