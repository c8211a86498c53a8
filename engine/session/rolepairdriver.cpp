#include "session/rolepairdriver.h"

#include "session/ratelimiter.h"

#include <algorithm>
#include <atomic>
#include <chrono>

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace qrsync::session {

namespace {

void recordOutcome(const Role& role, std::optional<Error>& slot)
{
    if (role.hasFailed())
        slot = role.error();
}

} // namespace

BlockingPairDriver::BlockingPairDriver(Role& client, Role& server, EventSink sink,
                                       StopRequested stop, ChannelLimits limits)
    : m_client(client)
    , m_server(server)
    , m_sink(std::move(sink))
    , m_stop(std::move(stop))
    , m_limits(limits)
{}

ssize_t writeSome(int fd, const char* data, size_t size)
{
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n >= 0 || errno != ENOTSOCK)
        return n;
    return ::write(fd, data, size); // a pipe; SIGPIPE is the caller's to ignore
}

Error timeoutError(const Role& role, int seconds)
{
    return Error{ExitCode::Timeout,
                 QStringLiteral("[%1] io timeout after %2 seconds -- exiting")
                     .arg(QLatin1String(role.whoAmI()))
                     .arg(seconds),
                 {}};
}

void serveBlocking(Role& role, int inFd, int outFd, const EventSink& sink,
                   const StopRequested& stop, std::atomic<bool>& stopped,
                   const ChannelLimits& limits)
{
    using Clock = std::chrono::steady_clock;
    RateLimiter rate(limits.bytesPerSecond);
    Clock::time_point lastIn = Clock::now();
    Clock::time_point lastOut = lastIn;
    ::fcntl(inFd, F_SETFL, ::fcntl(inFd, F_GETFL) | O_NONBLOCK);
    if (outFd != inFd)
        ::fcntl(outFd, F_SETFL, ::fcntl(outFd, F_GETFL) | O_NONBLOCK);
    QByteArray pending;
    qsizetype pendingStart = 0;
    bool peerClosed = false;
    QByteArray buffer(256 * 1024, Qt::Uninitialized);
    role.advance();
    for (;;) {
        for (const SessionEvent& e : role.takeEvents())
            sink(e);
        if (pendingStart == pending.size()) {
            if (!pending.isEmpty())
                role.recycleOutgoing(std::move(pending)); // written: refill it
            pending = role.takeOutgoing();
            pendingStart = 0;
        }
        const bool over = role.hasFailed() || role.isFinished();
        if (over && pendingStart == pending.size())
            break;
        const bool wantRead = !peerClosed && !over;
        const Clock::time_point now = Clock::now();
        if (limits.timeoutSeconds > 0 && !over) {
            // io.c check_timeout()/maybe_send_keepalive().
            const auto quiet =
                std::chrono::duration_cast<std::chrono::seconds>(now - std::max(lastIn, lastOut));
            if (quiet.count() >= limits.timeoutSeconds) {
                role.abort(timeoutError(role, int(quiet.count())));
                (void)role.takeOutgoing(); // the peer is not listening
                pending.clear();
                pendingStart = 0;
                continue;
            }
            if (pendingStart == pending.size() &&
                now - lastOut >= std::chrono::seconds((limits.timeoutSeconds + 1) / 2)) {
                role.keepAlive();
                pending = role.takeOutgoing();
                pendingStart = 0;
            }
        }
        const qint64 allowance = rate.allowance(now);
        const bool wantWrite = pendingStart < pending.size() && allowance > 0;
        if (!wantRead && !wantWrite && pendingStart < pending.size()) {
            // Only the rate limit holds the output back.
            ::usleep(useconds_t(rate.millisecondsUntilAllowed()) * 1000);
            continue;
        }
        if (!wantRead && !wantWrite) {
            role.receiveEof();
            role.advance();
            for (const SessionEvent& e : role.takeEvents())
                sink(e);
            break;
        }
        if (stopped.load() || (stop && stop())) {
            stopped = true;
            // Wake the peer's thread too: it may be waiting to read or write.
            ::shutdown(inFd, SHUT_RDWR);
            break;
        }
        struct pollfd p[2] = {{inFd, short(wantRead ? POLLIN : 0), 0},
                              {outFd, short(wantWrite ? POLLOUT : 0), 0}};
        const nfds_t count = inFd == outFd ? 1 : 2;
        if (count == 1)
            p[0].events |= p[1].events;
        // Wake up now and then to notice a stop request (sooner when the
        // rate limit will allow more output).
        int wait = 200;
        if (pendingStart < pending.size() && !wantWrite)
            wait = std::min(wait, rate.millisecondsUntilAllowed());
        if (::poll(p, count, wait) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        const short outEvents = count == 1 ? p[0].revents : p[1].revents;
        if (outEvents & (POLLOUT | POLLERR | POLLHUP) && wantWrite) {
            const ssize_t n =
                writeSome(outFd, pending.constData() + pendingStart,
                          size_t(std::min<qint64>(allowance, pending.size() - pendingStart)));
            if (n < 0 && errno != EAGAIN && errno != EINTR) {
                // The peer is gone: what it did not take is lost.
                pending.clear();
                pendingStart = 0;
                peerClosed = true;
                role.receiveEof();
            }
            if (n > 0) {
                pendingStart += n;
                rate.consumed(n);
                lastOut = Clock::now();
            }
        }
        if (p[0].revents & (POLLIN | POLLHUP | POLLERR) && wantRead) {
            const ssize_t n = ::read(inFd, buffer.data(), size_t(buffer.size()));
            if (n > 0) {
                lastIn = Clock::now();
                role.receive(QByteArrayView(buffer.constData(), n));
            } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                peerClosed = true;
                role.receiveEof();
            }
        }
        role.advance();
    }
    ::shutdown(outFd, SHUT_WR);
}

PairOutcome BlockingPairDriver::run()
{
    int fds[2];
    PairOutcome outcome;
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
        outcome.clientError = Error{ExitCode::Ipc, QStringLiteral("socketpair failed"), {}};
        return outcome;
    }
    auto sink = [this](const SessionEvent& e) {
        std::lock_guard<std::mutex> lock(m_sinkMutex);
        m_sink(e);
    };
    std::atomic<bool> stopped{false};
    std::thread server(
        [&] { serveBlocking(m_server, fds[1], fds[1], sink, m_stop, stopped, m_limits); });
    serveBlocking(m_client, fds[0], fds[0], sink, m_stop, stopped, m_limits);
    // The client may stop first; make sure the server's thread notices.
    ::shutdown(fds[0], SHUT_RDWR);
    server.join();
    outcome.stopped = stopped.load();
    ::close(fds[0]);
    ::close(fds[1]);
    recordOutcome(m_client, outcome.clientError);
    recordOutcome(m_server, outcome.serverError);
    if (!outcome.stopped && !m_client.isFinished() && !outcome.clientError && !outcome.serverError)
        outcome.clientError = Error{ExitCode::StreamIo, QStringLiteral("transfer stalled"), {}};
    return outcome;
}

} // namespace qrsync::session
