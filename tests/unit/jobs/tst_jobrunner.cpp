// JobRunner over the real local engine on temporary trees: exact totals,
// coalesced progress, the preview plan, cancel without partial files, the
// async switches reaching the engine, result exactly once.

#include "jobs/jobrunner.h"
#include "options/asyncpaths.h"
#include "testsupport.h"
#include "treebuilder.h"
#include "treesnapshot.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace qrsync;
using namespace qrsync::jobs;
using options::TransferOptions;
using qrsync::test::TreeBuilder;
using qrsync::test::TreeSnapshot;

class TestJobRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void runCopiesWithExactTotals();
    void progressIsCoalesced();
    void rateAndTimeLeftAreReported();
    void previewListsPlanAndChangesNothing();
    void runReportsWhatChanged();
    void cancelLeavesNoPartialFile();
    void asyncSwitchesReachTheEngine_data();
    void asyncSwitchesReachTheEngine();
    void missingSourceIsAnError();
    void startIsRefusedWhileRunning();
    void destroyingARunningJobStopsIt();

private:
    TransferOptions options(bool mirror = false) const;
    static JobResult waitForResult(JobRunner& runner, QSignalSpy& spy, int timeoutMs = 60000);
    QByteArray src() const { return QFile::encodeName(m_dir->path()) + "/src"; }
    QByteArray dst() const { return QFile::encodeName(m_dir->path()) + "/dst"; }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestJobRunner::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

TransferOptions TestJobRunner::options(bool mirror) const
{
    TransferOptions o;
    o.recursive = true;
    o.links = true;
    o.perms = true;
    o.times = true;
    o.sources = {QFile::decodeName(src()) + QLatin1Char('/')};
    o.destination = QFile::decodeName(dst());
    if (mirror) {
        o.deleteMode = TransferOptions::DeleteMode::During;
        o.deleteWhenDefault = true;
    }
    o.async = options::compiledAsyncPaths();
    return o;
}

JobResult TestJobRunner::waitForResult(JobRunner& runner, QSignalSpy& spy, int timeoutMs)
{
    Q_UNUSED(runner);
    if (spy.isEmpty() && !spy.wait(timeoutMs)) {
        JobResult timedOut;
        timedOut.exitCode = ExitCode::Timeout;
        timedOut.error = Error{ExitCode::Timeout, QStringLiteral("no result in time"), {}};
        return timedOut;
    }
    return spy.takeFirst().at(0).value<JobResult>();
}

void TestJobRunner::runCopiesWithExactTotals()
{
    TreeBuilder tree(src());
    tree.dir("");
    tree.randomFile("a.bin", 1000, 1);
    tree.dir("sub");
    tree.randomFile("sub/b.bin", 200000, 2);
    tree.randomFile("sub/c.bin", 5, 3);
    // The destination already has c.bin: it is not part of the totals.
    TreeBuilder out(dst());
    out.dir("");
    out.dir("sub");

    JobRunner runner;
    QSignalSpy progress(&runner, &JobRunner::progressChanged);
    QSignalSpy done(&runner, &JobRunner::result);
    QVERIFY(runner.start(options(), JobRunner::Mode::Run));
    QVERIFY(runner.isRunning());
    QVERIFY(done.isEmpty()); // start() only schedules
    const JobResult r = waitForResult(runner, done);
    QVERIFY2(r.succeeded(), qPrintable(r.error ? r.error->toString() : QString()));
    QVERIFY(!r.dryRun);
    QVERIFY(!r.cancelled);
    QVERIFY(r.started <= r.finished);

    QCOMPARE(runner.progress().phase, JobPhase::Finished);
    QCOMPARE(runner.progress().filesTotal, 3);
    QCOMPARE(runner.progress().bytesTotal, 201005);
    QCOMPARE(runner.progress().filesDone, 3);
    QCOMPARE(runner.progress().bytesDone, 201005);
    QCOMPARE(runner.progress().percent(), 100);
    QCOMPARE(r.filesTransferred, 3);
    QCOMPARE(r.bytesTransferred, 201005);

    // Every published snapshot is consistent: done never passes the total
    // and never goes backwards within the transfer.
    qint64 last = 0;
    for (const QList<QVariant>& args : progress) {
        const auto p = args.at(0).value<JobProgress>();
        if (p.phase != JobPhase::Transferring && p.phase != JobPhase::Finished)
            continue;
        QVERIFY(p.bytesTotal < 0 || p.bytesDone <= p.bytesTotal);
        QVERIFY(p.bytesDone >= last);
        last = p.bytesDone;
    }
    test::CompareOptions cmp;
    cmp.owner = false;
    cmp.dirTimes = false;
    QStringList diff =
        TreeSnapshot::diff(TreeSnapshot::take(src()), TreeSnapshot::take(dst()), cmp);
    QVERIFY2(diff.isEmpty(), qPrintable(diff.join(QLatin1Char('\n'))));
}

