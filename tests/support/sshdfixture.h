#pragma once

// A throw-away OpenSSH server on 127.0.0.1 for interop tests (issue 4:
// "a real OpenSSH sshd with host and user keys generated into a temp dir,
// started by the test and stopped by its PID").
//
// Everything lives in one QTemporaryDir: host key, user key,
// authorized_keys, known_hosts, sshd_config, pid file and sshd's log. The
// client side never reads ~/.ssh: OpenSSH finds it through the password
// database, not $HOME, so sshCommand() passes every file with -o options
// and -F /dev/null. Tests run as root, so the login is root's.

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace qrsync::test {

class SshdFixture
{
public:
    SshdFixture();
    ~SshdFixture(); // stops sshd by its PID
    SshdFixture(const SshdFixture&) = delete;
    SshdFixture& operator=(const SshdFixture&) = delete;

    // Generates the keys, writes the config, starts sshd and waits until it
    // accepts connections. Returns an empty string on success, otherwise
    // what went wrong (with sshd's log).
    QString start();

    bool isRunning() const;
    quint16 port() const { return m_port; }
    QString host() const { return QStringLiteral("127.0.0.1"); }
    QString directory() const { return m_dir.path(); }

    // The client command as separate arguments: ssh -F /dev/null -i KEY -p
    // PORT -o ... (no host).
    QStringList sshArguments() const;
    // The same as one string for rsync's -e (no path contains spaces: the
    // temporary directory's name is ours).
    QString sshCommand() const;

    // sshd's log so far (sshd -e writes it to stderr, kept in a file).
    QByteArray log() const;

    // A file in the fixture's directory (id_ed25519, host_ed25519.pub...).
    QString path(const QString& name) const { return m_dir.filePath(name); }

    // For the built-in client (issue 6), which reads an OpenSSH config
    // instead of -o options: writes FILE with "Host ALIAS" pointing at this
    // server as root, with `identity` (none when empty) and `knownHosts`.
    QString writeClientConfig(const QString& file, const QString& alias, const QString& identity,
                              const QString& knownHosts) const;
    // The known_hosts line that trusts this server's host key.
    QByteArray knownHostsLine() const;
    // Lets the public key in `pubFile` log in too.
    bool authorize(const QString& pubFile) const;
    // Generates an ed25519 key pair at `file` (and file.pub) with
    // `passphrase`; empty string on success.
    static QString generateKey(const QString& file, const QString& passphrase = {});
    // Kills the per-connection sshd processes (the listener's children)
    // by PID, as if the server went away mid-session; returns how many.
    int killSessions();

private:
    QString generateKeys();
    void writeConfig();
    bool waitUntilListening(int timeoutMs);

    QTemporaryDir m_dir;
    QProcess m_sshd;
    quint16 m_port = 0;
};

} // namespace qrsync::test
