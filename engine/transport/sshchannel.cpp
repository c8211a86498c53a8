#include "transport/sshchannel.h"

#include "transport/sshsession.h"

#include <QObject>
#include <QSocketNotifier>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace qrsync::transport {

struct SshChannel::State
{
    std::mutex mutex;
    std::condition_variable changed;
    bool finished = false; // the connection ended: status and error are final
    bool gone = false;     // its runner has let go of everything
    int status = 255;
    std::optional<Error> error;
    bool unknownHost = false;
    QObject* connection = nullptr; // EventLoop: the runner, while it exists
    std::thread thread;            // Blocking: the runner
    std::atomic<bool> abort{false};

    void publish(const SshSession& session, std::optional<int> exitStatus)
    {
        const std::lock_guard lock(mutex);
        finished = true;
        error = session.error();
        unknownHost = session.unknownHostRefused();
        // OpenSSH exits 255 when the connection fails or the remote
        // command ends without an exit status (killed by a signal).
        status = error ? 255 : exitStatus.value_or(255);
        changed.notify_all();
    }
};

namespace {

constexpr qsizetype kChunk = 64 * 1024;
// Bytes from the remote held for the local end before we stop reading the
// channel (the remote then runs out of window: backpressure).
constexpr qsizetype kMaxToLocal = 1024 * 1024;
constexpr int kBlockingIoSeconds = 120;

// Moves bytes between the exec channel and our end of the socketpair,
// never waiting: the caller waits (QSocketNotifier or poll()) on what
// wants*() say. Used by both modes.
class Pump
{
public:
    Pump(SshSession& session, int fd)
        : m_session(session)
        , m_fd(fd)
        , m_buffer(kChunk, Qt::Uninitialized)
    {}

    // True once the connection is over (the remote command ended and its
    // output was handed on, or the connection was lost).
    bool run()
    {
        for (bool progress = true; progress && !m_lost;) {
            progress = fromRemote();
            progress = toLocal() || progress;
            progress = fromLocal() || progress;
        }
        if (m_lost) {
            m_session.failConnectionLost();
            return true;
        }
        if (!m_remoteEof || pendingToLocal() > 0)
            return false;
        m_session.processPackets();
        return m_session.exitStatus().has_value() || m_session.channelClosed();
    }

    bool wantsLocalRead() const { return !m_localEof && m_session.writable() > 0; }
    bool wantsLocalWrite() const { return pendingToLocal() > 0; }
    // Holding as much remote output as we take: stop reading the network.
    bool backedUp() const { return pendingToLocal() >= kMaxToLocal; }

private:
    qsizetype pendingToLocal() const { return m_toLocal.size() - m_toLocalStart; }

    bool fromRemote()
    {
        // Any read may parse packets for the other stream too (libssh
        // polls the socket when the asked-for buffer is empty), leaving
        // data buffered where no socket notifier will announce it: stderr
        // first, then stdout until a poll of the socket found nothing more
        // for it. (The remote writes stderr rarely and exits after it.)
        bool progress = fromStderr();
        while (!m_remoteEof && !backedUp()) {
            const qint64 n = m_session.read(m_buffer.data(), kChunk);
            if (n == -2) {
                m_lost = true;
                return progress;
            }
            if (n == -1) {
                m_remoteEof = true;
                progress = true;
                break;
            }
            if (n == 0)
                break;
            // Drop what was already handed on before appending, or the
            // buffer would keep every byte of the connection (only the
            // unsent part is bounded by backedUp()).
            if (m_toLocalStart > 0 && m_toLocalStart >= m_toLocal.size() / 2) {
                m_toLocal.remove(0, m_toLocalStart);
                m_toLocalStart = 0;
            }
            m_toLocal.append(m_buffer.constData(), n);
            progress = true;
        }
        return progress;
    }

    // The remote's stderr is ours, as with an OpenSSH child process.
    bool fromStderr()
    {
        bool progress = false;
        for (;;) {
            const qint64 n = m_session.read(m_buffer.data(), kChunk, true);
            if (n <= 0)
                break;
            (void)!::write(STDERR_FILENO, m_buffer.constData(), size_t(n));
            progress = true;
        }
        return progress;
    }

