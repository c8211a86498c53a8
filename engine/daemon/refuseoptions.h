#pragma once

// `refuse options` (rsync options.c set_refuse_options /
// parse_one_refuse_match): each word is an option name, a short letter or
// a wildcard; "!" accepts again; "a"/"archive" stands for its letters
// -rlptgoD; later words override earlier ones. Some options are always
// refused by a daemon (log-file*, insecure-links, copy-devices,
// write-devices) and some only by an exact, non-wildcard word (e, s, n,
// 0, sender, server, checksum-seed, log-format, iconv).

#include <QString>
#include <QStringList>

#include <optional>

namespace qrsync::daemon {

// The options a server command line uses, as rsync's long names ("links")
// or, for short-only options, "-D".
QStringList optionsUsed(const QStringList& serverArgs);

// Stock's message for the first refused option used, without the
// "rsync: " prefix: "The server is configured to refuse --delete".
std::optional<QString> refusedOption(const QStringList& refuseWords, const QStringList& serverArgs);

} // namespace qrsync::daemon