void TestJobRunner::progressIsCoalesced()
{
    TreeBuilder tree(src());
    tree.dir("");
    for (int i = 0; i < 600; ++i)
        tree.file(QByteArray("f") + QByteArray::number(i), QByteArray::number(i));
    JobRunner runner;
    runner.setProgressInterval(100);
    QSignalSpy progress(&runner, &JobRunner::progressChanged);
    QSignalSpy items(&runner, &JobRunner::itemsReported);
    QSignalSpy done(&runner, &JobRunner::result);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(runner.start(options(), JobRunner::Mode::Run));
    const JobResult r = waitForResult(runner, done);
    QVERIFY(r.succeeded());
    const qint64 ticks = clock.elapsed() / 100 + 2;
    // 600 files give well over 1200 engine events; the GUI sees at most one
    // batch per tick, plus the final one.
    QVERIFY2(progress.size() <= ticks, qPrintable(QString::number(progress.size())));
    QVERIFY2(items.size() <= ticks, qPrintable(QString::number(items.size())));
    QCOMPARE(runner.progress().filesDone, 600);
    qint64 reported = 0;
    for (const QList<QVariant>& args : items)
        reported += args.at(0).value<QList<JobItem>>().size();
    QCOMPARE(reported, runner.items().size());
    QVERIFY(reported >= 600);
}

void TestJobRunner::rateAndTimeLeftAreReported()
{
    TreeBuilder tree(src());
    tree.dir("");
    for (int i = 0; i < 12; ++i)
        tree.randomFile(QByteArray("f") + QByteArray::number(i), 8 << 20, quint32(i + 1));
    JobRunner runner;
    runner.setProgressInterval(5);
    QSignalSpy progress(&runner, &JobRunner::progressChanged);
    QSignalSpy done(&runner, &JobRunner::result);
    QVERIFY(runner.start(options(), JobRunner::Mode::Run));
    QVERIFY(waitForResult(runner, done).succeeded());
    bool sawRate = false;
    for (const QList<QVariant>& args : progress) {
        const auto p = args.at(0).value<JobProgress>();
        if (p.phase != JobPhase::Transferring || p.bytesPerSecond <= 0)
            continue;
        sawRate = true;
        // The time left follows from what is left and the rate.
        const double expected = double(p.bytesTotal - p.bytesDone) / p.bytesPerSecond;
        QVERIFY2(std::abs(double(p.etaSeconds) - expected) <= 1.0,
                 qPrintable(QStringLiteral("eta %1, expected %2").arg(p.etaSeconds).arg(expected)));
    }
    QVERIFY2(sawRate, "no snapshot with a transfer rate");
    QCOMPARE(runner.progress().etaSeconds, 0);
    QCOMPARE(runner.progress().bytesDone, 12 * (8 << 20));
}

