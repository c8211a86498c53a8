// Schedules (backup/calendar.h, backup/systemdunits.h): calendar
// expressions accepted and refused, our fallback parser agreeing with
// systemd-analyze on the next runs, the generated unit files checked for
// content and by `systemd-analyze verify`, systemd-escape'd names, and
// writing/removing the units (without a user manager, as in CI).

#include "backup/calendar.h"
#include "backup/systemdunits.h"
#include "jobs/profilestore.h"
#include "processrunner.h"
#include "testsupport.h"

#include <QDir>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace qrsync;
using namespace qrsync::backup;
using Kind = jobs::ScheduleOptions::Kind;

namespace {

const QDateTime kBase(QDate(2026, 12, 30), QTime(22, 10, 0)); // a Wednesday, year's end

QString systemdAnalyze()
{
    return QStandardPaths::findExecutable("systemd-analyze");
}

jobs::Profile scheduledProfile()
{
    jobs::Profile p;
    p.id = "0b5c2a8e-1111-4222-8333-444455556666";
    p.name = "Home 100% \"safe\"";
    p.sources = {"/home/u/"};
    p.destination = "/media/u/backup disk/home";
    p.schedule.kind = Kind::Daily;
    p.schedule.hour = 7;
    p.schedule.minute = 5;
    return p;
}

} // namespace

class TestSchedule : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void expressionsForSchedules_data();
    void expressionsForSchedules();
    void simpleParser_data();
    void simpleParser();
    void simpleParserAgreesWithSystemd_data();
    void simpleParserAgreesWithSystemd();
    void systemdJudgesWhatTheParserCannot();
    void escapesLikeSystemdEscape_data();
    void escapesLikeSystemdEscape();
    void mountPoints();
    void unitFileContents();
    void unitFilesPassSystemdVerify();
    void installerTemplatesMatchTheGeneratedUnits();
    void installsAndRemovesUnits();
    void cliInstallsWithoutAUserManager();
};

void TestSchedule::expressionsForSchedules_data()
{
    QTest::addColumn<jobs::ScheduleOptions>("schedule");
    QTest::addColumn<QString>("expression"); // empty: refused
    jobs::ScheduleOptions s;
    QTest::newRow("none") << s << QString("");
    s.kind = Kind::Hourly;
    s.minute = 15;
    QTest::newRow("hourly") << s << "*-*-* *:15:00";
    s.kind = Kind::Daily;
    s.hour = 7;
    s.minute = 5;
    QTest::newRow("daily") << s << "*-*-* 07:05:00";
    s.kind = Kind::Weekly;
    s.days = {"Sun", "Mon", "Fri"};
    QTest::newRow("weekly, days in week order") << s << "Mon,Fri,Sun *-*-* 07:05:00";
    s.days.clear();
    QTest::newRow("weekly without days") << s << "!";
    s.kind = Kind::Custom;
    s.calendar = "  Sat *-*-1..7 03:00  ";
    QTest::newRow("custom") << s << "Sat *-*-1..7 03:00";
    s.calendar = "daily\n[Service]";
    QTest::newRow("custom with a newline") << s << "!";
}

void TestSchedule::expressionsForSchedules()
{
    QFETCH(jobs::ScheduleOptions, schedule);
    QFETCH(QString, expression);
    auto made = onCalendarFor(schedule);
    if (expression == "!") {
        QVERIFY(!made);
        QCOMPARE(made.error().code, ExitCode::Syntax);
        return;
    }
    QVERIFY_RESULT(made);
    QCOMPARE(*made, expression);
}

