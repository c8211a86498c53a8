// The main window: menus and shortcuts, accessible names, the profile
// list and the create / edit / duplicate / delete / import / export flows,
// driven through the real dialogs on the offscreen platform.

#include "mainwindow.h"
#include "profiledialog.h"
#include "profilelistmodel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFile>
#include <QFontInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace qrsync;
using qrsync::ui::AppPaths;
using qrsync::ui::MainWindow;
using qrsync::ui::ProfileDialog;
using qrsync::ui::ProfileListModel;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void quitActionHasCtrlQ();
    void menusHoldTheActions();
    void emptyStateOffersToCreate();
    void widgetsHaveAccessibleNames();
    void createProfileThroughTheDialog();
    void dialogRefusesIncompleteOrDuplicateProfiles();
    void listShowsPathsModeAndLastRun();
    void editChangesTheStoredProfile();
    void duplicateAndDelete();
    void exportThenImport();
    void commandFieldShowsTheSelectedProfile();
    void profileDialogShowsBothCommandsLive();
    void modelPassesTheTester();
    void geometryRoundTripsThroughSettings();

private:
    AppPaths paths() const;
    jobs::Profile storedProfile(const QString& name, jobs::SyncMode mode = jobs::SyncMode::Backup);
    static ProfileDialog* openDialog(MainWindow& window);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestMainWindow::initTestCase()
{
    // Before the first QSettings: keeps the developer's real ~/.config away
    // from the test (QSettings on Unix follows GenericConfigLocation).
    QStandardPaths::setTestModeEnabled(true);
    const QSettings probe(QStringLiteral("qrsync"), QStringLiteral("qrsync"));
    QVERIFY2(probe.fileName().contains(QLatin1String(".qttest")), qPrintable(probe.fileName()));
}

void TestMainWindow::init()
{
    QSettings settings(QStringLiteral("qrsync"), QStringLiteral("qrsync"));
    settings.clear();
    settings.sync();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

AppPaths TestMainWindow::paths() const
{
    return AppPaths{m_dir->path() + QStringLiteral("/config"),
                    m_dir->path() + QStringLiteral("/data")};
}

jobs::Profile TestMainWindow::storedProfile(const QString& name, jobs::SyncMode mode)
{
    jobs::Profile p;
    p.name = name;
    p.sources = {QStringLiteral("/home/u/%1/").arg(name)};
    p.destination = QStringLiteral("/media/backup/%1").arg(name);
    p.mode = mode;
    jobs::ProfileStore store(paths().configDir);
    auto saved = store.save(p);
    if (!saved)
        qFatal("cannot store a profile: %s", qPrintable(saved.error().toString()));
    return *saved;
}

ProfileDialog* TestMainWindow::openDialog(MainWindow& window)
{
    auto* dialog = window.findChild<ProfileDialog*>();
    if (dialog && !dialog->isVisible())
        return nullptr;
    return dialog;
}

void TestMainWindow::quitActionHasCtrlQ()
{
    MainWindow window(paths());
    auto* quit = window.findChild<QAction*>(QStringLiteral("quitAction"));
    QVERIFY(quit);
    QCOMPARE(quit->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Q));
    QCOMPARE(quit->menuRole(), QAction::QuitRole);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTest::keyClick(&window, Qt::Key_Q, Qt::ControlModifier);
    QTRY_VERIFY(!window.isVisible());
    const QSettings settings(QStringLiteral("qrsync"), QStringLiteral("qrsync"));
    QVERIFY(settings.contains(QStringLiteral("mainwindow/geometry")));
}

void TestMainWindow::menusHoldTheActions()
{
    MainWindow window(paths());
    const QList<QAction*> menus = window.menuBar()->actions();
    QCOMPARE(menus.size(), 3);
    const QStringList fileActions{QStringLiteral("importAction"), QStringLiteral("exportAction"),
                                  QStringLiteral("settingsAction"), QStringLiteral("quitAction")};
    const QStringList profileActions{
        QStringLiteral("newProfileAction"),       QStringLiteral("editProfileAction"),
        QStringLiteral("duplicateProfileAction"), QStringLiteral("deleteProfileAction"),
        QStringLiteral("previewAction"),          QStringLiteral("runAction"),
        QStringLiteral("historyAction")};
    const QStringList helpActions{QStringLiteral("aboutAction"), QStringLiteral("aboutQtAction")};
    const QList<QStringList> expected{fileActions, profileActions, helpActions};
    for (int m = 0; m < 3; ++m) {
        for (const QString& name : expected[m]) {
            auto* action = window.findChild<QAction*>(name);
            QVERIFY2(action, qPrintable(name));
            QVERIFY2(menus[m]->menu()->actions().contains(action), qPrintable(name));
        }
    }
    QCOMPARE(window.findChild<QAction*>(QStringLiteral("newProfileAction"))->shortcut(),
             QKeySequence(QKeySequence::New));
    QCOMPARE(window.findChild<QAction*>(QStringLiteral("runAction"))->shortcut(),
             QKeySequence(Qt::CTRL | Qt::Key_R));
}

