#include "transport/tcpconnection.h"

#include <QStringList>

#include <cerrno>
#include <chrono>
#include <cstring>

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace qrsync::transport {

namespace {

struct AddrInfoList
{
    addrinfo* head = nullptr;
    ~AddrInfoList()
    {
        if (head)
            freeaddrinfo(head);
    }
};

QString numericHost(const sockaddr* addr, socklen_t len)
{
    char buf[NI_MAXHOST];
    const int rc = getnameinfo(addr, len, buf, sizeof buf, nullptr, 0, NI_NUMERICHOST);
    if (rc != 0)
        return QStringLiteral("*getnameinfo failure: %1*")
            .arg(QString::fromLocal8Bit(gai_strerror(rc)));
    return QString::fromLocal8Bit(buf);
}

QString errnoText(int err)
{
    return QStringLiteral("%1 (%2)").arg(QString::fromLocal8Bit(std::strerror(err))).arg(err);
}

enum class ConnectOutcome
{
    Connected,
    Failed,
    TimedOut
};

// connect() without blocking past `deadlineMs` (-1: no deadline); errno
// holds the reason on failure.
ConnectOutcome connectWithin(int fd, const sockaddr* addr, socklen_t len, int timeoutMs)
{
    const int flags = fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    int rc = ::connect(fd, addr, len);
    if (rc < 0 && errno == EINPROGRESS) {
        pollfd p{fd, POLLOUT, 0};
        const auto start = std::chrono::steady_clock::now();
        for (;;) {
            int wait = -1;
            if (timeoutMs >= 0) {
                const auto spent = std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::steady_clock::now() - start)
                                       .count();
                wait = int(qMax<qint64>(0, timeoutMs - spent));
            }
            rc = poll(&p, 1, wait);
            if (rc < 0 && errno == EINTR)
                continue;
            break;
        }
        if (rc == 0)
            return ConnectOutcome::TimedOut;
        if (rc < 0)
            return ConnectOutcome::Failed;
        int err = 0;
        socklen_t errLen = sizeof err;
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errLen);
        if (err != 0) {
            errno = err;
            return ConnectOutcome::Failed;
        }
        rc = 0;
    }
    if (rc < 0)
        return ConnectOutcome::Failed;
    fcntl(fd, F_SETFL, flags);
    return ConnectOutcome::Connected;
}

// socket.c try_bind_local(): --address picks the local end.
bool bindLocal(int fd, int family, const QString& address)
{
    addrinfo hints{};
    hints.ai_family = family;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    AddrInfoList list;
    if (getaddrinfo(address.toLocal8Bit().constData(), nullptr, &hints, &list.head) != 0)
        return false;
    for (addrinfo* r = list.head; r; r = r->ai_next) {
        if (::bind(fd, r->ai_addr, r->ai_addrlen) == 0)
            return true;
    }
    return false;
}

} // namespace

Result<TcpConnection> TcpConnection::connect(const TcpTarget& target)
{
    const QByteArray host = target.host.toLocal8Bit();
    const QByteArray port = QByteArray::number(target.port);
    if (!target.bindAddress.isEmpty()) {
        addrinfo hints{};
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_flags = AI_PASSIVE;
        AddrInfoList probe;
        if (const int rc = getaddrinfo(target.bindAddress.toLocal8Bit().constData(), nullptr,
                                       &hints, &probe.head);
            rc != 0)
            return makeError(
                ExitCode::SocketIo,
                QStringLiteral("getaddrinfo %1: %2")
                    .arg(target.bindAddress, QString::fromLocal8Bit(gai_strerror(rc))));
    }
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    AddrInfoList list;
    if (const int rc = getaddrinfo(host.constData(), port.constData(), &hints, &list.head); rc != 0)
        return makeError(ExitCode::SocketIo, QStringLiteral("getaddrinfo: %1 %2: %3")
                                                 .arg(target.host, QString::fromLatin1(port),
                                                      QString::fromLocal8Bit(gai_strerror(rc))));

    const int timeoutMs =
        target.connectTimeoutSeconds > 0 ? target.connectTimeoutSeconds * 1000 : -1;
    QStringList failures;
    for (addrinfo* r = list.head; r; r = r->ai_next) {
        const int fd = ::socket(r->ai_family, r->ai_socktype | SOCK_CLOEXEC, r->ai_protocol);
        if (fd < 0)
            continue;
        if (!target.bindAddress.isEmpty() && !bindLocal(fd, r->ai_family, target.bindAddress)) {
            ::close(fd);
            continue;
        }
        switch (connectWithin(fd, r->ai_addr, r->ai_addrlen, timeoutMs)) {
        case ConnectOutcome::Connected:
            // No socket options beyond stock's client (socket.c sets only
            // what --sockopts asks for): Nagle stays on.
            return TcpConnection(fd);
        case ConnectOutcome::TimedOut:
            ::close(fd);
            // socket.c: the alarm ends the whole attempt, not one address.
            // Stock prints only its exit line ("timeout waiting for daemon
            // connection"), so the message stays empty.
            return makeError(ExitCode::ConTimeout, {}, target.host);
        case ConnectOutcome::Failed: {
            const int err = errno;
            failures << QStringLiteral("failed to connect to %1 (%2): %3")
                            .arg(target.host, numericHost(r->ai_addr, r->ai_addrlen),
                                 errnoText(err));
            ::close(fd);
            break;
        }
        }
    }
    if (failures.isEmpty()) {
        // No socket could even be made or bound (--address not ours):
        // stock says nothing but its exit line; the context says why.
        return makeError(ExitCode::SocketIo, {},
                         QStringLiteral("no usable local address to reach %1").arg(target.host));
    }
    return makeError(ExitCode::SocketIo, failures.join(QLatin1Char('\n')), target.host);
}

TcpConnection::TcpConnection(TcpConnection&& other) noexcept
    : m_fd(other.m_fd)
{
    other.m_fd = -1;
}

TcpConnection::~TcpConnection()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void TcpConnection::shutdownWrite()
{
    if (m_fd >= 0)
        ::shutdown(m_fd, SHUT_WR);
}

} // namespace qrsync::transport
