#pragma once

// The filter list as it crosses the wire (filelist.md §1, rsync exclude.c
// send_filter_list / recv_filter_list): each rule as int32 length + bytes,
// the list ended by int32 0. The rule text ("- *.o", "+ /keep/", ":C") is
// produced and parsed by the filter module; this file only frames it.

#include "protocol/decode.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <optional>

namespace qrsync::protocol {

// Stock reads a rule into char[BIGPATHBUFLEN] (5120) and refuses len >= that.
inline constexpr qsizetype kMaxFilterRuleLength = 4096 + 1024 - 1;
// Our own cap on a whole list held until its terminator arrives (stock has
// none; it parses rule by rule). Far above any real command line.
inline constexpr qsizetype kDefaultMaxFilterListBytes = 1024 * 1024;

// Rules must be non-empty (an empty one would read as the terminator) and at
// most kMaxFilterRuleLength; returns false and appends nothing otherwise.
bool encodeFilterList(QByteArray& out, const QList<QByteArray>& rules);

// One rule, or nullopt for the terminator.
Decode<std::optional<QByteArray>> decodeFilterRule(QByteArrayView in);
// The whole list, only once its terminator is in `in`. Refuses a rule over
// kMaxFilterRuleLength (stock "overflow: recv_rules", exit 22 there; here a
// protocol error) and a list whose bytes exceed maxListBytes.
Decode<QList<QByteArray>> decodeFilterList(QByteArrayView in,
                                           qsizetype maxListBytes = kDefaultMaxFilterListBytes);

} // namespace qrsync::protocol