void TestMainWindow::emptyStateOffersToCreate()
{
    MainWindow window(paths());
    auto* stack = window.findChild<QStackedWidget*>(QStringLiteral("centralStack"));
    QCOMPARE(stack->currentIndex(), 0);
    // Nothing selected: the profile actions are off, New is on.
    QVERIFY(!window.findChild<QAction*>(QStringLiteral("runAction"))->isEnabled());
    QVERIFY(!window.findChild<QAction*>(QStringLiteral("editProfileAction"))->isEnabled());
    QVERIFY(window.findChild<QAction*>(QStringLiteral("newProfileAction"))->isEnabled());
    window.findChild<QPushButton*>(QStringLiteral("createProfileButton"))->click();
    QVERIFY(openDialog(window));
}

void TestMainWindow::widgetsHaveAccessibleNames()
{
    storedProfile(QStringLiteral("Docs"));
    MainWindow window(paths());
    window.newProfile();
    ProfileDialog* dialog = openDialog(window);
    QVERIFY(dialog);
    // Every interactive widget is named, in the window and in the profile
    // dialog (all its tabs), so a new control cannot slip in unnamed.
    for (QWidget* root :
         {static_cast<QWidget*>(window.centralWidget()), static_cast<QWidget*>(dialog)}) {
        for (auto* widget : root->findChildren<QWidget*>()) {
            const char* cls = widget->metaObject()->className();
            // Containers and internal parts of composite widgets (the
            // viewport of a list, a tab bar, the dialog button box).
            if (widget->focusPolicy() == Qt::NoFocus || qstrcmp(cls, "QTabBar") == 0 ||
                qstrcmp(cls, "QTabWidget") == 0 ||
                qobject_cast<QDialogButtonBox*>(widget->parent()) ||
                qstrcmp(cls, "QScrollBar") == 0 || qstrcmp(cls, "QStackedWidget") == 0 ||
                widget->parent()->inherits("QAbstractSpinBox") ||
                widget->parent()->inherits("QComboBox") || widget->inherits("QMessageBox"))
                continue;
            QVERIFY2(
                !widget->accessibleName().isEmpty(),
                qPrintable(QStringLiteral("%1 %2").arg(QLatin1String(cls), widget->objectName())));
        }
    }
}

void TestMainWindow::createProfileThroughTheDialog()
{
    MainWindow window(paths());
    window.show();
    window.newProfile();
    ProfileDialog* dialog = openDialog(window);
    QVERIFY(dialog);
    auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("nameEdit"));
    name->clear();
    QTest::keyClicks(name, QStringLiteral("Photos"));
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("sourceEdit")),
                     QStringLiteral("/home/u/Pictures/"));
    dialog->findChild<QPushButton*>(QStringLiteral("sourceAddButton"))->click();
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("destinationEdit")),
                     QStringLiteral("/media/b/Pictures"));
    dialog->findChild<QRadioButton*>(QStringLiteral("mirrorRadio"))->click();
    dialog->findChild<QDialogButtonBox*>(QStringLiteral("profileButtons"))
        ->button(QDialogButtonBox::Save)
        ->click();
    QTRY_VERIFY(!openDialog(window));

    jobs::ProfileStore store(paths().configDir);
    const QList<jobs::Profile> stored = store.load();
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored[0].name, QStringLiteral("Photos"));
    QCOMPARE(stored[0].sources, QStringList{QStringLiteral("/home/u/Pictures/")});
    QCOMPARE(stored[0].destination, QStringLiteral("/media/b/Pictures"));
    QCOMPARE(stored[0].mode, jobs::SyncMode::Mirror);
    QCOMPARE(window.profileModel().rowCount(), 1);
    QCOMPARE(window.currentProfile()->id, stored[0].id);
    QCOMPARE(window.findChild<QStackedWidget*>(QStringLiteral("centralStack"))->currentIndex(), 1);
}

void TestMainWindow::dialogRefusesIncompleteOrDuplicateProfiles()
{
    storedProfile(QStringLiteral("Docs"));
    MainWindow window(paths());
    window.newProfile();
    ProfileDialog* dialog = openDialog(window);
    QVERIFY(dialog);
    dialog->accept(); // no source, no destination
    QVERIFY(dialog->isVisible());
    QVERIFY2(dialog->errorText().contains(QLatin1String("source")),
             qPrintable(dialog->errorText()));

    auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("nameEdit"));
    name->setText(QStringLiteral("docs"));
    dialog->findChild<QLineEdit*>(QStringLiteral("sourceEdit"))->setText(QStringLiteral("/a/"));
    dialog->findChild<QPushButton*>(QStringLiteral("sourceAddButton"))->click();
    dialog->findChild<QLineEdit*>(QStringLiteral("destinationEdit"))->setText(QStringLiteral("/b"));
    dialog->accept();
    QVERIFY(dialog->isVisible());
    QVERIFY2(dialog->errorText().contains(QLatin1String("name")), qPrintable(dialog->errorText()));
    QCOMPARE(jobs::ProfileStore(paths().configDir).load().size(), 1);
}

