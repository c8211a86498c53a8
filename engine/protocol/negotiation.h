#pragma once

// Checksum and compression name negotiation (handshake.md §6, rsync compat.c
// negotiate_the_strings, parse_nni_str, get_default_nno_list). Only with
// CF_VARINT_FLIST_FLAGS. Each side writes its list as a vstring before reading
// the peer's; names are case-insensitive, `xxhash` is `xxh64`, and a server
// appends `none` to its default lists. The environment overrides
// (RSYNC_CHECKSUM_LIST, RSYNC_COMPRESS_LIST) come in as plain strings.

#include "core/result.h"
#include "protocol/decode.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <optional>

namespace qrsync::protocol {

enum class NameKind
{
    Checksum,
    Compression
};

// Stock reads a list into char[MAX_NSTR_STRLEN] (256) and refuses longer.
inline constexpr qsizetype kMaxNameListLength = 255;

// Canonical (strongest-first) names stock offers, without `none`:
// checksums xxh128 xxh3 xxh64 md5 md4 sha1; compression zstd lz4 zlibx zlib.
QList<QByteArray> defaultNames(NameKind kind);
// The canonical name for `name` (case-insensitive; `xxhash` gives `xxh64`),
// or nullopt for a name stock does not know.
std::optional<QByteArray> canonicalName(NameKind kind, QByteArrayView name);

// The list text this side sends. Without an override (nullopt, or only
// blanks): the default list, plus ` none` for a server. With one: its valid
// names in the given order, mapped to canonical names, without duplicates; a
// server uses the part after `&`, a client the part before; an override with
// names but none valid gives "INVALID" (compat.c parse_nni_str).
QByteArray offeredNameList(NameKind kind, bool amServer,
                           std::optional<QByteArrayView> envOverride = std::nullopt);

// The winner: the first name of the client's list that the server's list also
// offers, as a canonical name. No match is stock's "Failed to negotiate a
// checksum choice." / "... compress choice." with exit 4 (RERR_UNSUPPORTED).
// This equals 3.5.0's "each side takes its own favourite" whenever both lists
// are in canonical order, which is why offeredNameList() keeps that order.
Result<QByteArray> chooseName(NameKind kind, QByteArrayView clientList, QByteArrayView serverList);

// The list as a vstring, and back. The decoder refuses a list longer than
// kMaxNameListLength (stock: "over-long vstring received").
bool encodeNameList(QByteArray& out, QByteArrayView list);
Decode<QByteArray> decodeNameList(QByteArrayView in);

// Digest length of a negotiated checksum (xxh128 16, xxh3 8, xxh64 8, md5 16,
// md4 16, sha1 20, none 0); -1 for an unknown name.
int checksumDigestLength(QByteArrayView canonical);

} // namespace qrsync::protocol
