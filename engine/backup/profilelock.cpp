#include "backup/profilelock.h"

#include <QDir>
#include <QFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace qrsync::backup {

ProfileLock::ProfileLock(ProfileLock&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1))
{}

ProfileLock& ProfileLock::operator=(ProfileLock&& other) noexcept
{
    if (this != &other) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

ProfileLock::~ProfileLock()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

QString ProfileLock::lockPath(const QString& stateDir, const QString& profileId)
{
    return stateDir + QStringLiteral("/locks/") + profileId + QStringLiteral(".lock");
}

Result<ProfileLock> ProfileLock::acquire(const QString& stateDir, const QString& profileId,
                                         const std::function<void()>& onWait,
                                         const std::function<bool()>& stop)
{
    const QString path = lockPath(stateDir, profileId);
    if (!QDir().mkpath(stateDir + QStringLiteral("/locks")))
        return makeError(ExitCode::FileIo, QStringLiteral("cannot create the lock folder"),
                         stateDir + QStringLiteral("/locks"));
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return makeError(
            ExitCode::FileIo,
            QStringLiteral("open failed: %1").arg(QString::fromLocal8Bit(strerror(errno))), path);
    ProfileLock lock(fd);
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0)
        return lock;
    if (errno != EWOULDBLOCK)
        return makeError(
            ExitCode::FileIo,
            QStringLiteral("flock failed: %1").arg(QString::fromLocal8Bit(strerror(errno))), path);
    if (onWait)
        onWait();
    while (::flock(fd, LOCK_EX) != 0) {
        if (errno != EINTR)
            return makeError(
                ExitCode::FileIo,
                QStringLiteral("flock failed: %1").arg(QString::fromLocal8Bit(strerror(errno))),
                path);
        if (stop && stop())
            return makeError(ExitCode::Signal,
                             QStringLiteral("interrupted while waiting for another run"), path);
    }
    return lock;
}

} // namespace qrsync::backup
