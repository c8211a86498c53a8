#include "session/handshake.h"

#include "protocol/handshake.h"
#include "protocol/negotiation.h"
#include "protocol/reader.h"

#include <QList>

namespace qrsync::session {

namespace {

using protocol::Reader;

bool isServer(const HandshakeSettings& s)
{
    return s.side == HandshakeSettings::Side::Server;
}

} // namespace

Handshake::Handshake(HandshakeSettings settings)
    : m_settings(std::move(settings))
{
    m_config.protocol = m_settings.protocol;
    if (!m_settings.forcedCompression.isEmpty()) {
        if (const auto type =
                protocol::parseCompressionType(QString::fromLatin1(m_settings.forcedCompression)))
            m_config.compression = *type;
    }
}

bool Handshake::negotiatesCompression() const
{
    return m_settings.compress && m_settings.forcedCompression.isEmpty();
}

// The client's order decides (handshake.md §6); protocol/negotiation.h
// holds the rule and the lists.
Result<QByteArray> Handshake::choose(protocol::NameKind kind, const QByteArray& peerList,
                                     const std::optional<QByteArray>& override) const
{
    const QByteArray mine = protocol::offeredNameList(kind, isServer(m_settings), override);
    return isServer(m_settings) ? protocol::chooseName(kind, peerList, mine)
                                : protocol::chooseName(kind, mine, peerList);
}

Result<> Handshake::chooseChecksum(const QByteArray& peerList)
{
    auto chosen = choose(protocol::NameKind::Checksum, peerList, m_settings.checksumListOverride);
    if (!chosen)
        return tl::unexpected(chosen.error());
    const auto type = checksum::checksumTypeFromName(*chosen);
    if (!type)
        return makeError(ExitCode::Unsupported,
                         QStringLiteral("Failed to negotiate a checksum choice"),
                         QString::fromLatin1(*chosen));
    m_config.checksum = *type;
    return {};
}

Result<> Handshake::chooseCompression(const QByteArray& peerList)
{
    auto chosen =
        choose(protocol::NameKind::Compression, peerList, m_settings.compressListOverride);
    if (!chosen)
        return tl::unexpected(chosen.error());
    const auto type = protocol::parseCompressionType(QString::fromLatin1(*chosen));
    if (!type)
        return makeError(ExitCode::Unsupported,
                         QStringLiteral("Failed to negotiate a compress choice"),
                         QString::fromLatin1(*chosen));
    m_config.compression = *type;
    return {};
}

Result<qsizetype> Handshake::advance(QByteArrayView in, QByteArray& out)
{
    qsizetype used = 0;
    for (;;) {
        const QByteArrayView rest = in.sliced(used);
        switch (m_state) {
        case State::SendVersion:
            if (m_settings.versionSettled) {
                m_config.protocol = m_settings.protocol;
                m_state = State::SendCompat;
                continue;
            }
            if (m_settings.peerProtocol == 0)
                protocol::encodeVersion(out, m_settings.protocol);
            m_state = State::ReadVersion;
            continue;
        case State::ReadVersion: {
            int peer = m_settings.peerProtocol;
            if (peer == 0) {
                auto d = protocol::decodeVersion(rest);
                if (d.isNeedMore())
                    return used;
                used += d.consumed();
                peer = d.value();
            }
            auto agreed =
                protocol::negotiateProtocol(m_settings.protocol, peer, isServer(m_settings));
            if (!agreed)
                return tl::unexpected(agreed.error());
            m_config.protocol = *agreed;
            m_state = State::SendCompat;
            continue;
        }
        case State::SendCompat: {
            if (isServer(m_settings)) {
                m_config.compatFlags = m_settings.compatFlags;
                protocol::encodeCompatFlags(
                    out, protocol::CompatFlags::fromWire(qint32(m_config.compatFlags)));
                m_state = State::SendLists;
            } else {
                m_state = State::ReadCompat;
            }
            continue;
        }
        case State::ReadCompat: {
            auto d = protocol::decodeCompatFlags(rest);
            if (d.isNeedMore())
                return used;
            if (d.isError())
                return makeError(ExitCode::StreamIo, d.errorMessage());
            used += d.consumed();
            // compat.c setup_protocol(): a list sent in pieces we did not
            // ask for (and cannot check as such) ends the run.
            if (d.value().incRecurse && !m_settings.offeredIncRecurse)
                return makeError(
                    ExitCode::Syntax,
                    QStringLiteral("Incompatible options specified for inc-recursive connection."));
            m_config.compatFlags = quint32(d.value().toWire());
            m_state = State::SendLists;
            continue;
        }
        case State::SendLists: {
            // compat.c negotiate_the_strings(): each list is exchanged only
            // when varint flist flags are on and no choice was forced.
            const bool negotiate = m_config.varintFlistFlags();
            if (!negotiate || !m_settings.forcedChecksum.isEmpty()) {
                const QByteArray name = m_settings.forcedChecksum.isEmpty()
                                            ? QByteArrayLiteral("md5")
                                            : m_settings.forcedChecksum;
                const auto type = checksum::checksumTypeFromName(name);
                if (!type)
                    return makeError(
                        ExitCode::Syntax,
                        QStringLiteral("unknown checksum name: %1").arg(QString::fromLatin1(name)));
                m_config.checksum = *type;
            } else {
                protocol::encodeNameList(
                    out,
                    protocol::offeredNameList(protocol::NameKind::Checksum, isServer(m_settings),
                                              m_settings.checksumListOverride));
            }
            if (!negotiate && negotiatesCompression())
                m_config.compression = protocol::CompressionType::Zlib; // the protocol-30 default
            else if (negotiatesCompression())
                protocol::encodeNameList(
                    out,
                    protocol::offeredNameList(protocol::NameKind::Compression, isServer(m_settings),
                                              m_settings.compressListOverride));
            m_state = State::ReadLists;
            continue;
        }
        case State::ReadLists: {
            if (m_config.varintFlistFlags() && m_settings.forcedChecksum.isEmpty()) {
                auto d = protocol::decodeNameList(rest);
                if (d.isNeedMore())
                    return used;
                if (d.isError())
                    return makeError(ExitCode::Protocol, d.errorMessage());
                used += d.consumed();
                if (auto chosen = chooseChecksum(d.value()); !chosen)
                    return tl::unexpected(chosen.error());
            }
            m_state = m_config.varintFlistFlags() && negotiatesCompression()
                          ? State::ReadCompressList
                          : (isServer(m_settings) ? State::SendSeed : State::ReadSeed);
            continue;
        }
        case State::ReadCompressList: {
            auto d = protocol::decodeNameList(rest);
            if (d.isNeedMore())
                return used;
            if (d.isError())
                return makeError(ExitCode::Protocol, d.errorMessage());
            used += d.consumed();
            if (auto chosen = chooseCompression(d.value()); !chosen)
                return tl::unexpected(chosen.error());
            m_state = isServer(m_settings) ? State::SendSeed : State::ReadSeed;
            continue;
        }
        case State::SendSeed:
            m_config.seed = m_settings.seed;
            protocol::encodeChecksumSeed(out, m_config.seed);
            m_state = State::Done;
            continue;
        case State::ReadSeed: {
            auto d = protocol::decodeChecksumSeed(rest);
            if (d.isNeedMore())
                return used;
            used += d.consumed();
            m_config.seed = d.value();
            m_state = State::Done;
            continue;
        }
        case State::Done:
            return used;
        }
    }
}

} // namespace qrsync::session
