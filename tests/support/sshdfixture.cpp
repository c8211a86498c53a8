#include "sshdfixture.h"

#include "loopbackport.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace qrsync::test {

namespace {

const QString kSshd = QStringLiteral("/usr/sbin/sshd");
const QString kSshKeygen = QStringLiteral("/usr/bin/ssh-keygen");
// sshd refuses to start without its privilege separation directory, which
// the Debian package leaves to the service unit (RuntimeDirectory=sshd).
const QString kPrivsepDir = QStringLiteral("/run/sshd");
constexpr int kStartAttempts = 3;

QString run(const QString& program, const QStringList& args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForStarted(10000))
        return program + QStringLiteral(": ") + p.errorString();
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return program + QStringLiteral(" failed: ") + QString::fromLocal8Bit(p.readAll());
    return {};
}

} // namespace

SshdFixture::SshdFixture() = default;

SshdFixture::~SshdFixture()
{
    if (m_sshd.state() == QProcess::NotRunning)
        return;
    const qint64 pid = m_sshd.processId();
    ::kill(pid_t(pid), SIGTERM);
    if (!m_sshd.waitForFinished(5000)) {
        ::kill(pid_t(pid), SIGKILL);
        m_sshd.waitForFinished(5000);
    }
}

QString SshdFixture::generateKeys()
{
    for (const char* name : {"host_ed25519", "id_ed25519"}) {
        const QString error =
            run(kSshKeygen,
                {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                 QStringLiteral("-N"), QString(), QStringLiteral("-C"),
                 QStringLiteral("qrsync-test"), QStringLiteral("-f"), path(QLatin1String(name))});
        if (!error.isEmpty())
            return error;
    }
    QFile::remove(path(QStringLiteral("authorized_keys")));
    if (!QFile::copy(path(QStringLiteral("id_ed25519.pub")),
                     path(QStringLiteral("authorized_keys"))))
        return QStringLiteral("cannot write authorized_keys");
    return {};
}

void SshdFixture::writeConfig()
{
    QFile f(path(QStringLiteral("sshd_config")));
    f.open(QIODevice::WriteOnly | QIODevice::Truncate);
    const QString dir = m_dir.path();
    f.write(QStringLiteral("ListenAddress 127.0.0.1\n"
                           "Port %1\n"
                           "HostKey %2/host_ed25519\n"
                           "PidFile %2/sshd.pid\n"
                           "AuthorizedKeysFile %2/authorized_keys\n"
                           "StrictModes no\n"
                           "UsePAM no\n"
                           "PermitRootLogin yes\n"
                           "PubkeyAuthentication yes\n"
                           "PasswordAuthentication no\n"
                           "KbdInteractiveAuthentication no\n"
                           "AllowTcpForwarding no\n"
                           "X11Forwarding no\n"
                           "PrintMotd no\n"
                           // Many concurrent logins from one test (the
                           // default 10:30:100 drops some of them).
                           "MaxStartups 200\n"
                           // Lets a test hand the async kill switches to a
                           // qrsync server: ssh -o SetEnv=QRSYNC_ASYNC_...
                           "AcceptEnv QRSYNC_ASYNC_*\n")
                .arg(m_port)
                .arg(dir)
                .toLocal8Bit());
}

bool SshdFixture::waitUntilListening(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (acceptsOnLoopback(m_port))
            return true;
        // Also the pause between tries: notices an sshd that gave up (its
        // port was taken meanwhile), which state() alone would not see
        // without an event loop.
        if (m_sshd.state() != QProcess::Running || m_sshd.waitForFinished(20))
            return false;
    }
    return false;
}

