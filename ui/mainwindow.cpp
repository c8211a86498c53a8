#include "mainwindow.h"

#include "backup/staleness.h"
#include "backup/systemdunits.h"
#include "buildconfig.h"
#include "historydialog.h"
#include "inappscheduler.h"
#include "jobs/appsettings.h"
#include "jobs/profilecommand.h"
#include "notifier.h"
#include "passwordstore.h"
#include "profiledialog.h"
#include "profilelistmodel.h"
#include "runlauncher.h"
#include "settingsdialog.h"
#include "snapshotbrowser.h"
#include "snapshotlauncher.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

// Q_INIT_RESOURCE declares a function, so it must be used outside any
// namespace. Registering twice is harmless, once is enough.
static void initResources()
{
    static const bool registered = [] {
        Q_INIT_RESOURCE(resources); // resources/resources.qrc
        return true;
    }();
    Q_UNUSED(registered);
}

namespace qrsync::ui {

namespace {

constexpr auto geometryKey = "mainwindow/geometry";
constexpr int statusMessageMs = 4000;

// Organisation and application are spelt out rather than taken from
// QCoreApplication so that tests and the app read the same file.
QSettings windowSettings()
{
    return QSettings(QStringLiteral("qrsync"), QStringLiteral("qrsync"));
}

// An icon from the desktop's theme, else the style's own picture: a
// desktop without an icon theme (a bare X session, Xvfb) still shows one.
QIcon themeIcon(const char* name, QStyle::StandardPixmap fallback)
{
    const QIcon icon = QIcon::fromTheme(QLatin1String(name));
    return icon.isNull() ? QApplication::style()->standardIcon(fallback) : icon;
}

} // namespace

MainWindow::MainWindow(const AppPaths& paths, QWidget* parent)
    : QMainWindow(parent)
    , m_paths(paths)
    , m_store(paths.configDir)
    , m_history(paths.dataDir)
{
    setWindowTitle(tr("qrsync"));
    setWindowIcon(appIcon());
    m_model = new ProfileListModel(m_store, m_history, this);
    m_launcher = new RunLauncher(paths, m_history, this);
    connect(m_launcher, &RunLauncher::runRecorded, this, &MainWindow::onRunRecorded);
    connect(m_launcher, &RunLauncher::runningChanged, this, &MainWindow::updateActions);
    connect(m_launcher, &RunLauncher::runningChanged, this, [this](bool running) {
        if (m_tray)
            m_tray->setToolTip(running ? tr("qrsync: a run is in progress") : tr("qrsync"));
    });
    connect(m_launcher, &RunLauncher::refused, this, &MainWindow::showError);
    createActions();
    createMenus();
    createToolBar();
    setCentralWidget(createCentral());
    createTray();
    // Time passes while the app runs: re-check the warning every hour.
    auto* staleTimer = new QTimer(this);
    staleTimer->setInterval(3600 * 1000);
    connect(staleTimer, &QTimer::timeout, this, &MainWindow::updateStaleWarning);
    staleTimer->start();
    if (!backup::userManagerRunning()) {
        // The timers cannot be enabled here; run the schedules while open.
        m_scheduler = new InAppScheduler([this] { return m_model->profiles(); }, this);
        m_scheduler->start();
    }
    statusBar()->setSizeGripEnabled(false);
    if (!m_store.loadErrors().isEmpty())
        statusBar()->showMessage(tr("Some profiles could not be read: %1")
                                     .arg(m_store.loadErrors().join(QStringLiteral("; "))));
    reloadProfiles();
    resize(860, 460);
}

MainWindow::~MainWindow() = default;

void MainWindow::setNotifier(std::unique_ptr<Notifier> notifier)
{
    m_notifier = std::move(notifier);
}

QIcon MainWindow::appIcon()
{
    initResources();
    QIcon icon(QStringLiteral(":/qrsync/icons/qrsync.svg"));
    for (int size : {32, 64, 128, 256}) {
        icon.addFile(QStringLiteral(":/qrsync/icons/qrsync-%1.png").arg(size), QSize(size, size));
    }
    return icon;
}

void MainWindow::restoreSettings()
{
    const QByteArray geometry = windowSettings().value(QLatin1String(geometryKey)).toByteArray();
    if (!geometry.isEmpty()) {
        restoreGeometry(geometry);
    }
}

void MainWindow::saveSettings() const
{
    windowSettings().setValue(QLatin1String(geometryKey), saveGeometry());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::createActions()
{
    auto make = [this](QAction*& action, const QIcon& icon, const QString& text,
                       const char* objectName, QKeySequence shortcut, void (MainWindow::*slot)()) {
        action = new QAction(icon, text, this);
        action->setObjectName(QLatin1String(objectName));
        action->setShortcut(shortcut);
        connect(action, &QAction::triggered, this, slot);
    };
    make(m_newAction, themeIcon("document-new", QStyle::SP_FileIcon), tr("&New profile\u2026"),
         "newProfileAction", QKeySequence::New, &MainWindow::newProfile);
    make(m_editAction, themeIcon("document-edit", QStyle::SP_FileDialogDetailedView),
         tr("&Edit\u2026"), "editProfileAction", QKeySequence(Qt::CTRL | Qt::Key_E),
         &MainWindow::editProfile);
    make(m_duplicateAction, themeIcon("edit-copy", QStyle::SP_FileDialogNewFolder),
         tr("D&uplicate"), "duplicateProfileAction", QKeySequence(Qt::CTRL | Qt::Key_D),
         &MainWindow::duplicateProfile);
    make(m_deleteAction, themeIcon("edit-delete", QStyle::SP_TrashIcon), tr("&Delete\u2026"),
         "deleteProfileAction", QKeySequence::Delete, &MainWindow::deleteProfile);
    make(m_previewAction, themeIcon("document-preview", QStyle::SP_FileDialogContentsView),
         tr("&Preview\u2026"), "previewAction", QKeySequence(Qt::CTRL | Qt::Key_P),
         &MainWindow::previewProfile);
    make(m_runAction, themeIcon("media-playback-start", QStyle::SP_MediaPlay), tr("&Run"),
         "runAction", QKeySequence(Qt::CTRL | Qt::Key_R), &MainWindow::runProfile);
    make(m_historyAction, themeIcon("document-open-recent", QStyle::SP_FileDialogInfoView),
         tr("&History\u2026"), "historyAction", QKeySequence(Qt::CTRL | Qt::Key_H),
         &MainWindow::showHistory);
    make(m_snapshotsAction, themeIcon("document-revert", QStyle::SP_BrowserReload),
         tr("&Snapshots && restore\u2026"), "browseSnapshotsAction",
         QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), &MainWindow::browseSnapshots);
    make(m_settingsAction, themeIcon("preferences-system", QStyle::SP_ComputerIcon),
         tr("&Settings\u2026"), "settingsAction", QKeySequence::Preferences,
         &MainWindow::showSettings);
    m_settingsAction->setMenuRole(QAction::PreferencesRole);

    m_importAction = new QAction(themeIcon("document-import", QStyle::SP_DialogOpenButton),
                                 tr("&Import profile\u2026"), this);
    m_importAction->setObjectName(QStringLiteral("importAction"));
    connect(m_importAction, &QAction::triggered, this, [this] {
        auto* dialog =
            new QFileDialog(this, tr("Import profile"), QString(), tr("qrsync profiles (*.json)"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setFileMode(QFileDialog::ExistingFile);
        connect(dialog, &QFileDialog::fileSelected, this,
                [this](const QString& path) { importProfileFrom(path); });
        dialog->open();
    });
    m_exportAction = new QAction(themeIcon("document-export", QStyle::SP_DialogSaveButton),
                                 tr("E&xport profile\u2026"), this);
    m_exportAction->setObjectName(QStringLiteral("exportAction"));
    connect(m_exportAction, &QAction::triggered, this, [this] {
        const std::optional<jobs::Profile> p = currentProfile();
        if (!p)
            return;
        auto* dialog =
            new QFileDialog(this, tr("Export profile"), p->name + QStringLiteral(".json"),
                            tr("qrsync profiles (*.json)"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setAcceptMode(QFileDialog::AcceptSave);
        dialog->setDefaultSuffix(QStringLiteral("json"));
        connect(dialog, &QFileDialog::fileSelected, this,
                [this](const QString& path) { exportProfileTo(path); });
        dialog->open();
    });
}

void MainWindow::createMenus()
{
    QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(m_importAction);
    fileMenu->addAction(m_exportAction);
    fileMenu->addSeparator();
    fileMenu->addAction(m_settingsAction);
    fileMenu->addSeparator();
    QAction* quit = fileMenu->addAction(themeIcon("application-exit", QStyle::SP_DialogCloseButton),
                                        tr("&Quit"));
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);
    // Closing (rather than QApplication::quit) lets closeEvent save the
    // geometry; the app ends when its last window closes.
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu* profileMenu = menuBar()->addMenu(tr("&Profile"));
    for (QAction* a : {m_newAction, m_editAction, m_duplicateAction, m_deleteAction})
        profileMenu->addAction(a);
    profileMenu->addSeparator();
    for (QAction* a : {m_previewAction, m_runAction, m_historyAction, m_snapshotsAction})
        profileMenu->addAction(a);

    QMenu* helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction* about = helpMenu->addAction(tr("&About qrsync"));
    about->setObjectName(QStringLiteral("aboutAction"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
    QAction* aboutQt = helpMenu->addAction(tr("About &Qt"));
    aboutQt->setObjectName(QStringLiteral("aboutQtAction"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createToolBar()
{
    QToolBar* bar = addToolBar(tr("Profiles"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    for (QAction* a : {m_newAction, m_editAction, m_duplicateAction, m_deleteAction})
        bar->addAction(a);
    bar->addSeparator();
    for (QAction* a : {m_previewAction, m_runAction, m_historyAction, m_snapshotsAction})
        bar->addAction(a);
}

QWidget* MainWindow::createCentral()
{
    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("centralStack"));

    // Page 0: no profiles yet.
    auto* empty = new QWidget(m_stack);
    auto* el = new QVBoxLayout(empty);
    el->addStretch(1);
    auto* icon = new QLabel(empty);
    icon->setPixmap(appIcon().pixmap(QSize(64, 64), devicePixelRatioF()));
    icon->setAlignment(Qt::AlignCenter);
    el->addWidget(icon);
    auto* text = new QLabel(tr("<h3>No sync profiles yet</h3><p>A profile remembers folders to "
                               "copy, where to, and how; run it again with one click.</p>"),
                            empty);
    text->setObjectName(QStringLiteral("emptyLabel"));
    text->setAlignment(Qt::AlignCenter);
    text->setWordWrap(true);
    el->addWidget(text);
    auto* create = new QPushButton(m_newAction->icon(), tr("&Create a profile\u2026"), empty);
    create->setObjectName(QStringLiteral("createProfileButton"));
    create->setAccessibleName(tr("Create a profile"));
    connect(create, &QPushButton::clicked, this, &MainWindow::newProfile);
    auto* row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(create);
    row->addStretch(1);
    el->addLayout(row);
    el->addStretch(2);
    m_stack->addWidget(empty);

    // Page 1: the profiles and the selected one's command line.
    auto* list = new QWidget(m_stack);
    auto* ll = new QVBoxLayout(list);
    m_staleWarning = new QLabel(list);
    m_staleWarning->setObjectName(QStringLiteral("staleWarningLabel"));
    m_staleWarning->setAccessibleName(tr("Backups not run recently"));
    m_staleWarning->setWordWrap(true);
    m_staleWarning->setStyleSheet(
        QStringLiteral("QLabel { background: #fff4e5; color: #663c00; border: 1px solid #ffb74d; "
                       "border-radius: 4px; padding: 6px; }"));
    m_staleWarning->hide();
    ll->addWidget(m_staleWarning);
    m_table = new QTableView(list);
    m_table->setObjectName(QStringLiteral("profileTable"));
    m_table->setAccessibleName(tr("Profiles"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle); // paths: keep both ends visible
    m_table->horizontalHeader()->setSectionResizeMode(ProfileListModel::PathsColumn,
                                                      QHeaderView::Stretch);
    m_table->setColumnWidth(ProfileListModel::NameColumn, 170);
    m_table->setColumnWidth(ProfileListModel::ModeColumn, 80);
    m_table->setColumnWidth(ProfileListModel::LastRunColumn, 220);
    // activated: a double click, or Enter on the keyboard.
    connect(m_table, &QTableView::activated, this, &MainWindow::editProfile);
    ll->addWidget(m_table, 1);

    auto* commandRow = new QHBoxLayout;
    auto* commandLabel = new QLabel(tr("Command:"), list);
    m_commandField = new QLineEdit(list);
    m_commandField->setObjectName(QStringLiteral("commandField"));
    m_commandField->setAccessibleName(tr("Equivalent command"));
    m_commandField->setAccessibleDescription(
        tr("The qrsync command that runs the selected profile"));
    m_commandField->setReadOnly(true);
    m_commandField->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    commandLabel->setBuddy(m_commandField);
    // No style fallback here: Qt has no "copy" picture, and a wrong one
    // misleads more than none.
    auto* copyButton =
        new QPushButton(QIcon::fromTheme(QStringLiteral("edit-copy")), tr("&Copy command"), list);
    copyButton->setObjectName(QStringLiteral("copyButton"));
    copyButton->setAccessibleName(tr("Copy command"));
    connect(copyButton, &QPushButton::clicked, this, &MainWindow::copyCommand);
    commandRow->addWidget(commandLabel);
    commandRow->addWidget(m_commandField, 1);
    commandRow->addWidget(copyButton);
    ll->addLayout(commandRow);
    m_stack->addWidget(list);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::updateActions);
    return m_stack;
}

void MainWindow::createTray()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(appIcon(), this);
    m_tray->setToolTip(tr("qrsync"));
    auto* menu = new QMenu(this);
    connect(menu, &QMenu::aboutToShow, this, [this, menu] {
        // Rebuilt on demand: the profile list changes while the app runs.
        menu->clear();
        for (const jobs::Profile& p : m_model->profiles()) {
            menu->addAction(tr("Run \u201c%1\u201d").arg(p.name), this, [this, id = p.id] {
                selectProfile(id);
                runProfile();
            });
        }
        menu->addSeparator();
        menu->addAction(tr("Show qrsync"), this, [this] {
            show();
            raise();
            activateWindow();
        });
        menu->addAction(tr("Quit"), this, &QWidget::close);
    });
    m_tray->setContextMenu(menu);
    m_tray->show();
    m_notifier = std::make_unique<TrayNotifier>(*m_tray);
}

void MainWindow::reloadProfiles(const QString& selectId)
{
    const std::optional<jobs::Profile> current = currentProfile();
    m_model->reload();
    m_stack->setCurrentIndex(m_model->rowCount() == 0 ? 0 : 1);
    const QString id = !selectId.isEmpty() ? selectId : (current ? current->id : QString());
    const int row = m_model->rowOf(id);
    if (m_model->rowCount() > 0)
        m_table->selectRow(row >= 0 ? row : 0);
    updateActions();
    updateStaleWarning();
}

QString MainWindow::staleWarning() const
{
    return m_staleWarning && !m_staleWarning->isHidden() ? m_staleWarning->text() : QString();
}

void MainWindow::updateStaleWarning()
{
    if (!m_staleWarning)
        return;
    const auto settings = jobs::loadAppSettings(m_paths.configDir).value_or(jobs::AppSettings{});
    const QList<backup::StaleProfile> stale = backup::staleProfiles(
        m_model->profiles(),
        [this](const QString& id) { return backup::lastSuccessfulRun(m_history, id); },
        QDateTime::currentDateTimeUtc(), settings.staleAfterDays);
    QStringList lines;
    QStringList ids;
    for (const backup::StaleProfile& s : stale) {
        lines << tr("No successful run of \u201c%1\u201d for %n day(s).", nullptr, int(s.days))
                     .arg(s.name);
        ids << s.id;
    }
    const QString text = lines.join(QLatin1Char('\n'));
    m_staleWarning->setText(text);
    m_staleWarning->setVisible(!text.isEmpty());
    if (m_tray)
        m_tray->setToolTip(text.isEmpty() ? tr("qrsync") : tr("qrsync \u2013 %1").arg(text));
    // Notify once per profile that became stale, not on every check.
    QStringList fresh;
    for (const QString& id : ids) {
        if (!m_staleIds.contains(id))
            fresh << id;
    }
    m_staleIds = ids;
    if (!fresh.isEmpty() && m_notifier && settings.notifications)
        m_notifier->notify(tr("Backups have not run"), text, true);
}

std::optional<jobs::Profile> MainWindow::currentProfile() const
{
    if (!m_table || !m_table->selectionModel())
        return std::nullopt;
    return m_model->profileAt(m_table->selectionModel()->currentIndex().row());
}

void MainWindow::selectProfile(const QString& profileId)
{
    const int row = m_model->rowOf(profileId);
    if (row >= 0)
        m_table->selectRow(row);
    updateActions();
}

void MainWindow::updateActions()
{
    const std::optional<jobs::Profile> p = currentProfile();
    const bool running = m_launcher->isRunning();
    for (QAction* a :
         {m_editAction, m_duplicateAction, m_deleteAction, m_historyAction, m_exportAction})
        a->setEnabled(p.has_value());
    m_previewAction->setEnabled(p.has_value() && !running);
    m_runAction->setEnabled(p.has_value() && !running);
    m_snapshotsAction->setEnabled(p.has_value() && p->snapshots.enabled);
    // A snapshot profile's transfer changes with each run (a new folder,
    // --link-dest to the last one): the command that runs it is the profile.
    m_commandField->setText(!p ? QString()
                            : p->snapshots.enabled
                                ? QStringLiteral("qrsync --profile ") + jobs::shellQuote(p->name)
                                : jobs::profileCommandLine(*p));
    m_commandField->setCursorPosition(0);
}

void MainWindow::newProfile()
{
    jobs::Profile fresh;
    fresh.name = m_store.freeName(tr("New profile"));
    auto* dialog = new ProfileDialog(m_store, fresh, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { reloadProfiles(dialog->savedProfile().id); });
    dialog->open();
}

void MainWindow::editProfile()
{
    const std::optional<jobs::Profile> p = currentProfile();
    if (!p)
        return;
    auto* dialog = new ProfileDialog(m_store, *p, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { reloadProfiles(dialog->savedProfile().id); });
    dialog->open();
}

void MainWindow::duplicateProfile()
{
    const std::optional<jobs::Profile> p = currentProfile();
    if (!p)
        return;
    auto copy = m_store.duplicate(p->id);
    if (!copy) {
        showError(tr("Duplicate profile"), copy.error().toString());
        return;
    }
    reloadProfiles(copy->id);
    statusBar()->showMessage(tr("Created \u201c%1\u201d.").arg(copy->name), statusMessageMs);
}

void MainWindow::deleteProfile()
{
    const std::optional<jobs::Profile> p = currentProfile();
    if (!p)
        return;
    auto* box = new QMessageBox(QMessageBox::Question, tr("Delete profile"),
                                tr("Delete the profile \u201c%1\u201d and its history? The files "
                                   "it copied are not touched.")
                                    .arg(p->name),
                                QMessageBox::Yes | QMessageBox::No, this);
    box->setObjectName(QStringLiteral("deleteConfirmation"));
    box->setDefaultButton(QMessageBox::No);
    box->setAttribute(Qt::WA_DeleteOnClose);
    const QStringList paths = p->sources + QStringList{p->destination};
    const bool daemon = std::any_of(paths.cbegin(), paths.cend(), [](const QString& path) {
        return jobs::locationKind(path) == jobs::LocationKind::Daemon;
    });
    connect(box, &QMessageBox::finished, this, [this, id = p->id, daemon](int answer) {
        if (answer != QMessageBox::Yes)
            return;
        auto removed = m_store.remove(id);
        if (!removed) {
            showError(tr("Delete profile"), removed.error().toString());
            return;
        }
        m_history.removeProfile(id);
        // Its keychain entry too (errors are moot: the profile is gone).
        // Only daemon profiles have one; others must not wake the keychain.
        if (daemon)
            PasswordStore::remove(this, id, [](const QString&) {});
        reloadProfiles();
    });
    box->open();
}

void MainWindow::previewProfile()
{
    if (const std::optional<jobs::Profile> p = currentProfile())
        m_launcher->preview(*p);
}

void MainWindow::runProfile()
{
    const std::optional<jobs::Profile> p = currentProfile();
    if (!p)
        return;
    if (!p->snapshots.enabled) {
        m_launcher->run(*p);
        return;
    }
    if (!m_snapshots) {
        m_snapshots = new SnapshotLauncher(m_paths, this);
        connect(m_snapshots, &SnapshotLauncher::finished, this,
                [this](const SnapshotLauncher::Outcome& outcome) {
                    statusBar()->showMessage(outcome.message);
                    if (outcome.recorded)
                        onRunRecorded(outcome.record, true);
                });
    }
    if (!m_snapshots->start(*p)) {
        statusBar()->showMessage(tr("A snapshot is already being made."));
        return;
    }
    statusBar()->showMessage(tr("Making a snapshot of \u201c%1\u201d\u2026").arg(p->name));
}

void MainWindow::onRunRecorded(const jobs::RunRecord& record, bool written)
{
    if (!written)
        statusBar()->showMessage(tr("Could not write the run's history."));
    reloadProfiles(record.profileId);
    const auto settings = jobs::loadAppSettings(m_paths.configDir).value_or(jobs::AppSettings{});
    if (m_notifier && settings.notifications) {
        const Notifier::Message m = Notifier::messageFor(record);
        m_notifier->notify(m.title, m.text, m.failure);
    }
    Q_EMIT runRecorded(record);
}

void MainWindow::showHistory()
{
    const std::optional<jobs::Profile> p = currentProfile();
    if (!p)
        return;
    auto* dialog = new HistoryDialog(m_history, *p, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::browseSnapshots()
{
    const std::optional<jobs::Profile> p = currentProfile();
    if (!p || !p->snapshots.enabled)
        return;
    const auto settings = jobs::loadAppSettings(m_paths.configDir).value_or(jobs::AppSettings{});
    auto* dialog = new SnapshotBrowserDialog(*p, settings, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showSettings()
{
    auto* dialog = new SettingsDialog(m_paths.configDir, options::compiledAsyncPaths(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

bool MainWindow::importProfileFrom(const QString& path)
{
    auto imported = m_store.importFrom(path);
    if (!imported) {
        showError(tr("Import profile"), imported.error().toString());
        return false;
    }
    reloadProfiles(imported->id);
    statusBar()->showMessage(tr("Imported \u201c%1\u201d.").arg(imported->name), statusMessageMs);
    return true;
}

bool MainWindow::exportProfileTo(const QString& path)
{
    const std::optional<jobs::Profile> p = currentProfile();
    if (!p)
        return false;
    auto written = m_store.exportTo(*p, path);
    if (!written) {
        showError(tr("Export profile"), written.error().toString());
        return false;
    }
    statusBar()->showMessage(tr("Exported to %1.").arg(path), statusMessageMs);
    return true;
}

PreviewDialog* MainWindow::previewWindow() const
{
    return m_launcher->previewWindow();
}

RunView* MainWindow::runWindow() const
{
    return m_launcher->runWindow();
}

void MainWindow::showError(const QString& title, const QString& text)
{
    auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorMessage"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::copyCommand()
{
    QGuiApplication::clipboard()->setText(m_commandField->text());
    statusBar()->showMessage(tr("Command copied to the clipboard."), statusMessageMs);
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About qrsync"),
        tr("<h3>qrsync %1</h3>"
           "<p>A Qt desktop sync application whose engine speaks the rsync "
           "protocol (versions 30 to 32). The same engine ships as the "
           "<tt>qrsync</tt> command, compatible with rsync.</p>"
           "<p>Built with Qt %2.</p>")
            .arg(QStringLiteral(QRSYNC_VERSION_STRING), QString::fromLatin1(qVersion())));
}

} // namespace qrsync::ui