void TestJobRunner::previewListsPlanAndChangesNothing()
{
    TreeBuilder tree(src());
    tree.dir("");
    tree.randomFile("new.bin", 3000, 1);
    tree.randomFile("changed.bin", 4000, 2);
    tree.file("same.txt", "same");
    tree.setMtime("same.txt", 1600000000, 0);
    tree.file("meta.txt", "meta");
    tree.setMtime("meta.txt", 1600000000, 0);
    TreeBuilder out(dst());
    out.dir("");
    out.randomFile("changed.bin", 10, 9);
    out.file("same.txt", "same");
    out.setMtime("same.txt", 1600000000, 0);
    out.file("meta.txt", "meta", 0600); // same data and time, other permissions
    out.setMtime("meta.txt", 1600000000, 0);
    out.file("extra.txt", "delete me");
    const TreeSnapshot before = TreeSnapshot::take(dst());

    JobRunner runner;
    QSignalSpy done(&runner, &JobRunner::result);
    QVERIFY(runner.start(options(true), JobRunner::Mode::Preview));
    const JobResult r = waitForResult(runner, done);
    QVERIFY2(r.succeeded(), qPrintable(r.error ? r.error->toString() : QString()));
    QVERIFY(r.dryRun);
    QVERIFY(TreeSnapshot::diff(before, TreeSnapshot::take(dst())).isEmpty());

    QMap<QString, ItemAction> actions;
    for (const JobItem& item : runner.items())
        actions.insert(item.path, item.action);
    QCOMPARE(actions.value(QStringLiteral("new.bin"), ItemAction::MetadataOnly), ItemAction::New);
    QCOMPARE(actions.value(QStringLiteral("changed.bin"), ItemAction::New), ItemAction::Changed);
    QCOMPARE(actions.value(QStringLiteral("meta.txt"), ItemAction::New), ItemAction::MetadataOnly);
    QCOMPARE(actions.value(QStringLiteral("extra.txt"), ItemAction::New), ItemAction::Deleted);
    QVERIFY(!actions.contains(QStringLiteral("same.txt")));
    QCOMPARE(runner.progress().filesTotal, 2);
    QCOMPARE(runner.progress().bytesTotal, 7000);
    QCOMPARE(r.filesTransferred, 2);
    QCOMPARE(r.bytesTransferred, 7000);
    QCOMPARE(r.deletions, 1);

    const auto meta =
        std::find_if(runner.items().cbegin(), runner.items().cend(),
                     [](const JobItem& i) { return i.path == QLatin1String("meta.txt"); });
    QCOMPARE(itemChanges(meta->iflags, protocol::FileKind::Regular),
             QList<ItemChange>{ItemChange::Permissions});
    QCOMPARE(meta->itemize, QStringLiteral(".f...p....."));
}

void TestJobRunner::runReportsWhatChanged()
{
    TreeBuilder tree(src());
    tree.dir("");
    tree.randomFile("one.bin", 100, 1);
    TreeBuilder out(dst());
    out.dir("");
    out.file("stale.txt", "x");
    JobRunner runner;
    QSignalSpy done(&runner, &JobRunner::result);
    QVERIFY(runner.start(options(true), JobRunner::Mode::Run));
    const JobResult r = waitForResult(runner, done);
    QVERIFY(r.succeeded());
    QStringList paths;
    for (const JobItem& item : runner.items())
        paths << item.itemize + QLatin1Char(' ') + item.path;
    QVERIFY2(paths.contains(QStringLiteral(">f+++++++++ one.bin")), qPrintable(paths.join(u'|')));
    QVERIFY2(paths.contains(QStringLiteral("*deleting   stale.txt")), qPrintable(paths.join(u'|')));
    QCOMPARE(r.deletions, 1);
    QVERIFY(!QFile::exists(QFile::decodeName(dst() + "/stale.txt")));
}

void TestJobRunner::cancelLeavesNoPartialFile()
{
    TreeBuilder tree(src());
    tree.dir("");
    constexpr int kFiles = 24;
    constexpr qint64 kSize = 8 << 20;
    for (int i = 0; i < kFiles; ++i)
        tree.randomFile(QByteArray("big") + QByteArray::number(i), kSize, quint32(i + 1));
    JobRunner runner;
    runner.setProgressInterval(5);
    QSignalSpy done(&runner, &JobRunner::result);
    // Cancel as soon as the transfer has moved some data.
    connect(&runner, &JobRunner::progressChanged, &runner, [&](const JobProgress& p) {
        if (p.phase == JobPhase::Transferring && p.bytesDone > 0)
            runner.cancel();
    });
    QVERIFY(runner.start(options(), JobRunner::Mode::Run));
    const JobResult r = waitForResult(runner, done);
    // 192 MiB cannot be copied within the few milliseconds a cancel takes
    // to land; a run that completes means cancel() did nothing.
    QVERIFY2(!r.succeeded(), "the run completed despite cancel()");
    QVERIFY(r.cancelled);
    QCOMPARE(r.exitCode, ExitCode::Signal);
    QVERIFY(runner.progress().filesDone < kFiles);

    // Each file at its final name is complete; nothing else is left.
    const TreeSnapshot source = TreeSnapshot::take(src());
    const TreeSnapshot copied = TreeSnapshot::take(dst());
    int present = 0;
    for (auto it = copied.entries().cbegin(); it != copied.entries().cend(); ++it) {
        if (it.key() == ".")
            continue;
        QVERIFY2(source.entries().contains(it.key()), it.key().constData()); // no temp file
        QCOMPARE(it.value().contentHash, source.entries()[it.key()].contentHash);
        ++present;
    }
    QVERIFY(present < kFiles);
}

