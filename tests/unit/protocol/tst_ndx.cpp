// ndx codec (framing.md §2): the verified bytes, every form, state rules,
// split points, truncation (state untouched), protocol 29 and the 3.5.0
// overflow check.

#include "protocol/ndx.h"
#include "testsupport.h"

#include <QTest>

#include <limits>

using namespace qrsync::protocol;
using qrsync::test::fromHex;
using qrsync::test::toHex;

class TestNdx : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void golden_data();
    void golden();
    void roundTrip();
    void splitPointsAndTruncation();
    void failureKeepsState();
    void peekKeepsState();
    void protocol29();
    void overflow();
};

void TestNdx::golden_data()
{
    QTest::addColumn<QList<qint32>>("values");
    QTest::addColumn<QByteArray>("wire");
    // Verified: the first negative of a session is NDX_FLIST_OFFSET - 1;
    // the next, -2, takes the 4-byte form (negative diff).
    QTest::newRow("flist offset then eof")
        << QList<qint32>{kNdxFlistOffset - 1, kNdxFlistEof} << fromHex("ff65 fffe80020000");
    QTest::newRow("first positive") << QList<qint32>{0, 2, 3} << fromHex("01 02 01");
    QTest::newRow("done leaves state") << QList<qint32>{0, kNdxDone, 1} << fromHex("01 00 01");
    QTest::newRow("repeat is FE 0") << QList<qint32>{5, 5} << fromHex("06 fe0000");
    QTest::newRow("diff 253 / 254") << QList<qint32>{252, 506} << fromHex("fd fe00fe");
    QTest::newRow("diff 32767") << QList<qint32>{32766} << fromHex("fe7fff");
    QTest::newRow("diff 32768 is 4-byte") << QList<qint32>{32767} << fromHex("fe80ff7f00");
    QTest::newRow("backwards") << QList<qint32>{10, 3} << fromHex("0b fe80030000");
    QTest::newRow("del stats") << QList<qint32>{kNdxDelStats} << fromHex("ff02");
}

void TestNdx::golden()
{
    QFETCH(QList<qint32>, values);
    QFETCH(QByteArray, wire);
    NdxEncoder enc;
    QByteArray out;
    for (qint32 v : values)
        enc.encode(out, v);
    QCOMPARE(toHex(out), toHex(wire));
    NdxDecoder dec;
    qsizetype pos = 0;
    for (qint32 v : values) {
        auto d = dec.decode(QByteArrayView(wire).sliced(pos));
        QVERIFY(d.isOk());
        QCOMPARE(d.value(), v);
        pos += d.consumed();
    }
    QCOMPARE(pos, wire.size());
}

static QList<qint32> sampleValues()
{
    return {0,
            1,
            2,
            kNdxDone,
            255,
            kNdxFlistOffset - 1,
            kNdxFlistEof,
            256,
            100000,
            99999,
            kNdxDone,
            kNdxDelStats,
            1 << 30,
            3,
            std::numeric_limits<qint32>::max(),
            -std::numeric_limits<qint32>::max(),
            kNdxFlistOffset - 5000,
            7};
}

void TestNdx::roundTrip()
{
    for (int protocol : {29, 30, 31, 32}) {
        NdxEncoder enc(protocol);
        QByteArray out;
        for (qint32 v : sampleValues())
            enc.encode(out, v);
        NdxDecoder dec(protocol);
        qsizetype pos = 0;
        for (qint32 v : sampleValues()) {
            auto d = dec.decode(QByteArrayView(out).sliced(pos));
            QVERIFY(d.isOk());
            QCOMPARE(d.value(), v);
            pos += d.consumed();
        }
        QCOMPARE(pos, out.size());
        QCOMPARE(dec.previousPositive(), enc.previousPositive());
        QCOMPARE(dec.previousNegative(), enc.previousNegative());
    }
}

void TestNdx::splitPointsAndTruncation()
{
    NdxEncoder enc;
    QByteArray wire;
    for (qint32 v : sampleValues())
        enc.encode(wire, v);
    // Byte-at-a-time feeding: each item is NeedMore on every proper prefix.
    NdxDecoder dec;
    QByteArray buffer;
    QList<qint32> got;
    for (char c : wire) {
        buffer.append(c);
        auto d = dec.decode(buffer);
        if (d.isNeedMore()) {
            QCOMPARE(d.consumed(), qsizetype(0));
            QVERIFY(d.atLeast() > buffer.size());
            continue;
        }
        QVERIFY(d.isOk());
        QCOMPARE(d.consumed(), buffer.size());
        got.append(d.value());
        buffer.clear();
    }
    QCOMPARE(got, sampleValues());
}

void TestNdx::failureKeepsState()
{
    NdxEncoder enc;
    QByteArray wire;
    enc.encode(wire, 7);
    enc.encode(wire, 40000); // 4-byte form
    NdxDecoder dec;
    auto first = dec.decode(wire);
    QVERIFY(first.isOk());
    const QByteArrayView rest = QByteArrayView(wire).sliced(first.consumed());
    for (qsizetype n = 0; n < rest.size(); ++n) {
        QVERIFY(dec.decode(rest.first(n)).isNeedMore());
        QCOMPARE(dec.previousPositive(), 7);
    }
    QCOMPARE(dec.decode(rest).value(), 40000);
    QCOMPARE(dec.previousPositive(), 40000);
}

void TestNdx::peekKeepsState()
{
    NdxDecoder dec;
    const QByteArray wire = fromHex("05");
    QCOMPARE(dec.peek(wire).value(), 4);
    QCOMPARE(dec.peek(wire).value(), 4);
    QCOMPARE(dec.decode(wire).value(), 4);
    QCOMPARE(dec.decode(wire).value(), 9);
}

void TestNdx::protocol29()
{
    NdxEncoder enc(29);
    QByteArray out;
    enc.encode(out, 5);
    enc.encode(out, kNdxDone);
    QCOMPARE(toHex(out), toHex(fromHex("05000000 ffffffff")));
    NdxDecoder dec(29);
    QCOMPARE(dec.decode(out).value(), 5);
    QVERIFY(dec.decode(out.first(3)).isNeedMore());
}

void TestNdx::overflow()
{
    // prev = INT32_MAX - 1, then a one-byte diff of 2: past INT32_MAX.
    NdxEncoder enc;
    QByteArray out;
    enc.encode(out, std::numeric_limits<qint32>::max() - 1);
    NdxDecoder dec;
    QVERIFY(dec.decode(out).isOk());
    auto d = dec.decode(fromHex("02"));
    QVERIFY(d.isError());
    QVERIFY(d.errorMessage().contains(QLatin1String("Invalid file index")));
    QCOMPARE(dec.previousPositive(), std::numeric_limits<qint32>::max() - 1);
}

QTEST_GUILESS_MAIN(TestNdx)
#include "tst_ndx.moc"
