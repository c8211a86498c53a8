#include "protocol/zlibtokens.h"

#include "protocol/tokenframing_p.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstring>

// The zlib stream (raw deflate, windowBits -15, memLevel 8) is reset for
// every file. Before each token and at the end of a file the sender does a
// Z_SYNC_FLUSH and strips the trailing 00 00 FF FF, which the receiver puts
// back. With zlib (not zlibx) every matched block is added to the history
// on both sides in pieces of at most 0xFFFF bytes; below protocol 31 the
// offset is not advanced between pieces (a stock bug both sides must copy).
// Buffer sizes follow token.c so that deflate sees the same calls as stock
// and the output is byte-identical.

namespace qrsync::protocol {

namespace {

using detail::appendDataChunk;

// token.c AVAIL_OUT_SIZE(CHUNK_SIZE): room for one deflate call's output.
constexpr uInt kAvailOutSize = uInt(kTokenChunkSize * 1001 / 1000 + 16);
// Largest piece of a matched block added to the history at once.
constexpr qsizetype kMaxInsertPiece = 0xffff;
// The end of a sync flush: an empty stored block's LEN/NLEN.
constexpr std::array<unsigned char, 4> kSyncMarker{0x00, 0x00, 0xff, 0xff};

Bytef* bytes(const char* p)
{
    return reinterpret_cast<Bytef*>(const_cast<char*>(p));
}

class ZlibTokenEncoder final : public detail::CompressedTokenEncoder
{
public:
    ZlibTokenEncoder(bool addMatchedBlocks, int level, int protocol)
        : m_addMatchedBlocks(addMatchedBlocks)
        , m_protocol(protocol)
    {
        std::memset(&m_strm, 0, sizeof m_strm);
        const int r = deflateInit2(&m_strm, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
        Q_ASSERT_X(r == Z_OK, "ZlibTokenEncoder", "deflateInit2 failed (bad level?)");
        Q_UNUSED(r);
    }
    ~ZlibTokenEncoder() override { deflateEnd(&m_strm); }
    ZlibTokenEncoder(const ZlibTokenEncoder&) = delete;
    ZlibTokenEncoder& operator=(const ZlibTokenEncoder&) = delete;

protected:
    void startFile() override { deflateReset(&m_strm); }

    // send_deflated_token's data loop: input in CHUNK_SIZE pieces, output
    // in MAX_DATA_COUNT chunks. When flushing, the last 4 bytes of a full
    // chunk are held back (they might be the marker to strip) and start the
    // next chunk.
    void compress(QByteArrayView data, bool dataOnly, QByteArray& out) override
    {
        char* const obuf = m_obuf.data();
        int flush = Z_NO_FLUSH;
        qsizetype offset = 0;
        qsizetype remaining = data.size();
        m_strm.avail_in = 0;
        m_strm.avail_out = 0;
        do {
            if (m_strm.avail_in == 0 && remaining != 0) {
                const qsizetype n = std::min(remaining, kTokenChunkSize);
                m_strm.next_in = bytes(data.data() + offset);
                m_strm.avail_in = uInt(n);
                remaining -= n;
                offset += n;
            }
            if (m_strm.avail_out == 0) {
                m_strm.next_out = bytes(obuf + 2);
                m_strm.avail_out = uInt(kMaxCompressedChunk);
                if (flush != Z_NO_FLUSH) {
                    std::memmove(obuf + 2, obuf + kMaxCompressedChunk - 2, 4);
                    m_strm.next_out += 4;
                    m_strm.avail_out -= 4;
                }
            }
            if (remaining == 0 && !dataOnly)
                flush = Z_SYNC_FLUSH;
            const int r = deflate(&m_strm, flush);
            // Z_BUF_ERROR only means "no progress possible": nothing to do.
            Q_ASSERT_X(r == Z_OK || r == Z_BUF_ERROR, "ZlibTokenEncoder", "deflate failed");
            Q_UNUSED(r);
            if (remaining == 0 || m_strm.avail_out == 0) {
                qsizetype n = kMaxCompressedChunk - m_strm.avail_out;
                if (flush != Z_NO_FLUSH)
                    n -= 4; // the 00 00 FF FF marker (or bytes held back)
                if (n > 0)
                    appendDataChunk(out, obuf + 2, n);
            }
        } while (remaining != 0 || m_strm.avail_out == 0);
    }

    // Adds a matched block to the history. Stock's bundled zlib has
    // Z_INSERT_ONLY; built against a system zlib (Debian) it falls back to
    // Z_SYNC_FLUSH and throws the output away, which we must copy.
    void addMatchedBlock(QByteArrayView block) override
    {
        if (!m_addMatchedBlocks || block.isEmpty())
            return;
        qsizetype offset = 0;
        qsizetype remaining = block.size();
        do {
            const qsizetype n = std::min(remaining, kMaxInsertPiece);
            remaining -= n;
            m_strm.next_in = bytes(block.data() + offset);
            m_strm.avail_in = uInt(n);
            if (m_protocol >= 31)
                offset += n;
            do {
                m_strm.next_out = bytes(m_discard.data());
                m_strm.avail_out = kAvailOutSize;
                const int r = deflate(&m_strm, Z_SYNC_FLUSH);
                Q_ASSERT_X(r == Z_OK, "ZlibTokenEncoder", "deflate on a matched block failed");
                Q_UNUSED(r);
            } while (m_strm.avail_in != 0 || m_strm.avail_out == 0);
        } while (remaining > 0);
    }

private:
    z_stream m_strm;
    const bool m_addMatchedBlocks;
    const int m_protocol;
    std::array<char, 2 + kMaxCompressedChunk> m_obuf{};
    std::array<char, kAvailOutSize> m_discard{};
};

class ZlibTokenDecoder final : public detail::CompressedTokenDecoder
{
public:
    ZlibTokenDecoder(bool addMatchedBlocks, int protocol)
        : m_addMatchedBlocks(addMatchedBlocks)
        , m_protocol(protocol)
    {
        std::memset(&m_strm, 0, sizeof m_strm);
        const int r = inflateInit2(&m_strm, -15);
        Q_ASSERT_X(r == Z_OK, "ZlibTokenDecoder", "inflateInit2 failed");
        Q_UNUSED(r);
    }
    ~ZlibTokenDecoder() override { inflateEnd(&m_strm); }
    ZlibTokenDecoder(const ZlibTokenDecoder&) = delete;
    ZlibTokenDecoder& operator=(const ZlibTokenDecoder&) = delete;

