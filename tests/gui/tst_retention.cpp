// The snapshot side of the desktop app: the retention simulator (timeline
// and table over real snapshot folders, painted green for kept and red for
// removed, freed bytes hard-link aware) and the profile dialog's snapshot
// and schedule fields (next runs, refusal of a bad expression, units
// written on Save).

#include "backup/systemdunits.h"
#include "inappscheduler.h"
#include "jobs/appsettings.h"
#include "jobs/profilestore.h"
#include "jobs/runrecord.h"
#include "mainwindow.h"
#include "notifier.h"
#include "profiledialog.h"
#include "retentionview.h"
#include "testsupport.h"
#include "treebuilder.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeEdit>

using namespace qrsync;
using namespace qrsync::ui;

class RecordingNotifier final : public Notifier
{
public:
    explicit RecordingNotifier(QStringList& log)
        : m_log(log)
    {}
    void notify(const QString& title, const QString& text, bool failure) override
    {
        m_log << title + " | " + text + (failure ? " | failure" : "");
    }

private:
    QStringList& m_log;
};

class TestRetentionGui : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void simulatorShowsKeptAndRemoved();
    void dialogEditsSnapshotsAndSchedule();
    void dialogRefusesABadExpression();
    void mainWindowWarnsWhenBackupsStopped();
    void failedInstallIsRetriedOnTheNextSave();
    void inAppSchedulerRunsDueProfiles();
    void mainWindowRunsASnapshotProfile();

private:
    QString makeSnapshots(const QTemporaryDir& dir);
};

void TestRetentionGui::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

QString TestRetentionGui::makeSnapshots(const QTemporaryDir& dir)
{
    test::TreeBuilder t(QFile::encodeName(dir.path() + "/dest"));
    t.dir("");
    const QList<QByteArray> names{"2026-01-10T120000", "2026-03-02T120000", "2026-06-20T120000",
                                  "2026-06-21T120000"};
    for (int i = 0; i < names.size(); ++i) {
        t.dir(names[i]);
        t.randomFile(names[i] + "/own.bin", 200000 * (i + 1), 10 + i);
        if (i == 0)
            t.randomFile(names[i] + "/shared.bin", 500000, 3);
        else
            t.hardLink(names[i] + "/shared.bin", names[0] + "/shared.bin");
    }
    return dir.path() + "/dest";
}

void TestRetentionGui::simulatorShowsKeptAndRemoved()
{
    QTemporaryDir dir;
    const QString dest = makeSnapshots(dir);
    RetentionView view;
    backup::RetentionPolicy policy;
    policy.keepLast = 1;
    policy.monthly = 2; // June (newest) and March
    QVERIFY(view.simulate(dest, policy));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    QTableWidget* table = view.table();
    QCOMPARE(table->rowCount(), 4);
    const QStringList verdicts{table->item(0, 1)->text(), table->item(1, 1)->text(),
                               table->item(2, 1)->text(), table->item(3, 1)->text()};
    QCOMPARE(verdicts, (QStringList{"keep", "remove", "keep", "remove"}));
    QCOMPARE(table->item(1, 0)->text(), QString("2026-06-20T120000"));
    QVERIFY(table->item(0, 3)->text().contains("monthly 2026-06"));
    QCOMPARE(table->item(3, 3)->text(), QString("no rule keeps it"));
    // Only the removed snapshots' own files go; shared.bin stays linked.
    QVERIFY2(table->item(3, 2)->text().startsWith("196") ||
                 table->item(3, 2)->text().contains("KiB"),
             qPrintable(table->item(3, 2)->text()));
    QVERIFY2(view.summaryText().startsWith("Keeps 2 of 4 snapshots; removing 2 frees "),
             qPrintable(view.summaryText()));

    // The timeline: oldest left, newest right; kept markers green, removed red.
    RetentionTimeline* line = view.timeline();
    QVERIFY(line->markerPosition(3).x() < line->markerPosition(2).x());
    QVERIFY(line->markerPosition(1).x() < line->markerPosition(0).x());
    const QImage image = line->grab().toImage();
    const auto colourAt = [&](int index) {
        return image.pixelColor(line->markerPosition(index).toPoint());
    };
    const QColor kept = colourAt(0);
    QVERIFY2(kept.green() > 100 && kept.red() < 100, qPrintable(kept.name()));
    const QColor removed = colourAt(3);
    QVERIFY2(removed.red() > 140 && removed.green() < 100, qPrintable(removed.name()));
}

