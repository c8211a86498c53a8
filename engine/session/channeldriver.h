#pragma once

// The event-loop driver for one role on one connection: a non-blocking
// file descriptor watched by QSocketNotifiers on the current thread's event
// loop (docs/design/async-migration.md). Many such drivers can share one
// thread; the role never blocks it. Output is bounded: while more than
// kMaxPendingOutput bytes wait to be written, input is not read.

#include "session/ratelimiter.h"
#include "session/rolepairdriver.h"

#include <QByteArray>
#include <QObject>

#include <chrono>
#include <deque>
#include <memory>

class QSocketNotifier;
class QTimer;

namespace qrsync::session {

class EventLoopChannelDriver final : public QObject
{
    Q_OBJECT

public:
    // The descriptors stay owned by the caller and must outlive the driver:
    // one socket, or a server's stdin and stdout.
    EventLoopChannelDriver(Role& role, int inFd, int outFd, EventSink sink, StopRequested stop = {},
                           QObject* parent = nullptr);
    EventLoopChannelDriver(Role& role, int fd, EventSink sink, StopRequested stop = {},
                           QObject* parent = nullptr)
        : EventLoopChannelDriver(role, fd, fd, std::move(sink), std::move(stop), parent)
    {}
    ~EventLoopChannelDriver() override;

    // Before start(): --timeout and --bwlimit for this connection.
    void setLimits(const ChannelLimits& limits);
    void start();
    bool stopped() const { return m_stopped; }

    static constexpr qsizetype kMaxPendingOutput = 1024 * 1024;
    static constexpr qsizetype kReadSize = 256 * 1024;

Q_SIGNALS:
    void finished();

private:
    void onReadable();
    void onWritable();
    void pump();
    void flushOutput();
    bool outputDrained() const { return m_pendingBytes == 0; }
    void finishOnce();
    void checkIdle(); // --timeout: fail after silence, keep-alives before

    ChannelLimits m_limits;
    RateLimiter m_rate;
    std::chrono::steady_clock::time_point m_lastIn;
    std::chrono::steady_clock::time_point m_lastOut;
    std::unique_ptr<QTimer> m_idleTimer;
    std::unique_ptr<QTimer> m_rateTimer;

    Role& m_role;
    int m_inFd;
    int m_outFd;
    EventSink m_sink;
    StopRequested m_stop;
    std::unique_ptr<QSocketNotifier> m_readNotifier;
    std::unique_ptr<QSocketNotifier> m_writeNotifier;
    std::unique_ptr<QTimer> m_stopTimer;
    // Output handed over by the role and not yet written, in order; the
    // first buffer is written from m_pendingStart. Buffers are queued, not
    // joined, so a slow peer never makes us copy what waits for it.
    std::deque<QByteArray> m_pending;
    qsizetype m_pendingStart = 0;
    qsizetype m_pendingBytes = 0; // unsent bytes across m_pending
    QByteArray m_buffer;
    bool m_eof = false;
    bool m_done = false;
    bool m_stopped = false;
};

// Runs `role` on a local event loop with this driver until it finishes;
// returns true when `stop` ended it. For a caller that owns its thread
// (the CLI, a worker): never call it from a GUI thread.
bool runOnEventLoop(Role& role, int inFd, int outFd, const EventSink& sink,
                    const StopRequested& stop, const ChannelLimits& limits = {});

} // namespace qrsync::session
