#pragma once

// A transfer with `rsync --server` on the far side of a remote shell
// (rsync main.c do_cmd + client_run): we push (our client sender, their
// receiver) or pull (their sender, our client receiving side). The remote
// shell is a child process on a socketpair; which driver moves the bytes
// follows the receiver async switch, as for local copies.

#include "options/remotelocation.h"
#include "session/localtransfer.h"

namespace qrsync::session {

// True when any path of the transfer names another machine.
bool isRemoteTransfer(const options::TransferOptions& options);
// True when that machine is reached as an rsync daemon (host::, rsync://).
bool isDaemonTransfer(const options::TransferOptions& options);

LocalTransferResult runRemoteShellTransfer(const options::TransferOptions& options,
                                           const EventSink& sink, const StopRequested& stop = {});

} // namespace qrsync::session
