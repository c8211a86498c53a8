// End-of-run stats (delta.md §8): the verified tail, round trip, truncation
// and the protocol switches.

#include "protocol/stats.h"
#include "testsupport.h"

#include <QTest>

using namespace qrsync::protocol;
using qrsync::test::fromHex;
using qrsync::test::toHex;

class TestStats : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void golden();
    void roundTrip();
    void truncation();
};

void TestStats::golden()
{
    // Verified pull: read 80, written 100269, size 100011, 1 ms, 0 ms.
    const QByteArray wire = fromHex("005000 01ad87 01ab86 000100 000000");
    const TransferStats s{80, 100269, 100011, 1, 0};
    QByteArray out;
    encodeTransferStats(out, s, 32);
    QCOMPARE(toHex(out), toHex(wire));
    auto d = decodeTransferStats(wire, 32);
    QVERIFY(d.isOk());
    QCOMPARE(d.value(), s);
    QCOMPARE(d.consumed(), wire.size());
}

void TestStats::roundTrip()
{
    const TransferStats s{1LL << 40, 123456789012LL, 0, 65536, 7};
    for (int protocol : {28, 29, 30, 31, 32}) {
        QByteArray out;
        encodeTransferStats(out, s, protocol);
        auto d = decodeTransferStats(out, protocol);
        QVERIFY(d.isOk());
        QCOMPARE(d.consumed(), out.size());
        TransferStats expected = s;
        if (protocol < 29)
            expected.flistBuildTimeMs = expected.flistXferTimeMs = 0;
        QCOMPARE(d.value(), expected);
    }
}

void TestStats::truncation()
{
    QByteArray out;
    encodeTransferStats(out, TransferStats{80, 100269, 100011, 1, 0}, 31);
    for (qsizetype n = 0; n < out.size(); ++n) {
        auto d = decodeTransferStats(out.first(n), 31);
        QVERIFY(d.isNeedMore());
        QCOMPARE(d.consumed(), qsizetype(0));
    }
}

QTEST_GUILESS_MAIN(TestStats)
#include "tst_stats.moc"
