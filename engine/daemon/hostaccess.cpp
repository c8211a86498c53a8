#include "daemon/hostaccess.h"

#include "filter/wildmatch.h"

#include <QHostAddress>
#include <QRegularExpression>

#include <netdb.h>
#include <sys/socket.h>

namespace qrsync::daemon {

namespace {

bool looksNumeric(const QString& token)
{
    for (const QChar c : token) {
        if (!(c.isDigit() || c == QLatin1Char('.')))
            return token.contains(QLatin1Char(':'));
    }
    return true;
}

// access.c make_mask + match_binary, through QHostAddress::isInSubnet.
bool matchAddress(const QString& address, const QString& token)
{
    const qsizetype slash = token.indexOf(QLatin1Char('/'));
    const QString base = slash < 0 ? token : token.left(slash);
    if (!looksNumeric(base))
        return false;
    QHostAddress peer(address);
    QHostAddress net(base);
    if (peer.isNull() || net.isNull())
        return false;
    // An IPv4 peer arriving on an IPv6 socket as ::ffff:a.b.c.d.
    bool v4ok = false;
    const quint32 v4 = peer.toIPv4Address(&v4ok);
    if (v4ok && net.protocol() == QAbstractSocket::IPv4Protocol)
        peer = QHostAddress(v4);
    if (peer.protocol() != net.protocol())
        return false;
    const int width = net.protocol() == QAbstractSocket::IPv4Protocol ? 32 : 128;
    int bits = width;
    if (slash >= 0) {
        const QString maskText = token.mid(slash + 1);
        bool ok = false;
        bits = maskText.toInt(&ok);
        if (!ok) {
            // A dotted mask (255.255.0.0): count its leading ones.
            QHostAddress mask(maskText);
            if (mask.protocol() != QAbstractSocket::IPv4Protocol)
                return false;
            const quint32 m = mask.toIPv4Address();
            bits = 0;
            while (bits < 32 && (m & (0x80000000u >> bits)))
                ++bits;
        }
        if (bits < 0 || bits > width)
            return false;
    }
    return peer.isInSubnet(net, bits);
}

bool matchHostname(const QString& address, const QString& host, const QString& token,
                   bool isDenyList, const ForwardLookup& lookup)
{
    if (!host.isEmpty() && host != QLatin1String("UNKNOWN") &&
        host != QLatin1String(kUndeterminedHost) &&
        filter::wildMatch(token.toUtf8(), host.toLower().toUtf8()))
        return true;
    // Addresses and patterns are not names to resolve.
    if (!lookup || looksNumeric(token) ||
        token.contains(QRegularExpression(QStringLiteral("[:/*?\\[]"))))
        return false;
    const QStringList resolved = lookup(token);
    if (resolved.isEmpty())
        return isDenyList;
    QHostAddress peer(address);
    for (const QString& a : resolved) {
        if (QHostAddress(a).isEqual(peer, QHostAddress::TolerantConversion))
            return true;
    }
    return false;
}

} // namespace

ForwardLookup systemForwardLookup()
{
    return [](const QString& name) {
        QStringList out;
        addrinfo hints{};
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* res = nullptr;
        if (::getaddrinfo(name.toUtf8().constData(), nullptr, &hints, &res) != 0)
            return out;
        for (addrinfo* a = res; a; a = a->ai_next) {
            char text[NI_MAXHOST];
            if (::getnameinfo(a->ai_addr, a->ai_addrlen, text, sizeof text, nullptr, 0,
                              NI_NUMERICHOST) == 0)
                out << QString::fromLatin1(text);
        }
        ::freeaddrinfo(res);
        return out;
    };
}

QString reverseLookup(const QString& address)
{
    addrinfo hints{};
    hints.ai_flags = AI_NUMERICHOST;
    addrinfo* res = nullptr;
    if (::getaddrinfo(address.toLatin1().constData(), nullptr, &hints, &res) != 0)
        return QStringLiteral("UNKNOWN");
    char name[NI_MAXHOST];
    const int rc =
        ::getnameinfo(res->ai_addr, res->ai_addrlen, name, sizeof name, nullptr, 0, NI_NAMEREQD);
    ::freeaddrinfo(res);
    return rc == 0 ? QString::fromUtf8(name) : QStringLiteral("UNKNOWN");
}

bool accessListMatches(const QStringList& list, const QString& address, const QString& host,
                       bool isDenyList, const ForwardLookup& lookup)
{
    for (const QString& raw : list) {
        const QString token = raw.toLower();
        if (matchHostname(address, host, token, isDenyList, lookup) || matchAddress(address, token))
            return true;
    }
    return false;
}

bool allowAccess(const QStringList& allow, const QStringList& deny, const QString& address,
                 const QString& host, const ForwardLookup& lookup)
{
    if (!allow.isEmpty()) {
        if (accessListMatches(allow, address, host, false, lookup))
            return true;
        if (deny.isEmpty())
            return false;
    }
    if (!deny.isEmpty() && accessListMatches(deny, address, host, true, lookup))
        return false;
    return true;
}

} // namespace qrsync::daemon
