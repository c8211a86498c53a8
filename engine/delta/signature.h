#pragma once

// A basis file's signature: the sum head and, per block, the weak sum and
// the first s2Length bytes of the strong sum (delta.md §2-§3; rsync
// generator.c generate_and_send_sums, sender.c receive_sums).
//
// Invariant: weak.size() == head.count and strong.size() ==
// head.count * head.s2Length.

#include "checksum/checksumtype.h"
#include "protocol/decode.h"
#include "protocol/sumhead.h"

#include <QByteArray>
#include <QByteArrayView>

#include <vector>

namespace qrsync::delta {

struct Signature
{
    protocol::SumHead head;
    std::vector<quint32> weak;
    QByteArray strong; // count * s2Length bytes, block after block

    QByteArrayView strongOf(qint32 index) const
    {
        return QByteArrayView(strong).sliced(qsizetype(index) * head.s2Length, head.s2Length);
    }
    // Offset of block `index` in the basis file.
    qint64 offsetOf(qint32 index) const { return qint64(index) * head.blockLength; }
};

// Sums every block of `basis` as `head` cuts it. `basis` must be exactly the
// file the head was made for (sumHeadFor(basis.size(), ...)); an all-zero
// head gives an empty signature.
Signature buildSignature(QByteArrayView basis, const protocol::SumHead& head,
                         checksum::ChecksumType type, qint32 seed, bool seedFix);

// Appends the block sums as the generator sends them: per block an int32
// sum1 (LE) and s2Length bytes of sum2. The head is encoded separately
// (protocol::encodeSumHead).
void encodeSignatureBlocks(QByteArray& out, const Signature& signature);

// Decodes the count * (4 + s2Length) bytes that follow a head that
// protocol::decodeSumHead already accepted. Returns NeedMore until all of
// them are present, so the allocation is bounded by bytes actually received;
// the caller must bound its input buffer (a hostile head may announce up to
// 2^31-1 blocks of 20 bytes).
protocol::Decode<Signature> decodeSignatureBlocks(QByteArrayView in, const protocol::SumHead& head);

} // namespace qrsync::delta
