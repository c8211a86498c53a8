#pragma once

// The event-loop driver for one role on one connection: a non-blocking
// file descriptor watched by QSocketNotifiers on the current thread's event
// loop (docs/design/async-migration.md). Many such drivers can share one
// thread; the role never blocks it. Output is bounded: while more than
// kMaxPendingOutput bytes wait to be written, input is not read.

#include "session/rolepairdriver.h"

#include <QByteArray>
#include <QObject>

#include <memory>

class QSocketNotifier;
class QTimer;

namespace qrsync::session {

class EventLoopChannelDriver final : public QObject
{
    Q_OBJECT

public:
    // `fd` stays owned by the caller and must outlive the driver.
    EventLoopChannelDriver(Role& role, int fd, EventSink sink, StopRequested stop = {},
                           QObject* parent = nullptr);
    ~EventLoopChannelDriver() override;

    void start();
    bool stopped() const { return m_stopped; }

    static constexpr qsizetype kMaxPendingOutput = 1024 * 1024;

Q_SIGNALS:
    void finished();

private:
    void onReadable();
    void onWritable();
    void pump();
    void flushOutput();
    void finishOnce();

    Role& m_role;
    int m_fd;
    EventSink m_sink;
    StopRequested m_stop;
    std::unique_ptr<QSocketNotifier> m_readNotifier;
    std::unique_ptr<QSocketNotifier> m_writeNotifier;
    std::unique_ptr<QTimer> m_stopTimer;
    QByteArray m_pending;
    qsizetype m_pendingStart = 0;
    QByteArray m_buffer;
    bool m_eof = false;
    bool m_done = false;
    bool m_stopped = false;
};

} // namespace qrsync::session
