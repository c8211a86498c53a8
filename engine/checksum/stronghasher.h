#pragma once

// Strong checksums (delta.md §3; rsync checksum.c sum_init/sum_update/
// sum_end for whole-file sums, get_checksum2 for block sums).
//
// Backends, chosen by measurement (tests/data/checksum/README.md):
// md5 and sha1 through OpenSSL EVP with a pre-fetched EVP_MD, falling back
// to QCryptographicHash if the provider refuses (FIPS); md4 through
// QCryptographicHash, since OpenSSL 3 only has it in the legacy provider;
// xxh64/xxh3/xxh128 through libxxhash. Digests of the xxh family are written
// little-endian, xxh128 low half first, exactly as rsync's SIVAL64 does.

#include "checksum/checksumtype.h"

#include <QByteArray>
#include <QByteArrayView>

#include <memory>

namespace qrsync::checksum {

// An incremental digest without seed: the whole-file sum sent after the
// tokens and the --checksum file-list sum. All state is allocated once, at
// construction; update() and finish() never allocate (finish() returning a
// QByteArray does, finishInto() doesn't). Movable; a moved-from hasher may
// only be destroyed or assigned to.
class StrongHasher
{
public:
    explicit StrongHasher(ChecksumType type);
    StrongHasher(StrongHasher&& other) noexcept;
    StrongHasher& operator=(StrongHasher&& other) noexcept;
    ~StrongHasher();

    ChecksumType type() const { return m_type; }
    int digestLength() const { return checksum::digestLength(m_type); }

    // Forgets everything fed so far.
    void reset();
    void update(QByteArrayView data);
    // Writes digestLength() bytes to `out` and resets the hasher.
    void finishInto(char* out);
    QByteArray finish();

private:
    struct State;
    ChecksumType m_type;
    std::unique_ptr<State> d;
};

// Computes block sums (the generator's sum2, the sender's comparison) with
// rsync's seed placement, get_checksum2:
//   md5, seedFix (CF_CHKSUM_SEED_FIX): MD5(seedLE || block)
//   md5 without seedFix:               MD5(block || seedLE)
//   md4:                               MD4(block || seedLE) (rsync's builtin
//                                      MD4; stock uses it when OpenSSL has no
//                                      md4, as on Debian 12)
//   sha1:                              SHA1(seedLE || block)
//   xxh64/xxh3/xxh128:                 the seed sign-extended to 64 bits
// seedLE is left out when the seed is 0. Reuse one BlockSummer per file:
// sumInto() does not allocate.
class BlockSummer
{
public:
    BlockSummer(ChecksumType type, qint32 seed, bool seedFix);

    ChecksumType type() const { return m_hasher.type(); }
    int digestLength() const { return m_hasher.digestLength(); }
    // Writes the full digest, digestLength() bytes, to `out`; a block sum
    // on the wire is its first s2Length bytes.
    void sumInto(QByteArrayView block, char* out);

private:
    StrongHasher m_hasher;
    qint32 m_seed;
    bool m_seedFirst;
};

// One block sum (full digest length); convenient, allocating.
QByteArray blockSum(ChecksumType type, QByteArrayView block, qint32 seed, bool seedFix);

} // namespace qrsync::checksum
