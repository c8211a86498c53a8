#include "qrsyncdaemonfixture.h"

#include "processrunner.h"

#include <QElapsedTimer>
#include <QFile>
#include <QThread>

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace qrsync::test {

QrsyncDaemonFixture::QrsyncDaemonFixture() = default;

QrsyncDaemonFixture::~QrsyncDaemonFixture()
{
    stop();
}

QString QrsyncDaemonFixture::start(const QString& config, bool threads,
                                   const QStringList& extraArgs)
{
    const QString conf = m_dir.filePath(QStringLiteral("rsyncd.conf"));
    QFile f(conf);
    if (!f.open(QIODevice::WriteOnly) || f.write(config.toUtf8()) < 0)
        return QStringLiteral("cannot write %1").arg(conf);
    f.close();
    m_port = freeLoopbackPort();
    QStringList args = {QStringLiteral("--daemon"),
                        QStringLiteral("--no-detach"),
                        QStringLiteral("--config=") + conf,
                        QStringLiteral("--address=127.0.0.1"),
                        QStringLiteral("--port=%1").arg(m_port),
                        QStringLiteral("--log-file=") + m_dir.filePath(QStringLiteral("log")),
                        QStringLiteral("--debug=async")};
    if (threads)
        args << QStringLiteral("--no-async=daemon");
    args << extraArgs;
    m_process.start(builtBinary(QStringLiteral("qrsync")), args);
    if (!m_process.waitForStarted(5000))
        return QStringLiteral("qrsync --daemon did not start: %1").arg(m_process.errorString());
    if (!waitForListener(m_port, 10000)) {
        m_process.waitForFinished(1000);
        return QStringLiteral("qrsync --daemon is not listening: ") +
               QString::fromUtf8(stderrText() + log());
    }
    const QByteArray expected =
        QByteArray("async paths used: daemon=") + (threads ? "threads" : "events");
    QElapsedTimer t;
    t.start();
    while (!stderrText().contains(expected) && t.elapsed() < 5000)
        m_process.waitForReadyRead(100);
    if (!m_stderr.contains(expected))
        return QStringLiteral("the daemon did not report \"%1\": %2")
            .arg(QString::fromLatin1(expected), QString::fromUtf8(m_stderr));
    return {};
}

void QrsyncDaemonFixture::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    ::kill(pid_t(m_process.processId()), SIGTERM);
    if (!m_process.waitForFinished(15000)) {
        ::kill(pid_t(m_process.processId()), SIGKILL);
        m_process.waitForFinished(5000);
    }
}

QString QrsyncDaemonFixture::url(const QString& rest) const
{
    return QStringLiteral("rsync://127.0.0.1:%1/").arg(m_port) + rest;
}

QByteArray QrsyncDaemonFixture::log() const
{
    QFile f(m_dir.filePath(QStringLiteral("log")));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

namespace {

qint64 statusField(qint64 pid, const QByteArray& key)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.startsWith(QByteArray(key + ':')))
            return line.mid(key.size() + 1).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

} // namespace

qint64 QrsyncDaemonFixture::rssKiB() const
{
    return statusField(pid(), "VmRSS");
}

int QrsyncDaemonFixture::threadCount() const
{
    return int(statusField(pid(), "Threads"));
}

} // namespace qrsync::test
