#include "transport/knownhosts.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QFile>
#include <QMessageAuthenticationCode>

#include <pwd.h>
#include <unistd.h>

namespace qrsync::transport {

namespace {

// "|1|base64(salt)|base64(HMAC-SHA1(salt, name))" (OpenSSH hostfile.c).
bool hashedMatches(const QByteArray& field, const QString& name)
{
    const QList<QByteArray> parts = field.split('|');
    if (parts.size() != 4 || !parts[0].isEmpty() || parts[1] != "1")
        return false;
    const QByteArray salt = QByteArray::fromBase64(parts[2]);
    const QByteArray want = QByteArray::fromBase64(parts[3]);
    return QMessageAuthenticationCode::hash(name.toUtf8(), salt, QCryptographicHash::Sha1) == want;
}

// A pattern with '*' and '?' as OpenSSH match_pattern has them; brackets
// ("[host]:port") are literal, unlike a shell glob.
bool patternMatches(QStringView pattern, QStringView name)
{
    while (!pattern.isEmpty()) {
        const QChar p = pattern.front();
        if (p == QLatin1Char('*')) {
            for (qsizetype skip = 0; skip <= name.size(); ++skip) {
                if (patternMatches(pattern.sliced(1), name.sliced(skip)))
                    return true;
            }
            return false;
        }
        if (name.isEmpty())
            return false;
        if (p != QLatin1Char('?') && p.toLower() != name.front().toLower())
            return false;
        pattern = pattern.sliced(1);
        name = name.sliced(1);
    }
    return name.isEmpty();
}

bool hostFieldMatches(const QByteArray& field, const QString& name)
{
    if (field.startsWith('|'))
        return hashedMatches(field, name);
    bool matched = false;
    for (const QByteArray& raw : field.split(',')) {
        QString pattern = QString::fromUtf8(raw);
        const bool negated = pattern.startsWith(QLatin1Char('!'));
        if (negated)
            pattern.remove(0, 1);
        if (patternMatches(pattern, name)) {
            if (negated)
                return false;
            matched = true;
        }
    }
    return matched;
}

} // namespace

QString knownHostsName(const QString& host, int port)
{
    if (port == 0 || port == 22)
        return host;
    return QStringLiteral("[%1]:%2").arg(host).arg(port);
}

std::optional<KnownHostsLine> findKnownHost(const QString& file, const QString& name,
                                            const QString& keyType)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    std::optional<KnownHostsLine> first;
    int number = 0;
    while (!f.atEnd()) {
        ++number;
        const QByteArray line = f.readLine().trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        QList<QByteArray> fields = line.simplified().split(' ');
        // "@cert-authority" / "@revoked" markers come first.
        if (fields.first().startsWith('@'))
            fields.removeFirst();
        if (fields.size() < 3 || !hostFieldMatches(fields[0], name))
            continue;
        const KnownHostsLine found{number, QString::fromLatin1(fields[1])};
        if (keyType.isEmpty() || found.keyType == keyType)
            return found;
        if (!first)
            first = found;
    }
    return first;
}

QString defaultKnownHostsFile()
{
    const passwd* pw = ::getpwuid(::getuid());
    const QString home = pw && pw->pw_dir ? QString::fromLocal8Bit(pw->pw_dir) : QString();
    return home + QStringLiteral("/.ssh/known_hosts");
}

} // namespace qrsync::transport
