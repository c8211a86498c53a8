#pragma once

// How the generator sizes a basis file's signature (delta.md §2; rsync
// generator.c sum_sizes_sqroot). Protocols 30-32 only: below 30 the block
// length is capped at 8192 and s2length is a fixed csum_length.

#include "protocol/sumhead.h"

#include <QtGlobal>

namespace qrsync::delta {

// BLOCK_SIZE: the block length of every file up to 700*700 bytes.
inline constexpr qint32 kDefaultBlockLength = 700;
// SHORT_SUM_LENGTH: the smallest phase-0 strong sum.
inline constexpr qint32 kShortSumLength = 2;

// `forcedBlockSize` (-B) wins when > 0. Otherwise 700 up to 490000 bytes,
// else floor(sqrt(len)) rounded down to a multiple of 8 and clamped to
// [700, 131072]. 10,000,000 -> 3160; 2^30 -> 32768.
qint32 blockLengthFor(qint64 fileLength, qint32 forcedBlockSize = 0);

// Phase 0: b = 10 + 2*floor(log2 len) - floor(log2 blength) (not below 0),
// s2 = (b + 1 - 32 + 7) / 8 truncated, clamped to [2, min(16, digest)].
// Redo phase (phase 1): min(16, digestLength). stock <= 3.5.0 sends 16 even
// for 8-byte digests (delta.md §2 pitfall); we never do.
qint32 strongSumLengthFor(qint64 fileLength, qint32 blockLength, int digestLength, bool redoPhase);

// count = ceil(len / blockLength), remainder = len % blockLength. An empty
// file gets the all-zero head ("no basis"), as generator.c sends for
// st_size <= 0; so does a file with more than 2^31-1 blocks (stock warns
// "file is too large for checksum sending" and sends the null head).
protocol::SumHead sumHeadFor(qint64 fileLength, qint32 blockLength, qint32 s2Length);

} // namespace qrsync::delta
