#pragma once

// rsync's weak rolling checksum (delta.md §3; rsync checksum.c get_checksum1
// and the rolling update in match.c hash_search). Bytes count as SIGNED
// (-128..127, CHAR_OFFSET 0). For a window x[0..n):
//     s1 = sum x[i]               s2 = sum (n - i) * x[i]      (mod 2^32)
//     sum1 = (s1 & 0xffff) | (s2 << 16)
// The rolling methods are inline: they are the matcher's per-byte loop.

#include <QByteArrayView>
#include <QList>
#include <QtGlobal>

namespace qrsync::checksum {

// The weak sum of one block, as the generator sends it. Vectorised (SSE2,
// or AVX2 where the CPU has it); bit-identical to the serial definition.
quint32 weakChecksum(QByteArrayView block);

// The implementations weakChecksum() chooses between, for tests that hold
// each of them to the definition.
enum class WeakSumKernel
{
    Best,
    Serial,
    Sse2,
    Avx2
};
quint32 weakChecksumWith(WeakSumKernel kernel, QByteArrayView block);
QList<WeakSumKernel> availableWeakSumKernels();

class RollingChecksum
{
public:
    // Starts over on `window` (any length, 0 included).
    void init(QByteArrayView window);

    // Slides the window one byte: `out` (its first byte) leaves, `in` (the
    // byte just past it) enters. The length stays the same.
    void roll(char out, char in)
    {
        const quint32 a = quint32(qint32(static_cast<signed char>(out)));
        const quint32 b = quint32(qint32(static_cast<signed char>(in)));
        m_s1 += b - a;
        m_s2 += m_s1 - m_length * a;
    }

    // Drops the first byte `out` without adding one: the window shrinks at
    // the end of the file. Requires length() > 0.
    void shrink(char out)
    {
        const quint32 a = quint32(qint32(static_cast<signed char>(out)));
        m_s1 -= a;
        m_s2 -= m_length * a;
        --m_length;
    }

    quint32 value() const { return (m_s1 & 0xffff) | (m_s2 << 16); }
    qint32 length() const { return qint32(m_length); }

private:
    quint32 m_s1 = 0;
    quint32 m_s2 = 0;
    quint32 m_length = 0;
};

} // namespace qrsync::checksum
