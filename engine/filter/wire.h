#pragma once

// The filter list on the wire (protocol notes filelist.md §1; rsync 3.5.0
// exclude.c send_filter_list(), send_rules(), recv_filter_list()). Only
// protocols >= 30 are covered: there every rule keeps its full prefix.
//
// Framing: each rule as int32 length + bytes, then int32 0.

#include "core/result.h"
#include "filter/filterlist.h"

#include <QByteArray>
#include <QList>

namespace qrsync::filter {

// recv_filter_list() refuses a rule of BIGPATHBUFLEN bytes or more.
inline constexpr qsizetype kMaxWireRuleLength = 4096 + 1024 - 1;

// Whether a client writes the list at all (send_filter_list(); the server
// applies the same test to decide whether to read one). A client receiver
// always sends it; a client sender only when the server receiver needs it.
bool clientSendsFilterList(bool amSender, bool deleteMode, bool deleteExcluded,
                           bool pruneEmptyDirs);

// send_rules(): the rule strings a client sends, in order, without the
// framing. Rules that apply only on the client's side are left out
// (sender-only rules when pushing, receiver-only ones when pulling,
// plain rules with --delete-excluded when pushing). A pushing client with
// -C sends ":C .cvsignore" and the expanded CVS list instead of "-C"; a
// pulling one leaves the -C rules to the server (it has -C in its args).
QList<QByteArray> rulesForWire(const FilterList& list, bool amSender);

// int32 length + bytes per rule, then int32 0 (all little-endian).
QByteArray encodeFilterList(const QList<QByteArray>& rules);

struct ServerFilterOptions
{
    bool amSender = false;   // the server is the sender (pull)
    bool cvsExclude = false; // -C was among the server's args
    ParseOptions parse;      // --delete-excluded, --from0, protocol
};

// recv_filter_list() after the framing was read: parses the client's rules
// into the server's list and appends the -C rules a server sender adds
// itself. A rule longer than kMaxWireRuleLength is a protocol error
// (RERR_MALLOC in rsync); a malformed rule is a syntax error. `loader`
// serves "merge" rules (rsync opens them on the server; a client never
// sends them as it expands merges itself); without one they fail.
Result<FilterList> parseWireRules(const QList<QByteArray>& rules,
                                  const ServerFilterOptions& options,
                                  const FileLoader& loader = {});

} // namespace qrsync::filter
