#include "protocol/plaintokens.h"

#include "protocol/reader.h"

#include <QtEndian>

#include <algorithm>

namespace qrsync::protocol {

namespace {

class PlainTokenEncoder final : public TokenEncoder
{
public:
    void beginFile() override {}
    void literal(QByteArrayView data, QByteArray& out) override
    {
        // Stock cuts every literal into CHUNK_SIZE pieces, each with its own
        // length, whether or not a token follows.
        for (qsizetype pos = 0; pos < data.size(); pos += kTokenChunkSize) {
            const qsizetype n = std::min(kTokenChunkSize, data.size() - pos);
            encodeI32(out, qint32(n));
            out.append(data.sliced(pos, n));
        }
    }
    void block(qint32 index, QByteArrayView, QByteArray& out) override
    {
        Q_ASSERT_X(index >= 0 && index <= kMaxTokenIndex, "TokenEncoder::block", "bad index");
        encodeI32(out, -(index + 1));
    }
    void endFile(QByteArray& out) override { encodeI32(out, 0); }
};

// Stock accepts a literal length up to 2^31-1 and reads it in CHUNK_SIZE
// pieces (token.c simple_recv_token's residue), so nothing is allocated
// from the length: we deliver the same pieces, each once it is complete.
class PlainTokenDecoder final : public TokenDecoder
{
public:
    void beginFile() override { m_residue = 0; }
    Decode<TokenEvent> next(QByteArrayView in) override
    {
        if (m_residue > 0) {
            const qsizetype piece = std::min<qsizetype>(m_residue, kTokenChunkSize);
            if (in.size() < piece)
                return Decode<TokenEvent>::needMore(piece);
            m_residue -= piece;
            return Decode<TokenEvent>::ok(TokenEvent::makeLiteral(in.first(piece).toByteArray()),
                                          piece);
        }
        if (in.size() < 4)
            return Decode<TokenEvent>::needMore(4);
        const qint32 n = qFromLittleEndian<qint32>(in.data());
        if (n == 0)
            return Decode<TokenEvent>::ok(TokenEvent::makeEnd(), 4);
        if (n < 0)
            return Decode<TokenEvent>::ok(TokenEvent::makeBlock(-(n + 1)), 4);
        const qsizetype piece = std::min<qsizetype>(n, kTokenChunkSize);
        if (in.size() < 4 + piece)
            return Decode<TokenEvent>::needMore(4 + piece);
        m_residue = n - piece;
        return Decode<TokenEvent>::ok(TokenEvent::makeLiteral(in.sliced(4, piece).toByteArray()),
                                      4 + piece);
    }
    void matchedBlockData(QByteArrayView) override {}

private:
    qint64 m_residue = 0; // literal bytes announced but not yet delivered
};

} // namespace

std::unique_ptr<TokenEncoder> makePlainTokenEncoder()
{
    return std::make_unique<PlainTokenEncoder>();
}

std::unique_ptr<TokenDecoder> makePlainTokenDecoder()
{
    return std::make_unique<PlainTokenDecoder>();
}

} // namespace qrsync::protocol
