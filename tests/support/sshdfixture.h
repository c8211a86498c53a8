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

private:
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QString generateKeys();
    void writeConfig();
    bool waitUntilListening(int timeoutMs);

    QTemporaryDir m_dir;
    QProcess m_sshd;
    quint16 m_port = 0;
};

} // namespace qrsync::test
