#pragma once

// A child process whose stdin and stdout are one end of a socketpair (rsync
// util.c piped_child with fd_pair): the remote shell of a client, or any
// command that speaks the protocol on its standard streams. Its stderr is
// ours, so the remote side's complaints reach the user directly.

#include "core/result.h"

#include <QStringList>

#include <sys/types.h>

#include <optional>

namespace qrsync::transport {

class ChildProcess
{
public:
    // Starts argv[0] (searched in PATH) with argv; the returned object owns
    // our end of the channel and the child.
    static Result<ChildProcess> spawn(const QStringList& argv);

    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&&) = delete;
    ChildProcess(const ChildProcess&) = delete;
    ~ChildProcess(); // closes the channel; a child still running is reaped

    int fd() const { return m_fd; }
    pid_t pid() const { return m_pid; }

    // No more data from us: the child sees end of input.
    void closeChannel();
    // Waits for the child and returns its exit status as rsync reports it
    // (main.c wait_process_with_flush): the exit code, 16 (terminated by a
    // signal) or 15 (dumped core).
    int wait();
    // The child's exit code if it exits within `msecs` (main.c
    // exit_cleanup() only counts a remote shell that already ended, and
    // only when it exited rather than died).
    std::optional<int> exitCodeWithin(int msecs);
    // Asks the child to stop (SIGTERM), as rsync's cleanup does.
    void terminate();

private:
    ChildProcess(int fd, pid_t pid)
        : m_fd(fd)
        , m_pid(pid)
    {}

    int m_fd = -1;
    pid_t m_pid = -1;
    bool m_reaped = false;
    int m_status = 0;
};

} // namespace qrsync::transport
