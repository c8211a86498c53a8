#include "delta/signature.h"

#include "checksum/rollingchecksum.h"
#include "checksum/stronghasher.h"
#include "protocol/reader.h"

#include <QtEndian>

#include <algorithm>

namespace qrsync::delta {

Signature buildSignature(QByteArrayView basis, const protocol::SumHead& head,
                         checksum::ChecksumType type, qint32 seed, bool seedFix)
{
    Q_ASSERT_X(head.count == 0 || (qint64(head.count - 1) * head.blockLength +
                                       head.lengthOfBlock(head.count - 1) ==
                                   basis.size()),
               "buildSignature", "the head does not describe this basis");
    Q_ASSERT_X(head.s2Length <= checksum::digestLength(type), "buildSignature",
               "s2Length longer than the digest");
    Signature sig;
    sig.head = head;
    if (head.count == 0)
        return sig;
    sig.weak.resize(size_t(head.count));
    sig.strong.resize(qsizetype(head.count) * head.s2Length);
    checksum::BlockSummer summer(type, seed, seedFix);
    char digest[checksum::kMaxDigestLength];
    char* strongOut = sig.strong.data();
    for (qint32 i = 0; i < head.count; ++i) {
        const QByteArrayView block = basis.sliced(sig.offsetOf(i), head.lengthOfBlock(i));
        sig.weak[size_t(i)] = checksum::weakChecksum(block);
        summer.sumInto(block, digest);
        std::copy_n(digest, head.s2Length, strongOut);
        strongOut += head.s2Length;
    }
    return sig;
}

void encodeSignatureBlocks(QByteArray& out, const Signature& signature)
{
    const protocol::SumHead& head = signature.head;
    out.reserve(out.size() + qsizetype(head.count) * (4 + head.s2Length));
    for (qint32 i = 0; i < head.count; ++i) {
        protocol::encodeI32(out, qint32(signature.weak[size_t(i)]));
        out.append(signature.strongOf(i));
    }
}

protocol::Decode<Signature> decodeSignatureBlocks(QByteArrayView in, const protocol::SumHead& head)
{
    using Result = protocol::Decode<Signature>;
    // decodeSumHead has checked these; a head from elsewhere must not make
    // us index out of bounds either.
    if (head.count < 0 || head.s2Length < 0 || head.s2Length > protocol::kMaxSumLength)
        return Result::error(QStringLiteral("Invalid sum head for block sums"));
    const qint64 perBlock = 4 + head.s2Length;
    const qint64 total = qint64(head.count) * perBlock;
    if (in.size() < total)
        return Result::needMore(qsizetype(total));
    // Every byte is here, so these allocations are bounded by the input.
    Signature sig;
    sig.head = head;
    sig.weak.resize(size_t(head.count));
    sig.strong.resize(qsizetype(head.count) * head.s2Length);
    const char* p = in.data();
    char* strongOut = sig.strong.data();
    for (qint32 i = 0; i < head.count; ++i) {
        sig.weak[size_t(i)] = qFromLittleEndian<quint32>(p);
        std::copy_n(p + 4, head.s2Length, strongOut);
        p += perBlock;
        strongOut += head.s2Length;
    }
    return Result::ok(std::move(sig), qsizetype(total));
}

} // namespace qrsync::delta
