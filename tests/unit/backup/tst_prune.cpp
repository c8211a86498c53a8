// Prune on disk: the simulator's verdict is exactly what the prune then
// removes, the bytes it predicts are the blocks that really disappear
// (hard links within, across and outside the snapshots), leftovers of
// interrupted removals are finished, and `latest` moves atomically.

#include "backup/prune.h"
#include "backup/snapshotname.h"
#include "testsupport.h"
#include "treebuilder.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace qrsync;
using namespace qrsync::backup;

namespace {

// inode -> blocks of every inode under `root` (not following links).
QHash<quint64, qint64> inodesUnder(const QByteArray& root)
{
    QHash<quint64, qint64> out;
    const std::function<void(const QByteArray&)> walk = [&](const QByteArray& path) {
        struct stat st;
        if (lstat(path.constData(), &st) != 0)
            return;
        out.insert(quint64(st.st_ino), qint64(st.st_blocks) * 512);
        if (S_ISDIR(st.st_mode)) {
            for (const QString& name : QDir(QFile::decodeName(path))
                                           .entryList(QDir::AllEntries | QDir::NoDotAndDotDot |
                                                      QDir::Hidden | QDir::System))
                walk(path + '/' + QFile::encodeName(name));
        }
    };
    walk(root);
    return out;
}

} // namespace

class TestPrune : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void simulationEqualsPrune();
    void generatedSnapshotsPruneAsSimulated_data();
    void generatedSnapshotsPruneAsSimulated();
    void refusesAPolicyWithoutRules();
    void finishesInterruptedRemovals();
    void latestMovesAtomically();
};

void TestPrune::simulationEqualsPrune()
{
    QTemporaryDir tmp;
    const QByteArray root = QFile::encodeName(tmp.path());
    test::TreeBuilder t(root);
    t.dir("dest");
    t.dir("outside");
    t.randomFile("outside/keep.bin", 40000, 1);
    const QStringList names{"2026-10-01T120000", "2026-10-20T120000", "2026-11-01T120000",
                            "2026-11-02T120000", "2026-11-02T180000", "2026-11-03T120000"};
    for (int i = 0; i < names.size(); ++i) {
        const QByteArray s = "dest/" + names[i].toLatin1();
        t.dir(s);
        t.dir(s + "/sub", 0555); // read-only, as a source may have it
        t.randomFile(s + "/own.bin", 10000 + 4096 * i, 10 + i);
        // Unchanged file: one inode across all snapshots, as --link-dest makes it.
        if (i == 0)
            t.randomFile(s + "/shared.bin", 90000, 2);
        else
            t.hardLink(s + "/shared.bin", "dest/" + names[0].toLatin1() + "/shared.bin");
        // Shared by the two oldest only: freed only when both go.
        if (i == 1)
            t.hardLink(s + "/pair.bin", "dest/" + names[0].toLatin1() + "/pair.bin");
        if (i == 0)
            t.randomFile(s + "/pair.bin", 50000, 3);
        // Linked from outside the snapshots: never freed.
        t.hardLink(s + "/ext.bin", "outside/keep.bin");
        t.symlink(s + "/link", "own.bin");
    }
    t.dir("dest/not-a-snapshot");
    t.file("dest/2026-11-04T000000.incomplete", "");

    SnapshotStore store(tmp.path() + QStringLiteral("/dest"));
    RetentionPolicy policy;
    policy.keepLast = 1;
    policy.daily = 2;
    auto plan = simulatePrune(store, policy);
    QVERIFY_RESULT(plan);
    QCOMPARE(plan->verdicts.size(), names.size());
    QStringList wouldRemove;
    for (const RetentionVerdict& v : plan->verdicts) {
        if (!v.kept)
            wouldRemove.prepend(v.name);
    }
    QCOMPARE(wouldRemove, (QStringList{names[0], names[1], names[2], names[3]}));
    QVERIFY(plan->freedBytes > 0);

    const QHash<quint64, qint64> before = inodesUnder(root);
    auto pruned = prune(store, policy);
    QVERIFY_RESULT(pruned);
    QCOMPARE(pruned->removed, wouldRemove);
    const QHash<quint64, qint64> after = inodesUnder(root);
    qint64 vanished = 0;
    for (auto it = before.cbegin(); it != before.cend(); ++it) {
        if (!after.contains(it.key()))
            vanished += it.value();
    }
    QCOMPARE(plan->freedBytes, vanished);

    QStringList left = QDir(store.destination()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
    QCOMPARE(left, (QStringList{"2026-11-02T180000", "2026-11-03T120000",
                                "2026-11-04T000000.incomplete", "not-a-snapshot"}));
    QVERIFY(QFile::exists(tmp.path() + "/outside/keep.bin"));
    QCOMPARE(QFileInfo(tmp.path() + "/dest/2026-11-03T120000/shared.bin").size(), 90000);
}

void TestPrune::generatedSnapshotsPruneAsSimulated_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<RetentionPolicy>("policy");
    const auto policy = [](int last, int hourly, int daily, int weekly, int monthly, int yearly) {
        RetentionPolicy p;
        p.keepLast = last;
        p.hourly = hourly;
        p.daily = daily;
        p.weekly = weekly;
        p.monthly = monthly;
        p.yearly = yearly;
        return p;
    };
    QTest::newRow("typical") << 11u << policy(2, 6, 7, 4, 6, 2);
    QTest::newRow("last only") << 12u << policy(5, 0, 0, 0, 0, 0);
    QTest::newRow("weekly and yearly") << 13u << policy(0, 0, 0, 3, 0, 5);
    QTest::newRow("monthly") << 14u << policy(0, 0, 0, 0, 9, 0);
}

