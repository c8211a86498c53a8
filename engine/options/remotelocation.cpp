#include "options/remotelocation.h"

namespace qrsync::options {

namespace {

// "[user@]host" or "[user@][addr]" before the colon at `colon`.
bool splitUserHost(const QString& spec, Location& out)
{
    const qsizetype at = spec.lastIndexOf(QLatin1Char('@'));
    out.user = at >= 0 ? spec.left(at) : QString();
    QString host = spec.mid(at + 1);
    if (host.startsWith(QLatin1Char('['))) {
        if (!host.endsWith(QLatin1Char(']')))
            return false;
        host = host.mid(1, host.size() - 2);
    }
    out.host = host;
    return true;
}

// A URL's "[user@]host[:port]" or "[user@][v6addr][:port]" part.
void parseUrlAuthority(QString authority, Location& loc)
{
    const qsizetype at = authority.lastIndexOf(QLatin1Char('@'));
    if (at >= 0) {
        loc.user = authority.left(at);
        authority = authority.mid(at + 1);
    }
    qsizetype portColon = -1;
    if (authority.startsWith(QLatin1Char('['))) {
        const qsizetype close = authority.indexOf(QLatin1Char(']'));
        loc.host = authority.mid(1, close - 1);
        if (close >= 0 && authority.mid(close + 1).startsWith(QLatin1Char(':')))
            portColon = close + 1;
    } else {
        portColon = authority.indexOf(QLatin1Char(':'));
        loc.host = portColon >= 0 ? authority.left(portColon) : authority;
    }
    if (portColon >= 0)
        loc.port = authority.mid(portColon + 1).toInt();
}

Location parseDaemonUrl(const QString& argument)
{
    Location loc;
    loc.kind = Location::Kind::Daemon;
    const QString rest = argument.mid(8); // after "rsync://"
    const qsizetype slash = rest.indexOf(QLatin1Char('/'));
    loc.path = slash >= 0 ? rest.mid(slash + 1) : QString();
    parseUrlAuthority(slash >= 0 ? rest.left(slash) : rest, loc);
    return loc;
}

// "ssh://[user@]host[:port][/path]": always the built-in SSH client. The
// path after the host's slash is absolute ("ssh://h/srv/x" is /srv/x) unless
// it starts with "~" ("ssh://h/~/x" is ~/x); no path is the login directory.
Location parseSshUrl(const QString& argument)
{
    Location loc;
    loc.kind = Location::Kind::RemoteShell;
    loc.sshUrl = true;
    const QString rest = argument.mid(6); // after "ssh://"
    const qsizetype slash = rest.indexOf(QLatin1Char('/'));
    if (slash >= 0) {
        const QString path = rest.mid(slash + 1);
        loc.path = path.startsWith(QLatin1Char('~')) ? path : QLatin1Char('/') + path;
    }
    parseUrlAuthority(slash >= 0 ? rest.left(slash) : rest, loc);
    return loc;
}

} // namespace

Location parseLocation(const QString& argument)
{
    Location loc;
    if (argument.startsWith(QLatin1String("rsync://"), Qt::CaseInsensitive))
        return parseDaemonUrl(argument);
    if (argument.startsWith(QLatin1String("ssh://"), Qt::CaseInsensitive))
        return parseSshUrl(argument);
    // The host part ends at the first ':' outside brackets; a '/' before it
    // makes the whole argument a local path.
    qsizetype colon = -1;
    bool inBrackets = false;
    for (qsizetype i = 0; i < argument.size(); ++i) {
        const QChar c = argument.at(i);
        if (c == QLatin1Char('[') && !inBrackets) {
            inBrackets = true;
        } else if (c == QLatin1Char(']') && inBrackets) {
            inBrackets = false;
        } else if (c == QLatin1Char('/') && !inBrackets) {
            return loc;
        } else if (c == QLatin1Char(':') && !inBrackets) {
            colon = i;
            break;
        }
    }
    if (colon <= 0)
        return loc;
    Location remote;
    if (!splitUserHost(argument.left(colon), remote) || remote.host.isEmpty())
        return loc;
    if (argument.mid(colon + 1).startsWith(QLatin1Char(':'))) {
        remote.kind = Location::Kind::Daemon;
        remote.path = argument.mid(colon + 2);
    } else {
        remote.kind = Location::Kind::RemoteShell;
        remote.path = argument.mid(colon + 1);
    }
    return remote;
}

bool sameRemote(const Location& first, const Location& other)
{
    return other.kind == first.kind && other.host == first.host && other.user == first.user &&
           other.port == first.port && other.sshUrl == first.sshUrl;
}

} // namespace qrsync::options