void TestSchedule::simpleParser_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<int>("code");      // 0 accepted, else the ExitCode
    QTest::addColumn<QString>("first"); // the next run after kBase
    QTest::newRow("daily") << "daily" << 0 << "2026-12-31 00:00:00";
    QTest::newRow("hourly") << "hourly" << 0 << "2026-12-30 23:00:00";
    QTest::newRow("weekly") << "weekly" << 0 << "2027-01-04 00:00:00";
    QTest::newRow("monthly") << "monthly" << 0 << "2027-01-01 00:00:00";
    QTest::newRow("yearly") << "yearly" << 0 << "2027-01-01 00:00:00";
    QTest::newRow("time only") << "22:10" << 0 << "2026-12-31 22:10:00";
    QTest::newRow("later today") << "22:10:01" << 0 << "2026-12-30 22:10:01";
    QTest::newRow("days list") << "Mon,Fri *-*-* 07:30" << 0 << "2027-01-01 07:30:00";
    QTest::newRow("day range") << "Mon..Fri 7:30" << 0 << "2026-12-31 07:30:00";
    QTest::newRow("weekend range") << "Sat..Sun 06:00" << 0 << "2027-01-02 06:00:00";
    QTest::newRow("backwards range") << "Sat..Mon 06:00" << int(ExitCode::Syntax) << "";
    QTest::newRow("full day name") << "friday *-*-* 12:00:00" << 0 << "2027-01-01 12:00:00";
    QTest::newRow("every hour at :45") << "*-*-* *:45:00" << 0 << "2026-12-30 22:45:00";
    QTest::newRow("fixed date") << "*-01-15 08:00" << 0 << "2027-01-15 08:00:00";
    QTest::newRow("hour 25") << "*-*-* 25:00" << int(ExitCode::Syntax) << "";
    QTest::newRow("minute 60") << "10:60" << int(ExitCode::Syntax) << "";
    QTest::newRow("month 13") << "*-13-01 00:00" << int(ExitCode::Syntax) << "";
    QTest::newRow("unknown day") << "Funday 10:00" << int(ExitCode::Syntax) << "";
    QTest::newRow("empty") << "  " << int(ExitCode::Syntax) << "";
    QTest::newRow("repetition") << "*:0/15" << int(ExitCode::Unsupported) << "";
    QTest::newRow("day-of-month range") << "Sat *-*-1..7 03:00" << int(ExitCode::Unsupported) << "";
    QTest::newRow("time zone") << "daily Europe/Berlin" << int(ExitCode::Unsupported) << "";
}

void TestSchedule::simpleParser()
{
    QFETCH(QString, expression);
    QFETCH(int, code);
    QFETCH(QString, first);
    auto check = checkCalendarSimple(expression, kBase);
    if (code != 0) {
        QVERIFY2(!check, qPrintable(expression));
        QCOMPARE(int(check.error().code), code);
        return;
    }
    QVERIFY_RESULT(check);
    QCOMPARE(check->nextRuns.size(), 3);
    QCOMPARE(check->nextRuns.first().toString("yyyy-MM-dd HH:mm:ss"), first);
    QVERIFY(check->nextRuns[0] < check->nextRuns[1] && check->nextRuns[1] < check->nextRuns[2]);
}

void TestSchedule::simpleParserAgreesWithSystemd_data()
{
    simpleParser_data();
}

void TestSchedule::simpleParserAgreesWithSystemd()
{
    QFETCH(QString, expression);
    QFETCH(int, code);
    if (systemdAnalyze().isEmpty())
        QFAIL("systemd-analyze is missing: scripts/install-deps.sh installs systemd");
    auto ours = checkCalendarSimple(expression, kBase);
    auto theirs = checkCalendar(expression, kBase, true);
    if (code == int(ExitCode::Unsupported)) {
        // Valid for systemd; only our parser cannot judge it.
        QVERIFY_RESULT(theirs);
        QCOMPARE(theirs->checkedBy, QString("systemd-analyze"));
        QCOMPARE(theirs->nextRuns.size(), 3);
        return;
    }
    QCOMPARE(bool(theirs), bool(ours));
    if (!ours) {
        QCOMPARE(theirs.error().code, ExitCode::Syntax);
        return;
    }
    QCOMPARE(theirs->checkedBy, QString("systemd-analyze"));
    QCOMPARE(theirs->nextRuns, ours->nextRuns);
}

void TestSchedule::systemdJudgesWhatTheParserCannot()
{
    if (systemdAnalyze().isEmpty())
        QFAIL("systemd-analyze is missing: scripts/install-deps.sh installs systemd");
    auto check = checkCalendar("Sat *-*-1..7 03:00", kBase);
    QVERIFY_RESULT(check);
    QCOMPARE(check->normalized, QString("Sat *-*-01..07 03:00:00"));
    QCOMPARE(check->nextRuns.first(), QDateTime(QDate(2027, 1, 2), QTime(3, 0)));
    auto bad = checkCalendar("Sat *-*-1..7 3:00 nonsense", kBase);
    QVERIFY(!bad);
    QCOMPARE(bad.error().code, ExitCode::Syntax);
    QVERIFY2(bad.error().message.contains("systemd-analyze"), qPrintable(bad.error().message));
}

void TestSchedule::escapesLikeSystemdEscape_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("escaped");
    QTest::newRow("space") << "Home snapshots"
                           << "Home\\x20snapshots";
    QTest::newRow("dash and slash") << "a-b/c"
                                    << "a\\x2db-c";
    QTest::newRow("leading dot") << ".dot.files"
                                 << "\\x2edot.files";
    QTest::newRow("unicode") << "Fotos ü"
                             << "Fotos\\x20\\xc3\\xbc";
    QTest::newRow("specifier") << "100%"
                               << "100\\x25";
}

