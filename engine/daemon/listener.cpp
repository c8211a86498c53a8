#include "daemon/listener.h"

#include "daemon/daemonsession.h"
#include "daemon/textphase.h"
#include "daemon/xferexec.h"
#include "session/channeldriver.h"
#include "session/workers.h"

#include <QHostAddress>
#include <QHostInfo>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QThread>
#include <QTimer>

#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace qrsync::daemon {

namespace {

constexpr int kStockHandshakeTimeout = 60; // clientserver.c DAEMON_HANDSHAKE_TIMEOUT

PeerInfo peerOf(int fd, bool reverse)
{
    PeerInfo peer;
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    char text[NI_MAXHOST] = "0.0.0.0";
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) == 0)
        ::getnameinfo(reinterpret_cast<sockaddr*>(&ss), len, text, sizeof text, nullptr, 0,
                      NI_NUMERICHOST);
    peer.address = QString::fromLatin1(text);
    if (peer.address.startsWith(QLatin1String("::ffff:")) && peer.address.contains('.'))
        peer.address = peer.address.mid(7);
    peer.host = reverse ? reverseLookup(peer.address) : QString::fromLatin1(kUndeterminedHost);
    return peer;
}

session::EventSink logSink(DaemonLog* log)
{
    return [log](const session::SessionEvent& e) {
        const auto* m = std::get_if<session::MessageEvent>(&e);
        if (!log || !m || m->level == session::MessageEvent::Level::Info)
            return;
        log->write(QString::fromUtf8(m->text).trimmed());
    };
}

void writeLog(DaemonLog* log, const QStringList& lines)
{
    if (!log)
        return;
    for (const QString& l : lines)
        log->write(l);
}

// One connection on an event-loop thread: the text phase on a
// QSocketNotifier, then the session on EventLoopChannelDriver.
class EventConnection final : public QObject
{
public:
    EventConnection(int fd, const ListenerSettings& settings,
                    std::shared_ptr<session::Workers> workers, std::atomic<int>& active,
                    const std::atomic<bool>& stopping)
        : m_fd(fd)
        , m_settings(settings)
        , m_workers(std::move(workers))
        , m_active(active)
        , m_stopping(stopping)
    {}

    ~EventConnection() override
    {
        m_driver.reset();
        m_session.server.role.reset();
        if (m_fd >= 0)
            ::close(m_fd);
        m_active.fetch_sub(1);
    }

    void start()
    {
        ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
        PeerInfo peer = peerOf(m_fd, false);
        if (!m_settings.config.defaults.reverseLookup) {
            begin(std::move(peer));
            return;
        }
        // The reverse lookup runs on Qt's resolver threads, so a slow DNS
        // server holds up this connection only, not the event-loop thread.
        QHostInfo::lookupHost(peer.address, this, [this, peer](const QHostInfo& info) mutable {
            const QString name = info.hostName();
            peer.host =
                info.error() == QHostInfo::NoError && !name.isEmpty() && name != peer.address
                    ? name
                    : QStringLiteral("UNKNOWN");
            begin(std::move(peer));
        });
    }

private:
    void begin(PeerInfo peer)
    {
        m_settings.log->write(QStringLiteral("connect from %1 (%2)").arg(peer.host, peer.address));
        m_phase = std::make_unique<TextPhase>(m_settings.config, std::move(peer));
        m_deadline = std::chrono::steady_clock::now() +
                     std::chrono::seconds(handshakeTimeoutSeconds(m_settings.config.defaults));
        m_read = std::make_unique<QSocketNotifier>(m_fd, QSocketNotifier::Read);
        m_write = std::make_unique<QSocketNotifier>(m_fd, QSocketNotifier::Write);
        m_write->setEnabled(false);
        connect(m_read.get(), &QSocketNotifier::activated, this, [this] { onReadable(); });
        connect(m_write.get(), &QSocketNotifier::activated, this, [this] { flush(); });
        m_tick = std::make_unique<QTimer>();
        m_tick->setInterval(250);
        connect(m_tick.get(), &QTimer::timeout, this, [this] { onTick(); });
        m_tick->start();
        m_pending = m_phase->takeOutgoing();
        flush();
    }

