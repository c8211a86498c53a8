#pragma once

// Daemon authentication policy, server side (rsync authenticate.c
// auth_server/check_secret): which `auth users` rule applies, the secrets
// file ("user:password" and "@group:password" lines, strict modes), and the
// check of the client's response. The digests and the response formula are
// protocol/daemonauth.h.

#include "daemon/daemonconfig.h"
#include "protocol/daemonauth.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace qrsync::daemon {

// A fresh challenge for `digest`: random bytes and the peer's address
// (gen_challenge()).
QByteArray makeChallenge(protocol::AuthDigest digest, const QString& peerAddress);

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
AuthOutcome checkAuthReply(const ModuleConfig& module, protocol::AuthDigest digest,
                           const QByteArray& challenge, const QByteArray& replyLine);

} // namespace qrsync::daemon