void TestPrune::generatedSnapshotsPruneAsSimulated()
{
    QFETCH(quint32, seed);
    QFETCH(RetentionPolicy, policy);
    QTemporaryDir tmp;
    test::TreeBuilder t(QFile::encodeName(tmp.path()));
    t.dir("dest");
    t.file("base.bin", QByteArray(5000, 'b'));
    QRandomGenerator rng(seed);
    // Two years of irregular runs across year, month and ISO week ends.
    QDateTime when(QDate(2024, 12, 1), QTime(3, 0), Qt::UTC);
    for (int i = 0; i < 40; ++i) {
        when = when.addSecs(qint64(rng.bounded(3600, 40 * 86400)));
        const QByteArray name = "dest/" + snapshotName(when).toLatin1();
        t.dir(name);
        t.randomFile(name + "/own", 1000 + rng.bounded(20000), seed + i);
        t.hardLink(name + "/shared", "base.bin");
    }
    SnapshotStore store(tmp.path() + "/dest");
    auto plan = simulatePrune(store, policy);
    QVERIFY_RESULT(plan);
    QStringList kept, wouldRemove;
    for (const RetentionVerdict& v : plan->verdicts)
        (v.kept ? kept : wouldRemove).prepend(v.name);
    QVERIFY(!wouldRemove.isEmpty());
    auto pruned = prune(store, policy);
    QVERIFY_RESULT(pruned);
    QCOMPARE(pruned->removed, wouldRemove);
    QCOMPARE(QDir(store.destination()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), kept);
    // A second prune with the same policy finds nothing more to remove.
    auto again = prune(store, policy);
    QVERIFY_RESULT(again);
    QVERIFY(again->removed.isEmpty());
}

void TestPrune::refusesAPolicyWithoutRules()
{
    QTemporaryDir tmp;
    QDir(tmp.path()).mkdir("2026-11-01T000000");
    QDir(tmp.path()).mkdir("2026-11-02T000000");
    auto pruned = prune(SnapshotStore(tmp.path()), RetentionPolicy{});
    QVERIFY(!pruned);
    QCOMPARE(pruned.error().code, ExitCode::Syntax);
    QVERIFY(QDir(tmp.path() + "/2026-11-01T000000").exists());
}

void TestPrune::finishesInterruptedRemovals()
{
    QTemporaryDir tmp;
    test::TreeBuilder t(QFile::encodeName(tmp.path()));
    t.dir("2026-11-01T000000.deleting");
    t.dir("2026-11-01T000000.deleting/ro", 0500);
    t.file("2026-11-01T000000.deleting/ro/f", "x", 0400);
    t.dir("2026-11-02T000000");
    RetentionPolicy policy;
    policy.keepLast = 5;
    auto pruned = prune(SnapshotStore(tmp.path()), policy);
    QVERIFY_RESULT(pruned);
    QVERIFY(pruned->removed.isEmpty());
    QCOMPARE(QDir(tmp.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
             QStringList{"2026-11-02T000000"});
}

void TestPrune::latestMovesAtomically()
{
    QTemporaryDir tmp;
    SnapshotStore store(tmp.path());
    QVERIFY(store.setLatest("2026-11-01T000000"));
    QCOMPARE(QFile::symLinkTarget(tmp.path() + "/latest"), tmp.path() + "/2026-11-01T000000");
    QVERIFY(store.setLatest("2026-11-02T000000"));
    QCOMPARE(QFileInfo(tmp.path() + "/latest").symLinkTarget(), tmp.path() + "/2026-11-02T000000");
    QCOMPARE(QDir(tmp.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System),
             QStringList{"latest"});
}

QTEST_GUILESS_MAIN(TestPrune)
#include "tst_prune.moc"
