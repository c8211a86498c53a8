#pragma once

// The sender's block matcher (delta.md §4; rsync match.c hash_search):
// slides the weak rolling sum over the new file, looks it up in a table of
// the basis blocks' weak sums, confirms hits with the strong sum, and reports
// the file as a sequence of literal runs and matched basis blocks.
//
// The events, concatenated, are exactly the new file: literal data in order,
// and each matched block contributes its bytes (equal, by checksum, to the
// basis block it names).

#include "checksum/checksumtype.h"
#include "delta/signature.h"

#include <QByteArrayView>

namespace qrsync::checksum {
class StrongHasher;
}

namespace qrsync::delta {

// rsync's CHUNK_SIZE: the longest literal run delivered in one call.
inline constexpr qint32 kLiteralChunkSize = 32 * 1024;

// The most same-weak-sum candidates compared at one offset (match.c
// MAX_CHAIN_LEN, rsync issue #217): bounds the work on pathological bases
// such as disk images with many identical blocks.
inline constexpr int kMaxChainLength = 1024;

class DeltaSink
{
public:
    virtual ~DeltaSink();
    // 1..kLiteralChunkSize bytes of new data.
    virtual void literal(QByteArrayView data) = 0;
    // Basis block `blockIndex` matches; `blockData` is the new file's copy.
    virtual void matchedBlock(qint32 blockIndex, QByteArrayView blockData) = 0;
};

struct MatchOptions
{
    // --inplace (or an in-place partial): the receiver overwrites its basis
    // as it goes, so never name a block that starts before the current write
    // offset unless it was matched at its own offset (and so left intact).
    bool inplace = false;
};

// Computes the delta of `newFile` against `signature` (sums made with
// `type`, `seed`, `seedFix`) and reports it to `sink`. An empty signature
// gives literals only. If `fileSum` is given, the bytes of newFile are fed
// to it in order (the caller finishes it: the whole-file digest sent after
// the tokens).
void computeDelta(QByteArrayView newFile, const Signature& signature, checksum::ChecksumType type,
                  qint32 seed, bool seedFix, DeltaSink& sink, const MatchOptions& options = {},
                  checksum::StrongHasher* fileSum = nullptr);

} // namespace qrsync::delta
