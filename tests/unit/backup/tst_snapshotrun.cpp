// Snapshot profiles (backup/backuprun.h): successive runs share unchanged
// files through hard links and not changed ones, `latest` follows the
// newest, a run killed part-way leaves no snapshot and the next run
// resumes and completes, a failed run prunes nothing, and a second
// concurrent run of a profile waits for the first.

#include "backup/backuprun.h"
#include "backup/profilelock.h"
#include "backup/snapshotname.h"
#include "jobs/profilestore.h"
#include "processrunner.h"
#include "testsupport.h"
#include "treebuilder.h"
#include "treesnapshot.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace qrsync;
using namespace qrsync::backup;

namespace {

quint64 inodeOf(const QString& path)
{
    struct stat st;
    if (lstat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    return quint64(st.st_ino);
}

QStringList entries(const QString& dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System, QDir::Name);
}

} // namespace

class TestSnapshotRun : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void threeRunsShareUnchangedFiles();
    void retentionRunsAfterASuccessfulSnapshot();
    void failedRunMakesNoSnapshot();
    void killedRunIsResumedByTheNext();
    void secondRunWaitsForTheLock();
    void cliPrintsTheSimulation();

private:
    jobs::Profile saveProfile(jobs::SnapshotOptions snapshots, int bwlimit = 0);
    BackupRunOptions options(const QDateTime& now) const;
    QProcessEnvironment cliEnvironment() const;
    QString src() const { return m_dir->path() + "/src"; }
    QString dest() const { return m_dir->path() + "/dest"; }
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_profileName = QStringLiteral("Home snapshots");
};

void TestSnapshotRun::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    test::TreeBuilder t(QFile::encodeName(src()));
    t.dir("");
    t.file("same.txt", "unchanged\n");
    t.file("edit.txt", "version 1\n");
    t.dir("sub");
    t.randomFile("sub/big.bin", 300000, 7);
    t.symlink("sub/link", "../same.txt");
}

jobs::Profile TestSnapshotRun::saveProfile(jobs::SnapshotOptions snapshots, int bwlimit)
{
    jobs::ProfileStore store(m_dir->path() + "/config");
    jobs::Profile p;
    if (auto existing = store.findByName(m_profileName))
        p = *existing;
    p.name = m_profileName;
    p.sources = {src() + "/"};
    p.destination = dest();
    p.snapshots = snapshots;
    p.snapshots.enabled = true;
    p.transfer.bandwidthLimitKiB = bwlimit;
    auto saved = store.save(p);
    if (!saved)
        qFatal("cannot save the profile: %s", qPrintable(saved.error().toString()));
    return *saved;
}

BackupRunOptions TestSnapshotRun::options(const QDateTime& now) const
{
    BackupRunOptions o;
    o.headless.configDir = m_dir->path() + "/config";
    o.headless.dataDir = m_dir->path() + "/data";
    o.stateDir = m_dir->path() + "/state";
    o.now = [now] { return now; };
    return o;
}

QProcessEnvironment TestSnapshotRun::cliEnvironment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("XDG_CONFIG_HOME", m_dir->path() + "/config-home");
    env.insert("XDG_DATA_HOME", m_dir->path() + "/data-home");
    env.insert("XDG_STATE_HOME", m_dir->path() + "/state-home");
    return env;
}

