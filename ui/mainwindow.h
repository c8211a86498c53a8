#pragma once

#include "apppaths.h"
#include "jobs/profile.h"
#include "jobs/profilestore.h"
#include "jobs/runrecord.h"

#include <QMainWindow>

#include <memory>
#include <optional>

class QAction;
class QIcon;
class QLineEdit;
class QStackedWidget;
class QLabel;
class QSystemTrayIcon;
class QTableView;

namespace qrsync::ui {

class InAppScheduler;
class SnapshotLauncher;
class ProfileListModel;
class Notifier;
class PreviewDialog;
class RunLauncher;
class RunView;

// The desktop app's main window: the list of profiles and the actions on
// them. Each action opens its own window (ProfileDialog, PreviewDialog,
// RunView, HistoryDialog, SettingsDialog) without a nested event loop;
// the logic lives in engine/jobs, this class only wires it to widgets.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(const AppPaths& paths = {}, QWidget* parent = nullptr);
    ~MainWindow() override;

    // The application icon: the SVG when the Qt SVG plugin is present, the
    // PNG renders of it otherwise (resources/icons/render-png.sh).
    static QIcon appIcon();

    // Window geometry lives in QSettings("qrsync", "qrsync"). Reading it is
    // not done by the constructor so that `--screenshot` always renders the
    // default size, whatever the user last did with the window.
    void restoreSettings();
    void saveSettings() const;

    ProfileListModel& profileModel() const { return *m_model; }
    QTableView* profileTable() const { return m_table; }
    std::optional<jobs::Profile> currentProfile() const;
    void selectProfile(const QString& profileId);

    // The actions, callable directly (tests, the tray). Each opens a
    // window and returns at once.
    void newProfile();
    void editProfile();
    void duplicateProfile();
    void deleteProfile(); // asks first
    void previewProfile();
    void runProfile();
    void showHistory();
    // The snapshot browser and restore of a snapshot profile.
    void browseSnapshots();
    void showSettings();
    // Import/export with the path given (the menu actions ask for it).
    bool importProfileFrom(const QString& path);
    bool exportProfileTo(const QString& path);

    // Where end-of-run notifications go (the tray's by default, when the
    // desktop has a tray; tests pass a fake).
    void setNotifier(std::unique_ptr<Notifier> notifier);

    // The "last successful run too long ago" warning shown above the
    // profiles (and as the tray's tooltip); empty when all is well.
    QString staleWarning() const;
    // Re-checks it (the window also does, hourly and after each run).
    void updateStaleWarning();

    // The in-app scheduler, when no systemd user manager can run the
    // profiles' timers (nullptr otherwise).
    InAppScheduler* inAppScheduler() const { return m_scheduler; }
    SnapshotLauncher* snapshotLauncher() const { return m_snapshots; }

    // The window of the most recent preview or run, while it is open.
    PreviewDialog* previewWindow() const;
    RunView* runWindow() const;

Q_SIGNALS:
    // A run of a profile ended and its record was written.
    void runRecorded(const qrsync::jobs::RunRecord& record);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    QWidget* createCentral();
    void createTray();
    void updateActions();
    void reloadProfiles(const QString& selectId = {});
    void onRunRecorded(const jobs::RunRecord& record, bool written);
    void showError(const QString& title, const QString& text);
    void copyCommand();
    void showAbout();

    AppPaths m_paths;
    jobs::ProfileStore m_store;
    jobs::HistoryStore m_history;
    ProfileListModel* m_model = nullptr;
    QStackedWidget* m_stack = nullptr;
    QTableView* m_table = nullptr;
    QLineEdit* m_commandField = nullptr;
    QLabel* m_staleWarning = nullptr;
    QStringList m_staleIds;                  // profiles already warned about
    InAppScheduler* m_scheduler = nullptr;   // only without a systemd user manager
    SnapshotLauncher* m_snapshots = nullptr; // runs snapshot profiles
    QSystemTrayIcon* m_tray = nullptr;
    std::unique_ptr<Notifier> m_notifier; // the tray's, when there is a tray
    RunLauncher* m_launcher = nullptr;

    QAction* m_newAction = nullptr;
    QAction* m_editAction = nullptr;
    QAction* m_duplicateAction = nullptr;
    QAction* m_deleteAction = nullptr;
    QAction* m_previewAction = nullptr;
    QAction* m_runAction = nullptr;
    QAction* m_historyAction = nullptr;
    QAction* m_snapshotsAction = nullptr;
    QAction* m_importAction = nullptr;
    QAction* m_exportAction = nullptr;
    QAction* m_settingsAction = nullptr;
};

} // namespace qrsync::ui
