#include "protocol/ndx.h"

#include "protocol/reader.h"

#include <limits>

namespace qrsync::protocol {

void NdxEncoder::encode(QByteArray& out, qint32 ndx)
{
    if (m_protocol < 30) {
        encodeI32(out, ndx);
        return;
    }
    if (ndx == kNdxDone) {
        out.append('\0');
        return;
    }
    Q_ASSERT_X(ndx != std::numeric_limits<qint32>::min(), "NdxEncoder::encode",
               "INT32_MIN has no wire form");
    qint32 diff;
    if (ndx >= 0) {
        diff = qint32(quint32(ndx) - quint32(m_prevPositive));
        m_prevPositive = ndx;
    } else {
        out.append(char(0xFF));
        ndx = -ndx;
        diff = qint32(quint32(ndx) - quint32(m_prevNegative));
        m_prevNegative = ndx;
    }
    // Same thresholds as io.c write_ndx: 1..253 in one byte, 0 or 254..32767
    // as FE + 2 bytes big-endian, anything else as FE + 4 bytes with the
    // high bit of the first one set.
    if (diff > 0 && diff < 0xFE) {
        out.append(char(diff));
    } else if (diff < 0 || diff > 0x7FFF) {
        out.append(char(0xFE));
        out.append(char((ndx >> 24) | 0x80));
        out.append(char(ndx));
        out.append(char(ndx >> 8));
        out.append(char(ndx >> 16));
    } else {
        out.append(char(0xFE));
        out.append(char(diff >> 8));
        out.append(char(diff));
    }
}

Decode<NdxDecoder::Step> NdxDecoder::decodeStep(QByteArrayView in) const
{
    using D = Decode<Step>;
    if (m_protocol < 30) {
        auto v = decodeI32(in);
        if (!v.isOk())
            return D::from(v);
        return D::ok(Step{v.value(), false, m_prevPositive}, v.consumed());
    }
    auto at = [&](qsizetype i) { return quint8(in[i]); };
    if (in.isEmpty())
        return D::needMore(1);
    qsizetype pos = 0;
    bool negative = false;
    if (at(0) == 0)
        return D::ok(Step{kNdxDone, false, m_prevPositive}, 1);
    if (at(0) == 0xFF) {
        negative = true;
        pos = 1;
        if (in.size() < 2)
            return D::needMore(2);
    }
    const quint32 prev = quint32(negative ? m_prevNegative : m_prevPositive);
    quint32 unum;
    if (at(pos) == 0xFE) {
        if (in.size() < pos + 3)
            return D::needMore(pos + 3);
        if (at(pos + 1) & 0x80) {
            if (in.size() < pos + 5)
                return D::needMore(pos + 5);
            unum = quint32(at(pos + 1) & 0x7F) << 24 | quint32(at(pos + 2)) |
                   quint32(at(pos + 3)) << 8 | quint32(at(pos + 4)) << 16;
            pos += 5;
        } else {
            unum = (quint32(at(pos + 1)) << 8) + at(pos + 2) + prev;
            pos += 3;
        }
    } else {
        unum = at(pos) + prev;
        pos += 1;
    }
    // 3.5.0 read_ndx: an index that does not fit a signed int32 is refused.
    if (unum > quint32(std::numeric_limits<qint32>::max()))
        return D::error(QStringLiteral("Invalid file index: %1").arg(unum));
    const qint32 num = qint32(unum);
    return D::ok(Step{negative ? -num : num, negative, num}, pos);
}

Decode<qint32> NdxDecoder::peek(QByteArrayView in) const
{
    auto step = decodeStep(in);
    if (!step.isOk())
        return Decode<qint32>::from(step);
    return Decode<qint32>::ok(step.value().value, step.consumed());
}

Decode<qint32> NdxDecoder::decode(QByteArrayView in)
{
    auto step = decodeStep(in);
    if (!step.isOk())
        return Decode<qint32>::from(step);
    const Step& s = step.value();
    if (m_protocol >= 30 && s.value != kNdxDone) {
        if (s.negative)
            m_prevNegative = s.stored;
        else
            m_prevPositive = s.stored;
    }
    return Decode<qint32>::ok(s.value, step.consumed());
}

} // namespace qrsync::protocol
