#pragma once

// A transfer with `rsync --server` on the far side of a remote shell
// (rsync main.c do_cmd + client_run): we push (our client sender, their
// receiver) or pull (their sender, our client receiving side). The remote
// shell is a child process on a socketpair (OpenSSH, or -e), or the
// built-in SSH client (transport/sshchannel.h: --ssh=builtin, ssh://
// addresses), which hands over a socketpair too. Which driver moves the
// bytes follows the receiver async switch, as for local copies.

#include "options/remotelocation.h"
#include "session/localtransfer.h"
#include "transport/sshtarget.h"

#include <memory>

namespace qrsync::session {

class Role;

// True when any path of the transfer names another machine.
bool isRemoteTransfer(const options::TransferOptions& options);
// True when that machine is reached as an rsync daemon (host::, rsync://).
bool isDaemonTransfer(const options::TransferOptions& options);

// A remote transfer connected (or connecting) and ready to be driven: a
// driver runs role() over fd() with limits(), then finish() collects the
// outcome. runRemoteShellTransfer() does all three on the calling thread;
// a caller running many transfers on one event loop drives each itself.
class RemoteTransfer
{
public:
    ~RemoteTransfer();
    RemoteTransfer(const RemoteTransfer&) = delete;
    RemoteTransfer& operator=(const RemoteTransfer&) = delete;

    Role& role();
    int fd() const;
    ChannelLimits limits() const;
    // The built-in SSH client's mode ("event-loop", "blocking"); empty for
    // a remote-shell child process.
    QByteArray sshUsed() const;

    // After the driver stopped (`stopped`: a stop request ended it): waits
    // for the remote side and reports like stock rsync (driverUsed is left
    // to the caller).
    LocalTransferResult finish(bool stopped, const EventSink& sink);

private:
    friend Result<std::unique_ptr<RemoteTransfer>>
    startRemoteTransfer(const options::TransferOptions&, const transport::SshPrompts*);
    RemoteTransfer();
    struct Private;
    const std::unique_ptr<Private> d;
};

// Plans the transfer, starts the remote side and builds our role.
// `prompts` answers the built-in SSH client's questions; null: the
// non-interactive answers of transport/sshprompts.h.
Result<std::unique_ptr<RemoteTransfer>>
startRemoteTransfer(const options::TransferOptions& options,
                    const transport::SshPrompts* prompts = nullptr);

LocalTransferResult runRemoteShellTransfer(const options::TransferOptions& options,
                                           const EventSink& sink, const StopRequested& stop = {},
                                           const transport::SshPrompts* prompts = nullptr);

} // namespace qrsync::session
