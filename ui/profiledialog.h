#pragma once

// Creates or edits one profile: paths and mode, grouped rsync options,
// filters (with the tester) and the equivalent command line. Saving goes
// through ProfileStore, so its rules (unique names, valid ids) apply; the
// dialog stays open with the reason when saving is refused.

#include "jobs/profile.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QRadioButton;
class QSpinBox;
class QTabWidget;
class QTimeEdit;

namespace qrsync::jobs {
class ProfileStore;
}

namespace qrsync::ui {

class FilterEditor;

class ProfileDialog final : public QDialog
{
    Q_OBJECT

public:
    ProfileDialog(jobs::ProfileStore& store, const jobs::Profile& profile,
                  QWidget* parent = nullptr);

    // The profile as the widgets describe it now.
    jobs::Profile profile() const;
    // After accept(): the profile as stored (with its id).
    const jobs::Profile& savedProfile() const { return m_saved; }
    QString errorText() const;

    void accept() override;

    // Where Save writes the schedule's systemd units (tests point it at a
    // temporary folder); systemctl is used only for the default folder.
    void setUnitDirectory(const QString& dir) { m_unitDirectory = dir; }
    // What happened to the schedule on the last Save ("timer enabled", "no
    // systemd user manager ..."), empty when it did not change.
    QString scheduleNote() const { return m_scheduleNote; }
    // The next runs the schedule page shows, as text.
    QString nextRunsText() const;

private:
    QWidget* createSnapshotsPage();
    void updateSchedulePreview();
    void simulateRetention();
    QWidget* createGeneralPage();
    QWidget* createOptionsPage();
    QWidget* createCommandPage();
    void setProfile(const jobs::Profile& profile);
    void addSource();
    void browseSource();
    void browseDestination();
    void updateDerived();
    void showError(const QString& text);
    bool usesDaemon() const;
    bool usesRemoteShell() const;

    jobs::ProfileStore& m_store;
    jobs::Profile m_original;
    jobs::Profile m_saved;

    QTabWidget* m_tabs = nullptr;
    QLineEdit* m_name = nullptr;
    QListWidget* m_sources = nullptr;
    QLineEdit* m_sourceEdit = nullptr;
    QLineEdit* m_destination = nullptr;
    QLineEdit* m_password = nullptr;
    QRadioButton* m_mirror = nullptr;
    QRadioButton* m_backup = nullptr;
    QCheckBox* m_permissions = nullptr;
    QCheckBox* m_times = nullptr;
    QCheckBox* m_symlinks = nullptr;
    QCheckBox* m_owner = nullptr;
    QCheckBox* m_group = nullptr;
    QCheckBox* m_devices = nullptr;
    QCheckBox* m_hardLinks = nullptr;
    QCheckBox* m_checksum = nullptr;
    QCheckBox* m_sizeOnly = nullptr;
    QCheckBox* m_update = nullptr;
    QCheckBox* m_ignoreExisting = nullptr;
    QSpinBox* m_modifyWindow = nullptr;
    QCheckBox* m_compress = nullptr;
    QCheckBox* m_partial = nullptr;
    QCheckBox* m_sparse = nullptr;
    QCheckBox* m_wholeFile = nullptr;
    QSpinBox* m_bandwidth = nullptr;
    QWidget* m_deleteGroup = nullptr;
    QComboBox* m_deleteWhen = nullptr;
    QCheckBox* m_deleteExcluded = nullptr;
    QSpinBox* m_maxDelete = nullptr;
    QWidget* m_remoteGroup = nullptr;
    QLineEdit* m_remoteShell = nullptr;
    QLineEdit* m_rsyncPath = nullptr;
    FilterEditor* m_filters = nullptr;
    QPlainTextEdit* m_command = nullptr;
    QPlainTextEdit* m_rsyncCommand = nullptr;
    QCheckBox* m_snapshots = nullptr;
    QWidget* m_retentionGroup = nullptr;
    QSpinBox* m_keepLast = nullptr;
    QSpinBox* m_hourly = nullptr;
    QSpinBox* m_daily = nullptr;
    QSpinBox* m_weekly = nullptr;
    QSpinBox* m_monthly = nullptr;
    QSpinBox* m_yearly = nullptr;
    QSpinBox* m_minFree = nullptr;
    QComboBox* m_scheduleKind = nullptr;
    QTimeEdit* m_scheduleTime = nullptr;
    QList<QCheckBox*> m_days;
    QLineEdit* m_calendar = nullptr;
    QLabel* m_nextRuns = nullptr;
    QCheckBox* m_acPower = nullptr;
    QCheckBox* m_mounted = nullptr;
    QSpinBox* m_randomDelay = nullptr;
    QLabel* m_managerNote = nullptr;
    QString m_checkedExpression;
    QString m_unitDirectory;
    QString m_scheduleNote;
    bool m_scheduleDirty = false; // saved, but its units are not installed yet
    QLabel* m_error = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace qrsync::ui
