#include "session/daemontextdriver.h"

#include <cerrno>
#include <chrono>
#include <cstring>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace qrsync::session {

namespace {

constexpr int kStopCheckMs = 200;

bool sendAll(int fd, const QByteArray& bytes)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n =
            ::send(fd, bytes.constData() + done, size_t(bytes.size() - done), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += n;
    }
    return true;
}

Error socketError(const char* what)
{
    const int err = errno;
    return Error{ExitCode::SocketIo,
                 QStringLiteral("%1 failed: %2 (%3)")
                     .arg(QLatin1String(what), QString::fromLocal8Bit(std::strerror(err)))
                     .arg(err),
                 {}};
}

} // namespace

Result<> runDaemonTextPhase(int fd, DaemonClientHandshake& handshake, int timeoutSeconds,
                            const DaemonTextCallbacks& callbacks)
{
    using State = DaemonClientHandshake::State;
    using Clock = std::chrono::steady_clock;
    QByteArray in;
    QByteArray out;
    auto lastTraffic = Clock::now();
    for (;;) {
        auto used = handshake.advance(in, out);
        for (const QByteArray& line : handshake.takeTextLines()) {
            if (callbacks.textLine)
                callbacks.textLine(line);
        }
        if (!out.isEmpty()) {
            if (!sendAll(fd, out))
                return tl::unexpected(socketError("write"));
            out.clear();
        }
        if (!used)
            return tl::unexpected(used.error());
        in.remove(0, *used);
        switch (handshake.state()) {
        case State::Running:
            break;
        case State::NeedPassword: {
            auto password = callbacks.password ? callbacks.password() : Result<QByteArray>();
            if (!password)
                return tl::unexpected(password.error());
            if (auto r = handshake.setPassword(*password, out); !r)
                return r;
            continue;
        }
        case State::Ready:
        case State::Listed:
            // The daemon says nothing more before it has our arguments, so
            // anything already here broke the protocol.
            if (!in.isEmpty())
                return makeError(ExitCode::Protocol,
                                 QStringLiteral("unexpected data from the daemon after its "
                                                "reply"));
            return {};
        case State::Failed:
            return tl::unexpected(handshake.error());
        }

        // Wait for more, checking --timeout and stop requests.
        pollfd p{fd, POLLIN, 0};
        const int rc = poll(&p, 1, kStopCheckMs);
        if (rc < 0 && errno != EINTR)
            return tl::unexpected(socketError("poll"));
        if (callbacks.stop && callbacks.stop())
            return makeError(ExitCode::Signal, QStringLiteral("received a signal, stopping"));
        if (rc <= 0) {
            if (timeoutSeconds > 0 &&
                Clock::now() - lastTraffic > std::chrono::seconds(timeoutSeconds))
                return makeError(
                    ExitCode::Timeout,
                    QStringLiteral("io timeout after %1 seconds -- exiting").arg(timeoutSeconds));
            continue;
        }
        char buffer[4096];
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            if (errno != ECONNRESET)
                return tl::unexpected(socketError("read"));
        }
        if (n <= 0)
            return tl::unexpected(handshake.receiveEof());
        lastTraffic = Clock::now();
        in.append(buffer, qsizetype(n));
    }
}

} // namespace qrsync::session
