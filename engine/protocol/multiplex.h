#pragma once

// Multiplexed frames (framing.md §3, rsync io.c send_msg / read_a_msg).
//
// A frame is a 4-byte little-endian header ((MPLEX_BASE + tag) << 24 | length)
// followed by `length` bytes. The data stream is the concatenation of all
// MSG_DATA bodies; any other frame may arrive between two data frames, even in
// the middle of a field. Invariants kept here:
//   - an unknown tag, or a message whose length stock refuses ("invalid
//     multi-message", "multiplexing overflow"), is a protocol error (exit 12);
//   - nothing here buffers more than its caps: the Demultiplexer holds at most
//     maxBufferedData stream bytes and kMaxQueuedMessages messages, each at
//     most kMaxMessageLength bytes, and stops accepting input beyond that.

#include "core/result.h"
#include "protocol/decode.h"

#include <QByteArray>
#include <QByteArrayView>

#include <deque>
#include <optional>

namespace qrsync::protocol {

// rsync.h enum msgcode. The values are wire values: never renumber.
enum class MsgTag : quint8
{
    Data = 0,        // stream bytes
    ErrorXfer = 1,   // text; stderr; counts as a transfer error
    Info = 2,        // text; stdout
    Error = 3,       // text; stderr
    Warning = 4,     // text; stderr
    ErrorSocket = 5, // sibling only
    Log = 6,         // sibling only
    Client = 7,      // sibling only
    ErrorUtf8 = 8,   // sibling only
    Redo = 9,        // int32 ndx, receiver -> generator (sibling only)
    Stats = 10,      // int64, receiver -> generator (sibling only)
    IoError = 22,    // int32 io_error bits
    IoTimeout = 33,  // int32 seconds, daemon -> client, protocol >= 31
    Noop = 42,       // empty; legacy protocol-30 keep-alive (accept, never send)
    ErrorExit = 86,  // int32 exit code, or empty (the acknowledgement); protocol >= 31
    Success = 100,   // int32 ndx (+ dev/ino on local transfers)
    Deleted = 101,   // path; a directory keeps its trailing NUL
    NoSend = 102,    // int32 ndx, sender -> generator
};

inline constexpr int kMplexBase = 7; // rsync.h MPLEX_BASE
inline constexpr qsizetype kFrameHeaderSize = 4;
inline constexpr qsizetype kMaxFrameLength = 0xFFFFFF; // 24-bit length field
// Stock reads a message body into char[BIGPATHBUFLEN] (4096 + 1024 on
// Linux) and refuses msg_bytes >= that size (io.c read_a_msg).
inline constexpr qsizetype kMaxMessageLength = 4096 + 1024 - 1;
// Stock fills its 32 KiB output buffer before it cuts a data frame.
inline constexpr qsizetype kDefaultDataFrameSize = 32 * 1024;

// True for the tags of the enum above (io.c read_a_msg knows no others).
bool isKnownMsgTag(int tag);
// Tags a peer may send over the socket; the others pass only between a
// generator and its receiver and make stock abort ("invalid multi-message").
bool msgTagCrossesWire(MsgTag tag);
// Checks a message body length the way stock does for each tag. `localServer`
// allows the 20-byte MSG_SUCCESS of local transfers. Data frames always pass.
bool isValidMessageLength(MsgTag tag, qsizetype length, bool localServer = false);

struct Frame
{
    MsgTag tag = MsgTag::Data;
    QByteArray body;
    friend bool operator==(const Frame&, const Frame&) = default;
};

// Writes just the 4-byte header. length must be <= kMaxFrameLength.
void encodeFrameHeader(QByteArray& out, MsgTag tag, qsizetype length);
// Appends body as one frame, or, for MSG_DATA longer than kMaxFrameLength, as
// several. A non-data body longer than kMaxMessageLength is a caller bug.
void encodeFrame(QByteArray& out, MsgTag tag, QByteArrayView body);
// One whole frame (NeedMore until the body is complete). Errors on an unknown
// tag or a length stock refuses for that tag (`localServer` as in
// isValidMessageLength).
Decode<Frame> decodeFrame(QByteArrayView in, bool localServer = false);

struct OobMessage
{
    MsgTag tag = MsgTag::Info;
    QByteArray body;
    friend bool operator==(const OobMessage&, const OobMessage&) = default;
};

// Incremental reader of a multiplexed input stream. Feed it whatever arrives;
// MSG_DATA payload becomes readable through data() as soon as its bytes do
// (partial frames included), other frames are queued whole.
//
// Contract:
//   - receive() accepts a prefix of its input and returns how many bytes it
//     took. It takes less than everything only when the data buffer holds
//     maxBufferedData bytes or the message queue is full: the driver should
//     then stop reading the socket (backpressure), drain data()/takeMessage(),
//     and offer the rest again.
//   - After a protocol error every later receive() returns that error.
class Demultiplexer
{
public:
    static constexpr qsizetype kDefaultMaxBufferedData = 256 * 1024;
    static constexpr qsizetype kMaxQueuedMessages = 256;

