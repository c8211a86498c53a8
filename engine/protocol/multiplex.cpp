#include "protocol/multiplex.h"

#include <cstring>

#include "protocol/reader.h"

#include <algorithm>

namespace qrsync::protocol {

namespace {

constexpr int kMaxTag = 0xFF - kMplexBase;

quint32 headerValue(const char* h)
{
    return quint32(quint8(h[0])) | quint32(quint8(h[1])) << 8 | quint32(quint8(h[2])) << 16 |
           quint32(quint8(h[3])) << 24;
}

QString badTagMessage(int tag)
{
    return QStringLiteral("unexpected tag %1").arg(tag);
}

QString badLengthMessage(int tag, qsizetype length)
{
    // Stock: "invalid multi-message T:L" for fixed-size tags,
    // "multiplexing overflow T:L" for over-long text (io.c read_a_msg).
    return QStringLiteral("invalid multi-message %1:%2").arg(tag).arg(length);
}

} // namespace

bool isKnownMsgTag(int tag)
{
    if (tag < 0 || tag > kMaxTag)
        return false;
    switch (static_cast<MsgTag>(tag)) {
    case MsgTag::Data:
    case MsgTag::ErrorXfer:
    case MsgTag::Info:
    case MsgTag::Error:
    case MsgTag::Warning:
    case MsgTag::ErrorSocket:
    case MsgTag::Log:
    case MsgTag::Client:
    case MsgTag::ErrorUtf8:
    case MsgTag::Redo:
    case MsgTag::Stats:
    case MsgTag::IoError:
    case MsgTag::IoTimeout:
    case MsgTag::Noop:
    case MsgTag::ErrorExit:
    case MsgTag::Success:
    case MsgTag::Deleted:
    case MsgTag::NoSend:
        return true;
    }
    return false;
}

bool msgTagCrossesWire(MsgTag tag)
{
    switch (tag) {
    case MsgTag::ErrorSocket:
    case MsgTag::Log:
    case MsgTag::Client:
    case MsgTag::ErrorUtf8:
    case MsgTag::Redo:
    case MsgTag::Stats:
        return false;
    case MsgTag::Data:
    case MsgTag::ErrorXfer:
    case MsgTag::Info:
    case MsgTag::Error:
    case MsgTag::Warning:
    case MsgTag::IoError:
    case MsgTag::IoTimeout:
    case MsgTag::Noop:
    case MsgTag::ErrorExit:
    case MsgTag::Success:
    case MsgTag::Deleted:
    case MsgTag::NoSend:
        return true;
    }
    return false;
}

bool isValidMessageLength(MsgTag tag, qsizetype length, bool localServer)
{
    switch (tag) {
    case MsgTag::Data:
        return length <= kMaxFrameLength;
    case MsgTag::Stats:
        return length == 8;
    case MsgTag::Redo:
    case MsgTag::IoError:
    case MsgTag::IoTimeout:
    case MsgTag::NoSend:
        return length == 4;
    case MsgTag::Noop:
        return length == 0;
    case MsgTag::ErrorExit:
        return length == 0 || length == 4;
    case MsgTag::Success:
        return length == (localServer ? 4 + 8 + 8 : 4);
    case MsgTag::ErrorXfer:
    case MsgTag::Info:
    case MsgTag::Error:
    case MsgTag::Warning:
    case MsgTag::ErrorSocket:
    case MsgTag::Log:
    case MsgTag::Client:
    case MsgTag::ErrorUtf8:
    case MsgTag::Deleted:
        return length <= kMaxMessageLength;
    }
    return false;
}

void encodeFrameHeader(QByteArray& out, MsgTag tag, qsizetype length)
{
    Q_ASSERT_X(length >= 0 && length <= kMaxFrameLength, "encodeFrameHeader", "frame too long");
    const quint32 v = (quint32(quint8(tag) + kMplexBase) << 24) | quint32(length);
    encodeI32(out, qint32(v));
}

void encodeFrame(QByteArray& out, MsgTag tag, QByteArrayView body)
{
    if (tag != MsgTag::Data) {
        // What one peer or the other accepts (MSG_SUCCESS is 4 bytes on a
        // connection, 20 between local processes).
        Q_ASSERT_X(isValidMessageLength(tag, body.size(), false) ||
                       isValidMessageLength(tag, body.size(), true),
                   "encodeFrame", "message body of a length stock refuses");
        encodeFrameHeader(out, tag, body.size());
        out.append(body);
        return;
    }
    // An empty data frame is a keep-alive; longer bodies are cut at the
    // 24-bit limit.
    qsizetype pos = 0;
    do {
        const qsizetype n = std::min(body.size() - pos, kMaxFrameLength);
        encodeFrameHeader(out, tag, n);
        out.append(body.sliced(pos, n));
        pos += n;
    } while (pos < body.size());
}

Decode<Frame> decodeFrame(QByteArrayView in, bool localServer)
{
    if (in.size() < kFrameHeaderSize)
        return Decode<Frame>::needMore(kFrameHeaderSize);
    const quint32 h = headerValue(in.data());
    const int tag = int(h >> 24) - kMplexBase;
    const qsizetype length = h & 0xFFFFFF;
    if (!isKnownMsgTag(tag))
        return Decode<Frame>::error(badTagMessage(tag));
    if (!isValidMessageLength(static_cast<MsgTag>(tag), length, localServer))
        return Decode<Frame>::error(badLengthMessage(tag, length));
    if (in.size() < kFrameHeaderSize + length)
        return Decode<Frame>::needMore(kFrameHeaderSize + length);
    Frame f{static_cast<MsgTag>(tag), in.sliced(kFrameHeaderSize, length).toByteArray()};
    return Decode<Frame>::ok(std::move(f), kFrameHeaderSize + length);
}

// --- Demultiplexer ---------------------------------------------------------

Demultiplexer::Demultiplexer(qsizetype maxBufferedData, bool localServer)
    : m_maxBufferedData(maxBufferedData)
    , m_localServer(localServer)
{
    Q_ASSERT_X(maxBufferedData > 0, "Demultiplexer", "the data cap must be positive");
}

QByteArrayView Demultiplexer::data() const
{
    return QByteArrayView(m_data).sliced(m_dataStart);
}

void Demultiplexer::consumeData(qsizetype n)
{
    Q_ASSERT_X(n >= 0 && n <= bufferedData(), "Demultiplexer::consumeData", "past the data");
    m_dataStart += n;
    if (m_dataStart == m_data.size()) {
        // Keep the allocation: the next frame reuses it instead of growing
        // a fresh buffer (and copying) all over again.
        m_data.resize(0);
        m_dataStart = 0;
    }
}

void Demultiplexer::makeRoomFor(qsizetype n)
{
    if (m_data.capacity() == 0)
        m_data.reserve(2 * m_maxBufferedData);
    // Compact only when the free tail is too short: the live bytes (at most
    // m_maxBufferedData) move once per buffer's worth of input, so
    // consumption stays amortised O(1) per byte.
    if (m_dataStart > 0 && m_data.size() + n > m_data.capacity()) {
        m_data.remove(0, m_dataStart);
        m_dataStart = 0;
    }
}

bool Demultiplexer::canReceive() const
{
    if (m_error)
        return false;
    return bufferedData() < m_maxBufferedData && qsizetype(m_messages.size()) < kMaxQueuedMessages;
}

std::optional<OobMessage> Demultiplexer::takeMessage()
{
    if (m_messages.empty())
        return std::nullopt;
    OobMessage m = std::move(m_messages.front());
    m_messages.pop_front();
    return m;
}

Result<void> Demultiplexer::startFrame()
{
    const quint32 h = headerValue(m_header);
    const int tag = int(h >> 24) - kMplexBase;
    const qsizetype length = h & 0xFFFFFF;
    if (!isKnownMsgTag(tag))
        return makeError(ExitCode::StreamIo, badTagMessage(tag));
    m_tag = static_cast<MsgTag>(tag);
    if (!isValidMessageLength(m_tag, length, m_localServer))
        return makeError(ExitCode::StreamIo, badLengthMessage(tag, length));
    m_remaining = length;
    m_headerFill = 0;
    if (m_tag != MsgTag::Data) {
        m_body.clear();
        m_body.reserve(length); // bounded by kMaxMessageLength above
        if (length == 0)
            m_messages.push_back(OobMessage{m_tag, QByteArray()});
    }
    return {};
}

Result<qsizetype> Demultiplexer::receive(QByteArrayView bytes)
{
    if (m_error)
        return tl::unexpected<Error>(*m_error);
    qsizetype pos = 0;
    while (pos < bytes.size()) {
        if (m_remaining == 0) {
            // Between frames: a new header may start only while we have room
            // to store what it announces.
            if (m_headerFill == 0 && !canReceive())
                break;
            const qsizetype n = std::min(kFrameHeaderSize - m_headerFill, bytes.size() - pos);
            std::copy_n(bytes.data() + pos, n, m_header + m_headerFill);
            m_headerFill += n;
            pos += n;
            if (m_headerFill < kFrameHeaderSize)
                break;
            if (auto started = startFrame(); !started) {
                m_error = started.error();
                return tl::unexpected<Error>(*m_error);
            }
            continue;
        }
        if (m_tag == MsgTag::Data) {
            const qsizetype room = m_maxBufferedData - bufferedData();
            if (room <= 0)
                break;
            const qsizetype n = std::min({m_remaining, bytes.size() - pos, room});
            makeRoomFor(n);
            m_data.append(bytes.sliced(pos, n));
            m_remaining -= n;
            pos += n;
            continue;
        }
        const qsizetype n = std::min(m_remaining, bytes.size() - pos);
        m_body.append(bytes.sliced(pos, n));
        m_remaining -= n;
        pos += n;
        if (m_remaining == 0)
            m_messages.push_back(OobMessage{m_tag, std::exchange(m_body, QByteArray())});
    }
    return pos;
}

// --- Multiplexer -----------------------------------------------------------

Multiplexer::Multiplexer(qsizetype dataFrameSize)
    : m_frameSize(dataFrameSize)
{
    Q_ASSERT_X(dataFrameSize > 0 && dataFrameSize <= kMaxFrameLength, "Multiplexer",
               "frame size out of range");
}

void Multiplexer::writeData(QByteArrayView bytes)
{
    // Stream bytes go straight into the output behind a header that is
    // filled in when the frame closes (io.c reserves its header the same
    // way): one copy per byte, however the caller slices its writes.
    qsizetype pos = 0;
    while (pos < bytes.size()) {
        if (m_openFrameAt < 0) {
            m_openFrameAt = m_out.size();
            m_out.append(kFrameHeaderSize, '\0');
        }
        const qsizetype room = m_frameSize - openFrameLength();
        const qsizetype n = std::min(room, bytes.size() - pos);
        m_out.append(bytes.sliced(pos, n));
        pos += n;
        if (n == room)
            closeFrame();
    }
}

qsizetype Multiplexer::openFrameLength() const
{
    return m_openFrameAt < 0 ? 0 : m_out.size() - m_openFrameAt - kFrameHeaderSize;
}

void Multiplexer::closeFrame()
{
    if (m_openFrameAt < 0)
        return;
    QByteArray header;
    encodeFrameHeader(header, MsgTag::Data, openFrameLength());
    std::memcpy(m_out.data() + m_openFrameAt, header.constData(), kFrameHeaderSize);
    m_openFrameAt = -1;
}

void Multiplexer::writeMessage(MsgTag tag, QByteArrayView body)
{
    Q_ASSERT_X(tag != MsgTag::Data, "Multiplexer::writeMessage", "use writeData");
    flush();
    encodeFrame(m_out, tag, body);
}

void Multiplexer::writeMessageInt(MsgTag tag, qint32 value)
{
    QByteArray body;
    encodeI32(body, value);
    writeMessage(tag, body);
}

void Multiplexer::flush()
{
    closeFrame();
}

void Multiplexer::writeKeepAlive()
{
    flush();
    encodeFrameHeader(m_out, MsgTag::Data, 0);
}

QByteArray Multiplexer::takeOutgoing()
{
    QByteArray next = std::exchange(m_spare, QByteArray());
    if (m_openFrameAt >= 0) {
        // The open frame stays behind, still growing; only its few bytes
        // are copied, never the framed output before it.
        next.append(QByteArrayView(m_out).sliced(m_openFrameAt));
        m_out.truncate(m_openFrameAt);
        m_openFrameAt = 0;
    }
    return std::exchange(m_out, std::move(next));
}

void Multiplexer::reserveOutgoing(qsizetype bytes)
{
    if (m_out.capacity() < bytes)
        m_out.reserve(bytes);
}

void Multiplexer::recycle(QByteArray&& used)
{
    if (!used.isDetached() || used.capacity() <= m_spare.capacity())
        return;
    used.truncate(0); // keeps the allocation
    m_spare = std::move(used);
}

} // namespace qrsync::protocol
