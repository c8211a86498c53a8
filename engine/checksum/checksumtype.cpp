#include "checksum/checksumtype.h"

namespace qrsync::checksum {

std::optional<ChecksumType> checksumTypeFromName(QByteArrayView name)
{
    struct Entry
    {
        const char* name;
        ChecksumType type;
    };
    static constexpr Entry kNames[] = {
        {"none", ChecksumType::None},   {"md4", ChecksumType::Md4},
        {"md5", ChecksumType::Md5},     {"sha1", ChecksumType::Sha1},
        {"xxh64", ChecksumType::Xxh64}, {"xxhash", ChecksumType::Xxh64},
        {"xxh3", ChecksumType::Xxh3},   {"xxh128", ChecksumType::Xxh128},
    };
    for (const Entry& e : kNames) {
        if (name.compare(QByteArrayView(e.name), Qt::CaseInsensitive) == 0)
            return e.type;
    }
    return std::nullopt;
}

QByteArray checksumTypeName(ChecksumType type)
{
    switch (type) {
    case ChecksumType::None:
        return QByteArrayLiteral("none");
    case ChecksumType::Md4:
        return QByteArrayLiteral("md4");
    case ChecksumType::Md5:
        return QByteArrayLiteral("md5");
    case ChecksumType::Sha1:
        return QByteArrayLiteral("sha1");
    case ChecksumType::Xxh64:
        return QByteArrayLiteral("xxh64");
    case ChecksumType::Xxh3:
        return QByteArrayLiteral("xxh3");
    case ChecksumType::Xxh128:
        return QByteArrayLiteral("xxh128");
    }
    Q_UNREACHABLE();
}

int digestLength(ChecksumType type)
{
    switch (type) {
    case ChecksumType::None:
        return 0;
    case ChecksumType::Md4:
    case ChecksumType::Md5:
    case ChecksumType::Xxh128:
        return 16;
    case ChecksumType::Sha1:
        return 20;
    case ChecksumType::Xxh64:
    case ChecksumType::Xxh3:
        return 8;
    }
    Q_UNREACHABLE();
}

} // namespace qrsync::checksum
