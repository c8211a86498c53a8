#pragma once

// Runs a helper program to completion (systemd-analyze, systemctl): the
// one place engine/backup starts a process, kept here because processes
// belong to the async surface (tools/async-surface.txt).

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace qrsync::jobs {

struct ToolOutput
{
    bool started = false; // false: not found or not executable
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// PATH lookup; empty when the program is not installed.
QString findTool(const QString& program);

ToolOutput runTool(const QString& program, const QStringList& args, int timeoutMs = 30000);

} // namespace qrsync::jobs
