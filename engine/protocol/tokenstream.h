#pragma once

// The token stream that carries one file's delta (delta.md §4, §5; rsync
// token.c): literal data and references to basis blocks, then an end token,
// after which the caller writes/reads the whole-file checksum.
//
// Sans-I/O: encoders append bytes to a caller's buffer, decoders turn bytes
// into TokenEvents under the decoder contract (protocol/decode.h). One
// encoder and one decoder serve a whole session direction, because zstd
// keeps a single compression stream across files; zlib state is reset per
// file by beginFile().

#include "protocol/compressiontype.h"
#include "protocol/decode.h"

#include <QByteArray>
#include <QByteArrayView>

#include <memory>

namespace qrsync::protocol {

// A plain literal is sent in chunks of at most this many bytes (rsync
// CHUNK_SIZE); a plain decoder delivers a longer literal in pieces this big.
inline constexpr qsizetype kTokenChunkSize = 32 * 1024;
// Compressed data travels in DEFLATED_DATA chunks of at most this size
// (token.c MAX_DATA_COUNT, a 14-bit length).
inline constexpr qsizetype kMaxCompressedChunk = 16383;
// The most decompressed bytes one Literal event carries: a chunk that
// inflates to more (a "bomb") is delivered over several next() calls.
inline constexpr qsizetype kMaxLiteralEvent = 256 * 1024;
// Largest block index on the wire (token.c MAX_TOKEN_INDEX).
inline constexpr qint32 kMaxTokenIndex = 0x7ffffffe;

struct TokenEvent
{
    enum class Kind
    {
        Literal,
        Block,
        End
    };

    Kind kind = Kind::End;
    QByteArray literal;    // Literal: the bytes (may be empty, see next())
    qint32 blockIndex = 0; // Block: the basis block to copy

    static TokenEvent makeLiteral(QByteArray bytes) { return {Kind::Literal, std::move(bytes), 0}; }
    static TokenEvent makeBlock(qint32 index) { return {Kind::Block, {}, index}; }
    static TokenEvent makeEnd() { return {Kind::End, {}, 0}; }
    friend bool operator==(const TokenEvent&, const TokenEvent&) = default;
};

class TokenEncoder
{
public:
    virtual ~TokenEncoder();

    // Starts a file: block numbering restarts and zlib resets its stream
    // (zstd keeps its stream). Call before each file's first token.
    virtual void beginFile() = 0;
    // Queues one piece of literal data (any size; empty pieces are ignored).
    // Pieces are never merged: every piece but the last one before a block
    // or the end goes out as "data only" (token.c send_token with token -2,
    // no flush), the last one travels with the following token and is
    // flushed. Output may therefore lag by one piece. To reproduce stock's
    // bytes exactly, cut literals where match.c does (32 KiB pieces while
    // scanning, see matched()), otherwise any cut decodes the same.
    virtual void literal(QByteArrayView data, QByteArray& out) = 0;
    // Sends a reference to basis block `index` (0..kMaxTokenIndex).
    // blockData is the matched block's content: zlib adds it to the
    // compression history, the other types ignore it.
    virtual void block(qint32 index, QByteArrayView blockData, QByteArray& out) = 0;
    // Sends pending literal data and the end token. The caller then writes
    // the whole-file checksum and calls beginFile() for the next file.
    virtual void endFile(QByteArray& out) = 0;
};

class TokenDecoder
{
public:
    virtual ~TokenDecoder();

    // Starts a file (also implied after an End event).
    virtual void beginFile() = 0;
    // Decodes the next event from `in` (decoder contract: consumes nothing
    // unless ok). Input bytes are consumed exactly once, but an ok result
    // may consume 0 bytes when the event comes from state held inside (the
    // rest of a decompressed chunk, the next block of a run). A Literal
    // event carries at most kMaxLiteralEvent bytes and may be empty when a
    // compressed chunk produced no output yet. After an error every call
    // fails again.
    virtual Decode<TokenEvent> next(QByteArrayView in) = 0;
    // The receiver hands back the basis bytes of each Block event it applied,
    // before calling next() again (zlib adds them to its history; token.c
    // see_token). A failure shows up at the next next() call.
    virtual void matchedBlockData(QByteArrayView blockData) = 0;
};

// level: an effective level from effectiveCompressionLevel() (ignored for
// None and Lz4). protocol: the session's protocol version (zlib inserts
// blocks over 64 KiB differently below 31).
std::unique_ptr<TokenEncoder> makeTokenEncoder(CompressionType type, int level, int protocol);
std::unique_ptr<TokenDecoder> makeTokenDecoder(CompressionType type, int protocol);

} // namespace qrsync::protocol
