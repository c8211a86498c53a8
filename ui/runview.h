#pragma once

// The run view: a live picture of one JobRunner in Run mode. Overall
// progress from the plan's exact totals, bytes/s, ETA, the current file
// with its own progress, files done/total, errors as they come, Cancel.
// It only listens to the runner's (coalesced) signals; the GUI thread
// never waits on the engine.

#include "jobs/jobprogress.h"

#include <QDialog>

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;

namespace qrsync::jobs {
class JobRunner;
}

namespace qrsync::ui {

class RunView final : public QDialog
{
    Q_OBJECT

public:
    // Watches `runner` (not owned; it must outlive the view or be its child).
    RunView(jobs::JobRunner& runner, const QString& profileName, QWidget* parent = nullptr);

    bool isFinished() const { return m_finished; }

    // Escape or the window's close button during a run cancel it (the
    // view stays until the engine has stopped and the result is shown),
    // so a run never goes on unseen or ends without its record.
    void reject() override;

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void requestCancel();
    void showProgress(const jobs::JobProgress& p);
    void addMessages(const QList<jobs::JobMessage>& messages);
    void showResult(const jobs::JobResult& r);

    jobs::JobRunner& m_runner;
    bool m_finished = false;
    QLabel* m_phase = nullptr;
    QProgressBar* m_overall = nullptr;
    QLabel* m_files = nullptr;
    QLabel* m_bytes = nullptr;
    QLabel* m_rate = nullptr;
    QLabel* m_eta = nullptr;
    QLabel* m_currentFile = nullptr;
    QProgressBar* m_fileProgress = nullptr;
    QListWidget* m_errors = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_close = nullptr;
};

} // namespace qrsync::ui
