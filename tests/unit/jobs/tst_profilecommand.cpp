// A profile as a command line and as TransferOptions: each profile field
// reaches the option the engine reads, through the CLI's own parser.

#include "jobs/profilecommand.h"
#include "options/optiontable.h"
#include "testsupport.h"

#include <QTest>

using namespace qrsync;
using namespace qrsync::jobs;
using options::TransferOptions;

Q_DECLARE_METATYPE(qrsync::jobs::Profile)
Q_DECLARE_METATYPE(qrsync::jobs::LocationKind)

class TestProfileCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultProfileIsRecursiveWithTimesPermsLinks();
    void mirrorAddsDeleteOptions();
    void backupNeverDeletes();
    void filtersKeepTheirOrder();
    void advancedOptionsReachTheEngine();
    void commandLineIsShellQuoted();
    void connectionOptionsReachTheEngine();
    void engineSupportFollowsTheOptionTable();
    void dashPathsComeAfterDoubleDash();
    void refusesIncompleteProfiles_data();
    void refusesIncompleteProfiles();
    void locationKinds_data();
    void locationKinds();

private:
    static Profile make();
};

Profile TestProfileCommand::make()
{
    Profile p;
    p.name = QStringLiteral("Docs");
    p.sources = {QStringLiteral("/home/u/Docs/")};
    p.destination = QStringLiteral("/media/b/Docs");
    return p;
}

void TestProfileCommand::defaultProfileIsRecursiveWithTimesPermsLinks()
{
    const Profile p = make();
    QCOMPARE(profileArguments(p),
             (QStringList{QStringLiteral("-rlpt"), QStringLiteral("/home/u/Docs/"),
                          QStringLiteral("/media/b/Docs")}));
    auto o = profileTransferOptions(p);
    QVERIFY_RESULT(o);
    QVERIFY(o->recursive && o->links && o->perms && o->times);
    QVERIFY(!o->owner && !o->group && !o->devices && !o->alwaysChecksum);
    QCOMPARE(o->deleteMode, TransferOptions::DeleteMode::None);
    QCOMPARE(o->sources, p.sources);
    QCOMPARE(o->destination, p.destination);
}

void TestProfileCommand::mirrorAddsDeleteOptions()
{
    Profile p = make();
    p.mode = SyncMode::Mirror;
    auto o = profileTransferOptions(p);
    QVERIFY_RESULT(o);
    QVERIFY(o->deleteMode != TransferOptions::DeleteMode::None);
    QVERIFY(!o->deleteExcluded);
    QVERIFY(!o->maxDelete);

    p.deletion = {DeleteOptions::When::After, true, -1};
    QVERIFY(profileArguments(p).contains(QStringLiteral("--delete-after")));
    o = profileTransferOptions(p);
    QVERIFY_RESULT(o);
    QCOMPARE(o->deleteMode, TransferOptions::DeleteMode::After);
    QVERIFY(o->deleteExcluded);

    // --max-delete is passed on; while the engine lacks it the profile is
    // refused with the parser's message rather than run without the limit.
    p.deletion.maxDelete = 5;
    QVERIFY(profileArguments(p).contains(QStringLiteral("--max-delete=5")));
    o = profileTransferOptions(p);
    if (engineSupports("max-delete")) {
        QVERIFY_RESULT(o);
        QCOMPARE(o->maxDelete.value_or(-1), 5);
    } else {
        QVERIFY(!o);
        QVERIFY2(o.error().message.contains(QLatin1String("--max-delete")),
                 qPrintable(o.error().message));
    }
}

void TestProfileCommand::backupNeverDeletes()
{
    Profile p = make();
    p.mode = SyncMode::Backup;
    p.deletion = {DeleteOptions::When::Before, true, 3}; // ignored outside mirror mode
    auto o = profileTransferOptions(p);
    QVERIFY_RESULT(o);
    QCOMPARE(o->deleteMode, TransferOptions::DeleteMode::None);
    QVERIFY(!o->deleteExcluded);
    for (const QString& arg : profileArguments(p))
        QVERIFY2(!arg.startsWith(QLatin1String("--delete")), qPrintable(arg));
}

void TestProfileCommand::filtersKeepTheirOrder()
{
    Profile p = make();
    p.filterRules = {QStringLiteral("+ keep.tmp"), QStringLiteral("- *.tmp"),
                     QStringLiteral("- /cache/")};
    auto o = profileTransferOptions(p);
    QVERIFY_RESULT(o);
    QCOMPARE(o->filters.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(o->filters[i].kind, options::FilterArg::Kind::Filter);
        QCOMPARE(o->filters[i].value, p.filterRules[i]);
    }
}

void TestProfileCommand::advancedOptionsReachTheEngine()
{
    Profile p = make();
    p.preserve = {true, true, true, true, true, true, true};
    p.compare = {true, true, true, true, 3};
    p.transfer = {true, 0, true, true, true};
    auto o = profileTransferOptions(p);
    QVERIFY_RESULT(o);
    QVERIFY(o->owner && o->group && o->devices && o->specials && o->hardLinks > 0);
    QVERIFY(o->alwaysChecksum && o->sizeOnly && o->update && o->ignoreExisting);
    QCOMPARE(o->modifyWindow, 3);
    QVERIFY(o->compress && o->partial && o->sparse);
    QCOMPARE(o->wholeFile.value_or(false), true);

    // The bandwidth limit, once the engine takes it.
    if (engineSupports("bwlimit")) {
        p.transfer.bandwidthLimitKiB = 512;
        o = profileTransferOptions(p);
        QVERIFY_RESULT(o);
        QCOMPARE(o->bwLimitKiB, 512);
    }
}

