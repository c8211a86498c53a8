#pragma once

// The text phase of the rsync daemon protocol, both sides (rsync
// clientserver.c exchange_protocols, start_inband_exchange,
// start_daemon/rsync_module; io.c read_line_old, read_args). Sans-I/O:
// encoders append bytes, decoders take a view and return one whole item or
// NeedMore without consuming (decode.h).
//
// The conversation, as stock 3.5.0 runs it:
//   S: "@RSYNCD: 32.0 sha512 sha256 sha1 md5 md4\n", then the motd file's
//      bytes and "\n" (only when a motd file is set)
//   C: "@RSYNCD: 32.0 sha512 sha256 sha1 md5 md4\n"  (sent without waiting)
//   C: "module\n"                 ("\n" or "#list\n" asks for the listing)
//   S: listing lines "%-15s\t%s\n" then "@RSYNCD: EXIT\n", or
//      "@RSYNCD: AUTHREQD <challenge>\n" -> C: "<user> <response>\n", then
//      "@RSYNCD: OK\n" or "@ERROR: <text>\n" (then the server hangs up)
//   C: the server arguments, each NUL-terminated, then an empty one
//      (protocol >= 30; older ones use "\n")
// then the binary session starts at the compat flags: the protocol was
// settled by the greetings, so there is no binary version exchange.
//
// Lines end at '\n'; '\r' is dropped anywhere in the line; a NUL byte or a
// line that does not fit stock's BIGPATHBUFLEN buffer is an error.

#include "protocol/decode.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace qrsync::protocol {

// Stock reads lines into char[BIGPATHBUFLEN] (MAXPATHLEN 4096 + 1024),
// one byte for the terminating NUL.
inline constexpr qsizetype kMaxDaemonLineLength = 5119;
// The longest argument list a daemon accepts (rsync.h MAX_ARGS).
inline constexpr int kMaxDaemonArgs = 1000;

// Error kinds of the daemon codec (Decode::errorKind()).
enum class DaemonTextError : int
{
    None = 0,
    LineTooLong = 1,     // no '\n' within kMaxDaemonLineLength bytes
    NulInLine = 2,       // a NUL byte inside a text line
    NotAGreeting = 3,    // the first line is not "@RSYNCD: <n>[.<n>]..."
    NoSubprotocol = 4,   // protocol >= 30 without ".<sub>"
    NoDigestList = 5,    // protocol > 31 without a digest list
    TooManyArgs = 6,     // more than kMaxDaemonArgs arguments
    BadAuthResponse = 7, // the client's "<user> <response>" has no space
};
template<typename T> DaemonTextError daemonTextError(const Decode<T>& d)
{
    return static_cast<DaemonTextError>(d.errorKind());
}

// --- lines ---

// One '\n'-terminated line without its '\n' and with every '\r' dropped
// (read_line_old). Consumes the '\n'.
Decode<QByteArray> decodeDaemonLine(QByteArrayView in);
// text + "\n". The caller keeps '\n' and NUL out of `text`.
void encodeDaemonLine(QByteArray& out, QByteArrayView text);

// --- greeting ---

struct DaemonGreeting
{
    int protocol = 0;
    int subprotocol = 0;
    bool hasDigestList = false;
    QList<QByteArray> digests; // the names after the version, in order
    QByteArray line;           // the line as received, for messages
    friend bool operator==(const DaemonGreeting&, const DaemonGreeting&) = default;
};

// "@RSYNCD: <protocol>.<sub> <digest list>\n" (output_daemon_greeting).
// An empty `digests` writes no list (stock before 3.2).
void encodeDaemonGreeting(QByteArray& out, int protocol, int subprotocol,
                          const QList<QByteArray>& digests);
// Reads one line and parses it like exchange_protocols(): errors
// NotAGreeting, NoSubprotocol (a peer at protocol >= 30 must send one) and
// NoDigestList (a peer above 31 must send one), plus the line errors.
Decode<DaemonGreeting> decodeDaemonGreeting(QByteArrayView in);
// Stock's words for a greeting error, without the newline. A client prints
// them (`rsync: server sent "X" rather than greeting`, ...); a daemon sends
// them to the client as @ERROR lines (`@ERROR: protocol startup error`, ...).
QByteArray greetingErrorText(DaemonTextError kind, QByteArrayView line, bool amClient);
// The session protocol after both greetings (exchange_protocols): the lower
// of the two, one less when the lower side is a pre-release (sub != 0) or
// both claim the same number with different subprotocols.
int daemonSessionProtocol(int ours, int ourSub, int remote, int remoteSub);

// --- module request (client) ---

// "<module>\n"; an empty module asks for the listing, as stock's client
// does for rsync://host/ (a daemon also takes "#list").
void encodeModuleRequest(QByteArray& out, QByteArrayView module);
inline bool isListingRequest(QByteArrayView line)
{
    return line.isEmpty() || line == QByteArrayView("#list");
}

// --- daemon replies ---

struct DaemonReply
{
    enum class Kind
    {
        AuthRequired, // "@RSYNCD: AUTHREQD <challenge>": text is the challenge
        Ok,           // "@RSYNCD: OK": arguments follow, then the session
        Exit,         // "@RSYNCD: EXIT": the end of a module listing
        Error,        // "@ERROR...": text is the whole line; the daemon hangs up
        Text          // a motd or listing line (stock cannot tell them apart)
    };
    Kind kind = Kind::Text;
    QByteArray text;
    friend bool operator==(const DaemonReply&, const DaemonReply&) = default;
};
// One line of what a daemon says after the module request, classified as
// start_inband_exchange() does.
Decode<DaemonReply> decodeDaemonReply(QByteArrayView in);
void encodeDaemonReply(QByteArray& out, const DaemonReply& reply);

// A listing line: "%-15s\t%s\n" (send_listing).
void encodeModuleListing(QByteArray& out, QByteArrayView name, QByteArrayView comment);
// The motd as a daemon sends it: the file's bytes, then "\n".
void encodeMotd(QByteArray& out, QByteArrayView motdFile);

// --- authentication (the challenge's digest: daemonauth.h) ---

struct AuthResponseLine
{
    QByteArray user;
    QByteArray response;
    friend bool operator==(const AuthResponseLine&, const AuthResponseLine&) = default;
};
// "<user> <response>\n" (auth_client; an empty user is sent as "nobody").
void encodeAuthResponse(QByteArray& out, QByteArrayView user, QByteArrayView response);
// Splits at the first space (auth_server); no space is BadAuthResponse.
Decode<AuthResponseLine> decodeAuthResponse(QByteArrayView in);

// --- server arguments (client -> daemon, after "@RSYNCD: OK") ---

// Protocol >= 30: each argument NUL-terminated, then one more NUL; older
// protocols end each with '\n' and the list with an empty line.
void encodeDaemonArgs(QByteArray& out, const QList<QByteArray>& args, int protocol);
// The whole list, or NeedMore. An argument longer than
// kMaxDaemonLineLength is LineTooLong; more than kMaxDaemonArgs is
// TooManyArgs. Older protocols drop '\r' like read_line().
Decode<QList<QByteArray>> decodeDaemonArgs(QByteArrayView in, int protocol);

} // namespace qrsync::protocol
