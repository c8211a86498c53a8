#include "session/channeldriver.h"

#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace qrsync::session {

EventLoopChannelDriver::EventLoopChannelDriver(Role& role, int fd, EventSink sink,
                                               StopRequested stop, QObject* parent)
    : QObject(parent)
    , m_role(role)
    , m_fd(fd)
    , m_sink(std::move(sink))
    , m_stop(std::move(stop))
    , m_buffer(256 * 1024, Qt::Uninitialized)
{
    ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
}

EventLoopChannelDriver::~EventLoopChannelDriver() = default;

void EventLoopChannelDriver::start()
{
    m_readNotifier = std::make_unique<QSocketNotifier>(m_fd, QSocketNotifier::Read);
    m_writeNotifier = std::make_unique<QSocketNotifier>(m_fd, QSocketNotifier::Write);
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
    const ssize_t n = ::read(m_fd, m_buffer.data(), size_t(m_buffer.size()));
    if (n > 0) {
        m_role.receive(QByteArray(m_buffer.constData(), n));
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
    if (m_pendingStart == m_pending.size())
        pump(); // the role may have stopped producing because output was full
}

void EventLoopChannelDriver::flushOutput()
{
    while (m_pendingStart < m_pending.size()) {
        const ssize_t n = ::send(m_fd, m_pending.constData() + m_pendingStart,
                                 size_t(m_pending.size() - m_pendingStart), MSG_NOSIGNAL);
        if (n > 0) {
            m_pendingStart += n;
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            break;
        // The peer is gone: nothing more can be said.
        m_pending.clear();
        m_pendingStart = 0;
        break;
    }
    if (m_pendingStart == m_pending.size()) {
        m_pending.clear();
        m_pendingStart = 0;
    }
    const qsizetype waiting = m_pending.size() - m_pendingStart;
    m_writeNotifier->setEnabled(waiting > 0);
    if (!m_eof)
        m_readNotifier->setEnabled(waiting < kMaxPendingOutput);
}

void EventLoopChannelDriver::pump()
{
    if (m_done)
        return;
    m_role.advance();
    for (const SessionEvent& e : m_role.takeEvents())
        m_sink(e);
    const QByteArray out = m_role.takeOutgoing();
    if (!out.isEmpty()) {
        if (m_pendingStart == m_pending.size()) {
            m_pending = out;
            m_pendingStart = 0;
        } else {
            m_pending.append(out);
        }
    }
    flushOutput();
    const bool over = m_role.isFinished() || m_role.hasFailed();
    if (over && m_pendingStart == m_pending.size()) {
        ::shutdown(m_fd, SHUT_WR);
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

void EventLoopChannelDriver::finishOnce()
{
    if (m_done)
        return;
    m_done = true;
    m_readNotifier->setEnabled(false);
    m_writeNotifier->setEnabled(false);
    if (m_stopTimer)
        m_stopTimer->stop();
    Q_EMIT finished();
}

} // namespace qrsync::session