void TestSchedule::escapesLikeSystemdEscape()
{
    QFETCH(QString, name);
    QFETCH(QString, escaped);
    QCOMPARE(escapeUnitInstance(name), escaped);
    const QString tool = QStandardPaths::findExecutable("systemd-escape");
    if (tool.isEmpty())
        QFAIL("systemd-escape is missing: scripts/install-deps.sh installs systemd");
    const test::RunResult run = test::runProcess(tool, {"--", name});
    QCOMPARE(QString::fromUtf8(run.out.trimmed()), escaped);
}

void TestSchedule::mountPoints()
{
    const QByteArray mountinfo = "22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n"
                                 "40 22 8:17 / /media/u/backup\\040disk rw - ext4 /dev/sdb1 rw\n"
                                 "41 22 8:18 / /media/u/backup rw - ext4 /dev/sdb2 rw\n";
    QCOMPARE(mountPointOf("/media/u/backup disk/home", mountinfo), QString("/media/u/backup disk"));
    QCOMPARE(mountPointOf("/media/u/backup/x", mountinfo), QString("/media/u/backup"));
    QCOMPARE(mountPointOf("/media/u/backupx", mountinfo), QString("/"));
    QCOMPARE(mountPointOf("/media/u/backup", mountinfo), QString("/media/u/backup"));
}

void TestSchedule::unitFileContents()
{
    jobs::Profile p = scheduledProfile();
    p.schedule.onlyOnACPower = true;
    p.schedule.onlyWhenDestinationMounted = true;
    p.schedule.randomDelayMinutes = 20;
    auto units = scheduleUnits(p, "/usr/bin/qrsync", "*-*-* 07:05:00", "/media/u/backup disk");
    QVERIFY_RESULT(units);
    QCOMPARE(units->serviceName,
             QString("qrsync-profile@Home\\x20100\\x25\\x20\\x22safe\\x22.service"));
    QCOMPARE(units->timerName,
             QString("qrsync-profile@Home\\x20100\\x25\\x20\\x22safe\\x22.timer"));
    const QByteArray service = units->service;
    const QByteArray expectedService =
        "[Unit]\n"
        "Description=qrsync profile Home 100%% \"safe\"\n"
        "ConditionACPower=true\n"
        "ConditionPathIsMountPoint=/media/u/backup disk\n"
        "ConditionPathIsDirectory=/media/u/backup disk/home\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        "ExecStart=\"/usr/bin/qrsync\" --profile \"Home 100%% \\\"safe\\\"\" "
        "--alert-on-failure\n"
        "Nice=10\n"
        "IOSchedulingClass=idle\n";
    QVERIFY2(service.startsWith("# Written by qrsync"), service.constData());
    QCOMPARE(service.mid(service.indexOf("[Unit]")), expectedService);
    const QByteArray timer = units->timer;
    QCOMPARE(timer.mid(timer.indexOf("[Unit]")),
             QByteArray("[Unit]\n"
                        "Description=Schedule of qrsync profile Home 100%% \"safe\"\n"
                        "\n"
                        "[Timer]\n"
                        "OnCalendar=*-*-* 07:05:00\n"
                        "Persistent=true\n"
                        "RandomizedDelaySec=20min\n"
                        "\n"
                        "[Install]\n"
                        "WantedBy=timers.target\n"));

    // No conditions asked for, none written; a root-fs destination gets
    // only the directory condition.
    p.schedule.onlyOnACPower = false;
    p.schedule.randomDelayMinutes = 0;
    units = scheduleUnits(p, "/usr/bin/qrsync", "daily", "/");
    QVERIFY_RESULT(units);
    QVERIFY(!units->service.contains("ConditionACPower"));
    QVERIFY(!units->service.contains("ConditionPathIsMountPoint"));
    QVERIFY(units->service.contains("ConditionPathIsDirectory=/media/u/backup disk/home\n"));
    QVERIFY(!units->timer.contains("RandomizedDelaySec"));

    p.name = "evil\nExecStartPre=/bin/rm";
    QVERIFY(!scheduleUnits(p, "/usr/bin/qrsync", "daily", "/"));
}

