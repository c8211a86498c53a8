#include "daemon/textphase.h"

#include "protocol/daemonhandshake.h"
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

// 'motd file': never through a symlink (stock refuses planted ones too).
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
    protocol::encodeDaemonGreeting(m_out, kOurProtocol, 0, protocol::defaultAuthDigestNames());
    if (!m_config.motdFile.isEmpty())
        protocol::encodeMotd(m_out, readMotd(m_config.motdFile));
}

template<typename T> std::optional<T> TextPhase::take(const protocol::Decode<T>& d)
{
    if (d.isOk()) {
        m_in.remove(0, d.consumed());
        return d.value();
    }
    if (d.isError()) {
        m_log << QStringLiteral("bad input from %1: %2").arg(who(), d.errorMessage());
        m_state = State::Closed;
    } else if (m_eof) {
        m_state = State::Closed;
    }
    return std::nullopt;
}

void TextPhase::error(const QByteArray& text)
{
    sendLine("@ERROR: " + text);
    m_state = State::Closed;
}

void TextPhase::advance()
{
    while (m_state != State::Ready && m_state != State::Closed) {
        switch (m_state) {
        case State::ClientGreeting: {
            const auto d = protocol::decodeDaemonGreeting(m_in);
            if (d.isError()) {
                // Stock's words for a bad greeting; a line that could not
                // be read at all gets none, just the hang-up.
                const auto line = protocol::decodeDaemonLine(m_in);
                const QByteArray text = protocol::greetingErrorText(
                    protocol::daemonTextError(d), line.isOk() ? line.value() : QByteArray(), false);
                if (!text.isEmpty())
                    sendLine(text);
                m_state = State::Closed;
                return;
            }
            const auto greeting = take(d);
            if (!greeting)
                return;
            onGreeting(*greeting);
            break;
        }
        case State::ModuleLine:
        case State::AuthReply: {
            const auto line = take(protocol::decodeDaemonLine(m_in));
            if (!line)
                return;
            if (m_state == State::ModuleLine)
                onModuleLine(*line);
            else
                onAuthReply(*line);
            break;
        }
        case State::Arguments:
        case State::SecludedArguments: {
            // The second (-s) list is NUL-separated whatever the protocol.
            const int framing = m_state == State::SecludedArguments ? 30 : m_protocol;
            const auto args = take(protocol::decodeDaemonArgs(m_in, framing));
            if (!args)
                return;
            onArguments(*args);
            break;
        }
        case State::Ready:
        case State::Closed:
            return;
        }
    }
}

void TextPhase::onGreeting(const protocol::DaemonGreeting& greeting)
{
    if (greeting.protocol < protocol::kMinSupportedProtocol) {
        m_log << QStringLiteral("protocol version %1 from %2 is older than qrsync supports")
                     .arg(greeting.protocol)
                     .arg(who());
        error("protocol version mismatch -- qrsync needs protocol 30 or newer");
        return;
    }
    m_protocol =
        protocol::daemonSessionProtocol(kOurProtocol, 0, greeting.protocol, greeting.subprotocol);
    m_clientDigests = greeting.digests;
    m_clientHasDigests = greeting.hasDigestList;
    m_state = State::ModuleLine;
}

void TextPhase::sendListing()
{
    for (const ModuleConfig& m : m_config.modules) {
        if (m.list)
            protocol::encodeModuleListing(m_out, m.name.toUtf8(), m.comment.toUtf8());
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
    // A module may want the name although the global section did not.
    if (m_peer.host == QLatin1String(kUndeterminedHost) && m_module->reverseLookup)
        m_peer.host = reverseLookup(m_peer.address);
    if (!allowAccess(m_module->hostsAllow, m_module->hostsDeny, m_peer.address, m_peer.host,
                     m_module->forwardLookup ? m_lookup : ForwardLookup())) {
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
    // negotiate_daemon_auth(): the strongest digest both sides have.
    const auto digest = protocol::chooseAuthDigest(m_clientDigests, m_clientHasDigests, m_protocol);
    if (!digest) {
        sendLine(protocol::daemonAuthUnsupportedLine());
        m_state = State::Closed;
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

void TextPhase::onArguments(const QList<QByteArray>& args)
{
    if (m_state == State::SecludedArguments) {
        // The second list starts with the program name; its values are not
        // escaped.
        for (qsizetype i = 1; i < args.size(); ++i)
            m_args << QString::fromUtf8(args[i]);
        m_state = State::Ready;
        return;
    }
    bool afterDot = false;
    for (const QByteArray& arg : args) {
        m_args << (afterDot ? QString::fromUtf8(arg) : unbackslash(arg));
        afterDot = afterDot || arg == ".";
    }
    m_state = asksSecludedArgs(m_args) ? State::SecludedArguments : State::Ready;
}

} // namespace qrsync::daemon