void TestJobRunner::asyncSwitchesReachTheEngine_data()
{
    QTest::addColumn<bool>("receiver");
    QTest::addColumn<bool>("workers");
    QTest::newRow("all async") << true << true;
    QTest::newRow("receiver fallback") << false << true;
    QTest::newRow("workers fallback") << true << false;
    QTest::newRow("all fallback") << false << false;
}

void TestJobRunner::asyncSwitchesReachTheEngine()
{
    QFETCH(bool, receiver);
    QFETCH(bool, workers);
    const options::AsyncPaths compiled = options::compiledAsyncPaths();
    if ((receiver && !compiled.receiver) || (workers && !compiled.workers))
        QSKIP("built without this async path (QRSYNC_ASYNC_*=OFF): only its fallback exists");
    TreeBuilder tree(src());
    tree.dir("");
    tree.file("x", "x");
    TransferOptions o = options();
    o.async.receiver = receiver;
    o.async.workers = workers;
    JobRunner runner;
    QSignalSpy done(&runner, &JobRunner::result);
    QVERIFY(runner.start(o, JobRunner::Mode::Run));
    const JobResult r = waitForResult(runner, done);
    QVERIFY(r.succeeded());
    QCOMPARE(r.driverUsed, receiver ? QByteArray("event-loop+pipelined-writes")
                                    : QByteArray("blocking-in-order"));
    QCOMPARE(r.workersUsed, workers ? QByteArray("pool") : QByteArray("inline"));
}

void TestJobRunner::missingSourceIsAnError()
{
    JobRunner runner;
    QSignalSpy done(&runner, &JobRunner::result);
    QSignalSpy messages(&runner, &JobRunner::messagesReported);
    QVERIFY(runner.start(options(), JobRunner::Mode::Run));
    const JobResult r = waitForResult(runner, done);
    QVERIFY(!r.succeeded());
    QVERIFY(!r.cancelled);
    QVERIFY(!runner.messages().isEmpty());
    QVERIFY2(runner.messages().first().text.contains(QLatin1String("src")),
             qPrintable(runner.messages().first().text));
    QCOMPARE(runner.progress().errorCount, runner.messages().size());
}

void TestJobRunner::startIsRefusedWhileRunning()
{
    TreeBuilder tree(src());
    tree.dir("");
    tree.file("x", "x");
    JobRunner runner;
    QSignalSpy done(&runner, &JobRunner::result);
    QVERIFY(runner.start(options(), JobRunner::Mode::Run));
    QVERIFY(!runner.start(options(), JobRunner::Mode::Preview));
    QVERIFY(waitForResult(runner, done).succeeded());
    QTest::qWait(50);
    QVERIFY(done.isEmpty()); // exactly once
    QVERIFY(!runner.isRunning());
    // And it can run again.
    QVERIFY(runner.start(options(), JobRunner::Mode::Preview));
    QVERIFY(waitForResult(runner, done).succeeded());
}

void TestJobRunner::destroyingARunningJobStopsIt()
{
    TreeBuilder tree(src());
    tree.dir("");
    for (int i = 0; i < 8; ++i)
        tree.randomFile(QByteArray("big") + QByteArray::number(i), 8 << 20, quint32(i + 1));
    QElapsedTimer clock;
    clock.start();
    {
        JobRunner runner;
        QVERIFY(runner.start(options(), JobRunner::Mode::Run));
        QTest::qWait(20);
    }
    // The destructor cancelled and joined the thread; no partial file.
    const TreeSnapshot source = TreeSnapshot::take(src());
    if (QFile::exists(QFile::decodeName(dst()))) {
        const TreeSnapshot copied = TreeSnapshot::take(dst());
        for (auto it = copied.entries().cbegin(); it != copied.entries().cend(); ++it) {
            QVERIFY2(source.entries().contains(it.key()), it.key().constData());
            QCOMPARE(it.value().contentHash, source.entries()[it.key()].contentHash);
        }
    }
}

QTEST_GUILESS_MAIN(TestJobRunner)
#include "tst_jobrunner.moc"
