#pragma once

// The compression algorithms of the token stream (delta.md §5) and their
// names as negotiated (handshake.md §6, rsync compat.c
// valid_compressions_items) or given with --compress-choice/--zc.

#include <QString>
#include <QStringView>

#include <optional>

namespace qrsync::protocol {

enum class CompressionType
{
    None,
    Zlib,
    ZlibX,
    Zstd,
    Lz4
};

// "none", "zlib", "zlibx", "zstd", "lz4"; case-insensitive like stock.
// nullopt for an unknown name.
std::optional<CompressionType> parseCompressionType(QStringView name);
// The canonical lower-case name.
QString compressionTypeName(CompressionType type);

// rsync token.c init_compression_level: turns a --compress-level request
// (nullopt: not given) into the level the codecs use. zlib/zlibx: -1 or
// unset means 6, clamped to 1..9; zstd: 0 or unset means ZSTD_CLEVEL_DEFAULT
// (3), clamped to the library's min..max; lz4: always 0. Returns nullopt
// when the request switches compression off (zlib level 0) or for None.
std::optional<int> effectiveCompressionLevel(CompressionType type, std::optional<int> requested);

} // namespace qrsync::protocol
