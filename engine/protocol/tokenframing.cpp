#include "protocol/tokenframing_p.h"

#include "protocol/reader.h"

#include <QtEndian>

#include <utility>

namespace qrsync::protocol::detail {

void appendDataChunk(QByteArray& out, const char* data, qsizetype n)
{
    Q_ASSERT_X(n > 0 && n <= kMaxCompressedChunk, "appendDataChunk", "chunk size out of range");
    out.append(char(kDeflatedData | (n >> 8)));
    out.append(char(n & 0xff));
    out.append(data, n);
}

// --- encoder ------------------------------------------------------------

void CompressedTokenEncoder::beginFile()
{
    m_pending.clear();
    m_lastToken = kNoToken;
}

void CompressedTokenEncoder::literal(QByteArrayView data, QByteArray& out)
{
    if (data.isEmpty())
        return;
    // The previous piece turned out not to be the last before a token.
    const QByteArray previous = std::exchange(m_pending, data.toByteArray());
    if (!previous.isEmpty())
        send(kDataOnly, previous, {}, out);
}

void CompressedTokenEncoder::block(qint32 index, QByteArrayView blockData, QByteArray& out)
{
    Q_ASSERT_X(index >= 0 && index <= kMaxTokenIndex, "TokenEncoder::block", "bad block index");
    const QByteArray data = std::exchange(m_pending, {});
    send(index, data, blockData, out);
}

void CompressedTokenEncoder::endFile(QByteArray& out)
{
    const QByteArray data = std::exchange(m_pending, {});
    send(kNoToken, data, {}, out);
}

// Mirrors token.c send_deflated_token/send_zstd_token/send_compressed_token:
// the run bookkeeping is the same for all three.
void CompressedTokenEncoder::send(qint64 token, QByteArrayView data, QByteArrayView blockData,
                                  QByteArray& out)
{
    if (m_lastToken == kNoToken) {
        startFile();
        m_lastRunEnd = 0;
        m_runStart = token;
    } else if (m_lastToken == kDataOnly) {
        // The run before the data-only piece was written with it.
        m_runStart = token;
    } else if (!data.isEmpty() || token != m_lastToken + 1 || token >= m_runStart + 65536) {
        writeRun(out);
        m_lastRunEnd = m_lastToken;
        m_runStart = token;
    }
    m_lastToken = token;

    if (!data.isEmpty())
        compress(data, token == kDataOnly, out);

    if (token == kNoToken)
        out.append(char(kEndFlag));
    else if (token != kDataOnly)
        addMatchedBlock(blockData);
}

void CompressedTokenEncoder::writeRun(QByteArray& out) const
{
    const qint64 distance = m_runStart - m_lastRunEnd;
    const qint64 extra = m_lastToken - m_runStart; // 0..65535
    if (distance >= 0 && distance <= 63) {
        out.append(char((extra == 0 ? kTokenRel : kTokenRunRel) + distance));
    } else {
        out.append(char(extra == 0 ? kTokenLong : kTokenRunLong));
        encodeI32(out, qint32(m_runStart));
    }
    if (extra != 0)
        encodeU16(out, quint16(extra));
}

// --- decoder ------------------------------------------------------------

CompressedTokenDecoder::CompressedTokenDecoder()
    : m_scratch(kMaxLiteralEvent)
{}

void CompressedTokenDecoder::beginFile()
{
    if (m_state == State::Failed)
        return;
    startFile();
    m_state = State::Idle;
    m_rxToken = 0;
    m_runRemaining = 0;
    m_fileOpen = true;
}

void CompressedTokenDecoder::fail(QString message)
{
    if (m_state == State::Failed)
        return;
    m_state = State::Failed;
    m_error = std::move(message);
}

// Mirrors the receive side of token.c (recv_deflated_token and friends), as
// a state machine that never blocks: Idle reads a flag; InChunk delivers a
// taken chunk's output; AfterData is rsync's r_inflated (data was the last
// thing seen, so a token must first let the codec finish the data).
Decode<TokenEvent> CompressedTokenDecoder::next(QByteArrayView in)
{
    if (m_state == State::Failed)
        return failed();
    if (!m_fileOpen)
        beginFile();

    if (m_runRemaining > 0) {
        ++m_rxToken;
        --m_runRemaining;
        return Decode<TokenEvent>::ok(TokenEvent::makeBlock(qint32(m_rxToken)), 0);
    }

    qsizetype used = 0; // chunks taken in this call that produced nothing yet
    // Short input: if a chunk was already taken, report that progress.
    const auto shortInput = [&used](qsizetype need) {
        if (used > 0)
            return Decode<TokenEvent>::ok(TokenEvent::makeLiteral({}), used);
        return Decode<TokenEvent>::needMore(need);
    };

    for (;;) {
        QString error;
        if (m_state == State::InChunk) {
            qsizetype produced = 0;
            if (!produce(m_scratch.data(), kMaxLiteralEvent, produced, error)) {
                fail(error);
                return failed();
            }
            if (produced > 0)
                return Decode<TokenEvent>::ok(
                    TokenEvent::makeLiteral(QByteArray(m_scratch.data(), produced)), used);
            m_state = State::AfterData;
            continue;
        }

        const QByteArrayView rest = in.sliced(used);
        if (rest.isEmpty())
            return shortInput(used + 1);
        const quint8 flag = quint8(rest[0]);

        if ((flag & 0xC0) == kDeflatedData) {
            if (rest.size() < 2)
                return shortInput(used + 2);
            const qsizetype n = (qsizetype(flag & 0x3f) << 8) | quint8(rest[1]);
            if (rest.size() < 2 + n)
                return shortInput(used + 2 + n);
            if (!takeChunk(rest.sliced(2, n), error)) {
                fail(error);
                return failed();
            }
            used += 2 + n;
            m_state = State::InChunk;
            continue;
        }

        if (m_state == State::AfterData) {
            qsizetype produced = 0;
            if (!finishData(m_scratch.data(), kMaxLiteralEvent, produced, error)) {
                fail(error);
                return failed();
            }
            if (produced > 0)
                return Decode<TokenEvent>::ok(
                    TokenEvent::makeLiteral(QByteArray(m_scratch.data(), produced)), used);
            m_state = State::Idle;
        }

        if (flag == kEndFlag) {
            m_fileOpen = false;
            return Decode<TokenEvent>::ok(TokenEvent::makeEnd(), used + 1);
        }

        // token.c recv_compressed_token_num, with its range checks; flag
        // values stock never sends are refused rather than guessed at.
        qint64 token = 0;
        bool run = false;
        qsizetype size = 1;
        if (flag & kTokenRel) {
            token = m_rxToken + (flag & 0x3f);
            run = (flag & 0x40) != 0;
        } else if (flag == kTokenLong || flag == kTokenRunLong) {
            if (rest.size() < 5)
                return shortInput(used + 5);
            token = qFromLittleEndian<qint32>(rest.data() + 1);
            run = flag == kTokenRunLong;
            size = 5;
        } else {
            fail(QStringLiteral("invalid flag byte 0x%1 in compressed token stream")
                     .arg(flag, 2, 16, QLatin1Char('0')));
            return failed();
        }
        qint64 runCount = 0;
        if (run) {
            if (rest.size() < size + 2)
                return shortInput(used + size + 2);
            runCount = qFromLittleEndian<quint16>(rest.data() + size);
            size += 2;
        }
        if (token < 0 || token > kMaxTokenIndex || (run && runCount == 0) ||
            token + runCount > kMaxTokenIndex) {
            fail(QStringLiteral("invalid token number in compressed stream"));
            return failed();
        }
        m_rxToken = token;
        m_runRemaining = qint32(runCount);
        return Decode<TokenEvent>::ok(TokenEvent::makeBlock(qint32(token)), used + size);
    }
}

} // namespace qrsync::protocol::detail
