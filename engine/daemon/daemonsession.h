#pragma once

// What follows a granted module: the client's server arguments become a
// normal server session (session/serversession.h) confined to the module.
// Paths arrive as "module/sub/path"; they are mapped below the module's
// path with ".." and leading slashes removed (rsync sanitize_path), and a
// path whose existing part resolves (through symlinks) outside the module
// is refused. A session the module refuses (read only, a refused option)
// still runs the binary handshake so the client reads the error as stock
// sends it.

#include "daemon/textphase.h"
#include "options/transferoptions.h"
#include "session/rolepairdriver.h"
#include "session/serversession.h"

namespace qrsync::daemon {

struct DaemonSession
{
    session::PreparedServer server;
    session::ChannelLimits limits;
    QString logLine; // "rsync on mod/path from host (addr)", empty when refused early
};

// rsync sanitize_path() with depth 0: no leading '/', no "." or empty
// components, ".." never climbs above the start. "" for the top.
QString sanitizePath(const QString& path);

// Maps "module/rest" (or "module") to the path below `modulePath`.
QString mapModulePath(const QString& arg, const QString& moduleName, const QString& modulePath);

// True when `path` (below `root`) resolves, as far as it exists, inside
// `root`.
bool staysInside(const QString& root, const QString& path);

// Builds the session for a Ready text phase. `async` carries the daemon's
// receiver/workers switches into the session's options. A non-empty
// `preXferFailure` (xferexec.h) refuses the transfer with that text.
DaemonSession makeDaemonSession(const TextPhase& phase, const options::AsyncPaths& async,
                                std::shared_ptr<session::Workers> workers = {},
                                const QByteArray& preXferFailure = {});

} // namespace qrsync::daemon
