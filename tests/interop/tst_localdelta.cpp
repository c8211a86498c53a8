// The delta algorithm on a local copy, checked against stock rsync
// (foundation acceptance): a 1 MiB change inside a 256 MiB file sends about
// 1 MiB of literal data with --no-whole-file, an unchanged re-run sends
// nothing, and the --stats counters match stock's line for line.

#include "processrunner.h"
#include "rsyncoutput.h"
#include "treebuilder.h"
#include "treesnapshot.h"

#include <QDir>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

using namespace qrsync::test;

namespace {

constexpr qint64 kBigSize = 256ll << 20;
constexpr qint64 kChange = 1ll << 20;
// Not a multiple of the block size, so the change straddles block edges.
constexpr qint64 kChangeOffset = (128ll << 20) + 1000;
// generator.c sum_sizes_sqroot(): sqrt(256 MiB) = 16384, already a
// multiple of 8 and under the protocol-30 maximum of 128 KiB.
constexpr qint64 kBlockSize = 16384;

// The lines of --stats that describe the transfer itself; the protocol
// byte counts, timings and rates differ between implementations by design.
const QByteArrayList kStatsLabels = {
    "Number of files",
    "Number of created files",
    "Number of deleted files",
    "Number of regular files transferred",
    "Total file size",
    "Total transferred file size",
    "Literal data",
    "Matched data",
};

QProcessEnvironment cEnv()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    return env;
}

QString show(const QByteArray& b)
{
    return QString::fromUtf8(b);
}

} // namespace

class TestLocalDelta : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void largeFileDelta();
    void statsParity();

private:
    RunResult sync(const QString& program, const QStringList& options, const QByteArray& src,
                   const QByteArray& dst);

    QString m_rsync;
    QString m_qrsync;
};

void TestLocalDelta::initTestCase()
{
    m_rsync = QStringLiteral("/usr/bin/rsync");
    m_qrsync = builtBinary(QStringLiteral("qrsync"));
    QVERIFY2(QFile::exists(m_rsync), "stock rsync is needed (scripts/install-deps.sh installs it)");
    QVERIFY2(QFile::exists(m_qrsync), "build qrsync first");
}

RunResult TestLocalDelta::sync(const QString& program, const QStringList& options,
                               const QByteArray& src, const QByteArray& dst)
{
    QStringList args = options;
    args << QFile::decodeName(src + '/') << QFile::decodeName(dst + '/');
    return runProcess(program, args, cEnv(), 120000);
}

// Delta transfer of a large file, then the unchanged re-run (the second
// acceptance point needs the state the first one leaves).
void TestLocalDelta::largeFileDelta()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QByteArray base = QFile::encodeName(tmp.path());
    const QByteArray src = base + "/src";
    const QByteArray dstStock = base + "/stock";
    const QByteArray dstOurs = base + "/ours";
    TreeBuilder tree(src);
    tree.randomFile("big.bin", kBigSize, 1000);
    tree.setMtime("big.bin", 1700000000, 0);
    tree.setMtime(".", 1700000000, 0);

    const QStringList archive = {QStringLiteral("-a")};
    const RunResult stockCopy = sync(m_rsync, archive, src, dstStock);
    QVERIFY2(stockCopy.exitCode == 0, qPrintable(stockCopy.describe()));
    const RunResult ourCopy = sync(m_qrsync, archive, src, dstOurs);
    QVERIFY2(ourCopy.exitCode == 0 && !ourCopy.crashed, qPrintable(ourCopy.describe()));
    QCOMPARE(fileSha1(dstOurs + "/big.bin"), fileSha1(src + "/big.bin"));

    // Same size, new bytes in the middle, new time (so the quick check
    // sends the file).
    tree.patch("big.bin", kChangeOffset, kChange, 99999);
    tree.setMtime("big.bin", 1700000100, 0);
    tree.setMtime(".", 1700000000, 0);
    const QByteArray srcHash = fileSha1(src + "/big.bin");
    QVERIFY(srcHash != fileSha1(dstOurs + "/big.bin"));

    const QStringList delta = {QStringLiteral("-a"), QStringLiteral("--no-whole-file"),
                               QStringLiteral("--stats")};
    const RunResult stock = sync(m_rsync, delta, src, dstStock);
    QVERIFY2(stock.exitCode == 0, qPrintable(stock.describe()));
    const RunResult ours = sync(m_qrsync, delta, src, dstOurs);
    QVERIFY2(ours.exitCode == 0 && !ours.crashed, qPrintable(ours.describe()));

    const auto stockLiteral = statsValue(stock.out, "Literal data");
    const auto stockMatched = statsValue(stock.out, "Matched data");
    const auto ourLiteral = statsValue(ours.out, "Literal data");
    const auto ourMatched = statsValue(ours.out, "Matched data");
    qDebug("literal/matched: stock %lld/%lld, qrsync %lld/%lld", stockLiteral.value_or(-1),
           stockMatched.value_or(-1), ourLiteral.value_or(-1), ourMatched.value_or(-1));

    // The bounds hold for stock rsync, which validates them.
    const qint64 low = kChange;
    const qint64 high = kChange + 2 * kBlockSize;
    QVERIFY2(stockLiteral && stockMatched, qPrintable(show(stock.out)));
    QVERIFY2(*stockLiteral >= low && *stockLiteral <= high, qPrintable(show(stock.out)));
    QCOMPARE(*stockLiteral + *stockMatched, kBigSize);
    QCOMPARE(fileSha1(dstStock + "/big.bin"), srcHash);

    QVERIFY2(ourLiteral && ourMatched, qPrintable(show(ours.out)));
    QVERIFY2(*ourLiteral >= low && *ourLiteral <= high,
             qPrintable(QStringLiteral("literal data %1 outside [%2, %3]")
                            .arg(*ourLiteral)
                            .arg(low)
                            .arg(high)));
    QCOMPARE(*ourLiteral + *ourMatched, kBigSize);
    QCOMPARE(fileSha1(dstOurs + "/big.bin"), srcHash);
    const QStringList problems =
        TreeSnapshot::diff(TreeSnapshot::take(src), TreeSnapshot::take(dstOurs));
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));

    // Nothing changed since: nothing is itemized or transferred.
    const QStringList again = {QStringLiteral("-a"), QStringLiteral("-i"),
                               QStringLiteral("--stats")};
    const RunResult stockAgain = sync(m_rsync, again, src, dstStock);
    QVERIFY2(stockAgain.exitCode == 0, qPrintable(stockAgain.describe()));
    QCOMPARE(statsLine(stockAgain.out, "Number of regular files transferred"),
             QByteArray("Number of regular files transferred: 0"));
    const RunResult oursAgain = sync(m_qrsync, again, src, dstOurs);
    QVERIFY2(oursAgain.exitCode == 0 && !oursAgain.crashed, qPrintable(oursAgain.describe()));
    QCOMPARE(statsLine(oursAgain.out, "Number of regular files transferred"),
             QByteArray("Number of regular files transferred: 0"));
    // With -i every change has an 11-character item line before the
    // --stats block, which starts with an empty line.
    const QByteArray itemized = oursAgain.out.left(oursAgain.out.indexOf("\nNumber of files:"));
    QVERIFY2(itemized.trimmed().isEmpty(), qPrintable(show(oursAgain.out)));
    for (const QByteArray& label : kStatsLabels)
        QCOMPARE(statsLine(oursAgain.out, label), statsLine(stockAgain.out, label));
}

