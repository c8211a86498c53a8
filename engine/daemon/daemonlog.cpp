#include "daemon/daemonlog.h"

#include <QDateTime>
#include <QFile>

#include <fcntl.h>
#include <syslog.h>
#include <unistd.h>

namespace qrsync::daemon {

DaemonLog::~DaemonLog()
{
    if (m_fd >= 0)
        ::close(m_fd);
    if (m_syslog)
        ::closelog();
}

bool DaemonLog::open(const QString& path)
{
    if (path.isEmpty()) {
        ::openlog("rsyncd", LOG_PID, LOG_DAEMON);
        m_syslog = true;
        return true;
    }
    m_fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
                  0644);
    return m_fd >= 0;
}

void DaemonLog::write(const QString& message)
{
    const QByteArray text = message.toUtf8();
    std::lock_guard lock(m_mutex);
    if (m_syslog)
        ::syslog(LOG_INFO, "%s", text.constData());
    const QByteArray line =
        QDateTime::currentDateTime().toString(QStringLiteral("yyyy/MM/dd HH:mm:ss")).toLatin1() +
        " [" + QByteArray::number(::getpid()) + "] " + text + '\n';
    if (m_fd >= 0) {
        [[maybe_unused]] const ssize_t n = ::write(m_fd, line.constData(), size_t(line.size()));
    }
    if (m_echo) {
        [[maybe_unused]] const ssize_t n = ::write(2, line.constData(), size_t(line.size()));
    }
}

} // namespace qrsync::daemon
