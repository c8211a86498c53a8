#include "session/channeldriver.h"

#include <QEventLoop>
#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace qrsync::session {

EventLoopChannelDriver::EventLoopChannelDriver(Role& role, int inFd, int outFd, EventSink sink,
                                               StopRequested stop, QObject* parent)
    : QObject(parent)
    , m_role(role)
    , m_inFd(inFd)
    , m_outFd(outFd)
    , m_sink(std::move(sink))
    , m_stop(std::move(stop))
    , m_buffer(kReadSize, Qt::Uninitialized)
{
    ::fcntl(m_inFd, F_SETFL, ::fcntl(m_inFd, F_GETFL) | O_NONBLOCK);
    ::fcntl(m_outFd, F_SETFL, ::fcntl(m_outFd, F_GETFL) | O_NONBLOCK);
}

EventLoopChannelDriver::~EventLoopChannelDriver() = default;

void EventLoopChannelDriver::setLimits(const ChannelLimits& limits)
{
    m_limits = limits;
    m_rate = RateLimiter(limits.bytesPerSecond);
}

void EventLoopChannelDriver::start()
{
    m_lastIn = m_lastOut = std::chrono::steady_clock::now();
    if (m_limits.timeoutSeconds > 0) {
        m_idleTimer = std::make_unique<QTimer>();
        m_idleTimer->setInterval(500);
        connect(m_idleTimer.get(), &QTimer::timeout, this, &EventLoopChannelDriver::checkIdle);
        m_idleTimer->start();
    }
    if (m_rate.limited()) {
        m_rateTimer = std::make_unique<QTimer>();
        m_rateTimer->setSingleShot(true);
        connect(m_rateTimer.get(), &QTimer::timeout, this, &EventLoopChannelDriver::onWritable);
    }
    m_readNotifier = std::make_unique<QSocketNotifier>(m_inFd, QSocketNotifier::Read);
    m_writeNotifier = std::make_unique<QSocketNotifier>(m_outFd, QSocketNotifier::Write);
    m_writeNotifier->setEnabled(false);
    connect(m_readNotifier.get(), &QSocketNotifier::activated, this,
            &EventLoopChannelDriver::onReadable);
    connect(m_writeNotifier.get(), &QSocketNotifier::activated, this,
            &EventLoopChannelDriver::onWritable);
    if (m_stop) {
        m_stopTimer = std::make_unique<QTimer>();
        m_stopTimer->setInterval(100);
        connect(m_stopTimer.get(), &QTimer::timeout, this, [this] {
            if (!m_done && m_stop()) {
                m_stopped = true;
                finishOnce();
            }
        });
        m_stopTimer->start();
    }
    // The role may have something to say before reading (the handshake).
    QTimer::singleShot(0, this, &EventLoopChannelDriver::pump);
}

void EventLoopChannelDriver::onReadable()
{
    if (m_done)
        return;
    const ssize_t n = ::read(m_inFd, m_buffer.data(), size_t(m_buffer.size()));
    if (n > 0) {
        m_lastIn = std::chrono::steady_clock::now();
        m_role.receive(QByteArrayView(m_buffer.constData(), n));
    } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        m_eof = true;
        m_readNotifier->setEnabled(false);
        m_role.receiveEof();
    }
    pump();
}

void EventLoopChannelDriver::onWritable()
{
    flushOutput();
    if (m_pendingBytes < kMaxPendingOutput)
        pump(); // the role may have stopped producing because output was full
}

