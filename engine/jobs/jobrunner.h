#pragma once

// Runs one transfer job off the calling thread and reports it through
// signals: the single source every progress view listens to (the desktop
// run view, the preview, history recording).
//
// Call contract (KJob-like):
// - start() only schedules: the work runs on a thread the runner owns, and
//   no signal is emitted before start() returns.
// - progressChanged, itemsReported and messagesReported are coalesced:
//   emitted at most once per progress interval (and a last time before
//   result), however many files the engine handles.
// - result is emitted exactly once per start(), after the last progress.
// - cancel() asks the engine to stop between slices of work; the run then
//   ends with ExitCode::Signal and `cancelled`. No half-written file is left
//   under its final name (the engine writes into a temporary file beside
//   it and renames when complete).
// Lifetime: owned by its parent or the caller. Destroying a running job
// cancels it and waits for its thread (the engine checks the stop flag
// between slices, so this is short).

#include "jobs/jobitem.h"
#include "jobs/jobprogress.h"
#include "options/transferoptions.h"
#include "transport/sshtarget.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

#include <deque>
#include <memory>
#include <optional>

class QThread;

namespace qrsync::jobs {

struct JobShared;
enum class JobKind;

class JobRunner final : public QObject
{
    Q_OBJECT

public:
    enum class Mode
    {
        Preview, // dry run: itemsReported lists what a run would change
        Run,     // plan (exact totals) then transfer: itemsReported lists what changed
    };
    Q_ENUM(Mode)

    static constexpr int kDefaultProgressIntervalMs = 150;

    explicit JobRunner(QObject* parent = nullptr);
    ~JobRunner() override;

    // Schedules the job. Refused (returns false) while one is running.
    bool start(const options::TransferOptions& options, Mode mode);
    void cancel();

    bool isRunning() const { return m_thread != nullptr; }
    Mode mode() const { return m_mode; }
    const JobProgress& progress() const { return m_progress; }
    // Every item reported so far in this run (for the history record).
    const QList<JobItem>& items() const { return m_items; }
    const QList<JobMessage>& messages() const { return m_messages; }

    // How often the GUI thread hears from a running job.
    void setProgressInterval(int ms);
    // Answers for the built-in SSH client's questions in the jobs started
    // from now on; they are called on a worker thread and may block it
    // (never the GUI thread). Without them unknown hosts are refused and
    // no passphrase or password is asked.
    void setSshPrompts(transport::SshPrompts prompts);

Q_SIGNALS:
    void progressChanged(const qrsync::jobs::JobProgress& progress);
    void itemsReported(const QList<qrsync::jobs::JobItem>& items);
    void messagesReported(const QList<qrsync::jobs::JobMessage>& messages);
    void result(const qrsync::jobs::JobResult& result);

private:
    void tick();
    void onThreadFinished();
    JobProgress snapshot();
    void updateRate(JobProgress& p);

    Mode m_mode = Mode::Run;
    std::shared_ptr<JobShared> m_shared;
    std::unique_ptr<QThread> m_thread; // while a job runs
    QTimer m_timer;
    QElapsedTimer m_clock;
    JobProgress m_progress;
    JobResult m_result;
    QList<JobItem> m_items;
    QList<JobMessage> m_messages;
    struct Sample
    {
        qint64 ms;
        qint64 bytes;
    };
    std::deque<Sample> m_samples; // recent (time, bytesDone), for the rate
    std::optional<transport::SshPrompts> m_sshPrompts;
};

} // namespace qrsync::jobs
