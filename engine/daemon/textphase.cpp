#include "daemon/textphase.h"

#include "protocol/handshake.h"

#include <QFile>

#include <fcntl.h>

namespace qrsync::daemon {

namespace {

// options.c unbackslash_arg(): a daemon has no remote shell to undo the
// client's safe_arg() escaping of option values.
QString unbackslash(const QByteArray& arg)
{
    QByteArray out;
    out.reserve(arg.size());
    for (qsizetype i = 0; i < arg.size(); ++i) {
        if (arg[i] == '\\' && i + 1 < arg.size())
            ++i;
        out += arg[i];
    }
    return QString::fromUtf8(out);
}

// The `s` flag in a short-option word before its `e.` capabilities, or
// --secluded-args: the real arguments follow as a second list.
bool asksSecludedArgs(const QStringList& args)
{
    for (const QString& a : args) {
        if (a == QLatin1String("."))
            break;
        if (a == QLatin1String("--secluded-args") || a == QLatin1String("--protect-args"))
            return true;
        if (a.startsWith(QLatin1String("--")) || !a.startsWith(QLatin1Char('-')))
            continue;
        for (qsizetype i = 1; i < a.size() && a[i] != QLatin1Char('e'); ++i) {
            if (a[i] == QLatin1Char('s'))
                return true;
        }
    }
    return false;
}

QByteArray readMotd(const QString& path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return {};
    QFile f;
    if (!f.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        return {};
    }
    return f.read(64 * 1024);
}

} // namespace

TextPhase::TextPhase(const DaemonConfig& config, PeerInfo peer, ForwardLookup lookup)
    : m_config(config)
    , m_peer(std::move(peer))
    , m_lookup(lookup ? std::move(lookup) : systemForwardLookup())
{
    m_out = "@RSYNCD: 32.0 " + offeredAuthDigests() + '\n';
    if (!m_config.motdFile.isEmpty())
        m_out += readMotd(m_config.motdFile) + '\n';
}

std::optional<QByteArray> TextPhase::takeLine(char terminator)
{
    const qsizetype end = m_in.indexOf(terminator);
    if (end < 0) {
        if (m_in.size() > kMaxLine) {
            m_log << QStringLiteral("over-long line from %1").arg(who());
            m_state = State::Closed;
        } else if (m_eof) {
            m_state = State::Closed;
        }
        return std::nullopt;
    }
    QByteArray line = m_in.left(end);
    m_in.remove(0, end + 1);
    if (terminator == '\n' && line.endsWith('\r'))
        line.chop(1);
    return line;
}

void TextPhase::error(const QByteArray& text)
{
    sendLine("@ERROR: " + text);
    m_state = State::Closed;
}

void TextPhase::advance()
{
    for (;;) {
        char terminator = '\n';
        if (m_state == State::SecludedArguments ||
            (m_state == State::Arguments && m_protocol >= 30))
            terminator = '\0';
        if (m_state == State::Ready || m_state == State::Closed)
            return;
        const auto line = takeLine(terminator);
        if (!line)
            return;
        switch (m_state) {
        case State::ClientGreeting:
            onGreeting(*line);
            break;
        case State::ModuleLine:
            onModuleLine(*line);
            break;
        case State::AuthReply:
            onAuthReply(*line);
            break;
        case State::Arguments:
        case State::SecludedArguments:
            onArgument(*line);
            break;
        case State::Ready:
        case State::Closed:
            return;
        }
    }
}

void TextPhase::onGreeting(const QByteArray& line)
{
    // exchange_protocols(): "@RSYNCD: <major>.<sub> [digests]".
    static const QByteArray prefix = "@RSYNCD: ";
    if (!line.startsWith(prefix)) {
        error("protocol startup error");
        return;
    }
    const QByteArray rest = line.mid(prefix.size());
    const qsizetype space = rest.indexOf(' ');
    const QByteArray version = space < 0 ? rest : rest.left(space);
    const qsizetype dot = version.indexOf('.');
    bool ok = false;
    const int major = (dot < 0 ? version : version.left(dot)).toInt(&ok);
    if (!ok) {
        error("protocol startup error");
        return;
    }
    if (dot < 0 && major >= 30) {
        error("your client omitted the subprotocol value: " + line);
        return;
    }
    if (space < 0 && major > 31) {
        error("your client omitted the digest name list: " + line);
        return;
    }
    if (major < protocol::kMinSupportedProtocol) {
        m_log << QStringLiteral("protocol version %1 from %2 is older than qrsync supports")
                     .arg(major)
                     .arg(who());
        error("protocol version mismatch -- qrsync needs protocol 30 or newer");
        return;
    }
    m_protocol = std::min(major, 32);
    m_clientDigests = space < 0 ? QByteArray() : rest.mid(space + 1);
    m_state = State::ModuleLine;
}

void TextPhase::sendListing()
{
    for (const ModuleConfig& m : m_config.modules) {
        if (!m.list)
            continue;
        QByteArray name = m.name.toUtf8();
        if (name.size() < 15)
            name += QByteArray(15 - name.size(), ' ');
        sendLine(name + '\t' + m.comment.toUtf8());
    }
    sendLine("@RSYNCD: EXIT");
    m_state = State::Closed;
}

void TextPhase::onModuleLine(const QByteArray& line)
{
    if (line.isEmpty() || line == "#list") {
        m_log << QStringLiteral("module-list request from %1").arg(who());
        sendListing();
        return;
    }
    if (line.startsWith('#')) {
        error("Unknown command '" + line + "'");
        return;
    }
    const QString name = QString::fromUtf8(line);
    m_module = m_config.module(name);
    if (!m_module) {
        m_log << QStringLiteral("unknown module '%1' tried from %2").arg(name, who());
        error("Unknown module '" + line + "'");
        return;
    }
    if (!allowAccess(m_module->hostsAllow, m_module->hostsDeny, m_peer.address, m_peer.host,
                     m_lookup)) {
        m_log << QStringLiteral("rsync denied on module %1 from %2").arg(name, who());
        if (!m_module->list)
            error("Unknown module '" + line + "'");
        else
            error("access denied to " + line + " from " + m_peer.host.toUtf8() + " (" +
                  m_peer.address.toUtf8() + ")");
        return;
    }
    m_log << QStringLiteral("rsync allowed access on module %1 from %2").arg(name, who());
    ClaimResult claim = claimConnection(m_module->lockFile, m_module->maxConnections);
    if (claim.failure == ClaimFailure::LockFileError) {
        m_log << QStringLiteral("failed to open lock file %1: %2")
                     .arg(m_module->lockFile, claim.detail);
        error("failed to open lock file");
        return;
    }
    if (claim.failure == ClaimFailure::Full) {
        m_log << QStringLiteral("max connections (%1) reached").arg(m_module->maxConnections);
        error("max connections (" + QByteArray::number(m_module->maxConnections) +
              ") reached -- try again later");
        return;
    }
    m_slot = std::move(claim.slot);
    m_readOnly = m_module->readOnly;
    if (m_module->authUsers.empty()) {
        grantModule();
        return;
    }
    // negotiate_daemon_auth(): the first of the client's digests we have.
    const auto digest = chooseAuthDigest(m_clientDigests, m_protocol);
    if (!digest) {
        error("your client does not support one of our daemon-auth checksums: " +
              offeredAuthDigests());
        return;
    }
    m_digest = *digest;
    m_challenge = makeChallenge(m_digest, m_peer.address);
    sendLine("@RSYNCD: AUTHREQD " + m_challenge);
    m_state = State::AuthReply;
}

void TextPhase::onAuthReply(const QByteArray& line)
{
    const AuthOutcome auth = checkAuthReply(*m_module, m_digest, m_challenge, line);
    if (!auth.ok) {
        m_log << QStringLiteral("auth failed on module %1 from %2 for %3: %4")
                     .arg(m_module->name, who(), auth.user, auth.logReason);
        error("auth failed on module " + m_module->name.toUtf8());
        return;
    }
    m_authUser = auth.user;
    if (auth.readOnly)
        m_readOnly = *auth.readOnly;
    grantModule();
}

void TextPhase::grantModule()
{
    if (m_module->path.isEmpty()) {
        m_log << QStringLiteral("No path specified for module %1").arg(m_module->name);
        error("no path setting.");
        return;
    }
    sendLine("@RSYNCD: OK");
    m_state = State::Arguments;
}

void TextPhase::onArgument(const QByteArray& arg)
{
    if (arg.isEmpty()) {
        if (m_state == State::Arguments && asksSecludedArgs(m_args)) {
            m_state = State::SecludedArguments;
            return;
        }
        m_state = State::Ready;
        return;
    }
    if (m_args.size() >= kMaxArguments) {
        m_log << QStringLiteral("too many daemon arguments from %1").arg(who());
        m_state = State::Closed;
        return;
    }
    if (m_state == State::SecludedArguments) {
        // The second list starts with the program name; its values are not
        // escaped.
        if (!m_skippedProgramName) {
            m_skippedProgramName = true;
            return;
        }
        m_args << QString::fromUtf8(arg);
        return;
    }
    const bool afterDot = m_args.contains(QStringLiteral("."));
    m_args << (afterDot ? QString::fromUtf8(arg) : unbackslash(arg));
}

} // namespace qrsync::daemon
