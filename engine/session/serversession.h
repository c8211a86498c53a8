#pragma once

// `qrsync --server [--sender] ...` as a stock rsync client starts it through
// a remote shell (rsync main.c start_server): the protocol on stdin and
// stdout, our receiving side for a push, our sender for a pull. Everything
// for the user goes to the client as messages; stderr is for what happens
// before the connection is multiplexed.

#include "options/serverargs.h"
#include "session/rolepairdriver.h"

namespace qrsync::session {

// Runs the server to the end and returns its exit code. `inFd`/`outFd` are
// the connection (stdin and stdout for a real server).
ExitCode runServer(const options::ServerInvocation& invocation, int inFd, int outFd,
                   const EventSink& sink, const StopRequested& stop = {});

} // namespace qrsync::session
