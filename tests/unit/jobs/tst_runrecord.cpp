// Run records: written per profile, listed newest first, items kept apart
// from the summary, capped, and built from a real JobRunner run.

#include "jobs/jobrunner.h"
#include "jobs/profilerun.h"
#include "jobs/runrecord.h"
#include "testsupport.h"
#include "treebuilder.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace qrsync;
using namespace qrsync::jobs;

class TestRunRecord : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void appendsAndListsNewestFirst();
    void itemsLoadOnlyWhenAsked();
    void capsTheItemList();
    void removeProfileDropsItsHistory();
    void recordsARealRun();

private:
    static RunRecord record(const QString& profileId, const QDateTime& started, int exitCode);
};

RunRecord TestRunRecord::record(const QString& profileId, const QDateTime& started, int exitCode)
{
    RunRecord r;
    r.profileId = profileId;
    r.profileName = QStringLiteral("Docs");
    r.origin = QStringLiteral("desktop");
    r.started = started;
    r.finished = started.addSecs(3);
    r.exitCode = exitCode;
    r.filesTransferred = 2;
    r.bytesTransferred = 1234;
    r.messages = {QStringLiteral("warning: x")};
    JobItem item;
    item.path = QStringLiteral("a.txt");
    item.size = 1234;
    item.iflags = (1u << 13) | (1u << 15); // new, transfer
    item.action = itemAction(item.iflags);
    item.itemize = QStringLiteral(">f+++++++++");
    r.items = {item};
    r.itemCount = 1;
    return r;
}

void TestRunRecord::appendsAndListsNewestFirst()
{
    QTemporaryDir dir;
    HistoryStore history(dir.path());
    const QDateTime t0 = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 6), Qt::UTC);
    QVERIFY_RESULT(history.append(record(QStringLiteral("p1"), t0, 0)));
    QVERIFY_RESULT(history.append(record(QStringLiteral("p1"), t0.addSecs(60), 23)));
    QVERIFY_RESULT(history.append(record(QStringLiteral("p2"), t0, 0)));
    const QList<RunRecord> runs = history.list(QStringLiteral("p1"));
    QCOMPARE(runs.size(), 2);
    QCOMPARE(runs[0].started, t0.addSecs(60));
    QCOMPARE(runs[0].exitCode, 23);
    QCOMPARE(runs[1].started, t0);
    QCOMPARE(history.latest(QStringLiteral("p1"))->exitCode, 23);
    QVERIFY(!history.latest(QStringLiteral("none")));
    QVERIFY(!history.append(record(QStringLiteral("../evil"), t0, 0)));
}

void TestRunRecord::itemsLoadOnlyWhenAsked()
{
    QTemporaryDir dir;
    HistoryStore history(dir.path());
    const RunRecord r = record(QStringLiteral("p"), QDateTime::currentDateTimeUtc(), 0);
    QVERIFY_RESULT(history.append(r));
    QVERIFY(history.list(QStringLiteral("p")).first().items.isEmpty());
    const RunRecord full = history.list(QStringLiteral("p"), true).first();
    QVERIFY(full == r);
}

void TestRunRecord::capsTheItemList()
{
    QList<JobItem> items(kMaxRecordedItems + 10);
    JobResult result;
    Profile p;
    p.id = QStringLiteral("p");
    const RunRecord r = makeRunRecord(p, result, items, {}, QStringLiteral("cli"));
    QCOMPARE(r.items.size(), kMaxRecordedItems);
    QCOMPARE(r.itemCount, kMaxRecordedItems + 10);
    QVERIFY(r.itemsTruncated);
}

void TestRunRecord::removeProfileDropsItsHistory()
{
    QTemporaryDir dir;
    HistoryStore history(dir.path());
    QVERIFY_RESULT(history.append(record(QStringLiteral("p"), QDateTime::currentDateTimeUtc(), 0)));
    QVERIFY(QDir(history.directoryFor(QStringLiteral("p"))).exists());
    history.removeProfile(QStringLiteral("p"));
    QVERIFY(!QDir(history.directoryFor(QStringLiteral("p"))).exists());
    QVERIFY(history.list(QStringLiteral("p")).isEmpty());
}

void TestRunRecord::recordsARealRun()
{
    QTemporaryDir dir;
    test::TreeBuilder tree(QFile::encodeName(dir.path()) + "/src");
    tree.dir("");
    tree.file("one.txt", "hello");
    tree.file("two.txt", "world!");
    Profile p;
    p.id = QStringLiteral("p");
    p.name = QStringLiteral("Docs");
    p.sources = {dir.path() + QStringLiteral("/src/")};
    p.destination = dir.path() + QStringLiteral("/dst");
    auto o = optionsForProfile(p, AppSettings{}, {});
    QVERIFY_RESULT(o);
    JobRunner runner;
    QSignalSpy done(&runner, &JobRunner::result);
    QVERIFY(runner.start(*o, JobRunner::Mode::Run));
    QVERIFY(done.wait(30000));
    const auto result = done.first().at(0).value<JobResult>();
    HistoryStore history(dir.path() + QStringLiteral("/data"));
    QVERIFY_RESULT(history.append(
        makeRunRecord(p, result, runner.items(), runner.messages(), QStringLiteral("desktop"))));
    const RunRecord r = history.list(p.id, true).first();
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.filesTransferred, 2);
    QCOMPARE(r.bytesTransferred, 11);
    QCOMPARE(r.profileName, QStringLiteral("Docs"));
    QStringList paths;
    for (const JobItem& item : r.items)
        paths << item.path;
    QVERIFY2(paths.contains(QStringLiteral("one.txt")) && paths.contains(QStringLiteral("two.txt")),
             qPrintable(paths.join(u',')));
    QVERIFY(r.finished >= r.started);
}

QTEST_GUILESS_MAIN(TestRunRecord)
#include "tst_runrecord.moc"
