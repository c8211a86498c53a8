#pragma once

// The qrsync command line, parsed with stock rsync 3.5.0's syntax (popt:
// bundled short options, "--opt=value" and "--opt value", no abbreviations,
// options and paths in any order, "--" ends options) and its rules
// (options.c parse_arguments()).
//
// Error messages carry no program prefix; the CLI prints
// "qrsync: <message>" and exits with Error::code (Syntax for usage errors,
// as stock's RERR_SYNTAX).

#include "core/result.h"
#include "options/asyncpaths.h"
#include "options/serverargs.h"
#include "options/transferoptions.h"

#include <QStringList>

#include <optional>

namespace qrsync::options {

struct ParsedCommandLine
{
    enum class Action
    {
        Transfer, // run a transfer (or a listing) with `options`
        Help,     // print helpText(), exit 0 (--help, or -h on its own)
        Version,  // print versionText(), exit 0
        Server,   // --server: run as a server, see `server`
        Daemon,   // --daemon (or another daemon-mode option): `daemonArgs`
    };
    Action action = Action::Transfer;
    TransferOptions options;
    int versionCount = 0;                   // -V count
    std::optional<ServerInvocation> server; // Action::Server
    QStringList daemonArgs;                 // Action::Daemon: the unparsed args
};

// args excludes the program name. env supplies RSYNC_PROTECT_ARGS,
// RSYNC_PARTIAL_DIR and QRSYNC_ASYNC_*; compiledAsync is what the build has
// (compiledAsyncPaths() outside tests).
Result<ParsedCommandLine> parseCommandLine(const QStringList& args, const Environment& env,
                                           const AsyncPaths& compiledAsync = compiledAsyncPaths());

// The effective level of an --info word ("PROGRESS", "STATS", "NAME"...)
// after -v, --stats, --progress and --info (options.c
// set_output_verbosity()); 0 for unknown words.
int infoLevel(const TransferOptions& options, const QString& word);

// The --out-format in effect: --out-format, else "%i %n%L" with -i, else
// "%n%L" when names are printed (-v, --progress), else empty.
QString effectiveOutFormat(const TransferOptions& options);

} // namespace qrsync::options
