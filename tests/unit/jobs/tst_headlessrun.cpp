// A headless run of a profile (what `qrsync --profile NAME` calls) gives
// the same outcome and the same history record as the desktop app's
// JobRunner run of an identical profile.

#include "jobs/headlessrun.h"
#include "jobs/jobrunner.h"
#include "jobs/profilerun.h"
#include "jobs/profilestore.h"
#include "testsupport.h"
#include "treebuilder.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace qrsync;
using namespace qrsync::jobs;

class TestHeadlessRun : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void matchesTheDesktopRun();
    void unknownProfileIsAnError();
    void stopEndsTheRunAsCancelled();
    void honoursTheAsyncSettings();

private:
    Profile makeProfile(const QString& name, const QString& tag);
    void buildTrees(const QString& tag);
    std::unique_ptr<QTemporaryDir> m_dir;
    QString config() const { return m_dir->path() + QStringLiteral("/config"); }
    QString data() const { return m_dir->path() + QStringLiteral("/data"); }
};

void TestHeadlessRun::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestHeadlessRun::buildTrees(const QString& tag)
{
    const QByteArray base = QFile::encodeName(m_dir->path() + QLatin1Char('/') + tag);
    QVERIFY(QDir().mkpath(QFile::decodeName(base)));
    test::TreeBuilder src(base + "/src");
    src.dir("");
    src.dir("sub");
    src.randomFile("sub/a.bin", 3000, 1);
    src.randomFile("b.bin", 7000, 2);
    src.file("skip.tmp", "x");
    test::TreeBuilder dst(base + "/dst");
    dst.dir("");
    dst.randomFile("b.bin", 10, 3);
    dst.file("stale", "old");
}

Profile TestHeadlessRun::makeProfile(const QString& name, const QString& tag)
{
    buildTrees(tag);
    Profile p;
    p.name = name;
    p.mode = SyncMode::Mirror;
    p.sources = {m_dir->path() + QLatin1Char('/') + tag + QStringLiteral("/src/")};
    p.destination = m_dir->path() + QLatin1Char('/') + tag + QStringLiteral("/dst");
    p.filterRules = {QStringLiteral("- *.tmp")};
    auto saved = ProfileStore(config()).save(p);
    if (!saved)
        qFatal("%s", qPrintable(saved.error().toString()));
    return *saved;
}

static QStringList itemLines(const QList<JobItem>& items)
{
    QStringList lines;
    for (const JobItem& i : items)
        lines << i.itemize + QLatin1Char(' ') + i.path;
    lines.sort();
    return lines;
}

void TestHeadlessRun::matchesTheDesktopRun()
{
    const Profile desktop = makeProfile(QStringLiteral("Desktop"), QStringLiteral("d"));
    makeProfile(QStringLiteral("Headless"), QStringLiteral("h"));

    // The desktop way: JobRunner, then the record the main window writes.
    auto o = optionsForProfile(desktop, AppSettings{}, {});
    QVERIFY_RESULT(o);
    JobRunner runner;
    QSignalSpy done(&runner, &JobRunner::result);
    QVERIFY(runner.start(*o, JobRunner::Mode::Run));
    QVERIFY(done.wait(30000));
    const RunRecord gui =
        makeRunRecord(desktop, done.first().at(0).value<JobResult>(), runner.items(),
                      runner.messages(), QStringLiteral("desktop"));

    HeadlessOptions h;
    h.configDir = config();
    h.dataDir = data();
    auto run = runProfileHeadless(QStringLiteral("headless"), h); // names match case-insensitively
    QVERIFY_RESULT(run);
    const RunRecord& cli = run->record;
    QCOMPARE(cli.origin, QStringLiteral("cli"));
    QCOMPARE(cli.exitCode, gui.exitCode);
    QCOMPARE(cli.exitCode, 0);
    QCOMPARE(cli.filesTransferred, gui.filesTransferred);
    QCOMPARE(cli.filesTransferred, 2);
    QCOMPARE(cli.bytesTransferred, gui.bytesTransferred);
    QCOMPARE(cli.bytesTransferred, 10000);
    QCOMPARE(cli.deletions, gui.deletions);
    QCOMPARE(cli.deletions, 1);
    QCOMPARE(cli.driverUsed, gui.driverUsed);
    QCOMPARE(cli.workersUsed, gui.workersUsed);
    QCOMPARE(itemLines(cli.items), itemLines(gui.items));
    QVERIFY(!itemLines(cli.items).isEmpty());

    // And it is on disk, as the desktop app's history shows it.
    const QList<RunRecord> stored = HistoryStore(data()).list(cli.profileId, true);
    QCOMPARE(stored.size(), 1);
    QVERIFY(stored[0] == cli);
    QVERIFY(!QFile::exists(m_dir->path() + QStringLiteral("/h/dst/skip.tmp")));
    QVERIFY(!QFile::exists(m_dir->path() + QStringLiteral("/h/dst/stale")));
}

void TestHeadlessRun::unknownProfileIsAnError()
{
    HeadlessOptions h;
    h.configDir = config();
    h.dataDir = data();
    auto run = runProfileHeadless(QStringLiteral("nope"), h);
    QVERIFY(!run);
    QCOMPARE(run.error().code, ExitCode::Syntax);
    QVERIFY(run.error().message.contains(QLatin1String("nope")));
}

void TestHeadlessRun::stopEndsTheRunAsCancelled()
{
    makeProfile(QStringLiteral("P"), QStringLiteral("p"));
    HeadlessOptions h;
    h.configDir = config();
    h.dataDir = data();
    h.stop = [] { return true; };
    auto run = runProfileHeadless(QStringLiteral("P"), h);
    QVERIFY_RESULT(run);
    QCOMPARE(run->result.exitCode, ExitCode::Signal);
    QVERIFY(run->record.cancelled);
    QVERIFY(QFile::exists(m_dir->path() + QStringLiteral("/p/dst/stale"))); // nothing ran
}

void TestHeadlessRun::honoursTheAsyncSettings()
{
    if (!options::compiledAsyncPaths().receiver)
        QSKIP("built with QRSYNC_ASYNC_RECEIVER=OFF: there is no async receiver to turn off");
    makeProfile(QStringLiteral("P"), QStringLiteral("p"));
    AppSettings s;
    s.async.receiver = false;
    QVERIFY_RESULT(saveAppSettings(config(), s));
    HeadlessOptions h;
    h.configDir = config();
    h.dataDir = data();
    auto run = runProfileHeadless(QStringLiteral("P"), h);
    QVERIFY_RESULT(run);
    QCOMPARE(run->record.driverUsed, QStringLiteral("blocking-in-order"));
}

QTEST_GUILESS_MAIN(TestHeadlessRun)
#include "tst_headlessrun.moc"