void TestMainWindow::listShowsPathsModeAndLastRun()
{
    const jobs::Profile p = storedProfile(QStringLiteral("Docs"), jobs::SyncMode::Mirror);
    jobs::RunRecord r;
    r.profileId = p.id;
    r.started = QDateTime(QDate(2026, 3, 4), QTime(5, 6), Qt::UTC);
    r.finished = r.started.addSecs(10);
    r.exitCode = 23;
    QVERIFY(jobs::HistoryStore(paths().dataDir).append(r));
    storedProfile(QStringLiteral("Music"));

    MainWindow window(paths());
    const ProfileListModel& m = window.profileModel();
    QCOMPARE(m.rowCount(), 2);
    QCOMPARE(m.index(0, ProfileListModel::NameColumn).data().toString(), QStringLiteral("Docs"));
    QCOMPARE(m.index(0, ProfileListModel::PathsColumn).data().toString(),
             QStringLiteral("/home/u/Docs/ \u2192 /media/backup/Docs"));
    QCOMPARE(m.index(0, ProfileListModel::ModeColumn).data().toString(), QStringLiteral("Mirror"));
    QVERIFY2(
        m.index(0, ProfileListModel::LastRunColumn).data().toString().contains(QLatin1String("23")),
        qPrintable(m.index(0, ProfileListModel::LastRunColumn).data().toString()));
    QCOMPARE(m.index(1, ProfileListModel::ModeColumn).data().toString(), QStringLiteral("Backup"));
    QCOMPARE(m.index(1, ProfileListModel::LastRunColumn).data().toString(),
             QStringLiteral("Never run"));
}

void TestMainWindow::editChangesTheStoredProfile()
{
    const jobs::Profile p = storedProfile(QStringLiteral("Docs"));
    MainWindow window(paths());
    window.selectProfile(p.id);
    window.editProfile();
    ProfileDialog* dialog = openDialog(window);
    QVERIFY(dialog);
    QCOMPARE(dialog->findChild<QLineEdit*>(QStringLiteral("nameEdit"))->text(),
             QStringLiteral("Docs"));
    dialog->findChild<QLineEdit*>(QStringLiteral("destinationEdit"))
        ->setText(QStringLiteral("/elsewhere"));
    dialog->accept();
    QTRY_VERIFY(!openDialog(window));
    const auto reloaded = jobs::ProfileStore(paths().configDir).findById(p.id);
    QVERIFY(reloaded);
    QCOMPARE(reloaded->destination, QStringLiteral("/elsewhere"));
    QCOMPARE(window.profileModel().rowCount(), 1);

    // Enter on the selected row edits it too.
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.profileTable()->setFocus();
    window.profileTable()->setCurrentIndex(window.profileModel().index(0, 0));
    QTest::keyClick(window.profileTable(), Qt::Key_Return);
    QTRY_VERIFY(openDialog(window));
    openDialog(window)->reject();
}

void TestMainWindow::duplicateAndDelete()
{
    const jobs::Profile p = storedProfile(QStringLiteral("Docs"));
    MainWindow window(paths());
    window.selectProfile(p.id);
    window.findChild<QAction*>(QStringLiteral("duplicateProfileAction"))->trigger();
    QCOMPARE(window.profileModel().rowCount(), 2);
    QCOMPARE(window.currentProfile()->name, QStringLiteral("Docs (copy)"));

    const QString copyId = window.currentProfile()->id;
    window.findChild<QAction*>(QStringLiteral("deleteProfileAction"))->trigger();
    auto* box = window.findChild<QMessageBox*>(QStringLiteral("deleteConfirmation"));
    QVERIFY(box);
    box->button(QMessageBox::No)->click();
    QCOMPARE(window.profileModel().rowCount(), 2);

    window.findChild<QAction*>(QStringLiteral("deleteProfileAction"))->trigger();
    QTRY_VERIFY((box = window.findChild<QMessageBox*>(QStringLiteral("deleteConfirmation"))) &&
                box->isVisible());
    box->button(QMessageBox::Yes)->click();
    QTRY_COMPARE(window.profileModel().rowCount(), 1);
    QVERIFY(!jobs::ProfileStore(paths().configDir).findById(copyId));
    QCOMPARE(window.currentProfile()->id, p.id);
}

