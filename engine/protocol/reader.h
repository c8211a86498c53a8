#pragma once

// A cursor over a byte view for writing composite decoders in straight-line
// code. Every read either succeeds or marks the reader failed (short input or
// malformed input); after the first failure every later read fails too, so a
// decoder can read all its fields and check once at the end:
//
//     Reader r(bytes);
//     qint32 a; qint64 b;
//     r.varint(a); r.varlong(b, 3);
//     return r.finish(Item{a, b});   // ok / needMore / error, consuming nothing on failure
//
// Scalars follow framing.md §1 (rsync io.c): little-endian, varint/varlong
// prefix codes, longint, vstring.

#include "decode.h"

#include <QByteArray>
#include <QByteArrayView>

#include <cstdint>

namespace qrsync::protocol {

class Reader
{
public:
    explicit Reader(QByteArrayView data)
        : m_data(data)
    {}

    bool u8(quint8& out);
    bool u16(quint16& out);
    bool i32(qint32& out);
    bool i64(qint64& out);
    bool varint(qint32& out);
    bool varlong(qint64& out, int minBytes);
    bool longint(qint64& out);
    // protocol >= 30: varint / varlong; below: int32 / longint.
    bool varint30(qint32& out, int protocol);
    bool varlong30(qint64& out, int minBytes, int protocol);
    // A view of the next n bytes (no copy). n must already be bounds-checked
    // against a protocol limit by the caller.
    bool bytes(qsizetype n, QByteArrayView& out);
    bool vstring(QByteArray& out);

    // Marks the input malformed; later reads fail.
    void fail(QString message);

    qsizetype position() const { return m_pos; }
    qsizetype remaining() const { return m_data.size() - m_pos; }
    bool ok() const { return m_state == State::Ok; }
    bool isShort() const { return m_state == State::Short; }
    bool isMalformed() const { return m_state == State::Malformed; }
    qsizetype atLeast() const { return m_atLeast; }
    const QString& errorMessage() const { return m_error; }

    template<typename T> Decode<T> finish(T value) const
    {
        switch (m_state) {
        case State::Ok:
            return Decode<T>::ok(std::move(value), m_pos);
        case State::Short:
            return Decode<T>::needMore(m_atLeast);
        case State::Malformed:
            return Decode<T>::error(m_error);
        }
        return Decode<T>::error(m_error);
    }

    // Forwards this reader's failure as a Decode of any type.
    template<typename T> Decode<T> failure() const
    {
        if (m_state == State::Short)
            return Decode<T>::needMore(m_atLeast);
        return Decode<T>::error(m_error);
    }

private:
    enum class State
    {
        Ok,
        Short,
        Malformed
    };

    bool need(qsizetype n);
    quint8 at(qsizetype i) const { return static_cast<quint8>(m_data[m_pos + i]); }

    QByteArrayView m_data;
    qsizetype m_pos = 0;
    State m_state = State::Ok;
    qsizetype m_atLeast = 0;
    QString m_error;
};

// Encoders append to `out`. They mirror the Reader methods one for one.
void encodeU8(QByteArray& out, quint8 v);
void encodeU16(QByteArray& out, quint16 v);
void encodeI32(QByteArray& out, qint32 v);
void encodeI64(QByteArray& out, qint64 v);
void encodeVarint(QByteArray& out, qint32 v);
void encodeVarlong(QByteArray& out, qint64 v, int minBytes);
void encodeLongint(QByteArray& out, qint64 v);
void encodeVarint30(QByteArray& out, qint32 v, int protocol);
void encodeVarlong30(QByteArray& out, qint64 v, int minBytes, int protocol);
// Fails (returns false, appends nothing) for strings longer than 0x7FFF.
bool encodeVstring(QByteArray& out, QByteArrayView s);

// Single-item decoders for callers that want one scalar.
Decode<qint32> decodeVarint(QByteArrayView in);
Decode<qint64> decodeVarlong(QByteArrayView in, int minBytes);
Decode<qint32> decodeI32(QByteArrayView in);
Decode<qint64> decodeLongint(QByteArrayView in);
Decode<QByteArray> decodeVstring(QByteArrayView in);

inline constexpr int kMaxVstringLength = 0x7FFF;

} // namespace qrsync::protocol