    bool toLocal()
    {
        bool progress = false;
        while (pendingToLocal() > 0) {
            const ssize_t n = ::send(m_fd, m_toLocal.constData() + m_toLocalStart,
                                     size_t(pendingToLocal()), MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n > 0) {
                m_toLocalStart += n;
                progress = true;
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EINTR))
                break;
            // Our user closed its end: nobody wants the rest.
            m_toLocal.clear();
            m_toLocalStart = 0;
            break;
        }
        if (pendingToLocal() == 0) {
            m_toLocal.clear();
            m_toLocalStart = 0;
            if (m_remoteEof && !m_localShut) {
                ::shutdown(m_fd, SHUT_WR);
                m_localShut = true;
            }
        }
        return progress;
    }

    bool fromLocal()
    {
        bool progress = false;
        while (!m_localEof) {
            // Never more than the remote's window: a write that had to wait
            // for it could wait forever while the remote waits for us.
            const qint64 room = std::min<qint64>(m_session.writable(), kChunk);
            if (room <= 0)
                break;
            const ssize_t n = ::recv(m_fd, m_buffer.data(), size_t(room), MSG_DONTWAIT);
            if (n > 0) {
                if (!m_session.write(m_buffer.constData(), n)) {
                    m_lost = true;
                    return progress;
                }
                progress = true;
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EINTR))
                break;
            m_localEof = true;
            progress = true;
            if (!m_session.sendEof())
                m_lost = true;
        }
        return progress;
    }

    SshSession& m_session;
    int m_fd;
    QByteArray m_buffer;
    QByteArray m_toLocal;
    qsizetype m_toLocalStart = 0;
    bool m_remoteEof = false;
    bool m_localEof = false;
    bool m_localShut = false;
    bool m_lost = false;
};

// The one thread that serves every EventLoop connection; it lives while
// at least one such connection does.
struct EventThread
{
    std::mutex mutex;
    QThread* thread = nullptr;
    int users = 0;
};

EventThread& eventThread()
{
    static EventThread t;
    return t;
}

QThread* acquireEventThread()
{
    EventThread& t = eventThread();
    const std::lock_guard lock(t.mutex);
    if (!t.thread) {
        t.thread = new QThread;
        t.thread->setObjectName(QStringLiteral("qrsync-ssh"));
        t.thread->start();
    }
    ++t.users;
    return t.thread;
}

void releaseEventThread()
{
    EventThread& t = eventThread();
    const std::lock_guard lock(t.mutex);
    if (--t.users > 0)
        return;
    t.thread->quit();
    t.thread->wait();
    delete t.thread;
    t.thread = nullptr;
}

// One EventLoop connection, living on the shared thread.
class EventConnection final : public QObject
{
public:
    EventConnection(std::shared_ptr<SshChannel::State> state, SshTarget target, SshPrompts prompts,
                    int fd)
        : m_state(std::move(state))
        , m_target(std::move(target))
        , m_prompts(std::move(prompts))
        , m_fd(fd)
    {
        const std::lock_guard lock(m_state->mutex);
        m_state->connection = this;
    }

    ~EventConnection() override
    {
        const std::lock_guard lock(m_state->mutex);
        m_state->connection = nullptr;
        m_state->gone = true;
        m_state->changed.notify_all();
    }

    void start()
    {
        m_session = std::make_unique<SshSession>(m_target, m_prompts, false);
        // Steps that finish without socket traffic (the agent, a key file)
        // are retried on a short tick rather than trusted to readiness.
        m_tick = std::make_unique<QTimer>();
        m_tick->setInterval(20);
        QObject::connect(m_tick.get(), &QTimer::timeout, this, [this] { step(); });
        m_tick->start();
        if (m_target.connectTimeoutSeconds > 0) {
            m_deadline = std::make_unique<QTimer>();
            m_deadline->setSingleShot(true);
            QObject::connect(m_deadline.get(), &QTimer::timeout, this, [this] {
                if (!m_pump) {
                    m_session->failConnectTimeout();
                    finish();
                }
            });
            m_deadline->start(m_target.connectTimeoutSeconds * 1000);
        }
        step();
    }

