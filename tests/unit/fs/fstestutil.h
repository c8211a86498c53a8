#pragma once

// Helpers shared by the fs suites (header only, included by each tst_*).

#include <QByteArray>
#include <QFile>
#include <QTemporaryDir>

#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>

namespace qrsync::test {

// A scratch dir that the unprivileged user can traverse too.
inline QByteArray makeScratch(QTemporaryDir& dir)
{
    const QByteArray path = QFile::encodeName(dir.path());
    ::chmod(path.constData(), 0755);
    return path;
}

inline bool writeFile(const QByteArray& path, const QByteArray& content)
{
    const int fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return false;
    const bool ok = ::write(fd, content.constData(), size_t(content.size())) == content.size();
    ::close(fd);
    return ok;
}

inline QByteArray readFile(const QByteArray& path)
{
    QFile f(QFile::decodeName(path));
    if (!f.open(QIODevice::ReadOnly))
        return QByteArray("<unreadable>");
    return f.readAll();
}

// Runs `body` in a forked child that has dropped to nobody (65534) for
// real, so permissions apply: the suites run as root, which ignores them.
// Returns the child's exit status (0 = all its checks passed), or 200+ for
// a failure to drop privileges, or 128 + signal.
inline int runAsNobody(const std::function<int()>& body)
{
    const pid_t pid = ::fork();
    if (pid == 0) {
        if (::setgroups(0, nullptr) != 0 || ::setresgid(65534, 65534, 65534) != 0 ||
            ::setresuid(65534, 65534, 65534) != 0)
            ::_exit(200);
        if (::geteuid() == 0)
            ::_exit(201);
        ::_exit(body());
    }
    int status = 0;
    if (pid < 0 || ::waitpid(pid, &status, 0) != pid)
        return 202;
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

} // namespace qrsync::test
