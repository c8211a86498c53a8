#pragma once

// The worker side of JobRunner: what runs on the job's thread, and the
// state it shares with the runner. The worker only appends to and updates
// this state under its mutex; it never touches a QObject. The runner reads
// it on its own timer, so however many events the engine produces, the
// GUI thread sees at most one update per tick (style guide: coalesced
// progress).

#include "jobs/jobitem.h"
#include "jobs/jobprogress.h"
#include "options/transferoptions.h"
#include "session/localtransfer.h"
#include "transport/sshtarget.h"

#include <QList>

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>

namespace qrsync::jobs {

enum class JobKind
{
    Preview, // the plan only (a dry run): items, totals, nothing changed
    Run,     // the plan for exact totals, then the real transfer
    // The transfer alone, without totals: for headless runs nobody watches
    // (scheduled snapshots), where the plan would only double the tree walk.
    RunUnplanned,
};

struct JobShared
{
    std::atomic<bool> stop{false};
    // Also asked between slices of work (the CLI's signal flag); set before
    // runJob starts, never changed while it runs.
    std::function<bool()> externalStop;
    // The built-in SSH client's questions (host key, passphrase, password),
    // set before runJob starts; none: the non-interactive answers.
    std::optional<transport::SshPrompts> sshPrompts;

    std::mutex mutex; // guards everything below
    JobPhase phase = JobPhase::Idle;
    qint64 filesTotal = -1;
    qint64 bytesTotal = -1;
    qint64 filesDone = 0;
    qint64 bytesDoneBefore = 0; // finished files of the transfer phase
    QString currentFile;
    qint64 currentFileDone = 0;
    qint64 currentFileSize = 0;
    qint64 itemsSeen = 0;
    qint64 deletions = 0;
    int errorCount = 0;
    QList<JobItem> pendingItems; // reported items not yet handed to the runner
    QList<JobMessage> pendingMessages;
    std::optional<session::LocalTransferResult> outcome; // set when the worker is done
};

// Runs the job to the end on the calling thread (a worker thread: the
// engine may run a local event loop).
void runJob(const options::TransferOptions& options, JobKind kind, JobShared& shared);

// A progress snapshot (elapsed time and rate left to the caller), moving
// the items and messages reported since the last call into the lists.
JobProgress takeJobProgress(JobShared& shared, QList<JobItem>& items, QList<JobMessage>& messages);

// The result of a job whose runJob has returned, and its final progress
// (`progress` comes in as the last snapshot and leaves completed). The
// caller fills in started/finished. One place, so the desktop app and
// headless runs report a run identically.
JobResult finishedJobResult(JobShared& shared, JobKind kind, JobProgress& progress);

} // namespace qrsync::jobs
