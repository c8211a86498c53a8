#include "transport/childprocess.h"

#include <QFile>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <vector>

namespace qrsync::transport {

Result<ChildProcess> ChildProcess::spawn(const QStringList& argv)
{
    if (argv.isEmpty())
        return makeError(ExitCode::Ipc, QStringLiteral("no command to run"));
    // Everything the child needs is prepared before fork(): after it only
    // async-signal-safe calls are allowed.
    std::vector<QByteArray> encoded;
    encoded.reserve(size_t(argv.size()));
    for (const QString& a : argv)
        encoded.push_back(QFile::encodeName(a));
    std::vector<char*> cargv;
    for (QByteArray& a : encoded)
        cargv.push_back(a.data());
    cargv.push_back(nullptr);

    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
        return makeError(ExitCode::Ipc, QStringLiteral("socketpair failed: %1")
                                            .arg(QString::fromLocal8Bit(std::strerror(errno))));
    // The child reports a failed exec through this pipe (closed on exec).
    int errPipe[2];
    if (::pipe2(errPipe, O_CLOEXEC) != 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return makeError(ExitCode::Ipc, QStringLiteral("pipe failed"));
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
        const int err = errno;
        for (int fd : {fds[0], fds[1], errPipe[0], errPipe[1]})
            ::close(fd);
        return makeError(
            ExitCode::Ipc,
            QStringLiteral("fork failed: %1").arg(QString::fromLocal8Bit(std::strerror(err))));
    }
    if (pid == 0) {
        ::dup2(fds[1], STDIN_FILENO);
        ::dup2(fds[1], STDOUT_FILENO);
        // The remote shell gets default signal handling and a blocking
        // channel whatever we had.
        ::signal(SIGPIPE, SIG_DFL);
        ::signal(SIGINT, SIG_DFL);
        ::signal(SIGTERM, SIG_DFL);
        ::signal(SIGHUP, SIG_DFL);
        ::execvp(cargv[0], cargv.data());
        const int err = errno;
        (void)!::write(errPipe[1], &err, sizeof err);
        ::_exit(127);
    }
    ::close(fds[1]);
    ::close(errPipe[1]);
    int childErr = 0;
    ssize_t n;
    do {
        n = ::read(errPipe[0], &childErr, sizeof childErr);
    } while (n < 0 && errno == EINTR);
    ::close(errPipe[0]);
    if (n == sizeof childErr) {
        ::close(fds[0]);
        int status = 0;
        ::waitpid(pid, &status, 0);
        // rsync util.c piped_child: "Failed to exec %s", exit RERR_IPC.
        return makeError(ExitCode::Ipc,
                         QStringLiteral("[sender] Failed to exec %1: %2 (%3)")
                             .arg(argv.first(), QString::fromLocal8Bit(std::strerror(childErr)))
                             .arg(childErr));
    }
    return ChildProcess(fds[0], pid);
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1))
    , m_pid(std::exchange(other.m_pid, -1))
    , m_reaped(other.m_reaped)
    , m_status(other.m_status)
{}

ChildProcess::~ChildProcess()
{
    closeChannel();
    if (m_pid > 0 && !m_reaped)
        wait();
}

void ChildProcess::closeChannel()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
}

int ChildProcess::wait()
{
    if (m_pid <= 0)
        return int(ExitCode::WaitChild);
    if (!m_reaped) {
        pid_t r;
        do {
            r = ::waitpid(m_pid, &m_status, 0);
        } while (r < 0 && errno == EINTR);
        if (r < 0)
            return int(ExitCode::WaitChild);
        m_reaped = true;
    }
    if (WIFEXITED(m_status))
        return WEXITSTATUS(m_status);
    if (WCOREDUMP(m_status))
        return int(ExitCode::Crashed);
    if (WIFSIGNALED(m_status))
        return int(ExitCode::Terminated);
    return int(ExitCode::WaitChild);
}

std::optional<int> ChildProcess::exitCodeWithin(int msecs)
{
    if (m_pid <= 0)
        return std::nullopt;
    for (int waited = 0; !m_reaped; waited += 10) {
        const pid_t r = ::waitpid(m_pid, &m_status, WNOHANG);
        if (r == m_pid) {
            m_reaped = true;
            break;
        }
        if (r < 0 && errno != EINTR)
            return std::nullopt;
        if (waited >= msecs)
            return std::nullopt;
        ::usleep(10 * 1000);
    }
    if (WIFEXITED(m_status))
        return WEXITSTATUS(m_status);
    return std::nullopt;
}

void ChildProcess::terminate()
{
    if (m_pid > 0 && !m_reaped)
        ::kill(m_pid, SIGTERM);
}

} // namespace qrsync::transport
