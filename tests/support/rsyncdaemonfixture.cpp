#include "rsyncdaemonfixture.h"

#include "loopbackport.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace qrsync::test {

namespace {

constexpr int kStartAttempts = 3;

} // namespace

RsyncDaemonFixture::RsyncDaemonFixture(QString program)
    : m_program(std::move(program))
{}

RsyncDaemonFixture::~RsyncDaemonFixture()
{
    stop();
}

void RsyncDaemonFixture::stop()
{
    if (m_daemon.state() == QProcess::NotRunning)
        return;
    const qint64 pid = m_daemon.processId();
    ::kill(pid_t(pid), SIGTERM);
    if (!m_daemon.waitForFinished(5000)) {
        ::kill(pid_t(pid), SIGKILL);
        m_daemon.waitForFinished(5000);
    }
}

void RsyncDaemonFixture::addGlobal(const QString& line)
{
    m_globals << line;
}

QString RsyncDaemonFixture::modulePath(const QString& name) const
{
    return m_dir.filePath(QStringLiteral("data/") + name);
}

void RsyncDaemonFixture::addModule(const QString& name, const QStringList& lines)
{
    QStringList section{QLatin1Char('[') + name + QLatin1Char(']')};
    const bool ownPath = std::any_of(lines.begin(), lines.end(), [](const QString& l) {
        return l.trimmed().startsWith(QLatin1String("path"));
    });
    if (!ownPath) {
        QDir().mkpath(modulePath(name));
        section << QStringLiteral("path = ") + modulePath(name);
    }
    section << lines;
    m_modules << section.join(QLatin1Char('\n'));
}

QString RsyncDaemonFixture::writeFile(const QString& name, const QByteArray& content, int mode)
{
    const QString file = path(name);
    QFile f(file);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        f.write(content);
    f.close();
    ::chmod(QFile::encodeName(file).constData(), mode_t(mode));
    return file;
}

QString RsyncDaemonFixture::config() const
{
    QStringList text{
        QStringLiteral("use chroot = no"),
        QStringLiteral("uid = root"),
        QStringLiteral("gid = root"),
        QStringLiteral("reverse lookup = no"),
        QStringLiteral("pid file = ") + path(QStringLiteral("rsyncd.pid")),
        QStringLiteral("log file = ") + path(QStringLiteral("rsyncd.log")),
    };
    text << m_globals << m_modules;
    return text.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString RsyncDaemonFixture::start()
{
    if (!m_dir.isValid())
        return QStringLiteral("no temporary directory");
    for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
        m_port = freeLoopbackPort();
        if (m_port == 0)
            return QStringLiteral("no free port on 127.0.0.1");
        QFile::remove(path(QStringLiteral("rsyncd.pid")));
        writeFile(QStringLiteral("rsyncd.conf"), config().toUtf8(), 0644);
        m_daemon.setProcessChannelMode(QProcess::MergedChannels);
        m_daemon.setStandardOutputFile(path(QStringLiteral("daemon.out")), QIODevice::Append);
        m_daemon.start(m_program,
                       {QStringLiteral("--daemon"), QStringLiteral("--no-detach"),
                        QStringLiteral("--config=") + path(QStringLiteral("rsyncd.conf")),
                        QStringLiteral("--port=%1").arg(m_port),
                        QStringLiteral("--address=127.0.0.1")});
        if (!m_daemon.waitForStarted(10000))
            return m_program + QStringLiteral(": ") + m_daemon.errorString();
        const QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired()) {
            if (acceptsOnLoopback(m_port))
                return {};
            if (m_daemon.state() != QProcess::Running || m_daemon.waitForFinished(20))
                break;
        }
        stop();
    }
    return QStringLiteral("the daemon did not start listening; its log:\n") +
           QString::fromLocal8Bit(log());
}

bool RsyncDaemonFixture::isRunning() const
{
    return m_daemon.state() == QProcess::Running;
}

QString RsyncDaemonFixture::url(const QString& rest) const
{
    return QStringLiteral("rsync://127.0.0.1:%1/").arg(m_port) + rest;
}

QByteArray RsyncDaemonFixture::log() const
{
    QByteArray all;
    for (const char* name : {"daemon.out", "rsyncd.log"}) {
        QFile f(path(QLatin1String(name)));
        if (f.open(QIODevice::ReadOnly))
            all += f.readAll();
    }
    return all;
}

} // namespace qrsync::test
