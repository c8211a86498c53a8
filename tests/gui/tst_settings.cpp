// Settings → Async paths: a toggle persists in settings.json and the next
// run from the main window uses the fallback, as the engine reports it.

#include "jobs/appsettings.h"
#include "mainwindow.h"
#include "options/asyncpaths.h"
#include "runview.h"
#include "settingsdialog.h"
#include "treebuilder.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace qrsync;
using namespace qrsync::ui;

class TestSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pathsNotCompiledInAreGreyedOut();
    void generalSettingsPersist();
    void turningOffReceiverMakesTheNextRunUseTheFallback();
};

void TestSettings::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // The environment must not decide for the test.
    for (const char* name : {"QRSYNC_ASYNC_RECEIVER", "QRSYNC_ASYNC_WORKERS", "QRSYNC_ASYNC_SSH",
                             "QRSYNC_ASYNC_DAEMON"})
        qunsetenv(name);
}

void TestSettings::pathsNotCompiledInAreGreyedOut()
{
    QTemporaryDir dir;
    SettingsDialog dialog(dir.path(), options::AsyncPaths{true, false, true, false});
    QCOMPARE(dialog.tabs()->tabText(1).remove(QLatin1Char('&')), QStringLiteral("Async paths"));
    auto* daemon = dialog.findChild<QCheckBox*>(QStringLiteral("asyncDaemonCheck"));
    auto* ssh = dialog.findChild<QCheckBox*>(QStringLiteral("asyncSshCheck"));
    auto* workers = dialog.findChild<QCheckBox*>(QStringLiteral("asyncWorkersCheck"));
    QVERIFY(daemon->isEnabled() && daemon->isChecked());
    QVERIFY(!ssh->isEnabled() && !ssh->isChecked());
    QVERIFY(!workers->isEnabled());
    for (QCheckBox* box : dialog.findChildren<QCheckBox*>())
        QVERIFY(!box->accessibleName().isEmpty());
    // A greyed-out path keeps what was stored for it.
    QVERIFY(dialog.settings().async.ssh);
}

void TestSettings::generalSettingsPersist()
{
    QTemporaryDir dir;
    {
        SettingsDialog dialog(dir.path(), options::compiledAsyncPaths());
        dialog.findChild<QCheckBox*>(QStringLiteral("notificationsCheck"))->setChecked(false);
        dialog.findChild<QCheckBox*>(QStringLiteral("startMinimisedCheck"))->setChecked(true);
        dialog.accept();
    }
    const auto s = jobs::loadAppSettings(dir.path());
    QVERIFY(s);
    QVERIFY(!s->notifications);
    QVERIFY(s->startMinimised);
    SettingsDialog again(dir.path(), options::compiledAsyncPaths());
    QVERIFY(!again.findChild<QCheckBox*>(QStringLiteral("notificationsCheck"))->isChecked());
}

void TestSettings::turningOffReceiverMakesTheNextRunUseTheFallback()
{
    if (!options::compiledAsyncPaths().receiver)
        QSKIP("built with QRSYNC_ASYNC_RECEIVER=OFF: there is no async receiver to turn off");
    QTemporaryDir dir;
    const AppPaths paths{dir.path() + QStringLiteral("/config"),
                         dir.path() + QStringLiteral("/data")};
    test::TreeBuilder tree(QFile::encodeName(dir.path()) + "/src");
    tree.dir("");
    tree.file("a.txt", "a");
    jobs::Profile p;
    p.name = QStringLiteral("P");
    p.sources = {dir.path() + QStringLiteral("/src/")};
    p.destination = dir.path() + QStringLiteral("/dst");
    const QString id = jobs::ProfileStore(paths.configDir).save(p)->id;

    MainWindow window(paths);
    window.selectProfile(id);
    QSignalSpy recorded(&window, &MainWindow::runRecorded);
    auto runAndGetDriver = [&]() -> QString {
        window.runProfile();
        if (!recorded.wait(30000))
            return QStringLiteral("no run");
        const auto r = recorded.takeFirst().at(0).value<jobs::RunRecord>();
        window.runWindow()->close();
        return r.driverUsed;
    };
    QCOMPARE(runAndGetDriver(), QStringLiteral("event-loop+pipelined-writes"));

    // Settings → Async paths → Receiver pipeline off, OK.
    window.showSettings();
    auto* dialog = window.findChild<SettingsDialog*>();
    QVERIFY(dialog);
    dialog->tabs()->setCurrentIndex(1);
    auto* receiver = dialog->findChild<QCheckBox*>(QStringLiteral("asyncReceiverCheck"));
    QVERIFY(receiver->isChecked());
    receiver->click();
    dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
    QTRY_VERIFY(!window.findChild<SettingsDialog*>());
    const auto stored = jobs::loadAppSettings(paths.configDir);
    QVERIFY(stored);
    QVERIFY(!stored->async.receiver);
    QVERIFY(stored->async.workers);

    QTRY_VERIFY(!window.runWindow());
    QCOMPARE(runAndGetDriver(), QStringLiteral("blocking-in-order"));
    // And it is recorded with the run.
    QCOMPARE(jobs::HistoryStore(paths.dataDir).latest(id)->driverUsed,
             QStringLiteral("blocking-in-order"));
}

QTEST_MAIN(TestSettings)
#include "tst_settings.moc"
