#pragma once

// The built-in SSH client as a byte channel: like ChildProcess, it hands
// its user one end of a socketpair (fd()) that leads to `rsync --server` on
// the other machine, so the same drivers and roles run over it
// (docs/design/async-migration.md). Behind the socketpair an SshSession
// moves the bytes over an exec channel, in one of the two modes of the
// "ssh" async path:
//
//   EventLoop: a non-blocking libssh session watched by QSocketNotifiers
//              on one shared thread that serves every built-in SSH
//              connection of the process;
//   Blocking:  a blocking libssh session on a thread of its own.
//
// The connection starts at once and runs on its own: the caller may write
// its protocol bytes before it is up (they wait in the socketpair). When
// the connection fails, fd() reaches end of file and wait() returns 255,
// as an OpenSSH client exiting 255 would, with error() saying why.

#include "core/result.h"
#include "transport/sshtarget.h"

#include <memory>
#include <optional>

namespace qrsync::transport {

class SshChannel
{
public:
    enum class Mode
    {
        EventLoop,
        Blocking,
    };

    static Result<std::unique_ptr<SshChannel>> open(SshTarget target, SshPrompts prompts,
                                                    Mode mode);
    ~SshChannel(); // closes the channel, ends the connection and waits for it

    int fd() const { return m_fd; }
    Mode mode() const { return m_mode; }

    // No more data from us: the remote command sees end of input.
    void closeChannel();
    // Waits for the connection to end; the remote command's exit status,
    // or 255 when the connection failed or ended without one (OpenSSH).
    int wait();
    // The status if the connection ends within `msecs`.
    std::optional<int> exitCodeWithin(int msecs);
    // Ends the connection now.
    void terminate();

    // Why the connection failed (after wait()), worded like OpenSSH.
    std::optional<Error> error() const;
    bool unknownHostRefused() const;

    // Threads serving EventLoop connections right now (0 or 1): a test
    // checks that it does not grow with the number of connections.
    static int eventLoopThreads();

    struct State; // shared with the thread that runs the connection

private:
    SshChannel(int fd, Mode mode, std::shared_ptr<State> state);

    int m_fd = -1;
    Mode m_mode;
    std::shared_ptr<State> m_state;
};

} // namespace qrsync::transport
