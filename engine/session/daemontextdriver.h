#pragma once

// Runs the client's daemon text phase (session/daemonclient.h) over a
// connected socket, blocking: it is a few short lines before the binary
// session, which then runs on whichever driver the receiver switch picks.
// --timeout bounds the silence, as it does for the session.

#include "core/result.h"
#include "session/daemonclient.h"
#include "session/rolepairdriver.h"

#include <functional>

namespace qrsync::session {

struct DaemonTextCallbacks
{
    // The daemon asked for a password: read it now (stock reads the
    // password file only at this point).
    std::function<Result<QByteArray>()> password;
    // A motd or listing line, without its newline.
    std::function<void(const QByteArray&)> textLine;
    StopRequested stop;
};

// Returns when the handshake is Ready or Listed; an error otherwise (the
// handshake's, a socket error as exit 10, --timeout as exit 30, a stop
// request as exit 20).
Result<> runDaemonTextPhase(int fd, DaemonClientHandshake& handshake, int timeoutSeconds,
                            const DaemonTextCallbacks& callbacks);

} // namespace qrsync::session
