#pragma once

// Starts previews and runs of profiles for the main window (and its tray
// menu): builds the run options from the profile and the saved settings,
// opens a PreviewDialog or a RunView, and records each finished run in the
// history. One run at a time: two runs mirroring one folder would race.

#include "apppaths.h"
#include "jobs/profile.h"
#include "jobs/runrecord.h"
#include "options/transferoptions.h"

#include <QObject>
#include <QPointer>

#include <functional>

class QWidget;

namespace qrsync::jobs {
class JobRunner;
struct JobResult;
} // namespace qrsync::jobs

namespace qrsync::ui {

class PreviewDialog;
class RunView;

class RunLauncher final : public QObject
{
    Q_OBJECT

public:
    // Windows open over `window`; records go to `history` (which must
    // outlive the launcher).
    RunLauncher(const AppPaths& paths, jobs::HistoryStore& history, QWidget* window);

    void preview(const jobs::Profile& profile);
    void run(const jobs::Profile& profile);

    bool isRunning() const;
    // The window of the most recent preview or run, while it is open.
    PreviewDialog* previewWindow() const;
    RunView* runWindow() const;

Q_SIGNALS:
    void runningChanged(bool running);
    // A run ended; `written` is false when the history could not be saved.
    void runRecorded(const qrsync::jobs::RunRecord& record, bool written);
    // The profile could not be previewed or run (invalid, remote...).
    void refused(const QString& title, const QString& text);

private:
    // Reads a daemon profile's password from the keychain (asynchronously)
    // into a copy of `options`, then calls `then`; other profiles go on at
    // once.
    void withDaemonPassword(const jobs::Profile& profile, const options::TransferOptions& options,
                            std::function<void(const options::TransferOptions&)> then);
    void openPreview(const jobs::Profile& profile, const options::TransferOptions& options);
    void startRun(const jobs::Profile& profile, const options::TransferOptions& options);
    void onRunFinished(const jobs::Profile& profile, const jobs::JobRunner& runner,
                       const jobs::JobResult& result);

    AppPaths m_paths;
    jobs::HistoryStore& m_history;
    QWidget* m_window;
    QPointer<PreviewDialog> m_preview;
    QPointer<RunView> m_run;
    bool m_starting = false; // waiting for the keychain before a run
};

} // namespace qrsync::ui
