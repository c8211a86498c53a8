#pragma once

// Where a path argument points (rsync main.c check_for_hostspec): this
// machine, another one through a remote shell ("[user@]host:path",
// "[user@][v6addr]:path", or "ssh://[user@]host[:port]/path" for the
// built-in SSH client), or an rsync daemon ("host::module/path",
// "rsync://[user@]host[:port]/module/path").

#include <QString>

namespace qrsync::options {

struct Location
{
    enum class Kind
    {
        Local,
        RemoteShell,
        Daemon,
    };
    Kind kind = Kind::Local;
    QString user; // before '@'; empty when not given
    QString host; // IPv6 brackets removed
    int port = 0; // rsync:// and ssh:// only; 0 = default
    QString path; // the remote path (empty: the remote home or module list)

    bool sshUrl = false; // ssh://: the built-in SSH client

    bool isRemote() const { return kind != Kind::Local; }
};

Location parseLocation(const QString& argument);

// A further remote source of the same transfer: stock accepts ":path" (the
// first source's host) or the same host again.
bool sameRemote(const Location& first, const Location& other);

} // namespace qrsync::options
