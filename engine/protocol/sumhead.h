#pragma once

// The sum head that precedes a file's block checksums (delta.md §2, rsync
// io.c read_sum_head/write_sum_head): count, block length, strong-sum length
// and remainder, four int32s. An all-zero head means "no basis: send only
// literals".

#include "protocol/decode.h"

#include <QByteArray>
#include <QByteArrayView>

namespace qrsync::protocol {

struct SumHead
{
    qint32 count = 0;       // number of blocks
    qint32 blockLength = 0; // every block but the last
    qint32 s2Length = 0;    // bytes of strong sum sent per block
    qint32 remainder = 0;   // length of the short last block (0: all blocks full)

    bool isEmpty() const
    {
        return count == 0 && blockLength == 0 && s2Length == 0 && remainder == 0;
    }
    qint32 lengthOfBlock(qint32 index) const
    {
        return (index == count - 1 && remainder != 0) ? remainder : blockLength;
    }
    friend bool operator==(const SumHead&, const SumHead&) = default;
};

// Stock's largest block (MAX_BLOCK_SIZE) and strong sum (MAX_DIGEST_LEN).
inline constexpr qint32 kMaxBlockLength = 131072;
inline constexpr qint32 kMaxSumLength = 16;

void encodeSumHead(QByteArray& out, const SumHead& head);

// Applies stock 3.5.0's checks: count >= 0, 0 <= blockLength <= 131072,
// 0 <= remainder <= blockLength, count > 0 needs blockLength > 0, and
// 0 <= s2Length <= maxDigestLength (the negotiated digest's length, at most 16).
Decode<SumHead> decodeSumHead(QByteArrayView in, int maxDigestLength);

} // namespace qrsync::protocol
