#include "protocol/zstdtokens.h"

#include "protocol/tokenframing_p.h"

#include <zstd.h>

#include <array>

// Stock keeps one ZSTD_CCtx/ZSTD_DCtx for the session and never resets it
// between files, so a file's data may refer back to earlier files. Literal
// data is compressed with ZSTD_e_continue; before a token and at the end of
// a file the stream is flushed (ZSTD_e_flush). Every compressStream2 call
// that produced output becomes one DEFLATED_DATA chunk, as in stock, so the
// output is byte-identical with the same library and level.

namespace qrsync::protocol {

namespace {

// The decoder refuses frames whose window exceeds 2^27 bytes (zstd's own
// default limit, ZSTD_WINDOWLOG_LIMIT_DEFAULT), which caps the memory a
// peer can make us allocate; stock senders at any level stay within it.
constexpr int kMaxWindowLog = 27;

class ZstdTokenEncoder final : public detail::CompressedTokenEncoder
{
public:
    explicit ZstdTokenEncoder(int level)
        : m_cctx(ZSTD_createCCtx())
    {
        Q_ASSERT_X(m_cctx, "ZstdTokenEncoder", "ZSTD_createCCtx failed");
        ZSTD_CCtx_setParameter(m_cctx, ZSTD_c_compressionLevel, level);
    }
    ~ZstdTokenEncoder() override { ZSTD_freeCCtx(m_cctx); }
    ZstdTokenEncoder(const ZstdTokenEncoder&) = delete;
    ZstdTokenEncoder& operator=(const ZstdTokenEncoder&) = delete;

protected:
    void compress(QByteArrayView data, bool dataOnly, QByteArray& out) override
    {
        ZSTD_inBuffer in{data.data(), size_t(data.size()), 0};
        const ZSTD_EndDirective mode = dataOnly ? ZSTD_e_continue : ZSTD_e_flush;
        bool finished = false;
        do {
            ZSTD_outBuffer chunk{m_obuf.data(), m_obuf.size(), 0};
            const size_t r = ZSTD_compressStream2(m_cctx, &chunk, &in, mode);
            Q_ASSERT_X(!ZSTD_isError(r), "ZstdTokenEncoder", "ZSTD_compressStream2 failed");
            finished = mode == ZSTD_e_flush ? r == 0 : in.pos == in.size;
            if (chunk.pos != 0)
                detail::appendDataChunk(out, m_obuf.data(), qsizetype(chunk.pos));
        } while (!finished);
    }

private:
    ZSTD_CCtx* m_cctx;
    std::array<char, kMaxCompressedChunk> m_obuf{};
};

class ZstdTokenDecoder final : public detail::CompressedTokenDecoder
{
public:
    ZstdTokenDecoder()
        : m_dctx(ZSTD_createDCtx())
    {
        Q_ASSERT_X(m_dctx, "ZstdTokenDecoder", "ZSTD_createDCtx failed");
        ZSTD_DCtx_setParameter(m_dctx, ZSTD_d_windowLogMax, kMaxWindowLog);
    }
    ~ZstdTokenDecoder() override { ZSTD_freeDCtx(m_dctx); }
    ZstdTokenDecoder(const ZstdTokenDecoder&) = delete;
    ZstdTokenDecoder& operator=(const ZstdTokenDecoder&) = delete;

protected:
    bool takeChunk(QByteArrayView chunk, QString&) override
    {
        m_chunk = chunk.toByteArray();
        m_in = ZSTD_inBuffer{m_chunk.constData(), size_t(m_chunk.size()), 0};
        m_outputWasFull = false;
        return true;
    }

    // recv_zstd_token's r_inflating: the chunk is done once its input is
    // used up and a call no longer fills the output.
    bool produce(char* to, qsizetype max, qsizetype& produced, QString& error) override
    {
        produced = 0;
        if (m_in.pos == m_in.size && !m_outputWasFull)
            return true;
        ZSTD_outBuffer out{to, size_t(max), 0};
        const size_t r = ZSTD_decompressStream(m_dctx, &out, &m_in);
        if (ZSTD_isError(r)) {
            error = QStringLiteral("zstd decompression failed: %1")
                        .arg(QString::fromUtf8(ZSTD_getErrorName(r)));
            return false;
        }
        produced = qsizetype(out.pos);
        m_outputWasFull = out.pos == out.size;
        return true;
    }

private:
    ZSTD_DCtx* m_dctx;
    QByteArray m_chunk;
    ZSTD_inBuffer m_in{nullptr, 0, 0};
    bool m_outputWasFull = false;
};

} // namespace

std::unique_ptr<TokenEncoder> makeZstdTokenEncoder(int level)
{
    return std::make_unique<ZstdTokenEncoder>(level);
}

std::unique_ptr<TokenDecoder> makeZstdTokenDecoder()
{
    return std::make_unique<ZstdTokenDecoder>();
}

} // namespace qrsync::protocol