void TestRetentionGui::dialogEditsSnapshotsAndSchedule()
{
    QTemporaryDir dir;
    const QString dest = makeSnapshots(dir);
    jobs::ProfileStore store(dir.path() + "/profiles");
    jobs::Profile p;
    p.name = "Home";
    p.sources = {"/home/u/"};
    p.destination = dest;
    ProfileDialog dialog(store, p);
    dialog.setUnitDirectory(dir.path() + "/units");
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    auto* retention = dialog.findChild<QSpinBox*>("dailySpin");
    QVERIFY(!retention->isEnabled()); // until snapshots are on
    dialog.findChild<QCheckBox*>("snapshotsCheck")->setChecked(true);
    QVERIFY(retention->isEnabled());
    retention->setValue(7);
    dialog.findChild<QSpinBox*>("keepLastSpin")->setValue(2);

    auto* kind = dialog.findChild<QComboBox*>("scheduleKindCombo");
    kind->setCurrentIndex(kind->findData(int(jobs::ScheduleOptions::Kind::Weekly)));
    dialog.findChild<QTimeEdit*>("scheduleTimeEdit")->setTime(QTime(7, 30));
    dialog.findChild<QCheckBox*>("dayMonCheck")->setChecked(true);
    dialog.findChild<QCheckBox*>("dayFriCheck")->setChecked(true);
    dialog.findChild<QCheckBox*>("acPowerCheck")->setChecked(true);
    QVERIFY(!dialog.findChild<QLineEdit*>("calendarEdit")->isEnabled());
    const QStringList runs = dialog.nextRunsText().split(", ");
    QCOMPARE(runs.size(), 3);
    QVERIFY2(runs.first().contains("7:30") || runs.first().contains("07:30"),
             qPrintable(dialog.nextRunsText()));

    // The simulator opens over the destination with the dialog's policy.
    dialog.findChild<QPushButton*>("simulateRetentionButton")->click();
    auto* view = dialog.findChild<RetentionView*>();
    QVERIFY(view);
    QCOMPARE(view->table()->rowCount(), 4);

    dialog.accept();
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    const jobs::Profile saved = dialog.savedProfile();
    QVERIFY(saved.snapshots.enabled);
    QCOMPARE(saved.snapshots.daily, 7);
    QCOMPARE(saved.snapshots.keepLast, 2);
    QCOMPARE(saved.schedule.kind, jobs::ScheduleOptions::Kind::Weekly);
    QCOMPARE(saved.schedule.days, (QStringList{"Mon", "Fri"}));
    QCOMPARE(saved.schedule.hour, 7);
    QVERIFY(saved.schedule.onlyOnACPower);
    QFile timer(dir.path() + "/units/" + backup::timerUnitName("Home"));
    QVERIFY(timer.open(QIODevice::ReadOnly));
    QVERIFY(timer.readAll().contains("OnCalendar=Mon,Fri *-*-* 07:30:00\n"));
    QVERIFY(!dialog.scheduleNote().isEmpty());
}

void TestRetentionGui::dialogRefusesABadExpression()
{
    QTemporaryDir dir;
    jobs::ProfileStore store(dir.path() + "/profiles");
    jobs::Profile p;
    p.name = "Custom";
    p.sources = {"/home/u/"};
    p.destination = dir.path() + "/dest";
    ProfileDialog dialog(store, p);
    dialog.setUnitDirectory(dir.path() + "/units");
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* kind = dialog.findChild<QComboBox*>("scheduleKindCombo");
    kind->setCurrentIndex(kind->findData(int(jobs::ScheduleOptions::Kind::Custom)));
    dialog.findChild<QLineEdit*>("calendarEdit")->setText("*-*-* 25:00");
    QVERIFY2(dialog.nextRunsText().contains("invalid calendar expression"),
             qPrintable(dialog.nextRunsText()));
    dialog.accept();
    QVERIFY(dialog.errorText().contains("invalid calendar expression"));
    QVERIFY(store.load().isEmpty());
    QVERIFY(!QFile::exists(dir.path() + "/units"));
}

void TestRetentionGui::mainWindowWarnsWhenBackupsStopped()
{
    QTemporaryDir dir;
    AppPaths paths{dir.path() + "/config", dir.path() + "/data"};
    jobs::ProfileStore store(paths.configDir);
    jobs::Profile p;
    p.name = "Laptop";
    p.sources = {"/home/u/"};
    p.destination = dir.path() + "/dest";
    auto saved = store.save(p);
    QVERIFY_RESULT(saved);
    jobs::RunRecord r;
    r.profileId = saved->id;
    r.profileName = saved->name;
    r.origin = "cli";
    r.finished = QDateTime::currentDateTimeUtc().addDays(-10);
    r.started = r.finished.addSecs(-30);
    QVERIFY_RESULT(jobs::HistoryStore(paths.dataDir).append(r));

    MainWindow window(paths);
    QStringList notes;
    window.setNotifier(std::make_unique<RecordingNotifier>(notes));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY2(window.staleWarning().contains("\u201cLaptop\u201d for 10 day"),
             qPrintable(window.staleWarning()));
    QVERIFY(window.findChild<QLabel*>("staleWarningLabel")->isVisible());

    // A longer threshold, and the warning goes.
    jobs::AppSettings settings;
    settings.staleAfterDays = 30;
    QVERIFY_RESULT(jobs::saveAppSettings(paths.configDir, settings));
    window.updateStaleWarning();
    QVERIFY(window.staleWarning().isEmpty());
    QVERIFY(window.findChild<QLabel*>("staleWarningLabel")->isHidden());

    // Back to 7 days: warned again, and the notifier hears it once.
    settings.staleAfterDays = 7;
    QVERIFY_RESULT(jobs::saveAppSettings(paths.configDir, settings));
    notes.clear();
    window.updateStaleWarning();
    window.updateStaleWarning();
    QCOMPARE(notes.size(), 1);
    QVERIFY2(notes.first().startsWith("Backups have not run | "), qPrintable(notes.first()));
    QVERIFY(notes.first().endsWith("| failure"));
}

