// Multiplexed frames (framing.md §3): header layout, round trip, split
// points, truncation, stock's refusals, the Demultiplexer's data cap and the
// Multiplexer's batching.

#include "protocol/multiplex.h"
#include "protocol/reader.h"
#include "testsupport.h"

#include <QTest>

using namespace qrsync::protocol;
using qrsync::test::fromHex;
using qrsync::test::toHex;

Q_DECLARE_METATYPE(qrsync::protocol::MsgTag)

class TestMultiplex : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void golden();
    void roundTrip_data();
    void roundTrip();
    void truncation();
    void rejects_data();
    void rejects();
    void hugeDataIsSplit();
    void demuxSplitPoints();
    void demuxPartialDataIsReadable();
    void demuxBackpressure();
    void demuxErrorIsSticky();
    void muxBatches();
    void muxTakesWhileAFrameFills();
    void muxKeepsOrder();
};

static QByteArray sampleStream()
{
    QByteArray s;
    encodeFrame(s, MsgTag::Data, "hello ");
    encodeFrame(s, MsgTag::Info, "a message\n");
    encodeFrame(s, MsgTag::Data, QByteArray());
    encodeFrame(s, MsgTag::IoError, fromHex("01000000"));
    encodeFrame(s, MsgTag::Data, "world");
    encodeFrame(s, MsgTag::ErrorExit, QByteArray());
    encodeFrame(s, MsgTag::Deleted, QByteArray("dir\0", 4));
    return s;
}

void TestMultiplex::golden()
{
    // Verified pull with no rules: a 4-byte MSG_DATA holding the filter
    // list terminator (filelist.md §1).
    QByteArray out;
    encodeFrame(out, MsgTag::Data, fromHex("00000000"));
    QCOMPARE(toHex(out), toHex(fromHex("04000007 00000000")));
    auto d = decodeFrame(out);
    QVERIFY(d.isOk());
    QCOMPARE(d.value().tag, MsgTag::Data);
    QCOMPARE(d.consumed(), qsizetype(8));
    // MSG_INFO is tag 2: header byte 3 is 2 + 7.
    out.clear();
    encodeFrame(out, MsgTag::Info, "hi\n");
    QCOMPARE(toHex(out), toHex(fromHex("03000009 68690a")));
}

void TestMultiplex::roundTrip_data()
{
    QTest::addColumn<MsgTag>("tag");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("data") << MsgTag::Data << QByteArray("stream bytes");
    QTest::newRow("keep-alive") << MsgTag::Data << QByteArray();
    QTest::newRow("info") << MsgTag::Info << QByteArray("text\n");
    QTest::newRow("error max") << MsgTag::Error << QByteArray(kMaxMessageLength, 'e');
    QTest::newRow("io error") << MsgTag::IoError << fromHex("02000000");
    QTest::newRow("error exit code") << MsgTag::ErrorExit << fromHex("17000000");
    QTest::newRow("error exit ack") << MsgTag::ErrorExit << QByteArray();
    QTest::newRow("noop") << MsgTag::Noop << QByteArray();
    QTest::newRow("success") << MsgTag::Success << fromHex("05000000");
    QTest::newRow("no send") << MsgTag::NoSend << fromHex("05000000");
    QTest::newRow("deleted dir") << MsgTag::Deleted << QByteArray("a/b\0", 4);
    QTest::newRow("io timeout") << MsgTag::IoTimeout << fromHex("3c000000");
    QTest::newRow("redo") << MsgTag::Redo << fromHex("05000000");
    QTest::newRow("stats") << MsgTag::Stats << fromHex("0100000000000000");
}

void TestMultiplex::roundTrip()
{
    QFETCH(MsgTag, tag);
    QFETCH(QByteArray, body);
    QByteArray out;
    encodeFrame(out, tag, body);
    QCOMPARE(out.size(), 4 + body.size());
    QCOMPARE(quint8(out[3]), quint8(quint8(tag) + kMplexBase));
    out.append("trailing");
    auto d = decodeFrame(out);
    QVERIFY(d.isOk());
    QCOMPARE(d.value(), (Frame{tag, body}));
    QCOMPARE(d.consumed(), 4 + body.size());
}

void TestMultiplex::truncation()
{
    const QByteArray s = sampleStream();
    qsizetype pos = 0;
    while (pos < s.size()) {
        const QByteArrayView rest = QByteArrayView(s).sliced(pos);
        auto whole = decodeFrame(rest);
        QVERIFY(whole.isOk());
        for (qsizetype n = 0; n < whole.consumed(); ++n) {
            auto d = decodeFrame(rest.first(n));
            QVERIFY2(d.isNeedMore(), qPrintable(QStringLiteral("prefix %1").arg(n)));
            QCOMPARE(d.consumed(), qsizetype(0));
            QVERIFY(d.atLeast() > n);
        }
        pos += whole.consumed();
    }
}