void EventLoopChannelDriver::flushOutput()
{
    bool heldBack = false;
    while (!m_pending.empty()) {
        const qint64 allowance = m_rate.allowance(std::chrono::steady_clock::now());
        if (allowance == 0) {
            heldBack = true;
            break;
        }
        const QByteArray& front = m_pending.front();
        const ssize_t n =
            writeSome(m_outFd, front.constData() + m_pendingStart,
                      size_t(std::min<qint64>(allowance, front.size() - m_pendingStart)));
        if (n > 0) {
            m_pendingStart += n;
            m_pendingBytes -= n;
            m_rate.consumed(n);
            m_lastOut = std::chrono::steady_clock::now();
            if (m_pendingStart == front.size()) {
                m_role.recycleOutgoing(std::move(m_pending.front()));
                m_pending.pop_front();
                m_pendingStart = 0;
            }
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            break;
        // The peer is gone: nothing more can be said.
        m_pending.clear();
        m_pendingStart = 0;
        m_pendingBytes = 0;
        break;
    }
    const qsizetype waiting = m_pendingBytes;
    // Held back by --bwlimit: wake when the rate allows more, not when the
    // descriptor could take it.
    m_writeNotifier->setEnabled(waiting > 0 && !heldBack);
    if (heldBack && !m_rateTimer->isActive())
        m_rateTimer->start(m_rate.millisecondsUntilAllowed());
}

void EventLoopChannelDriver::pump()
{
    if (m_done)
        return;
    // Backpressure on the role, never on our reading: the peer may only be
    // able to take our data once we took its own (rsync io.c reads while
    // it waits to write, for the same reason). A role that stopped because
    // its output was full must be advanced again once that output is
    // handed on, or nothing would wake it: loop while it keeps producing,
    // then yield to the event loop so other connections get their turn.
    for (int round = 0;; ++round) {
        m_role.advance();
        for (const SessionEvent& e : m_role.takeEvents())
            m_sink(e);
        if (m_pendingBytes >= kMaxPendingOutput)
            break; // the write notifier resumes us
        QByteArray out = m_role.takeOutgoing();
        if (out.isEmpty())
            break; // waiting for input
        m_pendingBytes += out.size();
        m_pending.push_back(std::move(out));
        flushOutput();
        if (round == 16) {
            QTimer::singleShot(0, this, &EventLoopChannelDriver::pump);
            break;
        }
    }
    const bool over = m_role.isFinished() || m_role.hasFailed();
    if (over && outputDrained() && m_role.outgoingSize() == 0) {
        ::shutdown(m_outFd, SHUT_WR);
        finishOnce();
        return;
    }
    if (m_eof && !over) {
        // The peer closed and the role can do no more with what it has.
        m_role.advance();
        for (const SessionEvent& e : m_role.takeEvents())
            m_sink(e);
        finishOnce();
    }
}

void EventLoopChannelDriver::checkIdle()
{
    if (m_done)
        return;
    // io.c check_timeout()/maybe_send_keepalive().
    const auto now = std::chrono::steady_clock::now();
    const auto quiet =
        std::chrono::duration_cast<std::chrono::seconds>(now - std::max(m_lastIn, m_lastOut));
    if (quiet.count() >= m_limits.timeoutSeconds) {
        m_role.abort(timeoutError(m_role, int(quiet.count())));
        for (const SessionEvent& e : m_role.takeEvents())
            m_sink(e);
        finishOnce();
        return;
    }
    if (outputDrained() &&
        now - m_lastOut >= std::chrono::seconds((m_limits.timeoutSeconds + 1) / 2)) {
        m_role.keepAlive();
        pump();
    }
}

void EventLoopChannelDriver::finishOnce()
{
    if (m_done)
        return;
    m_done = true;
    m_readNotifier->setEnabled(false);
    m_writeNotifier->setEnabled(false);
    if (m_stopTimer)
        m_stopTimer->stop();
    if (m_idleTimer)
        m_idleTimer->stop();
    if (m_rateTimer)
        m_rateTimer->stop();
    Q_EMIT finished();
}

bool runOnEventLoop(Role& role, int inFd, int outFd, const EventSink& sink,
                    const StopRequested& stop, const ChannelLimits& limits)
{
    EventLoopChannelDriver driver(role, inFd, outFd, sink, stop);
    driver.setLimits(limits);
    QEventLoop loop;
    QObject::connect(&driver, &EventLoopChannelDriver::finished, &loop, &QEventLoop::quit);
    driver.start();
    loop.exec();
    return driver.stopped();
}

} // namespace qrsync::session