    explicit Demultiplexer(qsizetype maxBufferedData = kDefaultMaxBufferedData,
                           bool localServer = false);

    Result<qsizetype> receive(QByteArrayView bytes);

    // The stream bytes received so far and not yet consumed.
    QByteArrayView data() const;
    qsizetype bufferedData() const { return m_data.size() - m_dataStart; }
    // Drops the first n bytes of data(); n <= bufferedData().
    void consumeData(qsizetype n);
    // True while receive() would take more input.
    bool canReceive() const;

    std::optional<OobMessage> takeMessage();
    bool hasMessage() const { return !m_messages.empty(); }

    // True between frames: an EOF here is clean, elsewhere it truncates a frame.
    bool atFrameBoundary() const { return m_headerFill == 0 && m_remaining == 0; }
    bool hasError() const { return m_error.has_value(); }

private:
    Result<void> startFrame();
    void makeRoomFor(qsizetype n);

    qsizetype m_maxBufferedData;
    bool m_localServer;
    QByteArray m_data;
    qsizetype m_dataStart = 0;
    std::deque<OobMessage> m_messages;

    char m_header[kFrameHeaderSize] = {};
    qsizetype m_headerFill = 0;
    MsgTag m_tag = MsgTag::Data;
    qsizetype m_remaining = 0; // body bytes of the current frame still to come
    QByteArray m_body;         // body of the current non-data frame
    std::optional<Error> m_error;
};

// Batches outgoing stream bytes into MSG_DATA frames and interleaves
// messages. Output is pulled with takeOutgoing(); nothing is written anywhere.
// Pending stream bytes are framed before any message, so a message never
// overtakes data written before it.
class Multiplexer
{
public:
    explicit Multiplexer(qsizetype dataFrameSize = kDefaultDataFrameSize);

    // Buffers stream bytes; full frames of dataFrameSize are cut at once.
    void writeData(QByteArrayView bytes);
    // Frames pending data, then the message. body must respect
    // isValidMessageLength() (a caller bug otherwise).
    void writeMessage(MsgTag tag, QByteArrayView body);
    void writeMessageInt(MsgTag tag, qint32 value);
    // Frames pending stream bytes now (io.c io_flush).
    void flush();
    // An empty MSG_DATA frame (framing.md §5), after pending data.
    void writeKeepAlive();

    // Framed bytes ready for the wire; call flush() first to include pending
    // data (stream bytes of a frame not yet full).
    QByteArray takeOutgoing();
    // Pre-sizes the output buffer so that filling it does not reallocate.
    void reserveOutgoing(qsizetype bytes);
    // Takes back a buffer returned by takeOutgoing() once its bytes are
    // written, to fill again without a fresh allocation.
    void recycle(QByteArray&& used);
    // Everything written and not yet taken, pending data included.
    qsizetype outgoingSize() const { return m_out.size(); }
    qsizetype pendingData() const { return openFrameLength(); }

private:
    static constexpr qsizetype kFrameHeaderSize = 4;

    qsizetype openFrameLength() const;
    void closeFrame();

    qsizetype m_frameSize;
    QByteArray m_out;
    QByteArray m_spare; // a written buffer to fill next (recycle())
    // Offset in m_out of the header of the data frame being filled, or -1.
    qsizetype m_openFrameAt = -1;
};

} // namespace qrsync::protocol