    void onTick()
    {
        if (m_stopping.load() || std::chrono::steady_clock::now() >= m_deadline) {
            if (!m_stopping.load())
                m_settings.log->write(QStringLiteral("timeout in the daemon handshake from %1 (%2)")
                                          .arg(m_phase->peer().host, m_phase->peer().address));
            deleteLater();
            m_tick->stop();
            m_read->setEnabled(false);
            m_write->setEnabled(false);
        }
    }

    void onReadable()
    {
        char buf[4096];
        for (;;) {
            const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
            if (n > 0) {
                m_phase->receive(QByteArrayView(buf, n));
                continue;
            }
            if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                m_phase->receiveEof();
                m_read->setEnabled(false);
            }
            break;
        }
        const bool hadModule = m_phase->state() >= TextPhase::State::AuthReply;
        m_phase->advance();
        writeLog(m_settings.log, m_phase->takeLog());
        if (!hadModule && m_phase->state() >= TextPhase::State::AuthReply &&
            m_phase->state() != TextPhase::State::Closed)
            m_deadline = std::chrono::steady_clock::now() +
                         std::chrono::seconds(handshakeTimeoutSeconds(m_phase->module()));
        m_pending += m_phase->takeOutgoing();
        flush();
    }

    void flush()
    {
        while (!m_pending.isEmpty()) {
            const ssize_t n = ::send(m_fd, m_pending.constData(), size_t(m_pending.size()),
                                     MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n > 0) {
                m_pending.remove(0, n);
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
                m_write->setEnabled(true);
                return;
            }
            m_pending.clear();
            deleteLater();
            return;
        }
        m_write->setEnabled(false);
        if (m_phase->isClosed()) {
            ::shutdown(m_fd, SHUT_WR);
            m_tick->stop();
            m_read->setEnabled(false);
            deleteLater();
        } else if (m_phase->isReady() && !m_starting) {
            m_starting = true;
            m_tick->stop();
            m_read->setEnabled(false);
            const QString& pre = m_phase->module().preXferExec;
            if (pre.isEmpty())
                beginSession({});
            else
                runPreXferAsync(pre, xferEnvironment(*m_phase), this,
                                [this](QByteArray verdict) { beginSession(verdict); });
        }
    }

    void beginSession(const QByteArray& preXferFailure)
    {
        m_read.reset();
        m_write.reset();
        m_session = makeDaemonSession(*m_phase, m_settings.async, m_workers, preXferFailure);
        if (!m_session.logLine.isEmpty())
            m_settings.log->write(m_session.logLine);
        session::Role& role = *m_session.server.role;
        const QByteArray leftover = m_phase->takeLeftover();
        if (!leftover.isEmpty())
            role.receive(leftover);
        const std::atomic<bool>& stopping = m_stopping;
        m_driver = std::make_unique<session::EventLoopChannelDriver>(
            role, m_fd, logSink(m_settings.log), [&stopping] { return stopping.load(); });
        m_driver->setLimits(m_session.limits);
        connect(m_driver.get(), &session::EventLoopChannelDriver::finished, this, [this] {
            const ExitCode code = session::finishServer(m_session.server, m_driver->stopped());
            if (code != ExitCode::Ok)
                m_settings.log->write(QStringLiteral("session on module %1 ended with exit code %2")
                                          .arg(m_phase->module().name)
                                          .arg(int(code)));
            if (!m_phase->module().postXferExec.isEmpty())
                startPostXfer(m_phase->module().postXferExec, xferEnvironment(*m_phase), int(code));
            deleteLater();
        });
        m_driver->start();
    }

    int m_fd;
    const ListenerSettings& m_settings;
    std::shared_ptr<session::Workers> m_workers;
    std::atomic<int>& m_active;
    const std::atomic<bool>& m_stopping;
    std::unique_ptr<TextPhase> m_phase;
    std::unique_ptr<QSocketNotifier> m_read;
    std::unique_ptr<QSocketNotifier> m_write;
    std::unique_ptr<QTimer> m_tick;
    std::chrono::steady_clock::time_point m_deadline;
    QByteArray m_pending;
    bool m_starting = false;
    DaemonSession m_session;
    std::unique_ptr<session::EventLoopChannelDriver> m_driver;
};

