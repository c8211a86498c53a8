#include "session/handshake.h"

#include "protocol/reader.h"

#include <QList>

namespace qrsync::session {

namespace {

using protocol::Reader;

bool isServer(const HandshakeSettings& s)
{
    return s.side == HandshakeSettings::Side::Server;
}

QList<QByteArray> words(const QByteArray& list)
{
    QList<QByteArray> out;
    for (const QByteArray& w : list.split(' ')) {
        if (!w.isEmpty())
            out << w.toLower();
    }
    return out;
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

QByteArray Handshake::ourList() const
{
    // A server offers "none" last so a client may turn checksums off (compat.c).
    return isServer(m_settings) ? m_settings.checksumList + " none" : m_settings.checksumList;
}

Result<> Handshake::chooseChecksum(const QByteArray& peerList)
{
    const QList<QByteArray> mine = words(ourList());
    const QList<QByteArray> theirs = words(peerList);
    // The client's order decides (handshake.md §6): the first name of the
    // client's list that the server also offers.
    const QList<QByteArray>& clientList = isServer(m_settings) ? theirs : mine;
    const QList<QByteArray>& serverList = isServer(m_settings) ? mine : theirs;
    for (const QByteArray& name : clientList) {
        const QByteArray canonical = name == "xxhash" ? QByteArrayLiteral("xxh64") : name;
        bool offered = false;
        for (const QByteArray& s : serverList)
            offered = offered || s == canonical || (s == "xxhash" && canonical == "xxh64");
        if (!offered)
            continue;
        if (const auto type = checksum::checksumTypeFromName(canonical)) {
            m_config.checksum = *type;
            return {};
        }
    }
    return makeError(ExitCode::Unsupported, QStringLiteral("Failed to negotiate a checksum choice"),
                     QString::fromLatin1(peerList));
}

bool Handshake::negotiatesCompression() const
{
    return !m_settings.compressList.isEmpty() && m_settings.forcedCompression.isEmpty();
}

Result<> Handshake::chooseCompression(const QByteArray& peerList)
{
    // The same rule as for checksums: the client's order decides.
    const QByteArray mine = isServer(m_settings) ? m_settings.compressList + " none"
                                                 : m_settings.compressList;
    const QList<QByteArray> clientList = words(isServer(m_settings) ? peerList : mine);
    const QList<QByteArray> serverList = words(isServer(m_settings) ? mine : peerList);
    for (const QByteArray& name : clientList) {
        if (!serverList.contains(name))
            continue;
        if (const auto type = protocol::parseCompressionType(QString::fromLatin1(name))) {
            m_config.compression = *type;
            return {};
        }
    }
    return makeError(ExitCode::Unsupported,
                     QStringLiteral("Failed to negotiate a compression choice"),
                     QString::fromLatin1(peerList));
}

Result<qsizetype> Handshake::advance(QByteArrayView in, QByteArray& out)
{
    qsizetype used = 0;
    for (;;) {
        const QByteArrayView rest = in.sliced(used);
        switch (m_state) {
        case State::SendVersion:
            protocol::encodeI32(out, m_settings.protocol);
            m_state = State::ReadVersion;
            continue;
        case State::ReadVersion: {
            auto d = protocol::decodeI32(rest);
            if (d.isNeedMore())
                return used;
            const qint32 remote = d.value();
            used += d.consumed();
            if (remote < 20 || remote > 40)
                return makeError(ExitCode::Protocol,
                                 QStringLiteral("protocol version mismatch -- is your shell clean?"),
                                 QString::number(remote));
            m_config.protocol = std::min<int>(remote, m_settings.protocol);
            if (m_config.protocol < kMinProtocol)
                return makeError(ExitCode::Protocol,
                                 QStringLiteral("protocol version %1 is not supported (qrsync needs "
                                                "30 or newer)")
                                     .arg(remote));
            if (isServer(m_settings)) {
                m_config.compatFlags = m_settings.compatFlags;
                protocol::encodeVarint(out, qint32(m_config.compatFlags));
                m_state = State::SendLists;
            } else {
                m_state = State::ReadCompat;
            }
            continue;
        }
        case State::ReadCompat: {
            auto d = protocol::decodeVarint(rest);
            if (d.isNeedMore())
                return used;
            if (d.isError())
                return makeError(ExitCode::StreamIo, d.errorMessage());
            used += d.consumed();
            m_config.compatFlags = quint32(d.value());
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
                    return makeError(ExitCode::Syntax,
                                     QStringLiteral("unknown checksum name: %1")
                                         .arg(QString::fromLatin1(name)));
                m_config.checksum = *type;
            } else {
                protocol::encodeVstring(out, ourList());
            }
            if (!negotiate && negotiatesCompression())
                m_config.compression = protocol::CompressionType::Zlib; // the protocol-30 default
            else if (negotiatesCompression())
                protocol::encodeVstring(out, isServer(m_settings)
                                                 ? m_settings.compressList + " none"
                                                 : m_settings.compressList);
            m_state = State::ReadLists;
            continue;
        }
        case State::ReadLists: {
            if (m_config.varintFlistFlags() && m_settings.forcedChecksum.isEmpty()) {
                auto d = protocol::decodeVstring(rest);
                if (d.isNeedMore())
                    return used;
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
            auto d = protocol::decodeVstring(rest);
            if (d.isNeedMore())
                return used;
            used += d.consumed();
            if (auto chosen = chooseCompression(d.value()); !chosen)
                return tl::unexpected(chosen.error());
            m_state = isServer(m_settings) ? State::SendSeed : State::ReadSeed;
            continue;
        }
        case State::SendSeed:
            m_config.seed = m_settings.seed;
            protocol::encodeI32(out, m_config.seed);
            m_state = State::Done;
            continue;
        case State::ReadSeed: {
            auto d = protocol::decodeI32(rest);
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
