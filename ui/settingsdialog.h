#pragma once

// Settings: General (notifications, start minimised) and Async paths (the
// four kill switches, each explained; paths not compiled in are greyed
// out). Reads and writes jobs::AppSettings, the same file headless runs
// use.

#include "jobs/appsettings.h"
#include "options/transferoptions.h"

#include <QDialog>

class QCheckBox;
class QSpinBox;
class QLabel;
class QTabWidget;

namespace qrsync::ui {

class SettingsDialog final : public QDialog
{
    Q_OBJECT

public:
    // compiled: the paths this build has (options::compiledAsyncPaths()).
    SettingsDialog(const QString& configDir, const options::AsyncPaths& compiled,
                   QWidget* parent = nullptr);

    jobs::AppSettings settings() const;
    QTabWidget* tabs() const { return m_tabs; }

    void accept() override;

private:
    QWidget* createGeneralPage();
    QWidget* createAsyncPage(const options::AsyncPaths& compiled);

    QString m_configDir;
    jobs::AppSettings m_loaded;
    QTabWidget* m_tabs = nullptr;
    QCheckBox* m_notifications = nullptr;
    QCheckBox* m_startMinimised = nullptr;
    QSpinBox* m_staleAfter = nullptr;
    QCheckBox* m_daemon = nullptr;
    QCheckBox* m_ssh = nullptr;
    QCheckBox* m_receiver = nullptr;
    QCheckBox* m_workers = nullptr;
    QLabel* m_error = nullptr;
};

} // namespace qrsync::ui