void TestSnapshotRun::threeRunsShareUnchangedFiles()
{
    saveProfile({});
    const QDateTime day(QDate(2026, 11, 25), QTime(10, 0, 0));
    auto first = runProfile(m_profileName, options(day));
    QVERIFY_RESULT(first);
    QCOMPARE(int(first->run.result.exitCode), 0);
    QCOMPARE(first->snapshot, QStringLiteral("2026-11-25T100000"));
    QVERIFY(first->linkedTo.isEmpty());

    test::TreeBuilder t(QFile::encodeName(src()));
    t.file("edit.txt", "version 2, longer\n");
    t.file("new.txt", "new\n");
    auto second = runProfile(m_profileName, options(day.addSecs(3600)));
    QVERIFY_RESULT(second);
    QCOMPARE(second->snapshot, QStringLiteral("2026-11-25T110000"));
    QCOMPARE(second->linkedTo, first->snapshot);
    // Only what changed was copied; the rest was linked (and recorded so).
    QCOMPARE(second->run.result.filesTransferred, 2);
    QCOMPARE(second->run.record.filesTransferred, 2);
    QCOMPARE(second->run.record.exitCode, 0);

    t.remove("new.txt");
    t.append("sub/big.bin", 1000, 9);
    auto third = runProfile(m_profileName, options(day.addSecs(7200)));
    QVERIFY_RESULT(third);
    QCOMPARE(third->snapshot, QStringLiteral("2026-11-25T120000"));

    const QString s1 = dest() + "/2026-11-25T100000", s2 = dest() + "/2026-11-25T110000",
                  s3 = dest() + "/2026-11-25T120000";
    QCOMPARE(entries(dest()), (QStringList{"2026-11-25T100000", "2026-11-25T110000",
                                           "2026-11-25T120000", "latest"}));
    QCOMPARE(QFileInfo(dest() + "/latest").symLinkTarget(), s3);
    // Unchanged: one inode through all three.
    QVERIFY(inodeOf(s1 + "/same.txt") != 0);
    QCOMPARE(inodeOf(s2 + "/same.txt"), inodeOf(s1 + "/same.txt"));
    QCOMPARE(inodeOf(s3 + "/same.txt"), inodeOf(s1 + "/same.txt"));
    QCOMPARE(inodeOf(s2 + "/sub/big.bin"), inodeOf(s1 + "/sub/big.bin"));
    QCOMPARE(inodeOf(s3 + "/edit.txt"), inodeOf(s2 + "/edit.txt"));
    // Changed: a new inode, and the older snapshot keeps its content.
    QVERIFY(inodeOf(s2 + "/edit.txt") != inodeOf(s1 + "/edit.txt"));
    QVERIFY(inodeOf(s3 + "/sub/big.bin") != inodeOf(s2 + "/sub/big.bin"));
    QFile old(s1 + "/edit.txt");
    QVERIFY(old.open(QIODevice::ReadOnly));
    QCOMPARE(old.readAll(), QByteArray("version 1\n"));
    QVERIFY(QFile::exists(s2 + "/new.txt"));
    QVERIFY(!QFile::exists(s3 + "/new.txt"));
    // Each snapshot is the source as it was (the newest: as it is).
    test::CompareOptions cmp;
    cmp.dirTimes = false;
    cmp.rootEntry = false;
    cmp.hardLinks = false; // nlink counts the other snapshots' links
    // Stock rsync leaves a symlink's sub-second time to the clock as well.
    cmp.nanoseconds = false;
    const QStringList diff =
        test::TreeSnapshot::diff(test::TreeSnapshot::take(QFile::encodeName(src())),
                                 test::TreeSnapshot::take(QFile::encodeName(s3)), cmp);
    QVERIFY2(diff.isEmpty(), qPrintable(diff.join('\n')));
}

void TestSnapshotRun::retentionRunsAfterASuccessfulSnapshot()
{
    jobs::SnapshotOptions keep;
    keep.keepLast = 2;
    saveProfile(keep);
    const QDateTime day(QDate(2026, 11, 25), QTime(10, 0, 0));
    for (int i = 0; i < 3; ++i) {
        auto run = runProfile(m_profileName, options(day.addDays(i)));
        QVERIFY_RESULT(run);
        QCOMPARE(run->snapshot, snapshotName(day.addDays(i)));
        QVERIFY(!run->pruneError);
        QCOMPARE(run->pruned->removed.size(), i == 2 ? 1 : 0);
    }
    QCOMPARE(entries(dest()), (QStringList{"2026-11-26T100000", "2026-11-27T100000", "latest"}));
}

