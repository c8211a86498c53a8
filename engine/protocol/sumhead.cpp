#include "protocol/sumhead.h"

#include "protocol/reader.h"

#include <algorithm>

namespace qrsync::protocol {

void encodeSumHead(QByteArray& out, const SumHead& head)
{
    encodeI32(out, head.count);
    encodeI32(out, head.blockLength);
    encodeI32(out, head.s2Length);
    encodeI32(out, head.remainder);
}

Decode<SumHead> decodeSumHead(QByteArrayView in, int maxDigestLength)
{
    constexpr qsizetype kWireSize = 16;
    if (in.size() < kWireSize)
        return Decode<SumHead>::needMore(kWireSize);
    Reader r(in);
    SumHead h;
    r.i32(h.count);
    r.i32(h.blockLength);
    r.i32(h.s2Length);
    r.i32(h.remainder);
    if (!r.ok())
        return r.failure<SumHead>();
    if (h.count < 0)
        return Decode<SumHead>::error(QStringLiteral("Invalid checksum count %1").arg(h.count));
    if (h.blockLength < 0 || h.blockLength > kMaxBlockLength)
        return Decode<SumHead>::error(QStringLiteral("Invalid block length %1").arg(h.blockLength));
    if (h.count > 0 && h.blockLength == 0)
        return Decode<SumHead>::error(
            QStringLiteral("Invalid block length 0 with %1 blocks").arg(h.count));
    const int maxS2 = std::min(maxDigestLength, int(kMaxSumLength));
    if (h.s2Length < 0 || h.s2Length > maxS2)
        return Decode<SumHead>::error(
            QStringLiteral("Invalid checksum length %1 [receiver]").arg(h.s2Length));
    if (h.remainder < 0 || h.remainder > h.blockLength)
        return Decode<SumHead>::error(
            QStringLiteral("Invalid remainder length %1 [receiver]").arg(h.remainder));
    return r.finish(h);
}

} // namespace qrsync::protocol
