#pragma once

// The daemon's log (stock's FLOG): "YYYY/MM/DD HH:MM:SS [PID] message" lines
// appended to `log file`, or syslog ("rsyncd", LOG_DAEMON) when there is
// none. Thread-safe: sessions on any thread write to it.

#include <QString>

#include <memory>
#include <mutex>

namespace qrsync::daemon {

class DaemonLog
{
public:
    DaemonLog() = default;
    ~DaemonLog();
    // Opens (appends to) `path`; empty: syslog. Returns false with errno set.
    bool open(const QString& path);
    // Also copy every line to stderr (--no-detach runs in a terminal).
    void setEcho(bool echo) { m_echo = echo; }
    void write(const QString& message);

private:
    std::mutex m_mutex;
    int m_fd = -1;
    bool m_syslog = false;
    bool m_echo = false;
};

} // namespace qrsync::daemon
