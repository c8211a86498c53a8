// Scalar codecs of framing.md §1: round trips, the verified byte examples,
// and truncation (every prefix is NeedMore, never an error or a value).

#include "protocol/reader.h"
#include "testsupport.h"

#include <QTest>

using namespace qrsync::protocol;
using qrsync::test::fromHex;
using qrsync::test::toHex;

class TestReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void varintGolden_data();
    void varintGolden();
    void varlongGolden_data();
    void varlongGolden();
    void varintRoundTrip();
    void varlongRoundTrip();
    void varintOverflowIsError();
    void longint();
    void vstring();
    void truncationIsNeedMore();
    void readerStopsAfterFailure();
};

void TestReader::varintGolden_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<qint32>("value");
    QTest::newRow("compat 0x1ff") << fromHex("81 ff") << qint32(0x1FF);
    QTest::newRow("flags 0x2c01") << fromHex("ac 01") << qint32(0x2C01);
    QTest::newRow("nsec") << fromHex("e2 22 0f 28") << qint32(0x02280F22);
    QTest::newRow("zero") << fromHex("00") << qint32(0);
    QTest::newRow("0x7f") << fromHex("7f") << qint32(0x7F);
    QTest::newRow("minus one") << fromHex("f0 ff ff ff ff") << qint32(-1);
}

void TestReader::varintGolden()
{
    QFETCH(QByteArray, bytes);
    QFETCH(qint32, value);
    QByteArray out;
    encodeVarint(out, value);
    QCOMPARE(toHex(out), toHex(bytes));
    auto d = decodeVarint(bytes);
    QVERIFY(d.isOk());
    QCOMPARE(d.value(), value);
    QCOMPARE(d.consumed(), bytes.size());
}

void TestReader::varlongGolden_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("minBytes");
    QTest::addColumn<qint64>("value");
    QTest::newRow("size 4096") << fromHex("00 00 10") << 3 << qint64(4096);
    QTest::newRow("size 100000") << fromHex("01 a0 86") << 3 << qint64(100000);
    QTest::newRow("mtime") << fromHex("6b a4 95 06") << 4 << qint64(0x6B0695A4);
    QTest::newRow("stats read 80") << fromHex("00 50 00") << 3 << qint64(80);
    QTest::newRow("stats written 100269") << fromHex("01 ad 87") << 3 << qint64(100269);
}

void TestReader::varlongGolden()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, minBytes);
    QFETCH(qint64, value);
    QByteArray out;
    encodeVarlong(out, value, minBytes);
    QCOMPARE(toHex(out), toHex(bytes));
    auto d = decodeVarlong(bytes, minBytes);
    QVERIFY(d.isOk());
    QCOMPARE(d.value(), value);
    QCOMPARE(d.consumed(), bytes.size());
}

static QList<qint64> interestingValues()
{
    QList<qint64> values;
    for (int shift = 0; shift < 63; ++shift) {
        const qint64 p = qint64(1) << shift;
        values << p - 1 << p << p + 1 << -p;
    }
    values << std::numeric_limits<qint64>::max() << std::numeric_limits<qint64>::min();
    return values;
}

void TestReader::varintRoundTrip()
{
    for (qint64 wide : interestingValues()) {
        const qint32 v = qint32(wide);
        QByteArray out;
        encodeVarint(out, v);
        QVERIFY(out.size() >= 1 && out.size() <= 5);
        auto d = decodeVarint(out);
        QVERIFY2(d.isOk(), qPrintable(toHex(out)));
        QCOMPARE(d.value(), v);
        QCOMPARE(d.consumed(), out.size());
    }
}

void TestReader::varlongRoundTrip()
{
    for (int minBytes : {3, 4}) { // the widths rsync uses; 1 cannot carry 64 bits
        for (qint64 v : interestingValues()) {
            QByteArray out;
            encodeVarlong(out, v, minBytes);
            auto d = decodeVarlong(out, minBytes);
            QVERIFY2(d.isOk(), qPrintable(toHex(out)));
            QCOMPARE(d.value(), v);
            QCOMPARE(d.consumed(), out.size());
        }
    }
}

void TestReader::varintOverflowIsError()
{
    auto d = decodeVarint(fromHex("f8 00 00 00 00 00"));
    QVERIFY(d.isError());
    QVERIFY(decodeVarint(fromHex("ff")).isError());
}

void TestReader::longint()
{
    QByteArray small;
    encodeLongint(small, 0x12345678);
    QCOMPARE(toHex(small), QStringLiteral("78 56 34 12"));
    QByteArray big;
    encodeLongint(big, qint64(1) << 40);
    QCOMPARE(toHex(big), QStringLiteral("ff ff ff ff 00 00 00 00 00 01 00 00"));
    auto d = decodeLongint(big);
    QVERIFY(d.isOk());
    QCOMPARE(d.value(), qint64(1) << 40);
    auto partial = decodeLongint(big.left(6));
    QVERIFY(partial.isNeedMore());
    QCOMPARE(partial.atLeast(), qsizetype(12));
}

void TestReader::vstring()
{
    QByteArray out;
    QVERIFY(encodeVstring(out, "xxh128 xxh3"));
    QCOMPARE(out.at(0), char(11));
    QByteArray longName(300, 'a');
    QByteArray out2;
    QVERIFY(encodeVstring(out2, longName));
    QCOMPARE(toHex(out2.left(2)), QStringLiteral("81 2c"));
    auto d = decodeVstring(out2);
    QVERIFY(d.isOk());
    QCOMPARE(d.value(), longName);
    QByteArray tooLong(kMaxVstringLength + 1, 'x');
    QByteArray out3;
    QVERIFY(!encodeVstring(out3, tooLong));
    QVERIFY(out3.isEmpty());
}

void TestReader::truncationIsNeedMore()
{
    QByteArray all;
    encodeVarint(all, -5);
    encodeVarlong(all, qint64(1) << 50, 3);
    encodeVstring(all, QByteArray(200, 'z'));
    for (qsizetype cut = 0; cut < all.size(); ++cut) {
        Reader r(QByteArrayView(all).first(cut));
        qint32 a = 0;
        qint64 b = 0;
        QByteArray c;
        r.varint(a);
        r.varlong(b, 3);
        r.vstring(c);
        QVERIFY2(r.isShort(), qPrintable(QStringLiteral("cut at %1").arg(cut)));
        QVERIFY(r.atLeast() > cut);
        QVERIFY(r.atLeast() <= all.size());
        auto d = r.finish(0);
        QVERIFY(d.isNeedMore());
        QCOMPARE(d.consumed(), qsizetype(0));
    }
}

void TestReader::readerStopsAfterFailure()
{
    Reader r(fromHex("ff 01 02"));
    qint32 v = 0;
    QVERIFY(!r.varint(v));
    QVERIFY(r.isMalformed());
    quint8 b = 0;
    QVERIFY(!r.u8(b));
    QVERIFY(r.finish(1).isError());
}

QTEST_GUILESS_MAIN(TestReader)
#include "tst_reader.moc"
