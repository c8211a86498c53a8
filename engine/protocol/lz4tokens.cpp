#include "protocol/lz4tokens.h"

#include "protocol/tokenframing_p.h"

#include <lz4.h>

#include <algorithm>
#include <vector>

// Each chunk compresses at most MAX_DATA_COUNT input bytes on its own; when
// the block comes out bigger than a chunk can carry, the input is halved and
// compressed again. There is no state between chunks, files or sessions.

namespace qrsync::protocol {

namespace {

// token.c's buffer size, MAX(LZ4_compressBound(CHUNK_SIZE), MAX_DATA_COUNT+2):
// also the most a received block may decompress to, as in stock.
int bufferSize()
{
    return std::max(LZ4_compressBound(int(kTokenChunkSize)), int(kMaxCompressedChunk + 2));
}

class Lz4TokenEncoder final : public detail::CompressedTokenEncoder
{
public:
    Lz4TokenEncoder()
        : m_obuf(size_t(bufferSize()))
    {}

protected:
    void compress(QByteArrayView data, bool, QByteArray& out) override
    {
        qsizetype offset = 0;
        int inLength = 0;
        int outLength = 0;
        do {
            if (outLength == 0)
                inLength = int(std::min(data.size() - offset, kMaxCompressedChunk));
            else
                inLength /= 2;
            outLength = LZ4_compress_default(data.data() + offset, m_obuf.data(), inLength,
                                             int(m_obuf.size()));
            Q_ASSERT_X(outLength > 0, "Lz4TokenEncoder", "LZ4_compress_default failed");
            if (outLength <= kMaxCompressedChunk) {
                detail::appendDataChunk(out, m_obuf.data(), outLength);
                outLength = 0;
                offset += inLength;
            }
        } while (offset < data.size());
    }

private:
    std::vector<char> m_obuf;
};

class Lz4TokenDecoder final : public detail::CompressedTokenDecoder
{
public:
    Lz4TokenDecoder()
        : m_dbuf(size_t(bufferSize()))
    {}

protected:
    bool takeChunk(QByteArrayView chunk, QString& error) override
    {
        const int n =
            LZ4_decompress_safe(chunk.data(), m_dbuf.data(), int(chunk.size()), int(m_dbuf.size()));
        if (n < 0) {
            error = QStringLiteral("lz4 decompression failed: %1").arg(n);
            return false;
        }
        m_available = n;
        return true;
    }

    bool produce(char* to, qsizetype max, qsizetype& produced, QString&) override
    {
        // A block decompresses to less than kMaxLiteralEvent.
        produced = std::min<qsizetype>(m_available, max);
        std::copy_n(m_dbuf.data(), produced, to);
        m_available = 0;
        return true;
    }

private:
    std::vector<char> m_dbuf;
    qsizetype m_available = 0;
};

} // namespace

std::unique_ptr<TokenEncoder> makeLz4TokenEncoder()
{
    return std::make_unique<Lz4TokenEncoder>();
}

std::unique_ptr<TokenDecoder> makeLz4TokenDecoder()
{
    return std::make_unique<Lz4TokenDecoder>();
}

} // namespace qrsync::protocol
