#pragma once

// `qrsync --daemon` on 127.0.0.1 for interop tests: the config and the log
// live in a temporary directory, the port is a free one, the daemon runs
// with --no-detach and is stopped by its PID (SIGTERM) when the fixture
// goes away. `threads` selects the listener's fallback mode
// (--no-async=daemon); start() checks the mode the daemon reports.

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include "loopbackport.h"

namespace qrsync::test {

class QrsyncDaemonFixture
{
public:
    QrsyncDaemonFixture();
    ~QrsyncDaemonFixture();
    QrsyncDaemonFixture(const QrsyncDaemonFixture&) = delete;
    QrsyncDaemonFixture& operator=(const QrsyncDaemonFixture&) = delete;

    // Writes `config` (the text of rsyncd.conf) and starts the daemon.
    // Returns an empty string on success, otherwise what went wrong.
    QString start(const QString& config, bool threads, const QStringList& extraArgs = {});
    void stop();

    quint16 port() const { return m_port; }
    qint64 pid() const { return m_process.processId(); }
    QString directory() const { return m_dir.path(); }
    // "rsync://127.0.0.1:PORT/" + rest
    QString url(const QString& rest = {}) const;
    QByteArray log() const;
    QByteArray stderrText() { return m_stderr += m_process.readAllStandardError(); }
    // From /proc: resident set size in KiB and the thread count.
    qint64 rssKiB() const;
    int threadCount() const;

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
    QByteArray m_stderr;
};

} // namespace qrsync::test
