#pragma once

// `pre-xfer exec` and `post-xfer exec` (rsync clientserver.c): shell
// commands run around a module's transfer with the RSYNC_* environment
// stock sets. A pre-xfer command that fails refuses the transfer with
// "pre-xfer exec returned failure (STATUS)" and its output; a post-xfer
// command also gets RSYNC_EXIT_STATUS and RSYNC_RAW_STATUS, and nobody
// waits for it.

#include "daemon/textphase.h"

#include <QObject>
#include <QProcessEnvironment>

#include <functional>

class QProcess;

namespace qrsync::daemon {

// RSYNC_MODULE_NAME, RSYNC_MODULE_PATH, RSYNC_HOST_ADDR, RSYNC_HOST_NAME,
// RSYNC_USER_NAME, RSYNC_PID, RSYNC_REQUEST and RSYNC_ARG0.. (ARG0 is
// "rsyncd", as stock's argv[0] for a daemon).
QProcessEnvironment xferEnvironment(const TextPhase& phase);

// What a finished pre-xfer command means for the transfer: empty when it
// succeeded, otherwise the text for the client.
QByteArray preXferVerdict(int exitStatus, bool crashed, QByteArray output);

// Runs `command` to the end on this thread (threads mode).
QByteArray runPreXferBlocking(const QString& command, const QProcessEnvironment& env);

// Runs `command` without blocking (events mode): `done` gets the verdict
// on this thread's event loop.
void runPreXferAsync(const QString& command, const QProcessEnvironment& env, QObject* context,
                     std::function<void(QByteArray verdict)> done);

// Starts the post-xfer command with the exit status; does not wait.
void startPostXfer(const QString& command, QProcessEnvironment env, int exitCode);

} // namespace qrsync::daemon