    void abort()
    {
        if (!m_done)
            finish();
    }

private:
    void watchNetwork()
    {
        if (m_netRead || m_session->socketFd() < 0)
            return;
        m_netRead = std::make_unique<QSocketNotifier>(m_session->socketFd(), QSocketNotifier::Read);
        m_netWrite =
            std::make_unique<QSocketNotifier>(m_session->socketFd(), QSocketNotifier::Write);
        QObject::connect(m_netRead.get(), &QSocketNotifier::activated, this, [this] { step(); });
        QObject::connect(m_netWrite.get(), &QSocketNotifier::activated, this, [this] { step(); });
    }

    void watchLocal()
    {
        m_localRead = std::make_unique<QSocketNotifier>(m_fd, QSocketNotifier::Read);
        m_localWrite = std::make_unique<QSocketNotifier>(m_fd, QSocketNotifier::Write);
        QObject::connect(m_localRead.get(), &QSocketNotifier::activated, this, [this] { step(); });
        QObject::connect(m_localWrite.get(), &QSocketNotifier::activated, this, [this] { step(); });
    }

    void step()
    {
        if (m_done)
            return;
        if (!m_pump) {
            const SshSession::Step s = m_session->advanceHandshake();
            watchNetwork();
            if (s == SshSession::Step::Failed) {
                finish();
                return;
            }
            if (s == SshSession::Step::Again) {
                if (m_netWrite)
                    m_netWrite->setEnabled(m_session->connecting() || m_session->wantsWrite());
                return;
            }
            m_tick->stop();
            if (m_deadline)
                m_deadline->stop();
            m_pump = std::make_unique<Pump>(*m_session, m_fd);
            watchLocal();
        }
        if (m_pump->run()) {
            finish();
            return;
        }
        m_netRead->setEnabled(!m_pump->backedUp());
        m_netWrite->setEnabled(m_session->wantsWrite());
        m_localRead->setEnabled(m_pump->wantsLocalRead());
        m_localWrite->setEnabled(m_pump->wantsLocalWrite());
    }

    void finish()
    {
        if (m_done)
            return;
        m_done = true;
        for (auto* n : {m_netRead.get(), m_netWrite.get(), m_localRead.get(), m_localWrite.get()})
            if (n)
                n->setEnabled(false);
        if (m_tick)
            m_tick->stop();
        if (m_deadline)
            m_deadline->stop();
        // An abort is ours (the run failed or was stopped): no ssh error
        // to report on top of the run's own.
        m_state->publish(*m_session, m_session->exitStatus());
        m_netRead.reset();
        m_netWrite.reset();
        m_localRead.reset();
        m_localWrite.reset();
        m_pump.reset();
        m_session.reset(); // disconnects
        ::close(m_fd);
        deleteLater();
    }

    std::shared_ptr<SshChannel::State> m_state;
    SshTarget m_target;
    SshPrompts m_prompts;
    int m_fd;
    std::unique_ptr<SshSession> m_session;
    std::unique_ptr<Pump> m_pump;
    std::unique_ptr<QSocketNotifier> m_netRead;
    std::unique_ptr<QSocketNotifier> m_netWrite;
    std::unique_ptr<QSocketNotifier> m_localRead;
    std::unique_ptr<QSocketNotifier> m_localWrite;
    std::unique_ptr<QTimer> m_tick;
    std::unique_ptr<QTimer> m_deadline;
    bool m_done = false;
};

