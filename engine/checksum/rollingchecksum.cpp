#include "checksum/rollingchecksum.h"

namespace qrsync::checksum {

namespace {

struct Sums
{
    quint32 s1;
    quint32 s2;
};

// s2 = sum (n - i) x[i] = n * s1 - sum i * x[i]. Four independent lanes keep
// the dependency chains short; everything wraps mod 2^32 like rsync's uint32.
Sums computeSums(QByteArrayView block)
{
    const auto* p = reinterpret_cast<const signed char*>(block.data());
    const quint32 n = quint32(block.size());
    quint32 s1[4] = {0, 0, 0, 0};
    quint32 t[4] = {0, 0, 0, 0};
    quint32 i = 0;
    for (; i + 4 <= n; i += 4) {
        for (quint32 lane = 0; lane < 4; ++lane) {
            const quint32 x = quint32(qint32(p[i + lane]));
            s1[lane] += x;
            t[lane] += (i + lane) * x;
        }
    }
    quint32 sum1 = s1[0] + s1[1] + s1[2] + s1[3];
    quint32 weighted = t[0] + t[1] + t[2] + t[3];
    for (; i < n; ++i) {
        const quint32 x = quint32(qint32(p[i]));
        sum1 += x;
        weighted += i * x;
    }
    return {sum1, n * sum1 - weighted};
}

} // namespace

quint32 weakChecksum(QByteArrayView block)
{
    const Sums s = computeSums(block);
    return (s.s1 & 0xffff) | (s.s2 << 16);
}

void RollingChecksum::init(QByteArrayView window)
{
    const Sums s = computeSums(window);
    m_s1 = s.s1;
    m_s2 = s.s2;
    m_length = quint32(window.size());
}

} // namespace qrsync::checksum