    // see_deflate_token: a fake stored block (00 LEN NLEN + bytes) per
    // piece, fed through inflate with the output thrown away.
    void matchedBlockData(QByteArrayView block) override
    {
        if (!m_addMatchedBlocks || block.isEmpty())
            return;
        unsigned char header[5] = {0, 0, 0, 0, 0};
        qsizetype offset = 0;
        qsizetype remaining = block.size();
        qsizetype pieceLength = 0;
        m_strm.avail_in = 0;
        do {
            if (m_strm.avail_in == 0 && remaining != 0) {
                if (pieceLength == 0) {
                    pieceLength = std::min(remaining, kMaxInsertPiece);
                    header[1] = quint8(pieceLength);
                    header[2] = quint8(pieceLength >> 8);
                    header[3] = quint8(~header[1]);
                    header[4] = quint8(~header[2]);
                    m_strm.next_in = header;
                    m_strm.avail_in = 5;
                } else {
                    m_strm.next_in = bytes(block.data() + offset);
                    m_strm.avail_in = uInt(pieceLength);
                    if (m_protocol >= 31)
                        offset += pieceLength;
                    remaining -= pieceLength;
                    pieceLength = 0;
                }
            }
            m_strm.next_out = bytes(m_discard.data());
            m_strm.avail_out = kAvailOutSize;
            const int r = inflate(&m_strm, Z_SYNC_FLUSH);
            if (r != Z_OK && r != Z_BUF_ERROR) {
                fail(QStringLiteral("inflate (token) returned %1").arg(r));
                return;
            }
        } while (remaining != 0 || m_strm.avail_out == 0);
    }

protected:
    void startFile() override { inflateReset(&m_strm); }

