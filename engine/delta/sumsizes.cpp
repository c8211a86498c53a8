#include "delta/sumsizes.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace qrsync::delta {

namespace {

// floor(sqrt(v)) for v > 0, exact for every int64.
qint64 integerSqrt(qint64 v)
{
    auto r = qint64(std::sqrt(double(v)));
    while (r > 0 && r * r > v)
        --r;
    while ((r + 1) * (r + 1) <= v)
        ++r;
    return r;
}

int floorLog2(quint64 v)
{
    return v == 0 ? 0 : 63 - std::countl_zero(v);
}

} // namespace

qint32 blockLengthFor(qint64 fileLength, qint32 forcedBlockSize)
{
    if (forcedBlockSize > 0)
        return forcedBlockSize;
    if (fileLength <= qint64(kDefaultBlockLength) * kDefaultBlockLength)
        return kDefaultBlockLength;
    const qint64 root = integerSqrt(fileLength) & ~qint64(7);
    return qint32(std::clamp<qint64>(root, kDefaultBlockLength, protocol::kMaxBlockLength));
}

qint32 strongSumLengthFor(qint64 fileLength, qint32 blockLength, int digestLength, bool redoPhase)
{
    const int maxLength = std::min(int(protocol::kMaxSumLength), digestLength);
    if (redoPhase)
        return maxLength;
    // BLOCKSUM_BIAS 10 plus two bits per bit of length, minus one per bit of
    // block length, never below zero (the loop in sum_sizes_sqroot stops at 0).
    int b = 10 + 2 * floorLog2(quint64(std::max<qint64>(fileLength, 0)));
    b = std::max(0, b - floorLog2(quint64(std::max(blockLength, 0))));
    int s2 = (b + 1 - 32 + 7) / 8; // C++ division truncates like C's
    s2 = std::max(s2, int(kShortSumLength));
    return std::min(s2, maxLength);
}

protocol::SumHead sumHeadFor(qint64 fileLength, qint32 blockLength, qint32 s2Length)
{
    if (fileLength <= 0 || blockLength <= 0)
        return {};
    const qint32 remainder = qint32(fileLength % blockLength);
    const qint64 count = fileLength / blockLength + (remainder != 0 ? 1 : 0);
    if (count > std::numeric_limits<qint32>::max())
        return {};
    return {qint32(count), blockLength, s2Length, remainder};
}

} // namespace qrsync::delta