void TestMainWindow::exportThenImport()
{
    const jobs::Profile p = storedProfile(QStringLiteral("Docs"));
    MainWindow window(paths());
    window.selectProfile(p.id);
    const QString file = m_dir->path() + QStringLiteral("/docs.json");
    QVERIFY(window.exportProfileTo(file));
    QVERIFY(QFile::exists(file));
    QVERIFY(window.importProfileFrom(file));
    QCOMPARE(window.profileModel().rowCount(), 2);
    QCOMPARE(window.currentProfile()->name, QStringLiteral("Docs (2)"));
    QCOMPARE(window.currentProfile()->sources, p.sources);
    QVERIFY(!window.importProfileFrom(m_dir->path() + QStringLiteral("/missing.json")));
    QTRY_VERIFY(window.findChild<QMessageBox*>(QStringLiteral("errorMessage")));
}

void TestMainWindow::commandFieldShowsTheSelectedProfile()
{
    const jobs::Profile p = storedProfile(QStringLiteral("Docs"), jobs::SyncMode::Mirror);
    MainWindow window(paths());
    window.selectProfile(p.id);
    auto* field = window.findChild<QLineEdit*>(QStringLiteral("commandField"));
    QCOMPARE(field->text(),
             QStringLiteral("qrsync -rlpt --delete /home/u/Docs/ /media/backup/Docs"));
    QVERIFY(field->isReadOnly());
    QVERIFY(QFontInfo(field->font()).fixedPitch());
    window.findChild<QPushButton*>(QStringLiteral("copyButton"))->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), field->text());
}

void TestMainWindow::profileDialogShowsBothCommandsLive()
{
    const jobs::Profile p = storedProfile(QStringLiteral("Docs"));
    MainWindow window(paths());
    window.selectProfile(p.id);
    window.editProfile();
    ProfileDialog* dialog = openDialog(window);
    QVERIFY(dialog);
    auto* qrsyncText = dialog->findChild<QPlainTextEdit*>(QStringLiteral("commandText"));
    auto* rsyncText = dialog->findChild<QPlainTextEdit*>(QStringLiteral("rsyncCommandText"));
    QCOMPARE(qrsyncText->toPlainText(),
             QStringLiteral("qrsync -rlpt /home/u/Docs/ /media/backup/Docs"));
    QCOMPARE(rsyncText->toPlainText(),
             QStringLiteral("rsync -rlpt /home/u/Docs/ /media/backup/Docs"));
    // Edits show at once.
    dialog->findChild<QRadioButton*>(QStringLiteral("mirrorRadio"))->click();
    dialog->findChild<QCheckBox*>(QStringLiteral("checksumCheck"))->click();
    QCOMPARE(qrsyncText->toPlainText(),
             QStringLiteral("qrsync -rlptc --delete /home/u/Docs/ /media/backup/Docs"));
    dialog->findChild<QPushButton*>(QStringLiteral("copyRsyncCommandButton"))->click();
    QCOMPARE(QGuiApplication::clipboard()->text(),
             QStringLiteral("rsync -rlptc --delete /home/u/Docs/ /media/backup/Docs"));

    // The remote shell fields apply to host:path locations only.
    auto* shell = dialog->findChild<QLineEdit*>(QStringLiteral("remoteShellEdit"));
    QVERIFY(!shell->isEnabled());
    dialog->findChild<QLineEdit*>(QStringLiteral("destinationEdit"))
        ->setText(QStringLiteral("nas:/srv"));
    QVERIFY(shell->isEnabled());
    shell->setText(QStringLiteral("ssh -p 2222"));
    QCOMPARE(qrsyncText->toPlainText(),
             QStringLiteral("qrsync -rlptc --delete '--rsh=ssh -p 2222' /home/u/Docs/ nas:/srv"));
    QCOMPARE(dialog->profile().connection.remoteShell, QStringLiteral("ssh -p 2222"));
}

void TestMainWindow::modelPassesTheTester()
{
    storedProfile(QStringLiteral("A"));
    storedProfile(QStringLiteral("B"));
    MainWindow window(paths());
    QAbstractItemModelTester tester(&window.profileModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    window.profileModel().reload();
    QCOMPARE(window.profileModel().rowCount(), 2);
}

void TestMainWindow::geometryRoundTripsThroughSettings()
{
    const QRect wanted(40, 50, 720, 500);
    {
        MainWindow window(paths());
        window.restoreSettings();
        window.setGeometry(wanted);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.geometry(), wanted);
        QVERIFY(window.close());
    }
    MainWindow restored(paths());
    QVERIFY(restored.size() != wanted.size()); // the default differs
    restored.restoreSettings();
    restored.show();
    QVERIFY(QTest::qWaitForWindowExposed(&restored));
    QCOMPARE(restored.geometry(), wanted);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