void TestRetentionGui::failedInstallIsRetriedOnTheNextSave()
{
    QTemporaryDir dir;
    jobs::ProfileStore store(dir.path() + "/profiles");
    jobs::Profile p;
    p.name = "Nightly";
    p.sources = {"/home/u/"};
    p.destination = dir.path() + "/dest";
    ProfileDialog dialog(store, p);
    // A file where the unit folder should be: writing the units fails.
    QFile blocker(dir.path() + "/units");
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    dialog.setUnitDirectory(dir.path() + "/units");
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* kind = dialog.findChild<QComboBox*>("scheduleKindCombo");
    kind->setCurrentIndex(kind->findData(int(jobs::ScheduleOptions::Kind::Daily)));
    dialog.accept();
    QVERIFY2(dialog.errorText().startsWith("Saved, but the schedule could not be installed"),
             qPrintable(dialog.errorText()));
    QCOMPARE(store.load().size(), 1);

    QVERIFY(QFile::remove(dir.path() + "/units"));
    dialog.accept();
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    QCOMPARE(store.load().size(), 1); // the same profile, not a copy
    QVERIFY(QFile::exists(dir.path() + "/units/" + backup::timerUnitName("Nightly")));
}

void TestRetentionGui::inAppSchedulerRunsDueProfiles()
{
    jobs::Profile hourly;
    hourly.id = "h";
    hourly.name = "Hourly";
    hourly.schedule.kind = jobs::ScheduleOptions::Kind::Hourly;
    hourly.schedule.minute = 15;
    jobs::Profile weekly = hourly;
    weekly.id = "w";
    weekly.name = "Weekly";
    weekly.schedule.kind = jobs::ScheduleOptions::Kind::Weekly;
    weekly.schedule.days = {"Thu"};
    weekly.schedule.hour = 11;
    weekly.schedule.minute = 0;
    jobs::Profile manual = hourly;
    manual.id = "m";
    manual.name = "Manual";
    manual.schedule.kind = jobs::ScheduleOptions::Kind::None;

    QList<jobs::Profile> profiles{hourly, weekly, manual};
    InAppScheduler scheduler([&] { return profiles; });
    QStringList launched;
    scheduler.setLauncher([&](const jobs::Profile& p) { launched << p.name; });
    QDateTime now(QDate(2026, 11, 26), QTime(10, 0)); // a Thursday, local time
    scheduler.setClock([&] { return now; });

    const auto at = [&](int h, int m) {
        now = QDateTime(QDate(2026, 11, 26), QTime(h, m));
        scheduler.check();
    };
    at(10, 10);
    QVERIFY(launched.isEmpty());
    at(10, 16);
    QCOMPARE(launched, QStringList{"Hourly"});
    at(10, 20);
    QCOMPARE(launched.size(), 1);
    // 11:00 (weekly) and 11:15, 12:15 (hourly) pass unchecked: each due
    // profile runs once, not once per missed time.
    at(12, 30);
    QCOMPARE(launched, (QStringList{"Hourly", "Hourly", "Weekly"}));
    at(12, 40);
    QCOMPARE(launched.size(), 3);
    profiles[0].schedule.kind = jobs::ScheduleOptions::Kind::None;
    at(13, 20);
    QCOMPARE(launched.size(), 3);
}

void TestRetentionGui::mainWindowRunsASnapshotProfile()
{
    QTemporaryDir dir;
    qputenv("XDG_STATE_HOME", QFile::encodeName(dir.path() + "/state"));
    test::TreeBuilder t(QFile::encodeName(dir.path() + "/src"));
    t.dir("");
    t.file("a.txt", "a\n");
    AppPaths paths{dir.path() + "/config", dir.path() + "/data"};
    jobs::ProfileStore store(paths.configDir);
    jobs::Profile p;
    p.name = "Snap";
    p.sources = {dir.path() + "/src/"};
    p.destination = dir.path() + "/dest";
    p.snapshots.enabled = true;
    auto saved = store.save(p);
    QVERIFY_RESULT(saved);

    MainWindow window(paths);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.selectProfile(saved->id);
    QCOMPARE(window.findChild<QLineEdit*>("commandField")->text(),
             QString("qrsync --profile Snap"));
    QSignalSpy recorded(&window, &MainWindow::runRecorded);
    window.runProfile();
    QVERIFY(recorded.wait(30000));
    const auto record = recorded.first().first().value<jobs::RunRecord>();
    QCOMPARE(record.profileId, saved->id);
    QCOMPARE(record.exitCode, 0);
    QVERIFY(QFileInfo(dir.path() + "/dest/latest/a.txt").exists());
    QVERIFY2(window.statusBar()->currentMessage().contains("complete"),
             qPrintable(window.statusBar()->currentMessage()));
    qunsetenv("XDG_STATE_HOME");
}

QTEST_MAIN(TestRetentionGui)
#include "tst_retention.moc"