QString SshdFixture::start()
{
    if (!m_dir.isValid())
        return QStringLiteral("no temporary directory");
    if (!QFile::exists(kSshd) || !QFile::exists(kSshKeygen))
        return QStringLiteral("OpenSSH is missing (scripts/install-deps.sh installs "
                              "openssh-server and openssh-client)");
    if (!QDir().mkpath(kPrivsepDir))
        return QStringLiteral("cannot create ") + kPrivsepDir;
    if (const QString error = generateKeys(); !error.isEmpty())
        return error;
    for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
        m_port = freeLoopbackPort();
        if (m_port == 0)
            return QStringLiteral("no free port on 127.0.0.1");
        writeConfig();
        m_sshd.setProcessChannelMode(QProcess::MergedChannels);
        m_sshd.setStandardOutputFile(path(QStringLiteral("sshd.log")), QIODevice::Append);
        // sshd re-executes itself, so it needs its absolute path. -D: stay
        // in the foreground (the PID is ours to stop); -e: log to stderr.
        m_sshd.start(kSshd, {QStringLiteral("-D"), QStringLiteral("-e"), QStringLiteral("-f"),
                             path(QStringLiteral("sshd_config"))});
        if (!m_sshd.waitForStarted(10000))
            return kSshd + QStringLiteral(": ") + m_sshd.errorString();
        if (waitUntilListening(10000))
            return {};
        m_sshd.kill();
        m_sshd.waitForFinished(5000);
    }
    return QStringLiteral("sshd did not start listening; its log:\n") +
           QString::fromLocal8Bit(log());
}

bool SshdFixture::isRunning() const
{
    return m_sshd.state() == QProcess::Running;
}

QStringList SshdFixture::sshArguments() const
{
    return {QStringLiteral("-F"),
            QStringLiteral("/dev/null"),
            QStringLiteral("-i"),
            path(QStringLiteral("id_ed25519")),
            QStringLiteral("-p"),
            QString::number(m_port),
            QStringLiteral("-o"),
            QStringLiteral("IdentitiesOnly=yes"),
            QStringLiteral("-o"),
            QStringLiteral("UserKnownHostsFile=") + path(QStringLiteral("known_hosts")),
            QStringLiteral("-o"),
            QStringLiteral("StrictHostKeyChecking=accept-new"),
            QStringLiteral("-o"),
            QStringLiteral("BatchMode=yes"),
            QStringLiteral("-o"),
            QStringLiteral("ConnectTimeout=10"),
            QStringLiteral("-o"),
            QStringLiteral("LogLevel=ERROR")};
}

QString SshdFixture::sshCommand() const
{
    return (QStringList{QStringLiteral("/usr/bin/ssh")} + sshArguments()).join(QLatin1Char(' '));
}

QByteArray SshdFixture::log() const
{
    QFile f(path(QStringLiteral("sshd.log")));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString SshdFixture::writeClientConfig(const QString& file, const QString& alias,
                                       const QString& identity, const QString& knownHosts) const
{
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    QString text = QStringLiteral("Host %1\n"
                                  "  HostName %2\n"
                                  "  Port %3\n"
                                  "  User root\n"
                                  "  UserKnownHostsFile %4\n")
                       .arg(alias, host())
                       .arg(m_port)
                       .arg(knownHosts);
    if (!identity.isEmpty())
        text += QStringLiteral("  IdentityFile %1\n").arg(identity);
    f.write(text.toLocal8Bit());
    return file;
}

QByteArray SshdFixture::knownHostsLine() const
{
    QFile f(path(QStringLiteral("host_ed25519.pub")));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> fields = f.readAll().trimmed().split(' ');
    return QStringLiteral("[%1]:%2 ").arg(host()).arg(m_port).toLatin1() + fields.value(0) + ' ' +
           fields.value(1) + '\n';
}

bool SshdFixture::authorize(const QString& pubFile) const
{
    QFile in(pubFile);
    QFile out(path(QStringLiteral("authorized_keys")));
    return in.open(QIODevice::ReadOnly) && out.open(QIODevice::Append) &&
           out.write(in.readAll()) > 0;
}

QString SshdFixture::generateKey(const QString& file, const QString& passphrase)
{
    QFile::remove(file);
    QFile::remove(file + QStringLiteral(".pub"));
    return run(kSshKeygen, {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                            QStringLiteral("-N"), passphrase, QStringLiteral("-C"),
                            QStringLiteral("qrsync-test"), QStringLiteral("-f"), file});
}

int SshdFixture::killSessions()
{
    const qint64 listener = m_sshd.processId();
    int killed = 0;
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString& pid : pids) {
        bool numeric = false;
        const qint64 n = pid.toLongLong(&numeric);
        if (!numeric)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        // "pid (comm) state ppid ...": the command may contain spaces.
        const QByteArray text = stat.readAll();
        const QList<QByteArray> rest = text.mid(text.lastIndexOf(')') + 2).split(' ');
        if (rest.size() > 1 && rest[1].toLongLong() == listener && ::kill(pid_t(n), SIGKILL) == 0)
            ++killed;
    }
    return killed;
}

} // namespace qrsync::test
