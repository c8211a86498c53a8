#pragma once

// A local copy (both paths on this machine), run as stock rsync runs one:
// a client sender and a server receiving side talking the real protocol
// (protocol 32) over an in-process channel. Which driver moves the bytes
// follows the async switches (docs/design/async-migration.md).

#include "core/result.h"
#include "options/transferoptions.h"
#include "session/events.h"
#include "session/rolepairdriver.h"

#include <functional>

namespace qrsync::session {

struct LocalTransferResult
{
    ExitCode exitCode = ExitCode::Ok;
    std::optional<Error> error; // the fatal error, if one stopped the run
    TransferStats stats;        // as the client sender counted them
    qint64 bytesSent = 0;       // client's raw bytes out
    qint64 bytesReceived = 0;   // client's raw bytes in
    QByteArray driverUsed;      // "event-loop" or "blocking"
    QByteArray workersUsed;     // "pool" or "inline"
    QByteArray sshUsed;         // built-in SSH client: "event-loop" or "blocking"
    // The peer ended the run with MSG_ERROR_EXIT after its own exit line;
    // stock's client prints none of its own then (io.c, cleanup.c).
    bool exitAlreadyReported = false;
};

// Runs the transfer to completion on the calling thread (the event-loop
// driver runs a local event loop; do not call from a GUI thread).
// `stop` is polled between slices of work; when it returns true the run
// ends with ExitCode::Signal, keeping partial data as --partial asks.
LocalTransferResult runLocalTransfer(const options::TransferOptions& options, const EventSink& sink,
                                     const StopRequested& stop = {});

// --list-only (or a single source without a destination): lists the
// sources as the sender sees them, in rsync's format, through `sink`.
LocalTransferResult runLocalListing(const options::TransferOptions& options, const EventSink& sink);

} // namespace qrsync::session
