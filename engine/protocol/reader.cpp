#include "reader.h"

namespace qrsync::protocol {

namespace {

// Number of bytes that follow a varint/varlong first byte, indexed by the
// first byte / 4: the count of its leading one bits (rsync io.c int_byte_extra).
int extraBytes(quint8 first)
{
    if (first < 0x80)
        return 0;
    if (first < 0xC0)
        return 1;
    if (first < 0xE0)
        return 2;
    if (first < 0xF0)
        return 3;
    if (first < 0xF8)
        return 4;
    if (first < 0xFC)
        return 5;
    return 6;
}

} // namespace

bool Reader::need(qsizetype n)
{
    if (m_state != State::Ok)
        return false;
    if (remaining() >= n)
        return true;
    m_state = State::Short;
    m_atLeast = m_pos + n;
    return false;
}

void Reader::fail(QString message)
{
    if (m_state == State::Malformed)
        return;
    m_state = State::Malformed;
    m_error = std::move(message);
}

bool Reader::u8(quint8& out)
{
    if (!need(1))
        return false;
    out = at(0);
    m_pos += 1;
    return true;
}

bool Reader::u16(quint16& out)
{
    if (!need(2))
        return false;
    out = quint16(at(0) | (at(1) << 8));
    m_pos += 2;
    return true;
}

bool Reader::i32(qint32& out)
{
    if (!need(4))
        return false;
    quint32 v = 0;
    for (int i = 3; i >= 0; --i)
        v = (v << 8) | at(i);
    out = static_cast<qint32>(v);
    m_pos += 4;
    return true;
}

bool Reader::i64(qint64& out)
{
    if (!need(8))
        return false;
    quint64 v = 0;
    for (int i = 7; i >= 0; --i)
        v = (v << 8) | at(i);
    out = static_cast<qint64>(v);
    m_pos += 8;
    return true;
}

bool Reader::varint(qint32& out)
{
    if (!need(1))
        return false;
    const quint8 first = at(0);
    const int extra = extraBytes(first);
    if (extra > 4) {
        fail(QStringLiteral("Overflow in read_varint()"));
        return false;
    }
    if (!need(1 + extra))
        return false;
    quint64 v = 0;
    for (int i = extra; i >= 1; --i)
        v = (v << 8) | at(i);
    if (extra > 0)
        v |= quint64(first & ((1u << (8 - extra)) - 1)) << (8 * extra);
    else
        v = first;
    out = static_cast<qint32>(static_cast<quint32>(v));
    m_pos += 1 + extra;
    return true;
}

bool Reader::varlong(qint64& out, int minBytes)
{
    Q_ASSERT_X(minBytes >= 1 && minBytes <= 8, "Reader::varlong", "minBytes out of range");
    if (!need(minBytes))
        return false;
    const quint8 first = at(0);
    const int extra = extraBytes(first);
    const int total = minBytes + extra; // bytes on the wire
    if (total > 9) {
        fail(QStringLiteral("Overflow in read_varlong()"));
        return false;
    }
    if (!need(total))
        return false;
    // Low-order bytes follow the first byte; the first byte's free bits are
    // the top byte.
    quint8 buf[9] = {};
    for (int i = 1; i < total; ++i)
        buf[i - 1] = at(i);
    if (extra > 0)
        buf[total - 1] = quint8(first & ((1u << (8 - extra)) - 1));
    else
        buf[total - 1] = first;
    quint64 v = 0;
    for (int i = 7; i >= 0; --i)
        v = (v << 8) | buf[i];
    out = static_cast<qint64>(v);
    m_pos += total;
    return true;
}

bool Reader::longint(qint64& out)
{
    qint32 low = 0;
    const qsizetype start = m_pos;
    if (!i32(low))
        return false;
    if (low != -1) {
        out = low;
        return true;
    }
    if (!i64(out)) {
        if (isShort())
            m_atLeast = start + 12;
        return false;
    }
    return true;
}

bool Reader::varint30(qint32& out, int protocol)
{
    return protocol >= 30 ? varint(out) : i32(out);
}

bool Reader::varlong30(qint64& out, int minBytes, int protocol)
{
    return protocol >= 30 ? varlong(out, minBytes) : longint(out);
}

bool Reader::bytes(qsizetype n, QByteArrayView& out)
{
    if (n < 0) {
        fail(QStringLiteral("negative length"));
        return false;
    }
    if (!need(n))
        return false;
    out = m_data.sliced(m_pos, n);
    m_pos += n;
    return true;
}

bool Reader::vstring(QByteArray& out)
{
    quint8 first = 0;
    if (!u8(first))
        return false;
    qsizetype len = first;
    if (first & 0x80) {
        quint8 second = 0;
        if (!u8(second))
            return false;
        len = (qsizetype(first & 0x7F) << 8) | second;
    }
    QByteArrayView v;
    if (!bytes(len, v))
        return false;
    out = v.toByteArray();
    return true;
}

void encodeU8(QByteArray& out, quint8 v)
{
    out.append(char(v));
}

void encodeU16(QByteArray& out, quint16 v)
{
    out.append(char(v & 0xFF));
    out.append(char(v >> 8));
}

void encodeI32(QByteArray& out, qint32 v)
{
    const quint32 u = static_cast<quint32>(v);
    for (int i = 0; i < 4; ++i)
        out.append(char((u >> (8 * i)) & 0xFF));
}

void encodeI64(QByteArray& out, qint64 v)
{
    const quint64 u = static_cast<quint64>(v);
    for (int i = 0; i < 8; ++i)
        out.append(char((u >> (8 * i)) & 0xFF));
}

namespace {

// rsync io.c write_varlong(): b[1..8] hold the value little-endian, the
// highest significant byte either fits into the prefix byte b[0] or gets a
// prefix of its own.
void encodePrefixed(QByteArray& out, quint64 value, int minBytes, int maxBytes)
{
    quint8 b[10] = {};
    for (int i = 0; i < 8; ++i)
        b[i + 1] = quint8((value >> (8 * i)) & 0xFF);
    int cnt = maxBytes;
    while (cnt > minBytes && b[cnt] == 0)
        --cnt;
    const unsigned bit = 1u << (7 - cnt + minBytes);
    if (b[cnt] >= bit) {
        ++cnt;
        b[0] = quint8(~(bit - 1));
    } else if (cnt > minBytes) {
        b[0] = quint8(b[cnt] | ~(bit * 2 - 1));
    } else {
        b[0] = b[cnt];
    }
    out.append(reinterpret_cast<const char*>(b), cnt);
}

} // namespace

void encodeVarint(QByteArray& out, qint32 v)
{
    encodePrefixed(out, static_cast<quint32>(v), 1, 4);
}

void encodeVarlong(QByteArray& out, qint64 v, int minBytes)
{
    // rsync uses widths 3 (sizes) and 4 (times); below 3 a full 64-bit value
    // would need more prefix bits than one byte has.
    Q_ASSERT_X(minBytes >= 3 && minBytes <= 8, "encodeVarlong", "minBytes out of range");
    encodePrefixed(out, static_cast<quint64>(v), minBytes, 8);
}

void encodeLongint(QByteArray& out, qint64 v)
{
    if (v >= 0 && v <= 0x7FFFFFFF) {
        encodeI32(out, qint32(v));
        return;
    }
    encodeI32(out, -1);
    encodeI64(out, v);
}

void encodeVarint30(QByteArray& out, qint32 v, int protocol)
{
    if (protocol >= 30)
        encodeVarint(out, v);
    else
        encodeI32(out, v);
}

void encodeVarlong30(QByteArray& out, qint64 v, int minBytes, int protocol)
{
    if (protocol >= 30)
        encodeVarlong(out, v, minBytes);
    else
        encodeLongint(out, v);
}

bool encodeVstring(QByteArray& out, QByteArrayView s)
{
    const qsizetype len = s.size();
    if (len > kMaxVstringLength)
        return false;
    if (len > 0x7F)
        out.append(char(0x80 | (len >> 8)));
    out.append(char(len & 0xFF));
    out.append(s.data(), len);
    return true;
}

Decode<qint32> decodeVarint(QByteArrayView in)
{
    Reader r(in);
    qint32 v = 0;
    r.varint(v);
    return r.finish(v);
}

Decode<qint64> decodeVarlong(QByteArrayView in, int minBytes)
{
    Reader r(in);
    qint64 v = 0;
    r.varlong(v, minBytes);
    return r.finish(v);
}

Decode<qint32> decodeI32(QByteArrayView in)
{
    Reader r(in);
    qint32 v = 0;
    r.i32(v);
    return r.finish(v);
}

Decode<qint64> decodeLongint(QByteArrayView in)
{
    Reader r(in);
    qint64 v = 0;
    r.longint(v);
    return r.finish(v);
}

Decode<QByteArray> decodeVstring(QByteArrayView in)
{
    Reader r(in);
    QByteArray v;
    r.vstring(v);
    return r.finish(std::move(v));
}

} // namespace qrsync::protocol
