#include "session/role.h"

#include "protocol/filterwire.h"
#include "protocol/reader.h"

namespace qrsync::session {

Role::Role(HandshakeSettings handshake)
    : m_handshake(handshake)
    , m_server(handshake.side == HandshakeSettings::Side::Server)
    , m_demux(512 * 1024)
{}

Role::~Role() = default;

void Role::receive(QByteArrayView bytes)
{
    if (m_started && m_rawInStart == m_rawIn.size() && !m_demux.hasError()) {
        // Straight into the demultiplexer, which copies the stream bytes
        // out of their frames anyway; only what it cannot take yet (or a
        // malformed frame, for feedDemux() to report) is kept.
        m_bytesReceived += bytes.size();
        const auto taken = m_demux.receive(bytes);
        const qsizetype used = taken ? *taken : 0;
        m_rawIn = QByteArray(bytes.sliced(used).data(), bytes.size() - used);
        m_rawInStart = 0;
        return;
    }
    if (m_rawInStart > 0 && m_rawInStart == m_rawIn.size()) {
        m_rawIn.clear();
        m_rawInStart = 0;
    }
    m_rawIn.append(bytes.data(), bytes.size());
    m_bytesReceived += bytes.size();
}

void Role::receive(const QByteArray& bytes)
{
    if (m_rawInStart == m_rawIn.size()) {
        m_rawIn = bytes; // implicitly shared: no copy
        m_rawInStart = 0;
        m_bytesReceived += bytes.size();
        return;
    }
    receive(QByteArrayView(bytes));
}

void Role::receiveEof()
{
    m_eof = true;
}

QByteArray Role::takeOutgoing()
{
    QByteArray out = std::move(m_out);
    m_out.clear();
    if (out.isEmpty())
        out = m_mux.takeOutgoing();
    else
        out.append(m_mux.takeOutgoing());
    // Room for a full output plus the step that crosses the high-water
    // mark (a whole-file slice), so filling it never reallocates.
    m_mux.reserveOutgoing(kOutputHighWater + 512 * 1024);
    m_bytesSent += out.size();
    return out;
}

void Role::keepAlive()
{
    if (m_started && !m_finished && !hasFailed())
        m_mux.writeKeepAlive();
}

void Role::abort(Error error)
{
    fail(std::move(error));
}

std::vector<SessionEvent> Role::takeEvents()
{
    return std::exchange(m_events, {});
}

void Role::handleMessage(const protocol::OobMessage& message)
{
    using protocol::MsgTag;
    switch (message.tag) {
    case MsgTag::Info:
        emitEvent(MessageEvent{MessageEvent::Level::Info, message.body});
        return;
    case MsgTag::Warning:
        emitEvent(MessageEvent{MessageEvent::Level::Warning, message.body});
        return;
    case MsgTag::Error:
    case MsgTag::ErrorXfer:
        emitEvent(MessageEvent{message.tag == MsgTag::Error ? MessageEvent::Level::Error
                                                            : MessageEvent::Level::ErrorXfer,
                               message.body});
        if (message.tag == MsgTag::ErrorXfer)
            addIoError(1);
        return;
    case MsgTag::ErrorExit:
        // The peer stopped with this code; its text came before it.
        if (message.body.size() == 4) {
            qint32 code = 0;
            protocol::Reader(message.body).i32(code);
            if (!hasFailed())
                m_failedByPeerExit = true;
            fail(Error{ExitCode(code), {}, {}});
        }
        return;
    case MsgTag::IoError:
        if (message.body.size() == 4) {
            qint32 bits = 0;
            protocol::Reader(message.body).i32(bits);
            addIoError(quint32(bits));
        }
        return;
    default:
        return;
    }
}

void Role::tell(protocol::MsgTag tag, const QByteArray& text)
{
    using protocol::MsgTag;
    if (m_server) {
        writeMessage(tag, text);
        return;
    }
    MessageEvent::Level level = MessageEvent::Level::Info;
    if (tag == MsgTag::Warning)
        level = MessageEvent::Level::Warning;
    else if (tag == MsgTag::Error)
        level = MessageEvent::Level::Error;
    else if (tag == MsgTag::ErrorXfer)
        level = MessageEvent::Level::ErrorXfer;
    emitEvent(MessageEvent{level, text});
}

void Role::errorMessage(const QByteArray& text, bool transferError)
{
    tell(transferError ? protocol::MsgTag::ErrorXfer : protocol::MsgTag::Error, text);
    if (transferError)
        addIoError(1);
}

void Role::reportError(const char* who, const QByteArray& text, bool transferError)
{
    errorMessage("qrsync: [" + QByteArray(who) + "] " + text, transferError);
}

void Role::fail(Error error)
{
    if (m_error)
        return;
    m_error = std::move(error);
    // A server's fatal error reaches the user through the client (rsync's
    // rprintf(FERROR) then exit_cleanup() with MSG_ERROR_EXIT from 31 on).
    if (m_server && !m_started && m_relayFatalErrors && !m_error->message.isEmpty()) {
        // Before multiplexing (a refused protocol) only stderr reaches the
        // user; say it before the driver closes the connection, so the
        // client's remote shell still relays it.
        emitEvent(MessageEvent{MessageEvent::Level::Error,
                               QByteArray("qrsync: " + m_error->message.toUtf8() + '\n')});
    }
    if (m_server && m_started && m_relayFatalErrors) {
        if (!m_error->message.isEmpty())
            writeMessage(protocol::MsgTag::Error,
                         QByteArray("qrsync: " + m_error->message.toUtf8() + '\n'));
        writeMessage(protocol::MsgTag::Error,
                     QByteArray(QByteArray("qrsync error: ") + exitCodeText(m_error->code) +
                                " (code " + QByteArray::number(int(m_error->code)) + ")\n"));
        if (m_config.protocol >= 31) {
            QByteArray code;
            protocol::encodeI32(code, int(m_error->code));
            writeMessage(protocol::MsgTag::ErrorExit, code);
        }
        m_mux.flush();
    }
}

void Role::failProtocol(const QString& message)
{
    fail(Error{ExitCode::StreamIo, message, {}});
}

bool Role::readFilterList(const FilterFromWire& make, std::unique_ptr<PathFilter>& filter)
{
    const auto list = protocol::decodeFilterList(data());
    if (!decoded(list))
        return false;
    consume(list.consumed());
    if (!make)
        return true;
    auto made = make(list.value());
    if (!made) {
        fail(made.error());
        return false;
    }
    filter = std::move(*made);
    return true;
}

void Role::feedDemux()
{
    // Messages are handled as they come, so a burst of them (a peer's
    // --debug output) never fills the queue and strands the input behind
    // it: nothing else would feed it again before the peer, waiting for
    // us, sends more.
    for (;;) {
        while (auto message = m_demux.takeMessage())
            handleMessage(*message);
        if (m_rawInStart == m_rawIn.size() || !m_demux.canReceive() || hasFailed())
            return;
        auto taken = m_demux.receive(QByteArrayView(m_rawIn).sliced(m_rawInStart));
        if (!taken) {
            fail(taken.error());
            return;
        }
        m_rawInStart += *taken;
        if (*taken == 0 && !m_demux.hasMessage())
            return; // the data buffer is full: step() must consume first
    }
}

void Role::advance()
{
    if (hasFailed() || m_finished)
        return;
    if (!m_started) {
        auto used = m_handshake.advance(QByteArrayView(m_rawIn).sliced(m_rawInStart), m_out);
        if (!used) {
            fail(used.error());
            return;
        }
        m_rawInStart += *used;
        if (!m_handshake.done()) {
            if (m_eof)
                fail(Error{ExitCode::StreamIo,
                           QStringLiteral("connection unexpectedly closed during the handshake"),
                           {}});
            return;
        }
        m_config = m_handshake.config();
        m_started = true;
        start();
    }
    for (;;) {
        feedDemux();
        if (hasFailed() || m_finished)
            break;
        const bool progressed = step();
        if (hasFailed() || m_finished || !progressed)
            break;
    }
    if (!hasFailed() && !m_finished && inputEnded() && m_demux.bufferedData() == 0 && !step()) {
        fail(Error{ExitCode::StreamIo, QStringLiteral("connection unexpectedly closed"), {}});
    }
    m_mux.flush();
}

} // namespace qrsync::session
