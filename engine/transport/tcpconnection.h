#pragma once

// An outgoing TCP connection to an rsync daemon (rsync socket.c
// open_socket_out): every address the name resolves to is tried in turn,
// IPv6 included, each within --contimeout. The connected socket is a plain
// blocking descriptor, so either driver can move its bytes, as with a
// remote shell's socketpair (transport/childprocess.h).

#include "core/result.h"

#include <QString>

namespace qrsync::transport {

inline constexpr int kDefaultDaemonPort = 873; // RSYNC_PORT

struct TcpTarget
{
    QString host; // name, IPv4 or IPv6 address (no brackets)
    int port = kDefaultDaemonPort;
    QString bindAddress;           // --address: the local address to connect from
    int connectTimeoutSeconds = 0; // --contimeout; 0 waits as long as the system does
};

class TcpConnection
{
public:
    // Errors follow stock: "getaddrinfo: HOST PORT: TEXT", "getaddrinfo
    // BINDADDR: TEXT" for a bad --address and, per address
    // tried, "failed to connect to HOST (ADDR): TEXT (ERRNO)", exit 10
    // (RERR_SOCKETIO); a --contimeout that expires is exit 35
    // (RERR_CONTIMEOUT).
    static Result<TcpConnection> connect(const TcpTarget& target);

    TcpConnection(TcpConnection&& other) noexcept;
    TcpConnection& operator=(TcpConnection&&) = delete;
    TcpConnection(const TcpConnection&) = delete;
    ~TcpConnection(); // closes the socket

    int fd() const { return m_fd; }
    // No more data from us (shutdown SHUT_WR); the peer sees end of input.
    void shutdownWrite();

private:
    explicit TcpConnection(int fd)
        : m_fd(fd)
    {}
    int m_fd = -1;
};

} // namespace qrsync::transport
