#pragma once

// Runs a command to completion for tests, with a timeout, capturing output.

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace qrsync::test {

struct RunResult
{
    int exitCode = -1;
    bool crashed = false;
    bool timedOut = false;
    QByteArray out;
    QByteArray err;

    QString describe() const; // exit code plus stderr, for failure messages
};

RunResult runProcess(const QString& program, const QStringList& args,
                     const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
                     int timeoutMs = 300000, const QString& workingDir = {});

// Output lines without the trailing empty one.
QList<QByteArray> lines(const QByteArray& text);

// Absolute path of a built binary (build/bin/NAME).
QString builtBinary(const QString& name);

} // namespace qrsync::test
