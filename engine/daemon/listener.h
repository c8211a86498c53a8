#pragma once

// The daemon listener, the "daemon" async path
// (docs/design/async-migration.md). Both modes accept on the main thread's
// event loop and run the same text phase and session roles:
//
//  - events (default): each connection is handed to one of a small, fixed
//    number of event-loop threads; its text phase is driven by a
//    QSocketNotifier and its session by EventLoopChannelDriver, so the
//    thread count does not grow with the connection count.
//  - threads (fallback): one thread per connection, reading the text phase
//    with poll() and running the session with the blocking driver.
//
// A connection's text phase must finish within the module's `timeout` (60
// seconds when unset or larger, stock's DAEMON_HANDSHAKE_TIMEOUT): a client
// that sends nothing is dropped without holding up anyone else.

#include "daemon/daemonconfig.h"
#include "daemon/daemonlog.h"
#include "options/transferoptions.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class QThread;

namespace qrsync::session {
class Workers;
}

namespace qrsync::daemon {

struct ListenerSettings
{
    DaemonConfig config;
    QString address; // empty: all addresses
    int port = 873;
    bool events = true;
    int eventThreads = 0; // 0: max(2, ideal thread count)
    options::AsyncPaths async;
    DaemonLog* log = nullptr;
};

class Listener final : public QObject
{
    Q_OBJECT

public:
    explicit Listener(ListenerSettings settings, QObject* parent = nullptr);
    ~Listener() override;

    // Binds and listens. Errors are rsync's exit code 10 (socket I/O).
    Result<void> listen();
    // Starts the event-loop threads (events mode): after listen(), and
    // after the process detached (a fork keeps no threads).
    void start();
    quint16 port() const;
    int eventThreadCount() const;

    // Stops accepting, asks every session to stop and waits for them.
    void shutdown();
    int activeConnections() const { return m_active.load(); }

private:
    void onConnection(int fd);
    void serveOnThread(int fd);

    class Server;
    class Pool;
    ListenerSettings m_settings;
    std::unique_ptr<Server> m_server;
    std::unique_ptr<Pool> m_pool;
    std::shared_ptr<session::Workers> m_workers;
    std::atomic<int> m_active{0};
    std::atomic<bool> m_stopping{false};
};

// The handshake deadline for a module (or the global section before a
// module is named): its timeout, capped at 60 seconds.
int handshakeTimeoutSeconds(const ModuleConfig& module);

} // namespace qrsync::daemon
