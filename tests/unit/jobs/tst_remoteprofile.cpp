// Remote-shell profiles run through the job code: a push to and a pull
// from "localhost:" over the loopback remote shell (tests/tools/
// rsh-loopback.sh), with stock rsync as the server on the far side. Daemon
// profiles (rsync://, host::module) against a stock `rsync --daemon` with
// auth users: the password comes from RSYNC_PASSWORD (headless runs have
// no keychain), and without one the run fails instead of prompting.

#include "jobs/headlessrun.h"
#include "jobs/profilerun.h"
#include "jobs/profilestore.h"
#include "remotesync.h"
#include "rsyncdaemonfixture.h"
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
    void daemonProfiles_data();
    void daemonProfiles();
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

void TestRemoteProfile::daemonProfiles_data()
{
    QTest::addColumn<bool>("push");
    QTest::addColumn<QByteArray>("password");
    QTest::newRow("push, rsync://") << true << QByteArray("sesame");
    QTest::newRow("pull, rsync://") << false << QByteArray("sesame");
    QTest::newRow("push, no password: fails, no prompt") << true << QByteArray();
    QTest::newRow("push, wrong password") << true << QByteArray("nope");
}

void TestRemoteProfile::daemonProfiles()
{
    QFETCH(bool, push);
    QFETCH(QByteArray, password);
    QTemporaryDir dir;
    test::RsyncDaemonFixture daemon(test::stockRsync());
    const QString secrets =
        daemon.writeFile(QStringLiteral("secrets"), QByteArray("alice:sesame\n"), 0600);
    daemon.addModule(QStringLiteral("nas"),
                     {QStringLiteral("read only = no"), QStringLiteral("auth users = alice"),
                      QStringLiteral("secrets file = ") + secrets});
    const QString moduleDir = daemon.modulePath(QStringLiteral("nas"));
    const QString error = daemon.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));

    const QString local = dir.path() + QStringLiteral("/local");
    test::TreeBuilder tree(QFile::encodeName(push ? local : moduleDir + QStringLiteral("/docs")));
    tree.dir("");
    tree.file("a.txt", "hello");
    tree.randomFile("b.bin", 3000, 2);
    const QString remote = QStringLiteral("rsync://alice@127.0.0.1:%1/nas/docs").arg(daemon.port());
    Profile p;
    p.name = QStringLiteral("NAS");
    p.sources = {push ? local + QLatin1Char('/') : remote + QLatin1Char('/')};
    p.destination = push ? remote : local;
    const QString config = dir.path() + QStringLiteral("/config");
    QVERIFY(ProfileStore(config).save(p));

    if (password.isEmpty())
        qunsetenv("RSYNC_PASSWORD");
    else
        qputenv("RSYNC_PASSWORD", password);
    HeadlessOptions h;
    h.configDir = config;
    h.dataDir = dir.path() + QStringLiteral("/data");
    h.env = options::systemEnvironment();
    auto run = runProfileHeadless(QStringLiteral("NAS"), h);
    qunsetenv("RSYNC_PASSWORD");
    QVERIFY_RESULT(run);
    const QString landed =
        (push ? moduleDir + QStringLiteral("/docs") : local) + QStringLiteral("/b.bin");
    if (password != "sesame") {
        QCOMPARE(run->record.exitCode, 5);
        QVERIFY(!QFile::exists(landed));
        const QString all = run->record.errorMessage + run->record.messages.join(u'\n');
        if (password.isEmpty())
            QVERIFY2(
                all.contains(QLatin1String("the daemon asks for a password and none was given")),
                qPrintable(all));
        else
            QVERIFY2(all.contains(QLatin1String("@ERROR: auth failed on module nas")),
                     qPrintable(all));
        return;
    }
    QVERIFY2(run->record.exitCode == 0,
             qPrintable(run->record.errorMessage + run->record.messages.join(u'\n')));
    QCOMPARE(run->record.filesTransferred, 2);
    const auto a = test::TreeSnapshot::take(
                       QFile::encodeName((push ? local : moduleDir + QStringLiteral("/docs")) +
                                         QStringLiteral("/b.bin")))
                       .entries()["."];
    QCOMPARE(test::TreeSnapshot::take(QFile::encodeName(landed)).entries()["."].contentHash,
             a.contentHash);
}

QTEST_GUILESS_MAIN(TestRemoteProfile)
#include "tst_remoteprofile.moc"
