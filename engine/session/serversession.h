#pragma once

// `qrsync --server [--sender] ...` as a stock rsync client starts it through
// a remote shell (rsync main.c start_server): the protocol on stdin and
// stdout, our receiving side for a push, our sender for a pull. Everything
// for the user goes to the client as messages; stderr is for what happens
// before the connection is multiplexed.

#include "options/serverargs.h"
#include "session/rolepairdriver.h"
#include "session/workers.h"

#include <memory>

namespace qrsync::session {

// A server's role, built from its invocation; shared by runServer and the
// daemon, which drives it itself.
struct PreparedServer
{
    std::unique_ptr<Role> role;
    bool sends = false; // a pull: the server is the sender
};

// `invocation` with any -s arguments already merged. `peerProtocol`: the
// client's protocol when a daemon greeting exchanged it (0 otherwise).
// `sharedWorkers` replaces the session's own (a daemon shares one pool
// between its sessions). Errors (a bad filter rule, an option value) come
// before any byte is sent.
Result<PreparedServer> prepareServer(const options::ServerInvocation& invocation,
                                     int peerProtocol = 0,
                                     std::shared_ptr<Workers> sharedWorkers = {});

// The exit code once the driver has finished with the role; `stopped`
// when a signal ended it (a receiver then drops its partial file).
ExitCode finishServer(PreparedServer& server, bool stopped);

// Runs the server to the end and returns its exit code. `inFd`/`outFd` are
// the connection (stdin and stdout for a real server).
ExitCode runServer(const options::ServerInvocation& invocation, int inFd, int outFd,
                   const EventSink& sink, const StopRequested& stop = {});

} // namespace qrsync::session