void TestSnapshotRun::failedRunMakesNoSnapshot()
{
    jobs::SnapshotOptions keep;
    keep.keepLast = 1;
    saveProfile(keep);
    const QDateTime day(QDate(2026, 11, 25), QTime(10, 0, 0));
    QVERIFY_RESULT(runProfile(m_profileName, options(day)));
    // An unreadable source folder: the run fails (23) and nothing moves.
    QVERIFY(QDir().rename(src(), src() + ".gone"));
    auto failed = runProfile(m_profileName, options(day.addDays(1)));
    QVERIFY_RESULT(failed);
    QVERIFY(int(failed->run.result.exitCode) != 0);
    QVERIFY(failed->snapshot.isEmpty());
    QVERIFY(!failed->pruned);
    QCOMPARE(entries(dest()),
             (QStringList{"2026-11-25T100000", "2026-11-26T100000.incomplete", "latest"}));
    QCOMPARE(QFileInfo(dest() + "/latest").symLinkTarget(), dest() + "/2026-11-25T100000");
}

void TestSnapshotRun::killedRunIsResumedByTheNext()
{
    // Enough data, slowly (--bwlimit), that the kill lands mid-run.
    test::TreeBuilder t(QFile::encodeName(src()));
    t.dir("bulk");
    for (int i = 0; i < 12; ++i)
        t.randomFile("bulk/f" + QByteArray::number(i), 400000, 100 + i);
    const QProcessEnvironment env = cliEnvironment();
    jobs::ProfileStore store(m_dir->path() + "/config-home/qrsync");
    jobs::Profile p;
    p.name = m_profileName;
    p.sources = {src() + "/"};
    p.destination = dest();
    p.snapshots.enabled = true;
    p.snapshots.keepLast = 3;
    p.transfer.bandwidthLimitKiB = 1000;
    auto saved = store.save(p);
    QVERIFY_RESULT(saved);

    QProcess proc;
    proc.setProcessEnvironment(env);
    proc.start(test::builtBinary("qrsync"), {"--profile", m_profileName});
    QVERIFY(proc.waitForStarted());
    QElapsedTimer timer;
    timer.start();
    QString incomplete;
    while (timer.elapsed() < 20000) {
        const QStringList now = entries(dest());
        if (!now.isEmpty() && now.first().endsWith(".incomplete") &&
            QFile::exists(dest() + "/" + now.first() + "/bulk/f1")) {
            incomplete = now.first();
            break;
        }
        QTest::qWait(20);
    }
    QVERIFY2(!incomplete.isEmpty(), "the run never got going");
    QCOMPARE(proc.state(), QProcess::Running);
    proc.kill(); // SIGKILL: no chance to clean up
    QVERIFY(proc.waitForFinished());
    QCOMPARE(entries(dest()), QStringList{incomplete});
    QVERIFY(!QFile::exists(dest() + "/" + incomplete + "/bulk/f11"));

    p = *saved;
    p.transfer.bandwidthLimitKiB = 0;
    QVERIFY_RESULT(store.save(p));
    QTest::qWait(1100); // a later second, so the new name differs
    const test::RunResult rerun =
        test::runProcess(test::builtBinary("qrsync"), {"--profile", m_profileName}, env, 60000);
    QVERIFY2(rerun.exitCode == 0, qPrintable(rerun.describe()));
    const QStringList after = entries(dest());
    QCOMPARE(after.size(), 2);
    QVERIFY2(!after.first().endsWith(".incomplete") && after.first() != incomplete.chopped(11),
             qPrintable(after.join(' ')));
    QCOMPARE(after.last(), QStringLiteral("latest"));
    test::CompareOptions cmp;
    cmp.dirTimes = false;
    cmp.rootEntry = false;
    cmp.nanoseconds = false;
    const QStringList diff = test::TreeSnapshot::diff(
        test::TreeSnapshot::take(QFile::encodeName(src())),
        test::TreeSnapshot::take(QFile::encodeName(dest() + "/latest/")), cmp);
    QVERIFY2(diff.isEmpty(), qPrintable(diff.join('\n')));
}