// Blocking send of the whole buffer (threads mode), bounded by `deadline`.
bool sendAll(int fd, QByteArray data, std::chrono::steady_clock::time_point deadline)
{
    while (!data.isEmpty()) {
        const ssize_t n =
            ::send(fd, data.constData(), size_t(data.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            data.remove(0, n);
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0)
                return false;
            pollfd p{fd, POLLOUT, 0};
            ::poll(&p, 1, int(std::min<qint64>(left.count(), 250)));
            continue;
        }
        return false;
    }
    return true;
}

} // namespace

int handshakeTimeoutSeconds(const ModuleConfig& module)
{
    return module.timeout <= 0 || module.timeout > kStockHandshakeTimeout ? kStockHandshakeTimeout
                                                                          : module.timeout;
}

class Listener::Server final : public QTcpServer
{
public:
    explicit Server(std::function<void(int)> onFd)
        : m_onFd(std::move(onFd))
    {}

protected:
    void incomingConnection(qintptr fd) override { m_onFd(int(fd)); }

private:
    std::function<void(int)> m_onFd;
};

// The events mode's fixed set of event-loop threads.
class Listener::Pool
{
public:
    explicit Pool(int count)
    {
        for (int i = 0; i < count; ++i) {
            auto thread = std::make_unique<QThread>();
            auto context = std::make_unique<QObject>();
            context->moveToThread(thread.get());
            thread->start();
            m_threads.push_back(std::move(thread));
            m_contexts.push_back(std::move(context));
        }
    }
    ~Pool()
    {
        for (auto& t : m_threads) {
            t->quit();
            t->wait();
        }
        // The contexts belong to finished threads; deleting them here is safe.
    }
    QObject* next() { return m_contexts[size_t(m_next++ % m_contexts.size())].get(); }
    int size() const { return int(m_threads.size()); }

private:
    std::vector<std::unique_ptr<QThread>> m_threads;
    std::vector<std::unique_ptr<QObject>> m_contexts;
    size_t m_next = 0;
};

Listener::Listener(ListenerSettings settings, QObject* parent)
    : QObject(parent)
    , m_settings(std::move(settings))
{
    if (m_settings.async.workers)
        m_workers = session::makePoolWorkers();
    else
        m_workers = std::make_shared<session::InlineWorkers>();
}

Listener::~Listener()
{
    shutdown();
}

Result<void> Listener::listen()
{
    m_server = std::make_unique<Server>([this](int fd) { onConnection(fd); });
    m_server->setListenBacklogSize(m_settings.config.listenBacklog);
    const QHostAddress address = m_settings.address.isEmpty() ? QHostAddress(QHostAddress::Any)
                                                              : QHostAddress(m_settings.address);
    if (!m_settings.address.isEmpty() && address.isNull())
        return makeError(ExitCode::SocketIo,
                         QStringLiteral("invalid --address: %1").arg(m_settings.address));
    if (!m_server->listen(address, quint16(m_settings.port)))
        return makeError(ExitCode::SocketIo,
                         QStringLiteral("unable to bind any inbound sockets on port %1: %2")
                             .arg(m_settings.port)
                             .arg(m_server->errorString()));
    return {};
}

void Listener::start()
{
    if (m_settings.events && !m_pool) {
        const int threads = m_settings.eventThreads > 0 ? m_settings.eventThreads
                                                        : std::max(2, QThread::idealThreadCount());
        m_pool = std::make_unique<Pool>(threads);
    }
}

quint16 Listener::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

