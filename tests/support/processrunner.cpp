#include "processrunner.h"

#include <QProcess>

namespace qrsync::test {

QString RunResult::describe() const
{
    QString s = QStringLiteral("exit %1").arg(exitCode);
    if (crashed)
        s += QStringLiteral(" (crashed)");
    if (timedOut)
        s += QStringLiteral(" (timed out)");
    if (!err.isEmpty())
        s += QStringLiteral("; stderr: ") + QString::fromUtf8(err.left(2000));
    return s;
}

RunResult runProcess(const QString& program, const QStringList& args,
                     const QProcessEnvironment& env, int timeoutMs, const QString& workingDir)
{
    QProcess p;
    p.setProcessEnvironment(env);
    if (!workingDir.isEmpty())
        p.setWorkingDirectory(workingDir);
    p.start(program, args);
    RunResult r;
    if (!p.waitForStarted(10000)) {
        r.err = p.errorString().toUtf8();
        return r;
    }
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        r.timedOut = true;
        p.kill();
        p.waitForFinished(5000);
    }
    r.crashed = p.exitStatus() == QProcess::CrashExit;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QList<QByteArray> lines(const QByteArray& text)
{
    QList<QByteArray> result = text.split('\n');
    if (!result.isEmpty() && result.last().isEmpty())
        result.removeLast();
    return result;
}

QString builtBinary(const QString& name)
{
    return QStringLiteral(QRSYNC_BIN_DIR "/") + name;
}

} // namespace qrsync::test
