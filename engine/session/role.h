#pragma once

// The common machinery of a protocol role: the raw handshake, then a
// multiplexed data stream in both directions. Sans-I/O in the h11/quinn
// manner: receive()/receiveEof() feed bytes, advance() does all the work
// the input allows, takeOutgoing() and takeEvents() drain the results.
// Once a role has failed it stays failed.
//
// Call contract for drivers: after any receive(), receiveEof() or
// takeOutgoing(), call advance(); then drain takeOutgoing() to the peer and
// takeEvents() to listeners. A role that neither finished nor failed is
// waiting for input (or for its outgoing bytes to be drained).

#include "core/result.h"
#include "protocol/decode.h"
#include "protocol/multiplex.h"
#include "session/events.h"
#include "session/handshake.h"
#include "session/pathfilter.h"

#include <QByteArray>

#include <optional>
#include <vector>

namespace qrsync::session {

class Role
{
public:
    explicit Role(HandshakeSettings handshake);
    virtual ~Role();
    Role(const Role&) = delete;
    Role& operator=(const Role&) = delete;

    void receive(QByteArrayView bytes);
    // Same, sharing the buffer instead of copying it when nothing is pending.
    void receive(const QByteArray& bytes);
    void receiveEof();
    void advance();

    // Driver services for --timeout: an empty data frame when the link has
    // been quiet (only once the multiplexed stream runs), and a failure the
    // driver detected (the peer said nothing for too long).
    void keepAlive();
    void abort(Error error);
    // rsync's who_am_i() for this role's messages.
    virtual const char* whoAmI() const = 0;

    QByteArray takeOutgoing();
    // A buffer from takeOutgoing() whose bytes are on the wire: refilled
    // instead of allocating a new one.
    void recycleOutgoing(QByteArray&& written) { m_mux.recycle(std::move(written)); }
    qsizetype outgoingSize() const { return m_out.size() + m_mux.outgoingSize(); }
    std::vector<SessionEvent> takeEvents();

    bool isFinished() const { return m_finished; }
    bool hasFailed() const { return m_error.has_value(); }
    const Error& error() const { return *m_error; }
    // The failure is the peer's MSG_ERROR_EXIT: it already told the user
    // (io.c: stock then prints no exit line of its own).
    bool failedByPeerExit() const { return m_failedByPeerExit; }
    const SessionConfig& config() const { return m_config; }
    bool isServer() const { return m_server; }
    // A server on a real connection sends its fatal error to the client
    // (text, then MSG_ERROR_EXIT); an in-process pair reports it directly.
    void setRelayFatalErrors(bool relay) { m_relayFatalErrors = relay; }
    // io_error bits seen or caused by this role (IOERR_*), for the exit code.
    quint32 ioError() const { return m_ioError; }
    // Raw bytes this role took in and handed out (rsync's total_read/written).
    qint64 bytesReceived() const { return m_bytesReceived; }
    qint64 bytesSent() const { return m_bytesSent; }

protected:
    // Called once, right after the handshake.
    virtual void start() = 0;
    // Does what the buffered data allows; returns true if it made progress.
    virtual bool step() = 0;
    // An out-of-band message from the peer (text, MSG_DELETED, ...).
    virtual void handleMessage(const protocol::OobMessage& message);

    QByteArrayView data() const { return m_demux.data(); }
    void consume(qsizetype n) { m_demux.consumeData(n); }
    bool inputEnded() const { return m_eof && m_rawIn.size() == m_rawInStart; }
    void write(QByteArrayView bytes) { m_mux.writeData(bytes); }
    void writeMessage(protocol::MsgTag tag, QByteArrayView body) { m_mux.writeMessage(tag, body); }
    void flush() { m_mux.flush(); }
    // Too much output is queued: stop producing until the driver drains it.
    bool outputFull() const { return outgoingSize() > kOutputHighWater; }
    void emitEvent(SessionEvent event) { m_events.push_back(std::move(event)); }
    // Text for the user: a server sends it to the client as a message (the
    // client prints it), a client shows it itself (rsync's rprintf).
    void tell(protocol::MsgTag tag, const QByteArray& text);
    // A line for stderr exactly as given (rsync's rprintf(FERROR...)).
    void errorMessage(const QByteArray& text, bool transferError = true);
    // An error as rsync's rsyserr() shows it: "qrsync: [who] text".
    void reportError(const char* who, const QByteArray& text, bool transferError = true);
    void fail(Error error);
    void failProtocol(const QString& message);
    // True when `d` holds a value; otherwise the input is short (wait for
    // more) or malformed (the session has failed with a protocol error).
    template<typename T> bool decoded(const protocol::Decode<T>& d)
    {
        if (d.isError())
            failProtocol(d.errorMessage());
        return d.isOk();
    }
    void finish() { m_finished = true; }
    // exclude.c recv_filter_list(): the client's rules, and (when `make`
    // is set) the filter made of them replaces `filter`. False while the
    // list is incomplete or once the role has failed.
    bool readFilterList(const FilterFromWire& make, std::unique_ptr<PathFilter>& filter);
    void addIoError(quint32 bits) { m_ioError |= bits; }

    SessionConfig m_config;

    static constexpr qsizetype kOutputHighWater = 1024 * 1024;

private:
    void feedDemux();

    Handshake m_handshake;
    bool m_server = false;
    bool m_relayFatalErrors = false;
    bool m_started = false;
    QByteArray m_rawIn;
    qsizetype m_rawInStart = 0;
    bool m_eof = false;
    QByteArray m_out; // raw handshake output
    protocol::Demultiplexer m_demux;
    protocol::Multiplexer m_mux;
    std::vector<SessionEvent> m_events;
    std::optional<Error> m_error;
    bool m_failedByPeerExit = false;
    bool m_finished = false;
    quint32 m_ioError = 0;
    qint64 m_bytesReceived = 0;
    qint64 m_bytesSent = 0;
};

} // namespace qrsync::session
