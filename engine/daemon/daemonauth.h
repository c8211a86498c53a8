#pragma once

// Daemon challenge-response authentication, server side (rsync
// authenticate.c auth_server/check_secret). The digest is negotiated from
// the client's greeting list; the challenge is random bytes hashed and
// base64-encoded without padding; the client answers with
// base64(digest(password + challenge)); the secrets file holds
// "user:password" and "@group:password" lines.

#include "daemon/daemonconfig.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace qrsync::daemon {

enum class AuthDigest
{
    Sha512,
    Sha256,
    Sha1,
    Md5,
    Md4,
};

// What we offer in our greeting, strongest first (stock 3.5.0's list).
QByteArray offeredAuthDigests();
QByteArray authDigestName(AuthDigest digest);

// The digest for a client whose greeting listed `clientList` (space
// separated, its preference order). An empty list means an old client:
// md5 from protocol 30, md4 before. nullopt: nothing in common.
std::optional<AuthDigest> chooseAuthDigest(const QByteArray& clientList, int protocol);

// base64 as stock's base64_encode(pad = 0).
QByteArray base64NoPad(const QByteArray& data);

QByteArray makeChallenge(AuthDigest digest, const QString& peerAddress);
QByteArray authResponse(AuthDigest digest, const QByteArray& password, const QByteArray& challenge);

struct AuthOutcome
{
    bool ok = false;
    QString user;
    std::optional<bool> readOnly; // an :ro / :rw rule overrides the module
    QString logReason;            // stock's reason for the log ("password mismatch")
};

// The groups a system user belongs to (getgrouplist), by name; empty when
// the user is not a system user.
QStringList systemGroupsOf(const QString& user);

// Checks the client's reply line "USER RESPONSE" for `module`.
AuthOutcome checkAuthReply(const ModuleConfig& module, AuthDigest digest,
                           const QByteArray& challenge, const QByteArray& replyLine);

} // namespace qrsync::daemon
