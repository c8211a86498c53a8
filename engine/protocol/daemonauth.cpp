#include "protocol/daemonauth.h"

#include <QCryptographicHash>

namespace qrsync::protocol {

namespace {

constexpr AuthDigest kOffered[] = {AuthDigest::Sha512, AuthDigest::Sha256, AuthDigest::Sha1,
                                   AuthDigest::Md5, AuthDigest::Md4};

QCryptographicHash::Algorithm algorithmOf(AuthDigest digest)
{
    switch (digest) {
    case AuthDigest::Sha512:
        return QCryptographicHash::Sha512;
    case AuthDigest::Sha256:
        return QCryptographicHash::Sha256;
    case AuthDigest::Sha1:
        return QCryptographicHash::Sha1;
    case AuthDigest::Md5:
        return QCryptographicHash::Md5;
    case AuthDigest::Md4:
    case AuthDigest::Md4Old:
        return QCryptographicHash::Md4;
    }
    return QCryptographicHash::Md5;
}

QByteArray digestOf(AuthDigest digest, QByteArrayView a, QByteArrayView b)
{
    QCryptographicHash hash(algorithmOf(digest));
    // checksum.c sum_init(): the md4 variants of old protocols hash the
    // seed first, and the daemon's seed is 0.
    if (digest == AuthDigest::Md4Old)
        hash.addData(QByteArrayView("\0\0\0\0", 4));
    hash.addData(a);
    hash.addData(b);
    return hash.result();
}

} // namespace

QList<QByteArray> defaultAuthDigestNames()
{
    QList<QByteArray> names;
    for (AuthDigest d : kOffered)
        names.append(authDigestName(d));
    return names;
}

QByteArray defaultAuthDigestList()
{
    return defaultAuthDigestNames().join(' ');
}

QByteArray authDigestName(AuthDigest digest)
{
    switch (digest) {
    case AuthDigest::Sha512:
        return "sha512";
    case AuthDigest::Sha256:
        return "sha256";
    case AuthDigest::Sha1:
        return "sha1";
    case AuthDigest::Md5:
        return "md5";
    case AuthDigest::Md4:
    case AuthDigest::Md4Old:
        return "md4";
    }
    return {};
}

int authDigestLength(AuthDigest digest)
{
    return QCryptographicHash::hashLength(algorithmOf(digest));
}

Result<AuthDigest> chooseAuthDigest(const QList<QByteArray>& peerList, bool peerHasList,
                                    int protocol)
{
    if (!peerHasList)
        return protocol >= 30 ? AuthDigest::Md5 : AuthDigest::Md4Old;
    for (AuthDigest ours : kOffered) {
        const QByteArray name = authDigestName(ours);
        for (const QByteArray& theirs : peerList) {
            if (theirs.compare(name, Qt::CaseInsensitive) == 0)
                return ours;
        }
    }
    QByteArray peer = peerList.join(' ');
    return makeError(ExitCode::Unsupported,
                     QStringLiteral("Failed to negotiate a daemon auth checksum choice.\n"
                                    "Server list: %1\nClient list: %2")
                         .arg(QString::fromUtf8(peer), QString::fromUtf8(defaultAuthDigestList())));
}

QByteArray daemonAuthUnsupportedLine()
{
    return "@ERROR: your client does not support one of our daemon-auth checksums: " +
           defaultAuthDigestList();
}

QByteArray base64NoPad(QByteArrayView bytes)
{
    return bytes.toByteArray().toBase64(QByteArray::OmitTrailingEquals);
}

QByteArray authResponse(AuthDigest digest, QByteArrayView password, QByteArrayView challenge)
{
    return base64NoPad(digestOf(digest, password, challenge));
}

QByteArray authChallenge(AuthDigest digest, QByteArrayView entropy)
{
    Q_ASSERT_X(entropy.size() >= 16, "authChallenge", "a challenge needs real entropy");
    return base64NoPad(digestOf(digest, entropy, {}));
}

bool authResponseMatches(AuthDigest digest, QByteArrayView password, QByteArrayView challenge,
                         QByteArrayView response)
{
    const QByteArray expected = authResponse(digest, password, challenge);
    if (expected.size() != response.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < expected.size(); ++i)
        diff |= static_cast<unsigned char>(expected[i] ^ response[i]);
    return diff == 0;
}

} // namespace qrsync::protocol