// One Blocking connection on its own thread: libssh blocks in the
// handshake; the data phase sleeps in poll() on both sockets.
void runBlocking(const std::shared_ptr<SshChannel::State>& state, const SshTarget& target,
                 const SshPrompts& prompts, int fd)
{
    SshSession session(target, prompts, true);
    SshSession::Step s = session.advanceHandshake();
    while (s == SshSession::Step::Again && !state->abort) {
        pollfd p{session.socketFd(), POLLIN | POLLOUT, 0};
        ::poll(&p, 1, 100);
        s = session.advanceHandshake();
    }
    if (s == SshSession::Step::Done) {
        // Writes never exceed the remote window, so a blocking call only
        // waits for the socket to drain: a connection that cannot take one
        // chunk in this long is dead, and the thread must get to notice.
        session.setBlockingTimeout(kBlockingIoSeconds);
        Pump pump(session, fd);
        while (!pump.run()) {
            if (state->abort)
                break; // ours: nothing to report (see EventConnection::finish)
            pollfd p[2] = {{session.socketFd(), 0, 0}, {fd, 0, 0}};
            if (!pump.backedUp())
                p[0].events |= POLLIN;
            if (session.wantsWrite())
                p[0].events |= POLLOUT;
            if (pump.wantsLocalRead())
                p[1].events |= POLLIN;
            if (pump.wantsLocalWrite())
                p[1].events |= POLLOUT;
            ::poll(p, 2, 100); // the tick also notices abort
        }
    }
    state->publish(session, session.exitStatus());
    ::close(fd);
}

} // namespace

SshChannel::SshChannel(int fd, Mode mode, std::shared_ptr<State> state)
    : m_fd(fd)
    , m_mode(mode)
    , m_state(std::move(state))
{}

Result<std::unique_ptr<SshChannel>> SshChannel::open(SshTarget target, SshPrompts prompts,
                                                     Mode mode)
{
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
        return makeError(ExitCode::Ipc, QStringLiteral("socketpair failed: %1")
                                            .arg(QString::fromLocal8Bit(std::strerror(errno))));
    ::fcntl(fds[1], F_SETFL, ::fcntl(fds[1], F_GETFL) | O_NONBLOCK);
    auto state = std::make_shared<State>();
    if (mode == Mode::EventLoop) {
        QThread* thread = acquireEventThread();
        auto* connection =
            new EventConnection(state, std::move(target), std::move(prompts), fds[1]);
        connection->moveToThread(thread);
        QMetaObject::invokeMethod(
            connection, [connection] { connection->start(); }, Qt::QueuedConnection);
    } else {
        state->thread = std::thread(
            [state, target = std::move(target), prompts = std::move(prompts), fd = fds[1]] {
                runBlocking(state, target, prompts, fd);
                const std::lock_guard lock(state->mutex);
                state->gone = true;
                state->changed.notify_all();
            });
    }
    return std::unique_ptr<SshChannel>(new SshChannel(fds[0], mode, std::move(state)));
}

SshChannel::~SshChannel()
{
    closeChannel();
    if (!exitCodeWithin(0))
        terminate();
    {
        std::unique_lock lock(m_state->mutex);
        m_state->changed.wait(lock, [this] { return m_state->gone; });
    }
    if (m_mode == Mode::EventLoop)
        releaseEventThread();
    else
        m_state->thread.join();
}

void SshChannel::closeChannel()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
}

int SshChannel::wait()
{
    std::unique_lock lock(m_state->mutex);
    m_state->changed.wait(lock, [this] { return m_state->finished; });
    return m_state->status;
}

std::optional<int> SshChannel::exitCodeWithin(int msecs)
{
    std::unique_lock lock(m_state->mutex);
    if (!m_state->changed.wait_for(lock, std::chrono::milliseconds(msecs),
                                   [this] { return m_state->finished; }))
        return std::nullopt;
    return m_state->status;
}

void SshChannel::terminate()
{
    m_state->abort = true;
    const std::lock_guard lock(m_state->mutex);
    if (auto* connection = static_cast<EventConnection*>(m_state->connection))
        QMetaObject::invokeMethod(
            connection, [connection] { connection->abort(); }, Qt::QueuedConnection);
}

std::optional<Error> SshChannel::error() const
{
    const std::lock_guard lock(m_state->mutex);
    return m_state->error;
}

bool SshChannel::unknownHostRefused() const
{
    const std::lock_guard lock(m_state->mutex);
    return m_state->unknownHost;
}

int SshChannel::eventLoopThreads()
{
    EventThread& t = eventThread();
    const std::lock_guard lock(t.mutex);
    return t.thread ? 1 : 0;
}

} // namespace qrsync::transport