void TestMultiplex::rejects_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::newRow("unknown tag 11") << fromHex("00000012");
    QTest::newRow("unknown tag 248") << fromHex("000000ff");
    QTest::newRow("below MPLEX_BASE") << fromHex("00000006");
    QTest::newRow("text over BIGPATHBUFLEN") << fromHex("00140009"); // 5120 bytes of MSG_INFO
    QTest::newRow("io error of 3 bytes") << fromHex("0300001d");
    QTest::newRow("noop with a body") << fromHex("01000031");
    QTest::newRow("error exit of 2 bytes") << fromHex("0200005d");
    QTest::newRow("success of 8 bytes") << fromHex("0800006b");
}

void TestMultiplex::rejects()
{
    QFETCH(QByteArray, header);
    // Refused from the header alone, before any body arrives.
    QVERIFY(decodeFrame(header).isError());
    Demultiplexer demux;
    auto r = demux.receive(header);
    QVERIFY(!r.has_value());
    QCOMPARE(r.error().code, qrsync::ExitCode::StreamIo);
}

void TestMultiplex::hugeDataIsSplit()
{
    const QByteArray body(kMaxFrameLength + 10, 'x');
    QByteArray out;
    encodeFrame(out, MsgTag::Data, body);
    QCOMPARE(out.size(), body.size() + 8);
    QCOMPARE(toHex(out.first(4)), toHex(fromHex("ffffff07")));
    QCOMPARE(toHex(out.sliced(4 + kMaxFrameLength, 4)), toHex(fromHex("0a000007")));
    Demultiplexer demux(body.size());
    auto took = demux.receive(out);
    QVERIFY(took.has_value());
    QCOMPARE(*took, out.size());
    QCOMPARE(demux.bufferedData(), body.size());
}

void TestMultiplex::demuxSplitPoints()
{
    const QByteArray s = sampleStream();
    // Every split into two pieces, and one byte at a time.
    for (qsizetype split = 0; split <= s.size(); ++split) {
        Demultiplexer demux;
        QVERIFY(demux.receive(QByteArrayView(s).first(split)).has_value());
        QVERIFY(demux.receive(QByteArrayView(s).sliced(split)).has_value());
        QCOMPARE(demux.data().toByteArray(), QByteArray("hello world"));
        QList<OobMessage> got;
        while (auto m = demux.takeMessage())
            got.append(*m);
        QCOMPARE(got.size(), 4);
        QCOMPARE(got[0], (OobMessage{MsgTag::Info, "a message\n"}));
        QCOMPARE(got[1], (OobMessage{MsgTag::IoError, fromHex("01000000")}));
        QCOMPARE(got[2], (OobMessage{MsgTag::ErrorExit, QByteArray()}));
        QCOMPARE(got[3], (OobMessage{MsgTag::Deleted, QByteArray("dir\0", 4)}));
        QVERIFY(demux.atFrameBoundary());
    }
    Demultiplexer demux;
    for (char c : s)
        QCOMPARE(*demux.receive(QByteArrayView(&c, 1)), qsizetype(1));
    QCOMPARE(demux.data().toByteArray(), QByteArray("hello world"));
}

void TestMultiplex::demuxPartialDataIsReadable()
{
    QByteArray s;
    encodeFrame(s, MsgTag::Data, QByteArray(1000, 'd'));
    Demultiplexer demux;
    QVERIFY(demux.receive(s.first(4 + 300)).has_value());
    QCOMPARE(demux.bufferedData(), qsizetype(300));
    QVERIFY(!demux.atFrameBoundary());
    demux.consumeData(100);
    QCOMPARE(demux.bufferedData(), qsizetype(200));
    QVERIFY(demux.receive(s.sliced(4 + 300)).has_value());
    QCOMPARE(demux.bufferedData(), qsizetype(900));
    QVERIFY(demux.atFrameBoundary());
}

