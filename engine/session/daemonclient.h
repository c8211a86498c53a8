#pragma once

// The client's side of an rsync daemon's text phase (rsync clientserver.c
// start_inband_exchange, authenticate.c auth_client) as a state machine over
// the codec in protocol/daemonhandshake.h. Sans-I/O: bytes in, bytes out;
// the password comes in when the daemon asks for it, so the caller decides
// where it is read from (and only reads it when needed, as stock does).
//
//   advance() -> [NeedPassword -> setPassword()] -> Ready | Listed | Failed
//
// Ready: the arguments went out and the binary session starts on the same
// connection at protocol(). Listed: the module listing ended ("@RSYNCD:
// EXIT"). Text lines (motd, listing) collect in takeTextLines() in order.

#include "core/result.h"
#include "protocol/daemonauth.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <optional>

namespace qrsync::session {

struct DaemonClientSettings
{
    int protocol = 32;            // what we announce (--protocol)
    QByteArray module;            // empty: ask for the module listing
    QByteArray user;              // empty: "nobody" when asked to authenticate
    QList<QByteArray> serverArgs; // the daemon's argv, sent after "@RSYNCD: OK"
};

class DaemonClientHandshake
{
public:
    enum class State
    {
        Running,      // feed more bytes
        NeedPassword, // call setPassword()
        Ready,        // the session may start
        Listed,       // the listing is complete; nothing follows
        Failed,       // error() says why; nothing more is read or sent
    };

    explicit DaemonClientHandshake(DaemonClientSettings settings);

    // Consumes what it can of `in` and appends what is due to `out`.
    // Returns the bytes consumed; never reads past "@RSYNCD: OK", so what
    // follows belongs to the binary session. Errors also set Failed.
    Result<qsizetype> advance(QByteArrayView in, QByteArray& out);
    // The connection closed (or a read failed) before Ready/Listed.
    Error receiveEof();
    // The answer to "@RSYNCD: AUTHREQD"; only in NeedPassword.
    Result<> setPassword(QByteArrayView password, QByteArray& out);

    State state() const { return m_state; }
    // The session protocol, once the daemon's greeting was read.
    std::optional<int> protocol() const { return m_protocol; }
    // Lines that are not part of the protocol: motd and module listing.
    QList<QByteArray> takeTextLines() { return std::exchange(m_text, {}); }
    // Failed: what went wrong. An "@ERROR..." line from the daemon is the
    // message as is (stock prints it verbatim), exit 5.
    const Error& error() const { return m_error; }
    bool errorIsDaemonLine() const { return m_daemonLine; }

private:
    enum class Step
    {
        SendGreeting,
        ReadGreeting,
        ReadReplies,
    };
    Result<qsizetype> fail(Error e);

    DaemonClientSettings m_settings;
    State m_state = State::Running;
    Step m_step = Step::SendGreeting;
    std::optional<int> m_protocol;
    QList<QByteArray> m_peerDigests;
    bool m_peerHasDigestList = false;
    QByteArray m_challenge;
    QList<QByteArray> m_text;
    Error m_error;
    bool m_daemonLine = false;
};

// The daemon's argv for the user's remote paths (start_inband_exchange):
// the module alone becomes "module/", a leading '-' gets "./", and a space
// before " module/" inside a path is sent as "[ ]" so the daemon does not
// split the path there.
QList<QByteArray> daemonPathArguments(const QStringList& paths, const QString& module);

// The module a remote path names: the text before the first '/'.
QString daemonModuleOf(const QString& path);

} // namespace qrsync::session
