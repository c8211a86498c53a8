#include "jobs/jobworker_p.h"

#include "jobs/logging.h"
#include "protocol/itemheader.h"
#include "session/remotetransfer.h"

namespace qrsync::jobs {

namespace {

using session::SessionEvent;

// Local copies and remote-shell transfers report through the same events;
// only the function that runs them differs.
session::LocalTransferResult runTransfer(const options::TransferOptions& o,
                                         const session::EventSink& sink,
                                         const session::StopRequested& stop,
                                         const JobShared& shared)
{
    const transport::SshPrompts* prompts = shared.sshPrompts ? &*shared.sshPrompts : nullptr;
    return session::isRemoteTransfer(o) ? session::runRemoteShellTransfer(o, sink, stop, prompts)
                                        : session::runLocalTransfer(o, sink, stop);
}

bool stopRequested(const JobShared& shared)
{
    return shared.stop.load() || (shared.externalStop && shared.externalStop());
}

JobMessage toMessage(const session::MessageEvent& m)
{
    JobMessage out;
    out.level = m.level == session::MessageEvent::Level::Warning ? JobMessage::Level::Warning
                                                                 : JobMessage::Level::Error;
    out.text = QString::fromUtf8(m.text).trimmed();
    return out;
}

// The options every job adds to the profile's: itemized events (the plan
// and the history are made of them) and per-file progress from the sender.
options::TransferOptions jobOptions(options::TransferOptions o, bool dryRun)
{
    o.dryRun = dryRun;
    o.itemizeChanges = std::max(o.itemizeChanges, 1);
    o.progress = !dryRun;
    o.quiet = false;
    o.listOnly = false;
    return o;
}

// The plan: a dry run whose items give the exact set of files to send.
// Both phases count items and deletions and pass errors on the same way.
void recordItem(JobShared& shared, const JobItem& item, bool publish)
{
    std::lock_guard lock(shared.mutex);
    ++shared.itemsSeen;
    if (item.action == ItemAction::Deleted)
        ++shared.deletions;
    if (publish)
        shared.pendingItems << item;
}

void recordMessage(JobShared& shared, const session::MessageEvent& m)
{
    if (m.level == session::MessageEvent::Level::Info)
        return;
    std::lock_guard lock(shared.mutex);
    shared.pendingMessages << toMessage(m);
    ++shared.errorCount;
}

session::LocalTransferResult plan(const options::TransferOptions& o, bool publishItems,
                                  JobShared& shared)
{
    qint64 files = 0;
    qint64 bytes = 0;
    const bool remote = session::isRemoteTransfer(o);
    auto sink = [&](const SessionEvent& event) {
        if (const auto* item = std::get_if<session::ItemEvent>(&event)) {
            if ((item->iflags & protocol::kItemTransfer) && item->file.isRegular()) {
                ++files;
                bytes += item->file.size;
            }
            recordItem(shared, jobItemFromEvent(*item, remote), publishItems);
        } else if (const auto* m = std::get_if<session::MessageEvent>(&event)) {
            recordMessage(shared, *m);
        }
    };
    session::LocalTransferResult r = runTransfer(
        jobOptions(o, true), sink, [&] { return stopRequested(shared); }, shared);
    std::lock_guard lock(shared.mutex);
    shared.filesTotal = files;
    shared.bytesTotal = bytes;
    return r;
}

session::LocalTransferResult transfer(const options::TransferOptions& o, JobShared& shared)
{
    const bool remote = session::isRemoteTransfer(o);
    auto sink = [&](const SessionEvent& event) {
        if (const auto* p = std::get_if<session::ProgressEvent>(&event)) {
            if (p->phaseEnd)
                return;
            std::lock_guard lock(shared.mutex);
            if (p->finished) {
                ++shared.filesDone;
                shared.bytesDoneBefore += p->total;
                shared.currentFileDone = p->total;
            } else {
                shared.currentFileDone = p->done;
            }
            shared.currentFile = QString::fromUtf8(p->name);
            shared.currentFileSize = p->total;
            // The plan could not see files that appeared since; keep the
            // totals honest rather than past 100%.
            shared.filesTotal = std::max(shared.filesTotal, shared.filesDone);
            shared.bytesTotal = std::max(shared.bytesTotal, shared.bytesDoneBefore);
        } else if (const auto* item = std::get_if<session::ItemEvent>(&event)) {
            recordItem(shared, jobItemFromEvent(*item, remote), true);
        } else if (const auto* m = std::get_if<session::MessageEvent>(&event)) {
            recordMessage(shared, *m);
        }
    };
    return runTransfer(
        jobOptions(o, false), sink, [&] { return stopRequested(shared); }, shared);
}

void setPhase(JobShared& shared, JobPhase phase)
{
    std::lock_guard lock(shared.mutex);
    shared.phase = phase;
    shared.itemsSeen = 0;
    shared.deletions = 0;
}

} // namespace

void runJob(const options::TransferOptions& o, JobKind kind, JobShared& shared)
{
    if (kind == JobKind::RunUnplanned) {
        setPhase(shared, JobPhase::Transferring);
        session::LocalTransferResult r = transfer(o, shared);
        std::lock_guard lock(shared.mutex);
        shared.outcome = std::move(r);
        return;
    }
    setPhase(shared, JobPhase::Planning);
    session::LocalTransferResult r = plan(o, kind == JobKind::Preview, shared);
    qCDebug(lcJobs) << "plan finished, exit" << int(r.exitCode);
    // A plan that failed outright (bad source, a signal) ends the job; one
    // with partial errors (exit 23/24) still lets the real run do what it
    // can, as rsync would.
    const bool planFatal = r.error.has_value() || r.exitCode == ExitCode::Signal;
    if (kind == JobKind::Run && !planFatal && !stopRequested(shared)) {
        setPhase(shared, JobPhase::Transferring);
        r = transfer(o, shared);
    }
    std::lock_guard lock(shared.mutex);
    shared.outcome = std::move(r);
}

JobProgress takeJobProgress(JobShared& s, QList<JobItem>& items, QList<JobMessage>& messages)
{
    JobProgress p;
    bool workerDone = false;
    {
        std::lock_guard lock(s.mutex);
        p.phase = s.phase;
        p.filesTotal = s.filesTotal;
        p.bytesTotal = s.bytesTotal;
        p.filesDone = s.filesDone;
        const bool fileOpen = s.currentFileDone < s.currentFileSize;
        p.bytesDone = s.bytesDoneBefore + (fileOpen ? s.currentFileDone : 0);
        p.currentFile = s.currentFile;
        p.currentFileDone = s.currentFileDone;
        p.currentFileSize = s.currentFileSize;
        p.itemsSeen = s.itemsSeen;
        p.errorCount = s.errorCount;
        workerDone = s.outcome.has_value();
        items += std::exchange(s.pendingItems, {});
        messages += std::exchange(s.pendingMessages, {});
    }
    if (p.phase == JobPhase::Planning && !workerDone) {
        // Totals are only exact once the plan is done.
        p.filesTotal = -1;
        p.bytesTotal = -1;
    }
    return p;
}

JobResult finishedJobResult(JobShared& shared, JobKind kind, JobProgress& p)
{
    session::LocalTransferResult outcome;
    qint64 deletions = 0;
    {
        std::lock_guard lock(shared.mutex);
        if (shared.outcome)
            outcome = *shared.outcome;
        deletions = shared.deletions;
    }
    p.phase = JobPhase::Finished;
    if (kind != JobKind::Preview && outcome.exitCode == ExitCode::Ok)
        p.bytesDone = std::max<qint64>(p.bytesDone, p.bytesTotal);
    p.etaSeconds = outcome.exitCode == ExitCode::Ok ? 0 : -1;

    JobResult r;
    r.dryRun = kind == JobKind::Preview;
    r.exitCode = outcome.exitCode;
    r.error = outcome.error;
    r.cancelled = stopRequested(shared) && outcome.exitCode == ExitCode::Signal;
    r.stats = outcome.stats;
    r.driverUsed = outcome.driverUsed;
    r.workersUsed = outcome.workersUsed;
    r.sshUsed = outcome.sshUsed;
    r.deletions = deletions;
    if (kind == JobKind::Preview) {
        r.filesTransferred = p.filesTotal;
        r.bytesTransferred = p.bytesTotal;
    } else {
        r.filesTransferred = p.filesDone;
        r.bytesTransferred = p.bytesDone;
    }
    return r;
}

} // namespace qrsync::jobs
