#include "daemon/xferexec.h"

#include <QProcess>

#include <unistd.h>

namespace qrsync::daemon {

namespace {

// finish_pre_exec() keeps what fits its buffer and turns CRLF into LF.
constexpr qsizetype kMaxOutput = 5119;

QProcess* shellProcess(const QString& command, const QProcessEnvironment& env)
{
    auto* p = new QProcess;
    p->setProcessEnvironment(env);
    p->setProgram(QStringLiteral("/bin/sh"));
    p->setArguments({QStringLiteral("-c"), command});
    p->setProcessChannelMode(QProcess::SeparateChannels);
    p->setStandardInputFile(QProcess::nullDevice());
    p->setStandardErrorFile(QProcess::nullDevice());
    return p;
}

} // namespace

QProcessEnvironment xferEnvironment(const TextPhase& phase)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const ModuleConfig& m = phase.module();
    env.insert(QStringLiteral("RSYNC_MODULE_NAME"), m.name);
    env.insert(QStringLiteral("RSYNC_MODULE_PATH"), m.path);
    env.insert(QStringLiteral("RSYNC_HOST_ADDR"), phase.peer().address);
    env.insert(QStringLiteral("RSYNC_HOST_NAME"), phase.peer().host);
    env.insert(QStringLiteral("RSYNC_USER_NAME"), phase.authUser());
    env.insert(QStringLiteral("RSYNC_PID"), QString::number(::getpid()));
    const QStringList& args = phase.arguments();
    const qsizetype dot = args.indexOf(QStringLiteral("."));
    env.insert(QStringLiteral("RSYNC_REQUEST"),
               dot < 0 ? QString() : args.mid(dot + 1).join(QLatin1Char(' ')));
    env.insert(QStringLiteral("RSYNC_ARG0"), QStringLiteral("rsyncd"));
    for (qsizetype i = 0; i < args.size(); ++i)
        env.insert(QStringLiteral("RSYNC_ARG%1").arg(i + 1), args[i]);
    return env;
}

QByteArray preXferVerdict(int exitStatus, bool crashed, QByteArray output)
{
    if (!crashed && exitStatus == 0)
        return {};
    output.replace("\r\n", "\n");
    output.truncate(kMaxOutput);
    // Stock prints the raw wait status (exit code << 8).
    const int status = crashed ? -1 : exitStatus << 8;
    QByteArray text = "pre-xfer exec returned failure (" + QByteArray::number(status) + ")";
    if (!output.isEmpty())
        text += ":";
    return text + '\n' + output;
}

QByteArray runPreXferBlocking(const QString& command, const QProcessEnvironment& env)
{
    std::unique_ptr<QProcess> p(shellProcess(command, env));
    p->start();
    if (!p->waitForStarted(-1))
        return preXferVerdict(0, true, {});
    p->waitForFinished(-1);
    return preXferVerdict(p->exitCode(), p->exitStatus() != QProcess::NormalExit,
                          p->readAllStandardOutput());
}

void runPreXferAsync(const QString& command, const QProcessEnvironment& env, QObject* context,
                     std::function<void(QByteArray verdict)> done)
{
    QProcess* p = shellProcess(command, env);
    p->setParent(context);
    auto finish = [p, done = std::move(done)](QByteArray verdict) {
        p->deleteLater();
        done(std::move(verdict));
    };
    QObject::connect(
        p, &QProcess::finished, context, [p, finish](int code, QProcess::ExitStatus st) {
            finish(preXferVerdict(code, st != QProcess::NormalExit, p->readAllStandardOutput()));
        });
    QObject::connect(p, &QProcess::errorOccurred, context, [finish](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            finish(preXferVerdict(0, true, {}));
    });
    p->start();
}

void startPostXfer(const QString& command, QProcessEnvironment env, int exitCode)
{
    env.insert(QStringLiteral("RSYNC_EXIT_STATUS"), QString::number(exitCode));
    env.insert(QStringLiteral("RSYNC_RAW_STATUS"), QString::number(exitCode << 8));
    std::unique_ptr<QProcess> p(shellProcess(command, env));
    p->setStandardOutputFile(QProcess::nullDevice());
    p->startDetached();
}

} // namespace qrsync::daemon
