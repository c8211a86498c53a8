#pragma once

// The raw (unmultiplexed) start of a remote-shell or local session
// (handshake.md §4-§7, rsync compat.c setup_protocol and
// negotiate_the_strings): protocol versions, compat flags, checksum-name
// negotiation and the checksum seed. Sans-I/O: bytes in, bytes out.
//
// Order on the wire, both sides writing before they read where they can:
//   client: version -> (reads version, compat) -> checksum list -> (reads list, seed)
//   server: version -> (reads version) -> compat, checksum list -> (reads list) -> seed
// Over a daemon connection both start after the versions (versionSettled).

#include "core/result.h"
#include "protocol/negotiation.h"
#include "session/sessionconfig.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace qrsync::session {

struct HandshakeSettings
{
    enum class Side
    {
        Client,
        Server
    };
    Side side = Side::Client;
    int protocol = kOurProtocol; // what we announce (--protocol)
    // Non-zero when the versions were exchanged before the binary start (a
    // daemon's "@RSYNCD:" greeting): the peer's number; nothing is sent or
    // read for the version then (compat.c setup_protocol, remote_protocol
    // already set).
    int peerProtocol = 0;
    // An rsync daemon connection settled the protocol in its text greeting
    // (protocol/daemonhandshake.h): `protocol` is the agreed one and no
    // binary version exchange takes place (compat.c setup_protocol skips it
    // when remote_protocol is already known).
    bool versionSettled = false;
    // Server only: the compat flags to announce, derived by the caller from
    // the client's -e. capability letters and the options.
    quint32 compatFlags = 0;
    // RSYNC_CHECKSUM_LIST: replaces our checksum names (canonical order otherwise).
    std::optional<QByteArray> checksumListOverride;
    // --checksum-choice: no negotiation, both sides were told the name.
    QByteArray forcedChecksum;
    qint32 seed = 0; // server only: the seed to send
    // Client only: whether our option word offered incremental recursion
    // (the `i` capability). A server that turns it on unasked is refused.
    bool offeredIncRecurse = false;
    // -z: negotiate compression (RSYNC_COMPRESS_LIST replaces our names).
    // forcedCompression (--compress-choice) skips the exchange; both sides
    // were told.
    bool compress = false;
    std::optional<QByteArray> compressListOverride;
    QByteArray forcedCompression;
};

class Handshake
{
public:
    explicit Handshake(HandshakeSettings settings);

    // Consumes what it can of `in` and appends what is due to `out`.
    // Returns the number of bytes consumed; call again with more input
    // until done(). Errors carry rsync's text and exit code.
    Result<qsizetype> advance(QByteArrayView in, QByteArray& out);
    bool done() const { return m_state == State::Done; }
    const SessionConfig& config() const { return m_config; }

private:
    enum class State
    {
        SendVersion,
        ReadVersion,
        SendCompat, // server sends, client goes on to read
        ReadCompat, // client
        SendLists,
        ReadLists,
        ReadCompressList,
        SendSeed, // server
        ReadSeed, // client
        Done,
    };
    Result<QByteArray> choose(protocol::NameKind kind, const QByteArray& peerList,
                              const std::optional<QByteArray>& override) const;
    Result<> chooseChecksum(const QByteArray& peerList);
    Result<> chooseCompression(const QByteArray& peerList);
    bool negotiatesCompression() const;

    HandshakeSettings m_settings;
    SessionConfig m_config;
    State m_state = State::SendVersion;
};

} // namespace qrsync::session
