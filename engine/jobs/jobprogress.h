#pragma once

// The values a JobRunner publishes: progress snapshots, messages and the
// final result. Plain, copyable data so they cross threads by value.

#include "core/result.h"
#include "session/events.h"

#include <QByteArray>
#include <QDateTime>
#include <QMetaType>
#include <QString>

#include <optional>

namespace qrsync::jobs {

enum class JobPhase
{
    Idle,
    Planning,     // a dry run that finds what will change (exact totals, the preview)
    Transferring, // the real run
    Finished,
};

// A snapshot of a running job. Totals come from the plan, so they are
// exact: bytesTotal is the size of the files that will be sent, not of the
// whole tree. -1 means "not known yet".
struct JobProgress
{
    JobPhase phase = JobPhase::Idle;
    qint64 filesTotal = -1;
    qint64 filesDone = 0;
    qint64 bytesTotal = -1;
    qint64 bytesDone = 0;
    QString currentFile;
    qint64 currentFileDone = 0;
    qint64 currentFileSize = 0;
    qint64 itemsSeen = 0;      // items reported so far in this phase
    double bytesPerSecond = 0; // over the last few seconds
    qint64 etaSeconds = -1;    // -1: unknown
    qint64 elapsedMs = 0;
    int errorCount = 0;

    // 0..100, or -1 while the total is unknown.
    int percent() const;

    friend bool operator==(const JobProgress&, const JobProgress&) = default;
};

struct JobMessage
{
    enum class Level
    {
        Warning,
        Error
    };
    Level level = Level::Error;
    QString text; // the engine's sentence, without the trailing newline

    friend bool operator==(const JobMessage&, const JobMessage&) = default;
};

struct JobResult
{
    ExitCode exitCode = ExitCode::Ok;
    std::optional<Error> error; // what stopped the run, if anything did
    bool cancelled = false;     // stopped by cancel()
    bool dryRun = false;        // a preview: nothing was changed
    QDateTime started;          // UTC
    QDateTime finished;         // UTC
    session::TransferStats stats;
    qint64 filesTransferred = 0;
    qint64 bytesTransferred = 0;
    qint64 deletions = 0;
    QByteArray driverUsed;  // receiver path: "event-loop+pipelined-writes" or "blocking-in-order"
    QByteArray workersUsed; // workers path: "pool" or "inline"
    QByteArray sshUsed;     // ssh path, built-in client only: "event-loop" or "blocking"

    bool succeeded() const { return exitCode == ExitCode::Ok; }
};

} // namespace qrsync::jobs

Q_DECLARE_METATYPE(qrsync::jobs::JobProgress)
Q_DECLARE_METATYPE(qrsync::jobs::JobMessage)
Q_DECLARE_METATYPE(qrsync::jobs::JobResult)
