#pragma once

// `qrsync --daemon [OPTIONS]` (rsync's daemon_main): read rsyncd.conf, check
// what qrsync cannot honour, bind, detach (unless --no-detach), write the
// pid file, serve until SIGTERM/SIGINT/SIGHUP.
//
// Daemon options: --config=FILE, --port=PORT, --address=ADDR, --no-detach,
// --detach, --log-file=FILE, --dparam=NAME=VALUE (-M), --async=LIST,
// --no-async=LIST, --debug=async, --help. Anything else is refused.

#include "core/result.h"
#include "daemon/daemonconfig.h"

#include <QStringList>

namespace qrsync::daemon {

struct DaemonOptions
{
    QString configFile = QStringLiteral("/etc/rsyncd.conf");
    int port = -1; // -1: from the config, else 873
    QString address;
    bool detach = true;
    QString logFile;
    QStringList dparams;
    QStringList asyncOn;
    QStringList asyncOff;
    bool debugAsync = false;
    bool help = false;
};

// Reads the arguments of `qrsync --daemon ...` (the --daemon word included).
Result<DaemonOptions> parseDaemonOptions(const QStringList& args);

// What qrsync cannot do for a module, checked before it listens: user
// switching, "/./" chroot paths, per-module log files.
Result<void> checkSupported(const DaemonConfig& config, bool runningAsRoot);

// Runs the daemon; returns the process exit code. Needs a
// QCoreApplication.
int runDaemon(const QStringList& args);

} // namespace qrsync::daemon
