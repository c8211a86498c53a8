// Sum head codec (delta.md §2): the verified capture, stock's bounds checks,
// and truncation.

#include "protocol/sumhead.h"
#include "testsupport.h"

#include <QTest>

using namespace qrsync::protocol;
using qrsync::test::fromHex;
using qrsync::test::toHex;

class TestSumHead : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void golden();
    void rejects_data();
    void rejects();
    void truncation();
};

void TestSumHead::golden()
{
    // 100000 bytes at block length 700: 143 blocks, 2-byte strong sums, 600 left.
    const QByteArray wire = fromHex("8f000000 bc020000 02000000 58020000");
    const SumHead head{143, 700, 2, 600};
    QByteArray out;
    encodeSumHead(out, head);
    QCOMPARE(toHex(out), toHex(wire));
    auto d = decodeSumHead(wire, 16);
    QVERIFY(d.isOk());
    QCOMPARE(d.value(), head);
    QCOMPARE(d.consumed(), qsizetype(16));
    QCOMPARE(head.lengthOfBlock(142), 600);
    QCOMPARE(head.lengthOfBlock(0), 700);
}

void TestSumHead::rejects_data()
{
    QTest::addColumn<SumHead>("head");
    QTest::addColumn<int>("digest");
    QTest::newRow("negative count") << SumHead{-1, 700, 2, 0} << 16;
    QTest::newRow("block too long") << SumHead{1, kMaxBlockLength + 1, 2, 0} << 16;
    QTest::newRow("blocks of length 0") << SumHead{3, 0, 2, 0} << 16;
    QTest::newRow("remainder past block") << SumHead{2, 700, 2, 701} << 16;
    QTest::newRow("sum longer than digest") << SumHead{2, 700, 16, 0} << 8;
    QTest::newRow("sum longer than 16") << SumHead{2, 700, 20, 0} << 20;
}

void TestSumHead::rejects()
{
    QFETCH(SumHead, head);
    QFETCH(int, digest);
    QByteArray out;
    encodeSumHead(out, head);
    QVERIFY(decodeSumHead(out, digest).isError());
}

void TestSumHead::truncation()
{
    QByteArray out;
    encodeSumHead(out, SumHead{1, 700, 16, 5});
    for (qsizetype cut = 0; cut < out.size(); ++cut) {
        auto d = decodeSumHead(QByteArrayView(out).first(cut), 16);
        QVERIFY(d.isNeedMore());
        QCOMPARE(d.atLeast(), qsizetype(16));
    }
}

QTEST_GUILESS_MAIN(TestSumHead)
#include "tst_sumhead.moc"
