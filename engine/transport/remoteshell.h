#pragma once

// The remote-shell command line a client runs to reach `rsync --server` on
// another machine (rsync main.c do_cmd): the -e command split into words,
// then [-l USER] HOST, the remote rsync path and the server arguments.

#include "core/result.h"

#include <QString>
#include <QStringList>

namespace qrsync::transport {

// Splits -e/RSYNC_RSH as stock does: words are separated by spaces; single
// or double quotes group (a doubled quote inside quotes is a literal one).
// An unterminated quote is a syntax error with stock's message.
Result<QStringList> splitRemoteShellCommand(const QString& command);

struct RemoteShellTarget
{
    QString user; // empty: the remote shell's default
    QString host; // without IPv6 brackets
    QString rsyncPath = QStringLiteral("rsync");
};

// The argv to execute: the shell's words, [-l user], host, the rsync path
// (one word: the remote shell hands it to a shell, which may split it),
// then `serverArgs` (already escaped for the remote shell).
QStringList remoteShellArgv(const QStringList& shellWords, const RemoteShellTarget& target,
                            const QStringList& serverArgs);

} // namespace qrsync::transport
