#include "checksum/rollingchecksum.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace qrsync::checksum {

namespace {

struct Sums
{
    quint32 s1;
    quint32 s2;
};

// Continues (s1, s2) over `n` more bytes, one at a time: s2 is the running
// total of s1 after each byte. Used for short blocks and for the bytes the
// vector loops leave over.
Sums addSerial(Sums s, const signed char* p, qsizetype n)
{
    for (qsizetype i = 0; i < n; ++i) {
        s.s1 += quint32(qint32(p[i]));
        s.s2 += s.s1;
    }
    return s;
}

#if defined(__x86_64__)
// The vector forms split the block into chunks of B bytes. For K chunks
// with sums X_k and weighted sums W_k = sum (B - i) x_k[i]:
//     s1 += sum X_k
//     s2 += K*B*s1 + B * sum_k (X_0 + ... + X_{k-1}) + sum W_k
// Lanes accumulate X, the running prefix of X, and W; all arithmetic wraps
// mod 2^32 like the serial loop, so the result is bit-identical. rsync
// vectorises get_checksum1 for the same reason: the generator checksums
// every block of every basis file.

quint32 horizontalSum(__m128i v)
{
    v = _mm_add_epi32(v, _mm_shuffle_epi32(v, _MM_SHUFFLE(1, 0, 3, 2)));
    v = _mm_add_epi32(v, _mm_shuffle_epi32(v, _MM_SHUFFLE(2, 3, 0, 1)));
    return quint32(_mm_cvtsi128_si32(v));
}

Sums finishChunks(Sums s, qsizetype chunks, qsizetype chunkSize, quint32 x, quint32 prefix,
                  quint32 w)
{
    s.s2 += quint32(chunks * chunkSize) * s.s1 + quint32(chunkSize) * prefix + w;
    s.s1 += x;
    return s;
}

// SSE2, part of every x86-64 CPU: 16 bytes per step, widened to 16 bits.
Sums addSse2(Sums s, const signed char* p, qsizetype n)
{
    const qsizetype chunks = n / 16;
    const __m128i ones = _mm_set1_epi16(1);
    const __m128i weightsLo = _mm_setr_epi16(16, 15, 14, 13, 12, 11, 10, 9);
    const __m128i weightsHi = _mm_setr_epi16(8, 7, 6, 5, 4, 3, 2, 1);
    __m128i vx = _mm_setzero_si128();
    __m128i vprefix = _mm_setzero_si128();
    __m128i vw = _mm_setzero_si128();
    for (qsizetype k = 0; k < chunks; ++k) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
        // Sign-extend: each byte lands in the high half, then shifts down.
        const __m128i lo = _mm_srai_epi16(_mm_unpacklo_epi8(bytes, bytes), 8);
        const __m128i hi = _mm_srai_epi16(_mm_unpackhi_epi8(bytes, bytes), 8);
        vprefix = _mm_add_epi32(vprefix, vx);
        vx = _mm_add_epi32(vx, _mm_add_epi32(_mm_madd_epi16(lo, ones), _mm_madd_epi16(hi, ones)));
        vw = _mm_add_epi32(
            vw, _mm_add_epi32(_mm_madd_epi16(lo, weightsLo), _mm_madd_epi16(hi, weightsHi)));
    }
    s = finishChunks(s, chunks, 16, horizontalSum(vx), horizontalSum(vprefix), horizontalSum(vw));
    return addSerial(s, p + 16 * chunks, n - 16 * chunks);
}

__attribute__((target("avx2"))) quint32 horizontalSum256(__m256i v)
{
    return horizontalSum(_mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1)));
}

// AVX2: 32 bytes per step; maddubs multiplies unsigned weights by signed
// bytes, which is exactly rsync's signed-char sum.
__attribute__((target("avx2"))) Sums addAvx2(Sums s, const signed char* p, qsizetype n)
{
    const qsizetype chunks = n / 32;
    const __m256i ones8 = _mm256_set1_epi8(1);
    const __m256i ones16 = _mm256_set1_epi16(1);
    const __m256i weights =
        _mm256_setr_epi8(32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14,
                         13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
    __m256i vx = _mm256_setzero_si256();
    __m256i vprefix = _mm256_setzero_si256();
    __m256i vw = _mm256_setzero_si256();
    for (qsizetype k = 0; k < chunks; ++k) {
        const __m256i bytes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * k));
        vprefix = _mm256_add_epi32(vprefix, vx);
        vx = _mm256_add_epi32(vx, _mm256_madd_epi16(_mm256_maddubs_epi16(ones8, bytes), ones16));
        vw = _mm256_add_epi32(vw, _mm256_madd_epi16(_mm256_maddubs_epi16(weights, bytes), ones16));
    }
    s = finishChunks(s, chunks, 32, horizontalSum256(vx), horizontalSum256(vprefix),
                     horizontalSum256(vw));
    return addSerial(s, p + 32 * chunks, n - 32 * chunks);
}

using AddFunction = Sums (*)(Sums, const signed char*, qsizetype);

AddFunction pickAdd()
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") ? addAvx2 : addSse2;
}

const AddFunction addVectorised = pickAdd();
#endif

Sums computeSums(QByteArrayView block, WeakSumKernel kernel = WeakSumKernel::Best)
{
    const auto* p = reinterpret_cast<const signed char*>(block.data());
    switch (kernel) {
    case WeakSumKernel::Serial:
        break;
#if defined(__x86_64__)
    case WeakSumKernel::Best:
        if (block.size() >= 32)
            return addVectorised(Sums{0, 0}, p, block.size());
        break;
    case WeakSumKernel::Sse2:
        return addSse2(Sums{0, 0}, p, block.size());
    case WeakSumKernel::Avx2:
        return addAvx2(Sums{0, 0}, p, block.size());
#else
    default:
        break;
#endif
    }
    return addSerial(Sums{0, 0}, p, block.size());
}

} // namespace

quint32 weakChecksum(QByteArrayView block)
{
    const Sums s = computeSums(block);
    return (s.s1 & 0xffff) | (s.s2 << 16);
}

quint32 weakChecksumWith(WeakSumKernel kernel, QByteArrayView block)
{
    const Sums s = computeSums(block, kernel);
    return (s.s1 & 0xffff) | (s.s2 << 16);
}

QList<WeakSumKernel> availableWeakSumKernels()
{
    QList<WeakSumKernel> kernels{WeakSumKernel::Serial, WeakSumKernel::Best};
#if defined(__x86_64__)
    kernels.append(WeakSumKernel::Sse2);
    if (__builtin_cpu_supports("avx2"))
        kernels.append(WeakSumKernel::Avx2);
#endif
    return kernels;
}

void RollingChecksum::init(QByteArrayView window)
{
    const Sums s = computeSums(window);
    m_s1 = s.s1;
    m_s2 = s.s2;
    m_length = quint32(window.size());
}

} // namespace qrsync::checksum