int Listener::eventThreadCount() const
{
    return m_pool ? m_pool->size() : 0;
}

void Listener::onConnection(int fd)
{
    if (m_stopping.load()) {
        ::close(fd);
        return;
    }
    m_active.fetch_add(1);
    if (!m_settings.events) {
        std::thread([this, fd] { serveOnThread(fd); }).detach();
        return;
    }
    if (!m_pool)
        start();
    QObject* context = m_pool->next();
    const ListenerSettings* settings = &m_settings;
    auto workers = m_workers;
    QMetaObject::invokeMethod(
        context,
        [fd, settings, workers, this] {
            auto* c = new EventConnection(fd, *settings, workers, m_active, m_stopping);
            c->start();
        },
        Qt::QueuedConnection);
}

void Listener::serveOnThread(int fd)
{
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    PeerInfo peer = peerOf(fd, m_settings.config.defaults.reverseLookup);
    DaemonLog* log = m_settings.log;
    log->write(QStringLiteral("connect from %1 (%2)").arg(peer.host, peer.address));
    TextPhase phase(m_settings.config, peer);
    auto deadline = std::chrono::steady_clock::now() +
                    std::chrono::seconds(handshakeTimeoutSeconds(m_settings.config.defaults));
    bool moduleKnown = false;
    bool ok = true;
    while (ok) {
        ok = sendAll(fd, phase.takeOutgoing(), deadline);
        writeLog(log, phase.takeLog());
        if (!moduleKnown && phase.state() >= TextPhase::State::AuthReply && !phase.isClosed()) {
            moduleKnown = true;
            deadline = std::chrono::steady_clock::now() +
                       std::chrono::seconds(handshakeTimeoutSeconds(phase.module()));
        }
        if (phase.isReady() || phase.isClosed() || !ok)
            break;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || m_stopping.load()) {
            if (!m_stopping.load())
                log->write(QStringLiteral("timeout in the daemon handshake from %1 (%2)")
                               .arg(peer.host, peer.address));
            ok = false;
            break;
        }
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, int(std::min<qint64>(left.count(), 250))) <= 0)
            continue;
        char buf[4096];
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n > 0)
            phase.receive(QByteArrayView(buf, n));
        else if (n == 0 || (errno != EAGAIN && errno != EINTR))
            phase.receiveEof();
        phase.advance();
    }
    if (ok && phase.isReady()) {
        const ModuleConfig& module = phase.module();
        const QByteArray preXferFailure =
            module.preXferExec.isEmpty()
                ? QByteArray()
                : runPreXferBlocking(module.preXferExec, xferEnvironment(phase));
        DaemonSession s = makeDaemonSession(phase, m_settings.async, m_workers, preXferFailure);
        if (!s.logLine.isEmpty())
            log->write(s.logLine);
        const QByteArray leftover = phase.takeLeftover();
        if (!leftover.isEmpty())
            s.server.role->receive(leftover);
        std::atomic<bool> stopped{false};
        session::serveBlocking(
            *s.server.role, fd, fd, logSink(log), [this] { return m_stopping.load(); }, stopped,
            s.limits);
        const ExitCode code = session::finishServer(s.server, stopped.load());
        if (code != ExitCode::Ok)
            log->write(QStringLiteral("session on module %1 ended with exit code %2")
                           .arg(phase.module().name)
                           .arg(int(code)));
        if (!module.postXferExec.isEmpty())
            startPostXfer(module.postXferExec, xferEnvironment(phase), int(code));
    } else if (phase.isClosed()) {
        ::shutdown(fd, SHUT_WR);
    }
    ::close(fd);
    m_active.fetch_sub(1);
}

void Listener::shutdown()
{
    if (m_stopping.exchange(true))
        return;
    if (m_server)
        m_server->close();
    // Sessions see the stop flag within a tick; give them a few seconds to
    // drop their temporary files and close.
    for (int i = 0; i < 100 && m_active.load() > 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    m_pool.reset();
}

} // namespace qrsync::daemon