// --stats counters for a tree with every file type and a known change set,
// with --delete and an extraneous file so deletions are counted.
void TestLocalDelta::statsParity()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QByteArray base = QFile::encodeName(tmp.path());
    const QByteArray src = base + "/src";
    const QByteArray dstStock = base + "/stock";
    const QByteArray dstOurs = base + "/ours";
    TreeBuilder tree(src);
    tree.buildRichTree(0);

    const QStringList options = {QStringLiteral("-aH"), QStringLiteral("--delete"),
                                 QStringLiteral("--stats")};
    // Differences are gathered over both runs, so one run shows them all.
    QStringList problems;
    auto compareStats = [&](const char* stage, const RunResult& stock, const RunResult& ours) {
        if (stock.exitCode != 0)
            problems << QStringLiteral("%1: stock failed: %2")
                            .arg(QLatin1String(stage), stock.describe());
        if (ours.exitCode != 0 || ours.crashed)
            problems << QStringLiteral("%1: qrsync failed: %2")
                            .arg(QLatin1String(stage), ours.describe());
        for (const QByteArray& label : kStatsLabels) {
            const QByteArray want = statsLine(stock.out, label);
            const QByteArray got = statsLine(ours.out, label);
            if (want.isEmpty())
                problems << QStringLiteral("%1: stock printed no \"%2\" line")
                                .arg(QLatin1String(stage), show(label));
            else if (want != got)
                problems << QStringLiteral("%1:\n  stock:  %2\n  qrsync: %3")
                                .arg(QLatin1String(stage), show(want), show(got));
        }
    };

    // First copy: everything is created.
    const RunResult stock1 = sync(m_rsync, options, src, dstStock);
    const RunResult ours1 = sync(m_qrsync, options, src, dstOurs);
    compareStats("first copy", stock1, ours1);

    // Changes, plus a file and a directory only the destinations have.
    tree.applyChangeSet();
    for (const QByteArray& dst : {dstStock, dstOurs}) {
        TreeBuilder d(dst);
        d.file("extraneous.txt", "only here\n");
        d.dir("extraneous-dir");
        d.file("extraneous-dir/x", "x\n");
    }
    const RunResult stock2 = sync(m_rsync, options, src, dstStock);
    const RunResult ours2 = sync(m_qrsync, options, src, dstOurs);
    // The three extraneous entries, sub/a.txt and the old name of the
    // renamed file: stock counts them, so the case covers deletions.
    QCOMPARE(statsLine(stock2.out, "Number of deleted files"),
             QByteArray("Number of deleted files: 5 (reg: 4, dir: 1)"));
    compareStats("change set", stock2, ours2);

    const QStringList treeProblems =
        TreeSnapshot::diff(TreeSnapshot::take(dstStock), TreeSnapshot::take(dstOurs));
    if (!treeProblems.isEmpty())
        problems << QLatin1String("trees differ:\n  ") + treeProblems.join(QLatin1String("\n  "));
    // QTest cuts long failure messages; print the whole list first.
    if (!problems.isEmpty())
        qWarning().noquote() << problems.join(QLatin1Char('\n'));
    QVERIFY2(problems.isEmpty(), qPrintable(problems.value(0)));
}

QTEST_GUILESS_MAIN(TestLocalDelta)
#include "tst_localdelta.moc"