void TestSnapshotRun::secondRunWaitsForTheLock()
{
    const jobs::Profile p = [this] {
        jobs::ProfileStore store(m_dir->path() + "/config-home/qrsync");
        jobs::Profile profile;
        profile.name = m_profileName;
        profile.sources = {src() + "/"};
        profile.destination = dest();
        profile.snapshots.enabled = true;
        return *store.save(profile);
    }();
    // This test holds the lock as a first run would.
    auto held = ProfileLock::acquire(m_dir->path() + "/state-home/qrsync", p.id);
    QVERIFY_RESULT(held);
    QProcess second;
    second.setProcessEnvironment(cliEnvironment());
    second.start(test::builtBinary("qrsync"), {"--profile", m_profileName});
    QVERIFY(second.waitForStarted());
    QElapsedTimer timer;
    timer.start();
    QByteArray err;
    while (timer.elapsed() < 10000 && !err.contains("waiting for another run")) {
        second.waitForReadyRead(100);
        err += second.readAllStandardError();
    }
    QVERIFY2(err.contains("waiting for another run"), err.constData());
    QTest::qWait(500);
    QCOMPARE(second.state(), QProcess::Running);
    QVERIFY(entries(dest()).isEmpty());
    *held = ProfileLock(); // release
    QVERIFY(second.waitForFinished(30000));
    QCOMPARE(second.exitCode(), 0);
    QCOMPARE(entries(dest()).size(), 2); // the snapshot and latest
}

void TestSnapshotRun::cliPrintsTheSimulation()
{
    jobs::ProfileStore store(m_dir->path() + "/config-home/qrsync");
    jobs::Profile p;
    p.name = m_profileName;
    p.sources = {src() + "/"};
    p.destination = dest();
    p.snapshots.enabled = true;
    p.snapshots.daily = 1;
    QVERIFY_RESULT(store.save(p));
    test::TreeBuilder d(QFile::encodeName(dest()));
    d.dir("");
    d.dir("2026-11-24T100000");
    d.randomFile("2026-11-24T100000/f", 100000, 1);
    d.dir("2026-11-25T090000");
    d.dir("2026-11-25T100000");
    const QString qrsync = test::builtBinary("qrsync");
    const test::RunResult dry = test::runProcess(
        qrsync, {"--profile", m_profileName, "--prune", "--dry-run"}, cliEnvironment());
    QVERIFY2(dry.exitCode == 0, qPrintable(dry.describe()));
    const QList<QByteArray> rows = test::lines(dry.out);
    QCOMPARE(rows.size(), 4);
    QVERIFY2(rows[0].startsWith("2026-11-25T100000  keep    -") &&
                 rows[0].contains("newest, daily 2026-11-25"),
             rows[0].constData());
    QVERIFY2(rows[1].startsWith("2026-11-25T090000  remove") &&
                 rows[1].contains("no rule keeps it"),
             rows[1].constData());
    QVERIFY2(rows[2].startsWith("2026-11-24T100000  remove  10"), rows[2].constData());
    QVERIFY2(rows[3].startsWith("would remove 2 of 3 snapshots, freeing 10"), rows[3].constData());
    QCOMPARE(entries(dest()).size(), 3); // a dry run changes nothing

    const test::RunResult real =
        test::runProcess(qrsync, {"--profile", m_profileName, "--prune"}, cliEnvironment());
    QVERIFY2(real.exitCode == 0, qPrintable(real.describe()));
    QVERIFY2(real.out.contains("removed 2 of 3 snapshots"), real.out.constData());
    QCOMPARE(entries(dest()), QStringList{"2026-11-25T100000"});

    const test::RunResult bad =
        test::runProcess(qrsync, {"--profile", m_profileName, "--dry-run"}, cliEnvironment());
    QCOMPARE(bad.exitCode, 1);
}

QTEST_GUILESS_MAIN(TestSnapshotRun)
#include "tst_snapshotrun.moc"
