#pragma once

// The strong checksum algorithms rsync negotiates (handshake.md §6, rsync
// checksum.c valid_checksums_items) and their digest sizes.

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace qrsync::checksum {

enum class ChecksumType
{
    None,
    Md4,
    Md5,
    Sha1,
    Xxh64,
    Xxh3,
    Xxh128
};

// The longest digest of any type (sha1); sized for stack buffers.
inline constexpr int kMaxDigestLength = 20;

// "md5", "XXH128", "xxhash" (an alias of xxh64), ...: case-insensitive, as
// in rsync's get_nni_by_name. Empty for unknown names ("auto" included: the
// caller resolves it from the protocol version).
std::optional<ChecksumType> checksumTypeFromName(QByteArrayView name);

// The canonical lower-case name, as sent in the negotiation list.
QByteArray checksumTypeName(ChecksumType type);

// Full digest length in bytes: xxh128 16, xxh3 8, xxh64 8, md5 16, md4 16,
// sha1 20, none 0. Note that a stock sender still writes one (zero) byte as
// the whole-file sum of "none" (csum_len_for_type returns 1); that wire
// detail belongs to the token stream, not here.
int digestLength(ChecksumType type);

} // namespace qrsync::checksum
