#pragma once

// From the user's options to the settings of each protocol role. Shared by
// every way a transfer runs (local pair, remote-shell client, --server), so
// that the same option means the same thing whichever side we are.

#include "core/result.h"
#include "filter/filterlist.h"
#include "options/transferoptions.h"
#include "session/handshake.h"
#include "session/pathfilter.h"
#include "session/receiverside.h"
#include "session/rolepairdriver.h"
#include "session/sender.h"

#include <memory>

namespace qrsync::session {

// The rules of --filter/--exclude/--include/-C/-F and their files, in order.
Result<filter::FilterList> buildFilterList(const options::TransferOptions& o);

// The filter module behind a role's PathFilter, for one side's rules.
std::unique_ptr<PathFilter> makeStackFilter(const filter::FilterList& list, filter::Side side);

PreserveFlags preserveFlags(const options::TransferOptions& o);

// The exit code the run's io_error bits call for (main.c, log.c).
ExitCode exitCodeFor(quint32 ioError);

// The client's half of the handshake: announced protocol, name lists.
// Whether our sender can speak incremental recursion for this transfer:
// it splits a full scan into per-directory lists, which needs -r, one
// source (no duplicate directories to merge) and names relative to it.
bool senderCanIncRecurse(const options::TransferOptions& o);
HandshakeSettings clientHandshake(const options::TransferOptions& o);

// A server's half: `compatFlags` from the client's -e. letters (or our own
// choice for the in-process pair) and a fresh seed unless one was given.
HandshakeSettings serverHandshake(const options::TransferOptions& o, quint32 compatFlags);

// The compat flags a server announces for the client's capability letters
// (handshake.md §5); incremental recursion is never offered yet.
quint32 serverCompatFlags(const QString& capabilities);

// What the sending role needs; `sources` are the local paths to send.
Result<SenderSettings> senderSettings(const options::TransferOptions& o,
                                      const filter::FilterList& filters, bool isServer,
                                      bool localServer);

// What the receiving role needs; `destination` is the local target.
ReceiverSettings receiverSettings(const options::TransferOptions& o,
                                  const filter::FilterList& filters, bool isServer,
                                  bool localServer);

// --timeout and --bwlimit for the connection's driver.
ChannelLimits channelLimits(const options::TransferOptions& o);

// The "workers" path: checksum and signature jobs on a pool, or inline.
std::shared_ptr<Workers> makeWorkers(const options::TransferOptions& o);

QByteArray encodePath(const QString& path);

} // namespace qrsync::session
