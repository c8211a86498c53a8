#pragma once

// The command line of a remote `rsync --server` (handshake.md §1-§3):
// building it as stock rsync 3.5.0's server_options() does, and reading it
// back on the server side.
//
//   --server [--sender] -<flags>[e.<caps>] [long options] . PATH...

#include "core/result.h"
#include "options/transferoptions.h"

#include <QString>
#include <QStringList>

namespace qrsync::options {

// What the remote server does.
enum class ServerRole
{
    Receiver, // we push: the server receives (no --sender)
    Sender,   // we pull or list: the server sends (--sender)
};

struct ServerArgsRequest
{
    ServerRole role = ServerRole::Receiver;
    int protocol = kDefaultProtocol; // <30: no "e." part (maybe_add_e_option)
    QStringList paths;               // remote paths, after the "." argument
    // Send the 'i' capability when the options allow incremental recursion
    // (as stock does); false keeps the whole list in one piece.
    bool offerIncRecurse = true;
};

// The capability letters stock 3.2.7-3.5.0 sends after "e." (without "i"
// when incremental recursion is off); handshake.md §3.
inline constexpr char kClientCapabilities[] = "iLsfxCIvu";

// The server's argv (after the rsync path) as stock builds it for the same
// options, unescaped: the form the server sees. With -s the whole list is
// what the server ends up with (command line plus the secluded part).
QStringList serverArguments(const TransferOptions& options, const ServerArgsRequest& request);

// What goes to the remote shell: `commandLine` escaped as stock's
// safe_arg() does (the remote shell undoes it), and with -s the part that
// is sent over the pipe instead (unescaped, without the leading "rsync").
struct RemoteShellCommand
{
    QStringList commandLine;
    QStringList secludedArgs;
};
RemoteShellCommand remoteShellCommand(const TransferOptions& options,
                                      const ServerArgsRequest& request);

// safe_arg() (options.c): backslash-escape shell characters; option values
// (isPath = false) also escape wildcards, paths get "./" before a leading
// "-" so they can't be taken for options.
QString shellEscape(const QString& text, bool isPath);

struct ServerInvocation
{
    TransferOptions options;
    ServerRole role = ServerRole::Receiver;
    bool capabilitiesGiven = false;  // an "e" part was present
    QString capabilities;            // letters after "e." ("iLsfxCIvu")
    QString clientSubprotocol;       // "32.0" from a pre-release "e32.0..."
    bool secludedArgsFollow = false; // 's' flag: real argv comes on stdin
    QStringList paths;               // after the "." dummy argument
    QStringList arguments;           // the argv parsed, for -s to extend
};

// Reads `--server [--sender] -<flags>e.<caps> [long opts] . PATH...` (letters
// in any order) with the same rules as the client. A leading program name
// is not expected.
Result<ServerInvocation> parseServerArguments(const QStringList& argv);

} // namespace qrsync::options
