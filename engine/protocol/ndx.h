#pragma once

// File-list indices on the wire (framing.md §2, rsync io.c write_ndx /
// read_ndx). From protocol 30 each direction codes an index against the last
// one sent of the same sign: prev_pos starts at -1, prev_neg at 1. NDX_DONE is
// the single byte 00 and leaves both untouched; other negative values are FF
// followed by their absolute value coded against prev_neg. Below protocol 30
// an index is a plain int32.
//
// One encoder per output stream and one decoder per input stream: the state
// must follow the byte stream exactly, so a decoder changes state only when it
// returns ok.

#include "protocol/decode.h"

#include <QByteArray>
#include <QByteArrayView>

namespace qrsync::protocol {

inline constexpr qint32 kNdxDone = -1;          // end of a phase / list work / goodbye
inline constexpr qint32 kNdxFlistEof = -2;      // no more incremental file lists
inline constexpr qint32 kNdxDelStats = -3;      // 5 varints of delete counts follow
inline constexpr qint32 kNdxFlistOffset = -101; // NDX_FLIST_OFFSET - dir_ndx: a sub-list follows

class NdxEncoder
{
public:
    explicit NdxEncoder(int protocol = 32)
        : m_protocol(protocol)
    {}

    // Appends ndx. Any qint32 but INT32_MIN (whose absolute value does not
    // exist) is valid; kNdxDone is the one-byte 00.
    void encode(QByteArray& out, qint32 ndx);

    qint32 previousPositive() const { return m_prevPositive; }
    qint32 previousNegative() const { return m_prevNegative; }

private:
    int m_protocol;
    qint32 m_prevPositive = -1;
    qint32 m_prevNegative = 1;
};

class NdxDecoder
{
public:
    explicit NdxDecoder(int protocol = 32)
        : m_protocol(protocol)
    {}

    // One index. On ok the predecessor state advances; on NeedMore or Error
    // the decoder is unchanged, so the caller may retry with more bytes.
    // Errors: an absolute value above INT32_MAX (stock 3.5.0 "Invalid file
    // index", exit 2).
    Decode<qint32> decode(QByteArrayView in);
    // Same answer as decode() without advancing the state.
    Decode<qint32> peek(QByteArrayView in) const;

    qint32 previousPositive() const { return m_prevPositive; }
    qint32 previousNegative() const { return m_prevNegative; }

private:
    struct Step
    {
        qint32 value;
        bool negative; // which predecessor the value updates
        qint32 stored; // the new predecessor
    };
    Decode<Step> decodeStep(QByteArrayView in) const;

    int m_protocol;
    qint32 m_prevPositive = -1;
    qint32 m_prevNegative = 1;
};

} // namespace qrsync::protocol
