#pragma once

// rsync daemon challenge-response authentication, both sides (rsync
// authenticate.c gen_challenge/generate_hash/auth_client, compat.c
// negotiate_daemon_auth, checksum.c valid_auth_checksums_items).
//
// response = base64 without padding of digest(password || challenge), the
// digest chosen from the peer's greeting list. A greeting without a list
// (stock before 3.2.0) means md5 from protocol 30, and before that rsync's
// "old" md4, which hashes four zero bytes (the seed 0) before the password.
// Pure: the caller supplies the entropy of a challenge.

#include "core/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace qrsync::protocol {

enum class AuthDigest
{
    Sha512,
    Sha256,
    Sha1,
    Md5,
    Md4,
    Md4Old // protocol < 30 with no digest list: MD4(0x00000000 || data)
};

// The names we announce in the greeting, strongest first, as stock 3.2+
// on Debian does: "sha512 sha256 sha1 md5 md4".
QList<QByteArray> defaultAuthDigestNames();
QByteArray defaultAuthDigestList(); // the same, space-separated

// "sha512", ...; Md4Old is "md4" too.
QByteArray authDigestName(AuthDigest digest);
int authDigestLength(AuthDigest digest);

// The digest both sides use (compat.c negotiate_daemon_auth +
// parse_negotiate_str): of the names in `peerList` (case-insensitive), the
// one we rank strongest. `peerHasList` false (the greeting had none) gives
// md5 for protocol >= 30, else Md4Old. No common name fails with exit 4
// (RERR_UNSUPPORTED); the message is the client's ("Failed to negotiate a
// daemon auth checksum choice."), a server sends
// daemonAuthUnsupportedLine() instead.
Result<AuthDigest> chooseAuthDigest(const QList<QByteArray>& peerList, bool peerHasList,
                                    int protocol);

// What a daemon writes when chooseAuthDigest() fails, without the newline:
// "@ERROR: your client does not support one of our daemon-auth checksums:
// sha512 sha256 sha1 md5 md4".
QByteArray daemonAuthUnsupportedLine();

// rsync's base64_encode(..., pad = 0): standard alphabet, no '='.
QByteArray base64NoPad(QByteArrayView bytes);

// generate_hash(): base64NoPad(digest(password || challenge)).
QByteArray authResponse(AuthDigest digest, QByteArrayView password, QByteArrayView challenge);

// gen_challenge(): base64NoPad(digest(entropy)). Stock hashes 32 random
// bytes followed by a 32-byte block of address, time and pid; the caller
// passes whatever unpredictable bytes it has (at least 16 are required).
QByteArray authChallenge(AuthDigest digest, QByteArrayView entropy);

// A daemon's check of a client's response, in constant time over the
// response length so a mismatch position does not leak through timing.
bool authResponseMatches(AuthDigest digest, QByteArrayView password, QByteArrayView challenge,
                         QByteArrayView response);

} // namespace qrsync::protocol
