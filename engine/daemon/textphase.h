#pragma once

// The server side of the daemon's text phase (rsync clientserver.c
// start_daemon / rsync_module / auth_server), sans-I/O: feed the client's
// bytes with receive(), call advance(), send takeOutgoing(). It ends
// either `Ready` (the module is granted and the client's server arguments
// are read: the binary protocol follows, starting with takeLeftover()) or
// `Closed` (a listing was sent, or an @ERROR: send the output, then close).
//
//   S: @RSYNCD: 32.0 sha512 sha256 sha1 md5 md4     (then the motd)
//   C: @RSYNCD: 32.0 <digests>
//   C: module | "#list" | ""
//   S: @RSYNCD: AUTHREQD <challenge>                 (auth users only)
//   C: <user> <response>
//   S: @RSYNCD: OK
//   C: args, NUL-separated (\n before protocol 30), ending with an empty one
//   C: with -s, a second NUL-separated list ("rsync", the real arguments)

#include "daemon/connectionlimit.h"
#include "daemon/daemonauth.h"
#include "daemon/daemonconfig.h"
#include "daemon/hostaccess.h"
#include "protocol/daemonhandshake.h"

#include <QByteArray>
#include <QStringList>

#include <optional>

namespace qrsync::daemon {

struct PeerInfo
{
    QString address; // numeric
    QString host;    // reverse DNS name, "UNKNOWN" if none
};

class TextPhase
{
public:
    enum class State
    {
        ClientGreeting,
        ModuleLine,
        AuthReply,
        Arguments,
        SecludedArguments,
        Ready,
        Closed,
    };

    TextPhase(const DaemonConfig& config, PeerInfo peer, ForwardLookup lookup = {});

    void receive(QByteArrayView bytes) { m_in.append(bytes.data(), bytes.size()); }
    void receiveEof() { m_eof = true; }
    void advance();
    QByteArray takeOutgoing() { return std::exchange(m_out, {}); }
    // Lines for the daemon's log (stock's FLOG messages), without newlines.
    QStringList takeLog() { return std::exchange(m_log, {}); }

    State state() const { return m_state; }
    bool isReady() const { return m_state == State::Ready; }
    bool isClosed() const { return m_state == State::Closed; }

    // Once Ready.
    const ModuleConfig& module() const { return *m_module; }
    int protocol() const { return m_protocol; }
    const QString& authUser() const { return m_authUser; }
    bool readOnly() const { return m_readOnly; }
    // The server arguments as sent, option values unescaped, the leading
    // "module/" of the paths kept (the session maps them into the module).
    const QStringList& arguments() const { return m_args; }
    ConnectionSlot takeSlot() { return std::move(m_slot); }
    QByteArray takeLeftover() { return std::exchange(m_in, {}); }
    const PeerInfo& peer() const { return m_peer; }

private:
    static constexpr int kOurProtocol = 32;
    // The decoded item (consumed), or nullopt: need more input, or the
    // input was bad (then the connection closes).
    template<typename T> std::optional<T> take(const protocol::Decode<T>& d);
    void sendLine(const QByteArray& line) { m_out += line + '\n'; }
    void error(const QByteArray& text);
    void onGreeting(const protocol::DaemonGreeting& greeting);
    void onModuleLine(const QByteArray& line);
    void grantModule();
    void onAuthReply(const QByteArray& line);
    void onArguments(const QList<QByteArray>& args);
    void sendListing();
    QString who() const { return m_peer.host + QStringLiteral(" (") + m_peer.address + ')'; }

    const DaemonConfig& m_config;
    PeerInfo m_peer;
    ForwardLookup m_lookup;
    State m_state = State::ClientGreeting;
    QByteArray m_in;
    QByteArray m_out;
    bool m_eof = false;
    QStringList m_log;
    int m_protocol = 32;
    QList<QByteArray> m_clientDigests;
    bool m_clientHasDigests = false;
    const ModuleConfig* m_module = nullptr;
    ConnectionSlot m_slot;
    protocol::AuthDigest m_digest = protocol::AuthDigest::Md5;
    QByteArray m_challenge;
    QString m_authUser;
    bool m_readOnly = true;
    QStringList m_args;
};

} // namespace qrsync::daemon
