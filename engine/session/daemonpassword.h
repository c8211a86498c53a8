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
    std::optional<QByteArray> given;       // from a front end (the desktop's keychain)
    std::optional<QByteArray> envPassword; // RSYNC_PASSWORD
    bool prompt = true;                    // ask on the terminal as a last resort
};

// The first line of the file, with stock's checks and messages, all exit 1
// (RERR_SYNTAX): "could not open password file F: ...", "ERROR: password
// file must not be other-accessible", "ERROR: password file must be owned
// by root when running as root", "ERROR: failed to read a password from F".
Result<QByteArray> readPasswordFile(const QString& path);

// The whole rule: the file, a given password, RSYNC_PASSWORD, then
// "Password: " on the terminal (getpass(); empty when there is none).
// Without `prompt` the last step is an error (exit 5) naming the ways to
// give one, so a job never waits on a terminal.
Result<QByteArray> daemonPassword(const DaemonPasswordSource& source);

} // namespace qrsync::session
