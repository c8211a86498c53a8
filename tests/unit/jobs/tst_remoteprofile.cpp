// Remote-shell profiles run through the job code: a push to and a pull
// from "localhost:" over the loopback remote shell (tests/tools/
// rsh-loopback.sh), with stock rsync as the server on the far side.

#include "jobs/headlessrun.h"
#include "jobs/profilerun.h"
#include "jobs/profilestore.h"
#include "remotesync.h"
#include "testsupport.h"
#include "treebuilder.h"
#include "treesnapshot.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace qrsync;
using namespace qrsync::jobs;

class TestRemoteProfile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pushAndPull_data();
    void pushAndPull();
    void daemonProfilesAreRefused();
};

void TestRemoteProfile::initTestCase()
{
    if (!QFile::exists(test::stockRsync()))
        QSKIP("no stock rsync to serve the far side (scripts/install-deps.sh installs it for make "
              "test)");
    // Profiles name their remote shell; make sure the environment's does
    // not stand in for it.
    qunsetenv("RSYNC_RSH");
}

void TestRemoteProfile::pushAndPull_data()
{
    QTest::addColumn<bool>("push");
    QTest::newRow("push") << true;
    QTest::newRow("pull") << false;
}

void TestRemoteProfile::pushAndPull()
{
    QFETCH(bool, push);
    QTemporaryDir dir;
    const QString src = dir.path() + QStringLiteral("/src");
    const QString dst = dir.path() + QStringLiteral("/dst");
    test::TreeBuilder tree(QFile::encodeName(src));
    tree.dir("");
    tree.dir("sub");
    tree.randomFile("sub/a.bin", 5000, 1);
    tree.file("b.txt", "hello");
    tree.file("skip.tmp", "x");
    test::TreeBuilder out(QFile::encodeName(dst));
    out.dir("");
    out.file("stale", "old");

    Profile p;
    p.name = QStringLiteral("Remote");
    p.mode = SyncMode::Mirror;
    p.filterRules = {QStringLiteral("- *.tmp")};
    p.connection.remoteShell = test::loopbackRsh();
    p.connection.rsyncPath = test::stockRsync();
    p.sources = {(push ? QString() : QStringLiteral("localhost:")) + src + QLatin1Char('/')};
    p.destination = (push ? QStringLiteral("localhost:") : QString()) + dst;
    const QString config = dir.path() + QStringLiteral("/config");
    QVERIFY(ProfileStore(config).save(p));

    HeadlessOptions h;
    h.configDir = config;
    h.dataDir = dir.path() + QStringLiteral("/data");
    h.env = options::systemEnvironment();
    auto run = runProfileHeadless(QStringLiteral("Remote"), h);
    QVERIFY_RESULT(run);
    QVERIFY2(run->record.exitCode == 0,
             qPrintable(run->record.errorMessage + run->record.messages.join(u'\n')));
    QCOMPARE(run->record.filesTransferred, 2);
    QCOMPARE(run->record.bytesTransferred, 5005);
    QCOMPARE(run->record.deletions, 1);

    QStringList lines;
    for (const JobItem& i : run->record.items)
        lines << i.itemize + QLatin1Char(' ') + i.path;
    // What this side sent shows '<', what it received '>', as rsync -i.
    const QString newFile =
        (push ? QStringLiteral("<") : QStringLiteral(">")) + QStringLiteral("f+++++++++ b.txt");
    QVERIFY2(lines.contains(newFile), qPrintable(lines.join(u'|')));

    QVERIFY(QFile::exists(dst + QStringLiteral("/sub/a.bin")));
    QVERIFY(!QFile::exists(dst + QStringLiteral("/stale")));
    QVERIFY(!QFile::exists(dst + QStringLiteral("/skip.tmp")));
    const auto a = test::TreeSnapshot::take(QFile::encodeName(src)).entries()["sub/a.bin"];
    const auto b = test::TreeSnapshot::take(QFile::encodeName(dst)).entries()["sub/a.bin"];
    QCOMPARE(b.contentHash, a.contentHash);
}

void TestRemoteProfile::daemonProfilesAreRefused()
{
    Profile p;
    p.name = QStringLiteral("NAS");
    p.sources = {QStringLiteral("/a/")};
    p.destination = QStringLiteral("rsync://nas/backup");
    auto o = optionsForProfile(p, AppSettings{}, {});
    QVERIFY(!o);
    QCOMPARE(o.error().code, ExitCode::Unsupported);
    p.destination = QStringLiteral("user@host:/srv/backup");
    QVERIFY_RESULT(optionsForProfile(p, AppSettings{}, {}));
}

QTEST_GUILESS_MAIN(TestRemoteProfile)
#include "tst_remoteprofile.moc"
