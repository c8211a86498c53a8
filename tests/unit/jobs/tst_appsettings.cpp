// App settings on disk and how they reach a run's options.

#include "jobs/appsettings.h"
#include "jobs/profilerun.h"
#include "testsupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace qrsync;
using namespace qrsync::jobs;

class TestAppSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void missingFileGivesDefaults();
    void roundTrips();
    void refusesNewerOrBrokenFiles();
    void settingsOnlyTurnPathsOff();
    void profileOptionsFollowEnvironmentThenSettings();
    void daemonProfilesNeverPrompt();
};

void TestAppSettings::missingFileGivesDefaults()
{
    QTemporaryDir dir;
    auto s = loadAppSettings(dir.path());
    QVERIFY_RESULT(s);
    QVERIFY(*s == AppSettings{});
    QVERIFY(s->async.receiver && s->async.workers && s->async.ssh && s->async.daemon);
}

void TestAppSettings::roundTrips()
{
    QTemporaryDir dir;
    AppSettings s;
    s.notifications = false;
    s.startMinimised = true;
    s.async.receiver = false;
    s.async.ssh = false;
    QVERIFY_RESULT(saveAppSettings(dir.path(), s));
    QVERIFY(QFile::exists(dir.path() + QStringLiteral("/settings.json")));
    auto loaded = loadAppSettings(dir.path());
    QVERIFY_RESULT(loaded);
    QVERIFY(*loaded == s);
}

void TestAppSettings::refusesNewerOrBrokenFiles()
{
    QTemporaryDir dir;
    QFile f(appSettingsPath(dir.path()));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"format": "qrsync-settings", "version": 7})");
    f.close();
    QVERIFY(!loadAppSettings(dir.path()));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write("{{");
    f.close();
    QVERIFY(!loadAppSettings(dir.path()));
}

void TestAppSettings::settingsOnlyTurnPathsOff()
{
    AppSettings s;
    s.async.receiver = false;
    const options::AsyncPaths all{true, true, true, true};
    QCOMPARE(applyAsyncSettings(all, s), (options::AsyncPaths{true, true, false, true}));
    const options::AsyncPaths none{};
    QCOMPARE(applyAsyncSettings(none, AppSettings{}), none); // cannot switch on
}

void TestAppSettings::profileOptionsFollowEnvironmentThenSettings()
{
    Profile p;
    p.name = QStringLiteral("x");
    p.sources = {QStringLiteral("/a/")};
    p.destination = QStringLiteral("/b");
    const options::AsyncPaths compiled{true, true, true, true};
    AppSettings s;
    auto o = optionsForProfile(p, s, {}, compiled);
    QVERIFY_RESULT(o);
    QCOMPARE(o->async, compiled);

    options::Environment env{{QStringLiteral("QRSYNC_ASYNC_WORKERS"), QStringLiteral("0")}};
    s.async.receiver = false;
    o = optionsForProfile(p, s, env, compiled);
    QVERIFY_RESULT(o);
    QCOMPARE(o->async, (options::AsyncPaths{true, true, false, false}));
}

void TestAppSettings::daemonProfilesNeverPrompt()
{
    Profile p;
    p.name = QStringLiteral("x");
    p.sources = {QStringLiteral("/a/")};
    p.destination = QStringLiteral("host::module/b");
    auto o = optionsForProfile(p, AppSettings{}, {});
    QVERIFY_RESULT(o);
    QCOMPARE(o->destination, QStringLiteral("host::module/b"));
    // A job never waits for a password on a terminal.
    QVERIFY(!o->daemonPasswordPrompt);
    QVERIFY(!o->daemonPassword);
}

QTEST_GUILESS_MAIN(TestAppSettings)
#include "tst_appsettings.moc"
