#include "jobs/toolprocess.h"

#include <QProcess>
#include <QStandardPaths>

namespace qrsync::jobs {

QString findTool(const QString& program)
{
    return QStandardPaths::findExecutable(program);
}

ToolOutput runTool(const QString& program, const QStringList& args, int timeoutMs)
{
    ToolOutput out;
    QProcess process;
    process.start(program, args);
    if (!process.waitForStarted(timeoutMs))
        return out;
    out.started = true;
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        out.err = "timed out";
        return out;
    }
    out.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    out.out = process.readAllStandardOutput();
    out.err = process.readAllStandardError();
    return out;
}

} // namespace qrsync::jobs