    bool takeChunk(QByteArrayView chunk, QString& error) override
    {
        if (chunk.isEmpty()) {
            // Stock's inflate would fail with Z_BUF_ERROR on it.
            error = QStringLiteral("empty compressed data chunk");
            return false;
        }
        m_chunk.assign(chunk.begin(), chunk.end());
        m_strm.next_in = reinterpret_cast<Bytef*>(m_chunk.data());
        m_strm.avail_in = uInt(m_chunk.size());
        return true;
    }

    bool produce(char* to, qsizetype max, qsizetype& produced, QString& error) override
    {
        produced = 0;
        if (m_strm.avail_in == 0 && !m_outputWasFull)
            return true;
        m_strm.next_out = reinterpret_cast<Bytef*>(to);
        m_strm.avail_out = uInt(max);
        const int r = inflate(&m_strm, Z_NO_FLUSH);
        produced = max - qsizetype(m_strm.avail_out);
        m_outputWasFull = m_strm.avail_out == 0;
        if (r == Z_BUF_ERROR && produced == 0 && m_strm.avail_in == 0)
            return true; // nothing was pending after all
        if (r != Z_OK) {
            // Z_STREAM_END too: stock never ends the deflate stream.
            error = QStringLiteral("inflate returned %1 (%2 bytes)").arg(r).arg(produced);
            return false;
        }
        return true;
    }

    // The r_inflated step of recv_deflated_token: deliver anything inflate
    // still holds, check that the data stopped at a sync flush, and feed
    // back the 00 00 FF FF the sender stripped.
    bool finishData(char* to, qsizetype max, qsizetype& produced, QString& error) override
    {
        m_strm.next_in = nullptr;
        m_strm.avail_in = 0;
        m_strm.next_out = reinterpret_cast<Bytef*>(to);
        m_strm.avail_out = uInt(max);
        int r = inflate(&m_strm, Z_SYNC_FLUSH);
        produced = max - qsizetype(m_strm.avail_out);
        if (r != Z_OK && r != Z_BUF_ERROR) {
            error = QStringLiteral("inflate flush returned %1 (%2 bytes)").arg(r).arg(produced);
            return false;
        }
        if (produced != 0)
            return true;
        m_outputWasFull = false;
        if (!inflateSyncPoint(&m_strm)) {
            error = QStringLiteral("decompressor lost sync");
            return false;
        }
        m_strm.next_in = const_cast<Bytef*>(kSyncMarker.data());
        m_strm.avail_in = uInt(kSyncMarker.size());
        m_strm.next_out = reinterpret_cast<Bytef*>(to);
        m_strm.avail_out = uInt(max);
        r = inflate(&m_strm, Z_SYNC_FLUSH);
        if ((r != Z_OK && r != Z_BUF_ERROR) || m_strm.avail_in != 0 ||
            m_strm.avail_out != uInt(max)) {
            error = QStringLiteral("decompressor lost sync");
            return false;
        }
        return true;
    }

private:
    z_stream m_strm;
    const bool m_addMatchedBlocks;
    const int m_protocol;
    bool m_outputWasFull = false;
    std::vector<char> m_chunk;
    std::array<char, kAvailOutSize> m_discard{};
};

} // namespace

std::unique_ptr<TokenEncoder> makeZlibTokenEncoder(bool addMatchedBlocks, int level, int protocol)
{
    return std::make_unique<ZlibTokenEncoder>(addMatchedBlocks, level, protocol);
}

std::unique_ptr<TokenDecoder> makeZlibTokenDecoder(bool addMatchedBlocks, int protocol)
{
    return std::make_unique<ZlibTokenDecoder>(addMatchedBlocks, protocol);
}

} // namespace qrsync::protocol
