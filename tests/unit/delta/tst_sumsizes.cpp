// Block and strong-sum sizes against the heads stock rsync 3.5.0 chose
// (tests/data/delta/sum-sizes.txt) and delta.md §2's examples.

#include "delta/sumsizes.h"
#include "testsupport.h"

#include <QTest>

using namespace qrsync::delta;
using qrsync::protocol::SumHead;

class TestSumSizes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stockHeads_data();
    void stockHeads();
    void documentedExamples();
    void strongSumLimits();
    void emptyAndHugeFiles();
};

void TestSumSizes::stockHeads_data()
{
    QTest::addColumn<qint64>("length");
    QTest::addColumn<qint32>("forced");
    QTest::addColumn<SumHead>("expected");
    const QByteArray text = qrsync::test::readTestData(QStringLiteral("delta/sum-sizes.txt"));
    QVERIFY(!text.isEmpty());
    for (const QByteArray& line : text.split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QList<QByteArray> f = line.split(' ');
        QCOMPARE(f.size(), 6);
        const SumHead head{f[2].toInt(), f[4].toInt(), f[5].toInt(), f[3].toInt()};
        QTest::newRow(line.constData()) << f[0].toLongLong() << f[1].toInt() << head;
    }
}

void TestSumSizes::stockHeads()
{
    QFETCH(qint64, length);
    QFETCH(qint32, forced);
    QFETCH(SumHead, expected);
    const qint32 blockLength = blockLengthFor(length, forced);
    QCOMPARE(blockLength, expected.blockLength);
    // The capture used xxh128 (16 bytes); none of these reach the cap.
    const qint32 s2 = strongSumLengthFor(length, blockLength, 16, false);
    QCOMPARE(s2, expected.s2Length);
    QCOMPARE(sumHeadFor(length, blockLength, s2), expected);
}

void TestSumSizes::documentedExamples()
{
    QCOMPARE(blockLengthFor(10'000'000), 3160);
    QCOMPARE(blockLengthFor(qint64(1) << 30), 32768);
    QCOMPARE(blockLengthFor(490'000), 700);
    QCOMPARE(blockLengthFor(0), 700);
    QCOMPARE(blockLengthFor(qint64(1) << 40), 131072);
    QCOMPARE(blockLengthFor(10'000'000, 4096), 4096);
    // delta.md §2 verified head: 8f000000 bc020000 02000000 58020000.
    QCOMPARE(sumHeadFor(100'000, 700, strongSumLengthFor(100'000, 700, 16, false)),
             (SumHead{143, 700, 2, 600}));
}

void TestSumSizes::strongSumLimits()
{
    // Redo phase: 16, capped to the digest (never stock's 16 for xxh3).
    QCOMPARE(strongSumLengthFor(100'000, 700, 16, true), 16);
    QCOMPARE(strongSumLengthFor(100'000, 700, 8, true), 8);
    QCOMPARE(strongSumLengthFor(100'000, 700, 20, true), 16);
    // A tiny block on a huge file pushes phase 0 past the 8-byte digest cap:
    // b = 10 + 2*62 - 0 = 134, s2 = (134 + 1 - 32 + 7) / 8 = 13.
    QCOMPARE(strongSumLengthFor(qint64(1) << 62, 1, 16, false), 13);
    QCOMPARE(strongSumLengthFor(qint64(1) << 62, 1, 8, false), 8);
    // The bias never goes below zero and the result never below 2.
    QCOMPARE(strongSumLengthFor(1, 131072, 16, false), 2);
}

void TestSumSizes::emptyAndHugeFiles()
{
    QVERIFY(sumHeadFor(0, 700, 2).isEmpty());
    // More than 2^31-1 blocks: stock falls back to the null head.
    QVERIFY(sumHeadFor(qint64(1) << 40, 8, 4).isEmpty());
    QCOMPARE(sumHeadFor(700, 700, 2), (SumHead{1, 700, 2, 0}));
    QCOMPARE(sumHeadFor(1, 700, 2), (SumHead{1, 700, 2, 1}));
}

QTEST_GUILESS_MAIN(TestSumSizes)
#include "tst_sumsizes.moc"
