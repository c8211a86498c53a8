#pragma once

// Where the client's daemon password comes from (rsync authenticate.c
// auth_client/getpassf): --password-file (or "-" for standard input), else
// RSYNC_PASSWORD, else a prompt on the terminal. Read only when a daemon
// asks, so a bad password file only matters for a module with auth users.

#include "core/result.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace qrsync::session {

struct DaemonPasswordSource
{
    QString passwordFile;                  // --password-file; empty: none
    std::optional<QByteArray> envPassword; // RSYNC_PASSWORD
};

// The first line of the file, with stock's checks and messages, all exit 1
// (RERR_SYNTAX): "could not open password file F: ...", "ERROR: password
// file must not be other-accessible", "ERROR: password file must be owned
// by root when running as root", "ERROR: failed to read a password from F".
Result<QByteArray> readPasswordFile(const QString& path);

// The whole rule, prompting with "Password: " on the terminal as the last
// resort (getpass(); empty when there is none).
Result<QByteArray> daemonPassword(const DaemonPasswordSource& source);

} // namespace qrsync::session
