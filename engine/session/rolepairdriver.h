#pragma once

// The blocking driver: a thread per role, each reading, advancing and
// writing in order over a connected socket. Its event-loop counterpart is
// EventLoopChannelDriver (channeldriver.h); both run the same roles
// (docs/design/async-migration.md).

#include "session/role.h"

#include <atomic>
#include <functional>
#include <mutex>

#include <sys/types.h>

namespace qrsync::session {

using EventSink = std::function<void(const SessionEvent&)>;
// Asked between slices of work; true stops the run (a signal arrived).
using StopRequested = std::function<bool()>;

// What a connection's options ask of its driver: --timeout (seconds
// without any traffic before the run fails with exit 30; keep-alives are
// sent after half of it) and --bwlimit (bytes per second written).
struct ChannelLimits
{
    int timeoutSeconds = 0;
    qint64 bytesPerSecond = 0;
};

// The error rsync reports when a connection timed out (io.c check_timeout).
Error timeoutError(const Role& role, int seconds);

struct PairOutcome
{
    std::optional<Error> clientError;
    std::optional<Error> serverError;
    bool stopped = false; // stopRequested() said so before the roles finished
};

// The blocking driver's loop for one role on one connection: write, read,
// advance, until the role is done, failed, or stop() asks (which also sets
// `stopped` for the other side). Runs on the calling thread. The
// connection is one socket (inFd == outFd) or a pair of pipes (a server's
// stdin and stdout); both are made non-blocking.
void serveBlocking(Role& role, int inFd, int outFd, const EventSink& sink,
                   const StopRequested& stop, std::atomic<bool>& stopped,
                   const ChannelLimits& limits = {});
inline void serveBlocking(Role& role, int fd, const EventSink& sink, const StopRequested& stop,
                          std::atomic<bool>& stopped)
{
    serveBlocking(role, fd, fd, sink, stop, stopped);
}

// Writes what the descriptor takes now: send() without SIGPIPE on a socket,
// write() on a pipe. Returns the count, or -1 with errno set.
ssize_t writeSome(int fd, const char* data, size_t size);

class BlockingPairDriver
{
public:
    BlockingPairDriver(Role& client, Role& server, EventSink sink, StopRequested stop = {},
                       ChannelLimits limits = {});
    // Runs both roles to the end on two threads; returns when both stopped.
    PairOutcome run();

private:
    Role& m_client;
    Role& m_server;
    EventSink m_sink;
    StopRequested m_stop;
    ChannelLimits m_limits;
    std::mutex m_sinkMutex;
};

} // namespace qrsync::session
