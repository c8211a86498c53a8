#include "protocol/compressiontype.h"

#include <zstd.h>

#include <algorithm>
#include <array>

namespace qrsync::protocol {

namespace {

struct NamedType
{
    CompressionType type;
    const char* name;
};

constexpr std::array<NamedType, 5> kNames{{
    {CompressionType::Zstd, "zstd"},
    {CompressionType::Lz4, "lz4"},
    {CompressionType::ZlibX, "zlibx"},
    {CompressionType::Zlib, "zlib"},
    {CompressionType::None, "none"},
}};

} // namespace

std::optional<CompressionType> parseCompressionType(QStringView name)
{
    for (const NamedType& n : kNames) {
        if (name.compare(QLatin1String(n.name), Qt::CaseInsensitive) == 0)
            return n.type;
    }
    return std::nullopt;
}

QString compressionTypeName(CompressionType type)
{
    for (const NamedType& n : kNames) {
        if (n.type == type)
            return QString::fromLatin1(n.name);
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<int> effectiveCompressionLevel(CompressionType type, std::optional<int> requested)
{
    switch (type) {
    case CompressionType::None:
        return std::nullopt;
    case CompressionType::Zlib:
    case CompressionType::ZlibX: {
        // zlib's Z_DEFAULT_COMPRESSION (-1) stands for its real default, 6;
        // level 0 is zlib's "off" level and turns compression off entirely.
        const int level = requested.value_or(-1);
        if (level == -1)
            return 6;
        if (level == 0)
            return std::nullopt;
        return std::clamp(level, 1, 9);
    }
    case CompressionType::Zstd: {
        const int level = requested.value_or(0);
        if (level == 0)
            return ZSTD_CLEVEL_DEFAULT;
        return std::clamp(level, ZSTD_minCLevel(), ZSTD_maxCLevel());
    }
    case CompressionType::Lz4:
        return 0;
    }
    return std::nullopt;
}

} // namespace qrsync::protocol
