#pragma once

// Shared by the two ways a client reaches a remote rsync: a remote shell
// (remotetransfer.cpp) and a daemon socket (daemontransfer.cpp). Both run
// the same client role on a connected descriptor; only the set-up differs.

#include "filter/filterlist.h"
#include "options/remotelocation.h"
#include "session/handshake.h"
#include "session/localtransfer.h"

#include <QStringList>

#include <functional>

namespace qrsync::session {

struct RemotePlan
{
    bool push = false;
    options::Location remote; // the remote end (destination or first source)
    QStringList remotePaths;  // its paths, "." for an empty one
    QStringList rawPaths;     // the same as given (a daemon's "" lists modules)
};

// Which side is remote, with stock's refusals for mixed arguments.
Result<RemotePlan> planRemoteTransfer(const options::TransferOptions& o);

LocalTransferResult failed(Error e);

struct ClientPeer
{
    int fd = -1; // the connection, both directions
    // Called once the session ended (true: it failed or was stopped);
    // closes our side and returns the peer's exit status (a remote
    // shell's), 0 when there is none.
    std::function<int(bool failedOrStopped)> finish;
};

// Runs our client role (sender for a push, receiving side for a pull) on
// `peer` with the driver the receiver switch picks, and reports as stock's
// client does.
LocalTransferResult runClientSession(const options::TransferOptions& o, const RemotePlan& plan,
                                     const filter::FilterList& filters,
                                     const HandshakeSettings& handshake, const ClientPeer& peer,
                                     const EventSink& sink, const StopRequested& stop);

// daemontransfer.cpp: rsync://host/module/path and host::module/path.
LocalTransferResult runDaemonTransfer(const options::TransferOptions& o, const RemotePlan& plan,
                                      const EventSink& sink, const StopRequested& stop);

} // namespace qrsync::session