void TestMultiplex::demuxBackpressure()
{
    QByteArray s;
    encodeFrame(s, MsgTag::Data, QByteArray(100, 'a'));
    encodeFrame(s, MsgTag::Warning, "w\n");
    encodeFrame(s, MsgTag::Data, QByteArray(100, 'b'));
    Demultiplexer demux(64);
    QCOMPARE(*demux.receive(s), qsizetype(4 + 64)); // stops at the cap
    QVERIFY(!demux.canReceive());
    QCOMPARE(*demux.receive(QByteArrayView(s).sliced(68)), qsizetype(0));
    QByteArray data;
    qsizetype pos = 68;
    while (pos < s.size()) {
        data += demux.data().toByteArray();
        demux.consumeData(demux.bufferedData());
        auto took = demux.receive(QByteArrayView(s).sliced(pos));
        QVERIFY(took.has_value());
        QVERIFY(*took > 0);
        QVERIFY(demux.bufferedData() <= 64);
        pos += *took;
    }
    data += demux.data().toByteArray();
    QCOMPARE(data, QByteArray(100, 'a') + QByteArray(100, 'b'));
    QCOMPARE(demux.takeMessage(), (std::optional<OobMessage>(OobMessage{MsgTag::Warning, "w\n"})));
}

void TestMultiplex::demuxErrorIsSticky()
{
    Demultiplexer demux;
    QVERIFY(!demux.receive(fromHex("00000013")).has_value());
    QVERIFY(demux.hasError());
    QByteArray good;
    encodeFrame(good, MsgTag::Data, "x");
    QVERIFY(!demux.receive(good).has_value());
}

void TestMultiplex::muxBatches()
{
    Multiplexer mux(16);
    mux.writeData("0123456789");
    QCOMPARE(mux.pendingData(), qsizetype(10));
    QVERIFY(mux.takeOutgoing().isEmpty()); // a frame still filling is not handed out
    mux.writeData("abcdefghijklmnopqrstuvwxyz0123456789"); // 46 bytes pending in total
    QCOMPARE(mux.pendingData(), qsizetype(46 % 16));
    mux.flush();
    const QByteArray out = mux.takeOutgoing();
    QCOMPARE(out.size(), 46 + 3 * 4 + 4 * 0);
    qsizetype pos = 0;
    QByteArray joined;
    QList<qsizetype> sizes;
    while (pos < out.size()) {
        auto f = decodeFrame(QByteArrayView(out).sliced(pos));
        QVERIFY(f.isOk());
        sizes.append(f.value().body.size());
        joined += f.value().body;
        pos += f.consumed();
    }
    QCOMPARE(sizes, (QList<qsizetype>{16, 16, 14}));
    QCOMPARE(joined, QByteArray("0123456789abcdefghijklmnopqrstuvwxyz0123456789"));
    // Stock batches up to 32 KiB by default.
    Multiplexer big;
    big.writeData(QByteArray(100000, 'z'));
    big.flush();
    const QByteArray bout = big.takeOutgoing();
    QCOMPARE(toHex(bout.first(4)), toHex(fromHex("00800007")));
}

void TestMultiplex::muxTakesWhileAFrameFills()
{
    // Output taken between writes holds whole frames only; the frame being
    // filled carries on in the next take with its header set when it closes.
    Multiplexer mux(8);
    mux.writeData("abcdefghij"); // one full frame, two bytes pending
    const QByteArray first = mux.takeOutgoing();
    mux.writeData("kl");
    mux.writeMessage(MsgTag::Info, "hi\n");
    mux.writeData("m");
    mux.flush();
    const QByteArray second = mux.takeOutgoing();
    QByteArray expected1;
    encodeFrame(expected1, MsgTag::Data, "abcdefgh");
    QCOMPARE(toHex(first), toHex(expected1));
    QByteArray expected2;
    encodeFrame(expected2, MsgTag::Data, "ijkl");
    encodeFrame(expected2, MsgTag::Info, "hi\n");
    encodeFrame(expected2, MsgTag::Data, "m");
    QCOMPARE(toHex(second), toHex(expected2));
    QCOMPARE(mux.outgoingSize(), qsizetype(0));
}

void TestMultiplex::muxKeepsOrder()
{
    Multiplexer mux;
    mux.writeData("before");
    mux.writeMessage(MsgTag::Info, "note\n");
    mux.writeData("after");
    mux.writeKeepAlive();
    mux.writeMessageInt(MsgTag::ErrorExit, 23);
    const QByteArray out = mux.takeOutgoing();
    QByteArray expected;
    encodeFrame(expected, MsgTag::Data, "before");
    encodeFrame(expected, MsgTag::Info, "note\n");
    encodeFrame(expected, MsgTag::Data, "after");
    encodeFrame(expected, MsgTag::Data, QByteArray());
    encodeFrame(expected, MsgTag::ErrorExit, fromHex("17000000"));
    QCOMPARE(toHex(out), toHex(expected));
    QCOMPARE(mux.takeOutgoing(), QByteArray());
}

QTEST_GUILESS_MAIN(TestMultiplex)
#include "tst_multiplex.moc"