void TestProfileCommand::commandLineIsShellQuoted()
{
    Profile p = make();
    p.sources = {QStringLiteral("/home/u/My Docs/")};
    p.filterRules = {QStringLiteral("- *.tmp")};
    QCOMPARE(profileCommandLine(p),
             QStringLiteral("qrsync -rlpt '--filter=- *.tmp' '/home/u/My Docs/' /media/b/Docs"));
    QCOMPARE(profileCommandLine(p, QStringLiteral("rsync")).left(6), QStringLiteral("rsync "));
    QCOMPARE(shellQuote(QStringLiteral("it's")), QStringLiteral("'it'\\''s'"));
    QCOMPARE(shellQuote(QString()), QStringLiteral("''"));
}

void TestProfileCommand::connectionOptionsReachTheEngine()
{
    Profile p = make();
    p.destination = QStringLiteral("backup@nas:/srv/docs");
    p.connection = {QStringLiteral("ssh -p 2222"), QStringLiteral("/opt/bin/rsync")};
    QVERIFY(profileArguments(p).contains(QStringLiteral("--rsh=ssh -p 2222")));
    auto o = profileTransferOptions(p);
    QVERIFY_RESULT(o);
    QCOMPARE(o->rsh, QStringLiteral("ssh -p 2222"));
    QCOMPARE(o->rsyncPath, QStringLiteral("/opt/bin/rsync"));
    QCOMPARE(profileCommandLine(p),
             QStringLiteral("qrsync -rlpt '--rsh=ssh -p 2222' --rsync-path=/opt/bin/rsync "
                            "/home/u/Docs/ backup@nas:/srv/docs"));
}

void TestProfileCommand::engineSupportFollowsTheOptionTable()
{
    QVERIFY(engineSupports("delete"));
    QVERIFY(engineSupports("checksum"));
    QVERIFY(!engineSupports("no-such-option"));
    QCOMPARE(engineSupports("bwlimit"), options::findLongOption(u"bwlimit")->supported);
}

void TestProfileCommand::dashPathsComeAfterDoubleDash()
{
    Profile p = make();
    p.sources = {QStringLiteral("-weird/")};
    const QStringList args = profileArguments(p);
    QCOMPARE(args.at(args.size() - 3), QStringLiteral("--"));
    auto o = profileTransferOptions(p);
    QVERIFY_RESULT(o);
    QCOMPARE(o->sources, QStringList{QStringLiteral("-weird/")});
}

void TestProfileCommand::refusesIncompleteProfiles_data()
{
    QTest::addColumn<Profile>("profile");
    QTest::addColumn<QString>("message");
    Profile noName = make();
    noName.name.clear();
    QTest::newRow("no name") << noName << QStringLiteral("no name");
    Profile noSource = make();
    noSource.sources.clear();
    QTest::newRow("no source") << noSource << QStringLiteral("no source");
    Profile emptySource = make();
    emptySource.sources << QStringLiteral(" ");
    QTest::newRow("empty source") << emptySource << QStringLiteral("empty");
    Profile noDest = make();
    noDest.destination.clear();
    QTest::newRow("no destination") << noDest << QStringLiteral("no destination");
    Profile badRule = make();
    badRule.filterRules = {QStringLiteral("- ok"), QStringLiteral("x bogus")};
    QTest::newRow("bad rule") << badRule << QString();
}

void TestProfileCommand::refusesIncompleteProfiles()
{
    QFETCH(Profile, profile);
    QFETCH(QString, message);
    auto o = profileTransferOptions(profile);
    QVERIFY(!o);
    QCOMPARE(o.error().code, ExitCode::Syntax);
    if (!message.isEmpty())
        QVERIFY2(o.error().message.contains(message), qPrintable(o.error().message));
    else
        QCOMPARE(o.error().context, QStringLiteral("x bogus"));
}

void TestProfileCommand::locationKinds_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<LocationKind>("kind");
    QTest::newRow("absolute") << QStringLiteral("/media/disk") << LocationKind::Local;
    QTest::newRow("relative") << QStringLiteral("backup") << LocationKind::Local;
    QTest::newRow("colon after slash") << QStringLiteral("./a:b") << LocationKind::Local;
    QTest::newRow("ssh") << QStringLiteral("user@host:/srv") << LocationKind::RemoteShell;
    QTest::newRow("ssh home") << QStringLiteral("host:") << LocationKind::RemoteShell;
    QTest::newRow("daemon url") << QStringLiteral("rsync://host/mod") << LocationKind::Daemon;
    QTest::newRow("daemon colons") << QStringLiteral("host::mod/x") << LocationKind::Daemon;
}

void TestProfileCommand::locationKinds()
{
    QFETCH(QString, path);
    QFETCH(LocationKind, kind);
    QCOMPARE(locationKind(path), kind);
}

QTEST_GUILESS_MAIN(TestProfileCommand)
#include "tst_profilecommand.moc"
