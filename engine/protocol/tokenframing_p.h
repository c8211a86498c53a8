#pragma once

// Shared framing of the compressed token streams (delta.md §5, rsync token.c):
// flag bytes, run-length coding of block references and the state machine
// around DEFLATED_DATA chunks. The zlib, zstd and lz4 codecs only supply
// the compression itself.
//
// Invariants (encoder): a run of consecutive blocks is written only when it
// ends (a gap, literal data, the end, or 65536 blocks); `m_lastRunEnd` is
// the last block of the previous run and starts at 0 per file.
// Invariants (decoder): input bytes are consumed once; a chunk is taken
// whole; decompressed output leaves in pieces of at most kMaxLiteralEvent.

#include "protocol/tokenstream.h"

#include <QString>

#include <vector>

namespace qrsync::protocol::detail {

inline constexpr quint8 kEndFlag = 0x00;
inline constexpr quint8 kTokenLong = 0x20;    // + int32 index
inline constexpr quint8 kTokenRunLong = 0x21; // + int32 index + u16 run
inline constexpr quint8 kDeflatedData = 0x40; // | 6 high bits, then low byte
inline constexpr quint8 kTokenRel = 0x80;     // | 6-bit distance
inline constexpr quint8 kTokenRunRel = 0xC0;  // | 6-bit distance, + u16 run

// Appends a DEFLATED_DATA header and n (1..kMaxCompressedChunk) bytes.
void appendDataChunk(QByteArray& out, const char* data, qsizetype n);

class CompressedTokenEncoder : public TokenEncoder
{
public:
    void beginFile() final;
    void literal(QByteArrayView data, QByteArray& out) final;
    void block(qint32 index, QByteArrayView blockData, QByteArray& out) final;
    void endFile(QByteArray& out) final;

protected:
    // Compresses non-empty literal data and appends DEFLATED_DATA chunks.
    // dataOnly: no token follows (send_token's -2), so no flush.
    virtual void compress(QByteArrayView data, bool dataOnly, QByteArray& out) = 0;
    // Called at the first token of each file (zlib: deflateReset).
    virtual void startFile() {}
    // The matched block's bytes, after its token (zlib: history).
    virtual void addMatchedBlock(QByteArrayView) {}

private:
    static constexpr qint64 kNoToken = -1;  // file start / end token
    static constexpr qint64 kDataOnly = -2; // literal without a token

    // One send_token() call: pending literal data, then `token`.
    void send(qint64 token, QByteArrayView data, QByteArrayView blockData, QByteArray& out);
    void writeRun(QByteArray& out) const;

    QByteArray m_pending;
    qint64 m_lastToken = kNoToken;
    qint64 m_runStart = 0;
    qint64 m_lastRunEnd = 0;
};

class CompressedTokenDecoder : public TokenDecoder
{
public:
    CompressedTokenDecoder();

    void beginFile() final;
    Decode<TokenEvent> next(QByteArrayView in) final;
    void matchedBlockData(QByteArrayView) override {}

protected:
    // Takes one chunk's payload (copy it if needed later). False on error.
    virtual bool takeChunk(QByteArrayView chunk, QString& error) = 0;
    // Writes up to max decompressed bytes of the taken chunk to `to`, sets
    // produced; produced == 0 means the chunk is exhausted. False on error.
    virtual bool produce(char* to, qsizetype max, qsizetype& produced, QString& error) = 0;
    // A token follows data (zlib: drain, then re-add the sync marker). Same
    // output convention as produce(); called again while it produces.
    virtual bool finishData(char*, qsizetype, qsizetype& produced, QString&)
    {
        produced = 0;
        return true;
    }
    // Per-file reset (zlib: inflateReset).
    virtual void startFile() {}
    // Makes later calls fail (e.g. from matchedBlockData).
    void fail(QString message);

private:
    enum class State
    {
        Idle,
        InChunk,
        AfterData,
        Failed
    };

    Decode<TokenEvent> failed() const { return Decode<TokenEvent>::error(m_error); }

    State m_state = State::Idle;
    qint64 m_rxToken = 0;
    qint32 m_runRemaining = 0;
    bool m_fileOpen = false;
    QString m_error;
    std::vector<char> m_scratch;
};

} // namespace qrsync::protocol::detail
