#pragma once

// The parts of OpenSSH's known_hosts format the built-in client explains to
// the user: how a host is named there, and on which line a host's key is
// (plain patterns and hashed "|1|salt|hash" entries alike). Checking and
// recording keys is libssh's job; this only finds the line a message names.

#include <QString>

#include <optional>

namespace qrsync::transport {

// "host" on port 22, "[host]:port" otherwise (OpenSSH put_host_port).
QString knownHostsName(const QString& host, int port);

struct KnownHostsLine
{
    int number = 0;  // 1-based
    QString keyType; // "ssh-ed25519", ...
};

// The first line of `file` whose host field matches `name` (a comma list
// of names or patterns, or a hashed entry), preferring one of `keyType`
// ("ssh-ed25519"...) when there are several; nullopt when none matches.
std::optional<KnownHostsLine> findKnownHost(const QString& file, const QString& name,
                                            const QString& keyType = {});

// The default ~/.ssh/known_hosts of the user running us, found through the
// password database as OpenSSH does (not $HOME).
QString defaultKnownHostsFile();

} // namespace qrsync::transport
