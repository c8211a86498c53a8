#pragma once

// The top-level filter list built from the command line (or received from
// the client), as in rsync 3.5.0 options.c / exclude.c parse_filter_str().
//
// Order matters: the first matching rule wins, so options must be added in
// command-line order; set ParseOptions (--delete-excluded, --from0) before
// adding any rule, and call addCvsExclude() last (rsync appends the -C rules
// after all others wherever -C was written).
//
// Pure: files (merge rules, --exclude-from) are read by the caller, through
// a FileLoader or by passing their contents.

#include "core/result.h"
#include "filter/rule.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <functional>
#include <optional>

namespace qrsync::filter {

// Reads a filter file. `path` is as rsync would open it: for merge rules on
// the command line, the name as written; inside a FilterStack, relative to
// the transfer root (or absolute for the parent-dir scan of a dir-merge name
// starting with '/'). Returns nullopt when the file does not exist (or
// cannot be opened), an Error for anything worse.
using FileLoader = std::function<Result<std::optional<QByteArray>>(const QByteArray& path)>;

struct ParseOptions
{
    bool deleteExcluded = false;             // plain include/exclude become sender-side
    bool from0 = false;                      // --from0: filter files are NUL-separated
    int protocol = 32;                       // >= 30 marks the CVS default list perishable
    QByteArray cvsIgnoreEnv;                 // $CVSIGNORE, for -C
    std::optional<QByteArray> homeCvsignore; // contents of $HOME/.cvsignore
};

class FilterList
{
public:
    explicit FilterList(ParseOptions options = {});

    // --filter=RULE / -f. `loader` reads "merge"/"." files; without one a
    // merge rule fails.
    Result<> addFilter(QByteArrayView rule, const FileLoader& loader = {});
    // --exclude=PATTERN / --include=PATTERN ("- "/"+ " prefixes and a lone
    // "!" are still understood, XFLG_OLD_PREFIXES).
    Result<> addExclude(QByteArrayView pattern);
    Result<> addInclude(QByteArrayView pattern);
    // --exclude-from/--include-from: the file's contents and its name (for
    // messages). Lines are split on \n, \r\n or \r (NUL with --from0);
    // blank lines and lines starting with ';' or '#' are skipped.
    Result<> addExcludeFrom(QByteArrayView contents, QByteArrayView fileName);
    Result<> addIncludeFrom(QByteArrayView contents, QByteArrayView fileName);
    // -F: the first adds "dir-merge /.rsync-filter", the second
    // "- .rsync-filter", further ones nothing.
    Result<> addRsyncFilterOption();
    // -C: appends ":C" and "-C" (per-dir .cvsignore, then the global list:
    // the default names, homeCvsignore, then cvsIgnoreEnv).
    Result<> addCvsExclude();

    // Appends a rule from any other source (the wire, tests).
    Result<> addParsed(QByteArrayView rule, int xflags, const FileLoader& loader = {});

    const QList<Rule>& rules() const { return m_rules; }
    // The global CVS list, filled when a "-C" rule is parsed (once).
    const QList<Rule>& cvsRules() const { return m_cvsRules; }
    const ParseOptions& options() const { return m_options; }
    bool cvsExcludeOption() const { return m_cvsOption; }

private:
    friend class FilterStack;
    Result<> parse(QByteArrayView text, const Rule& tmpl, int xflags, const FileLoader& loader);
    Result<> parseFileContents(QByteArrayView contents, QByteArrayView name, const Rule& tmpl,
                               int xflags);

    ParseOptions m_options;
    QList<Rule> m_rules;
    QList<Rule> m_cvsRules;
    bool m_cvsLoaded = false;
    bool m_cvsOption = false;
    int m_fCount = 0;
};

// parse_rule_tok() xflags, exposed for addParsed().
namespace xflag {
inline constexpr int FatalErrors = 1 << 0;   // XFLG_FATAL_ERRORS
inline constexpr int OldPrefixes = 1 << 1;   // XFLG_OLD_PREFIXES: only "+ ", "- ", "!"
inline constexpr int AnchoredToAbs = 1 << 2; // XFLG_ANCHORED2ABS (per-dir files)
} // namespace xflag

// rsync's -C default list (rsync.1 "--cvs-exclude"), space-separated.
QByteArrayView defaultCvsIgnore();

} // namespace qrsync::filter
