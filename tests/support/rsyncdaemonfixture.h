#pragma once

// A throw-away rsync daemon on 127.0.0.1 for interop tests (issue 5): stock
// `rsync --daemon --no-detach` by default, or any program that takes the
// same arguments (qrsync --daemon), started on a free port with a config
// written into a temporary directory, stopped by its PID.
//
// The test supplies the module sections; the fixture adds the globals
// (use chroot = no, uid/gid root so pushes can write as the test does,
// pid and log file) and gives each module a directory under data/ unless
// the section names its own path.

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace qrsync::test {

class RsyncDaemonFixture
{
public:
    explicit RsyncDaemonFixture(QString program = QStringLiteral("rsync"));
    ~RsyncDaemonFixture(); // stops the daemon by its PID
    RsyncDaemonFixture(const RsyncDaemonFixture&) = delete;
    RsyncDaemonFixture& operator=(const RsyncDaemonFixture&) = delete;

    // Extra global lines ("motd file = ..."), before the modules.
    void addGlobal(const QString& line);
    // A module: `[name]`, `path = <dir>/data/<name>` (created) unless a
    // `path` line is among `lines`, then `lines`.
    void addModule(const QString& name, const QStringList& lines);

    // Writes the config, starts the daemon and waits until it accepts
    // connections. Empty on success, otherwise what went wrong (with the
    // daemon's log).
    QString start();
    void stop();

    bool isRunning() const;
    quint16 port() const { return m_port; }
    QString host() const { return QStringLiteral("127.0.0.1"); }
    // rsync://127.0.0.1:PORT/<rest>
    QString url(const QString& rest = {}) const;
    QString directory() const { return m_dir.path(); }
    QString modulePath(const QString& name) const;
    // A file in the fixture's directory (secrets, password files, motd).
    QString writeFile(const QString& name, const QByteArray& content, int mode = 0600);

    QByteArray log() const;

private:
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QString config() const;

    QString m_program;
    QTemporaryDir m_dir;
    QProcess m_daemon;
    quint16 m_port = 0;
    QStringList m_globals;
    QStringList m_modules;
};

} // namespace qrsync::test