void TestSchedule::unitFilesPassSystemdVerify()
{
    if (systemdAnalyze().isEmpty())
        QFAIL("systemd-analyze is missing: scripts/install-deps.sh installs systemd");
    QTemporaryDir dir;
    jobs::Profile p = scheduledProfile();
    p.destination = dir.path() + "/dest";
    p.schedule.onlyOnACPower = true;
    p.schedule.onlyWhenDestinationMounted = true;
    p.schedule.randomDelayMinutes = 5;
    auto installed = installSchedule(p, dir.path(), test::builtBinary("qrsync"), false);
    QVERIFY_RESULT(installed);
    QCOMPARE(installed->written.size(), 2);
    for (const QString& unit : installed->written) {
        const test::RunResult verify =
            test::runProcess(systemdAnalyze(), {"verify", "--man=no", unit});
        QVERIFY2(verify.exitCode == 0 && verify.err.isEmpty(),
                 qPrintable(unit + ": " + verify.describe()));
    }
    // A broken unit does fail the check (the test can see a failure).
    QFile broken(dir.path() + "/qrsync-profile@broken.service");
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("[Service]\nType=oneshot\nExecStart=relative/path\n");
    broken.close();
    const test::RunResult verify =
        test::runProcess(systemdAnalyze(), {"verify", "--man=no", broken.fileName()});
    QVERIFY(verify.exitCode != 0 || !verify.err.isEmpty());
}

void TestSchedule::installerTemplatesMatchTheGeneratedUnits()
{
    // Same sections and keys, in the same order, as a plain daily profile's.
    const auto keys = [](const QByteArray& text) {
        QStringList out;
        for (const QByteArray& line : text.split('\n')) {
            if (line.startsWith('#') || line.isEmpty())
                continue;
            out << QString::fromUtf8(line.left(line.indexOf('=')));
        }
        return out;
    };
    jobs::Profile p = scheduledProfile();
    auto units = scheduleUnits(p, "/usr/bin/qrsync", "daily", "/");
    QVERIFY_RESULT(units);
    for (const auto& [name, generated] :
         {std::pair{QString("qrsync-profile@.service"), units->service},
          std::pair{QString("qrsync-profile@.timer"), units->timer}}) {
        QFile shipped(QStringLiteral(QRSYNC_SOURCE_DIR "/installer/systemd/") + name);
        QVERIFY2(shipped.open(QIODevice::ReadOnly), qPrintable(shipped.fileName()));
        QCOMPARE(keys(shipped.readAll()), keys(generated));
    }
}

void TestSchedule::installsAndRemovesUnits()
{
    QTemporaryDir dir;
    jobs::Profile p = scheduledProfile();
    p.schedule.kind = Kind::Custom;
    p.schedule.calendar = "*-*-* 25:00";
    auto refused = installSchedule(p, dir.path(), "/usr/bin/qrsync", false);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, ExitCode::Syntax);
    QVERIFY(QDir(dir.path()).isEmpty());

    p.schedule.calendar = "Mon..Fri 12:30";
    auto installed = installSchedule(p, dir.path(), "/usr/bin/qrsync", false);
    QVERIFY_RESULT(installed);
    QCOMPARE(installed->written, (QStringList{dir.path() + "/" + serviceUnitName(p.name),
                                              dir.path() + "/" + timerUnitName(p.name)}));
    QVERIFY(!installed->enabled);
    QFile timer(installed->written.last());
    QVERIFY(timer.open(QIODevice::ReadOnly));
    QVERIFY(timer.readAll().contains("\nOnCalendar=Mon..Fri 12:30\nPersistent=true\n"));

    p.schedule.kind = Kind::None;
    auto removed = installSchedule(p, dir.path(), "/usr/bin/qrsync", false);
    QVERIFY_RESULT(removed);
    QCOMPARE(removed->removed.size(), 2);
    QVERIFY(QDir(dir.path()).isEmpty());
}

void TestSchedule::cliInstallsWithoutAUserManager()
{
    QTemporaryDir dir;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("XDG_CONFIG_HOME", dir.path() + "/config");
    env.insert("XDG_RUNTIME_DIR", dir.path() + "/runtime"); // no systemd/private socket there
    jobs::ProfileStore store(dir.path() + "/config/qrsync");
    jobs::Profile p = scheduledProfile();
    p.name = "nightly";
    QVERIFY_RESULT(store.save(p));
    const test::RunResult run = test::runProcess(
        test::builtBinary("qrsync"), {"--profile", "nightly", "--install-schedule"}, env);
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QVERIFY2(run.out.contains("no systemd user manager is running"), run.out.constData());
    QVERIFY(QFile::exists(dir.path() + "/config/systemd/user/qrsync-profile@nightly.timer"));
    QVERIFY(QFile::exists(dir.path() + "/config/systemd/user/qrsync-profile@nightly.service"));
}

QTEST_GUILESS_MAIN(TestSchedule)
#include "tst_schedule.moc"
