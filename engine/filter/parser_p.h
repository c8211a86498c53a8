#pragma once

// The rule parser shared by FilterList (command line, wire) and FilterStack
// (per-directory merge files): rsync 3.5.0 exclude.c parse_rule_tok(),
// parse_filter_str(), add_rule() and parse_filter_file() without the I/O.

#include "core/result.h"
#include "filter/filterlist.h"
#include "filter/rule.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <functional>

namespace qrsync::filter::detail {

// Where parsed rules go. "clear" empties `rules` and sets clearedInherited
// (the list's inherited part is dropped from view too).
struct ParseTarget
{
    QList<Rule>* rules = nullptr;
    bool clearedInherited = false;
    // True when a per-dir merge file with this base name is already active
    // outside `rules` (add_rule's "already mentioned" check).
    std::function<bool(QByteArrayView baseName)> mergeNameActive;
};

struct ParseEnv
{
    const ParseOptions* options = nullptr;
    FileLoader loader;
    QList<Rule>* cvsRules = nullptr;
    bool* cvsLoaded = nullptr;
    // Anchored rules of a per-dir file become dirPrefix + pattern (the
    // directory relative to the absolute/module root, no trailing '/').
    QByteArray dirPrefix;
    // Merge names containing '/' are resolved against this directory
    // (transfer-relative, empty or ending in '/').
    QByteArray mergeDir;
    int depth = 0;
    // Set while parsing a file's contents: messages then say where the rule
    // came from instead of echoing it (rsync 3.5.0 rule_text()).
    QByteArray origin;
};

Result<> parseString(ParseEnv& env, ParseTarget& target, QByteArrayView text, const Rule& tmpl,
                     int xflags);
Result<> parseContents(ParseEnv& env, ParseTarget& target, QByteArrayView contents,
                       QByteArrayView name, const Rule& tmpl, int xflags);

// clean_fname(CFN_COLLAPSE_DOT_DOT_DIRS): drops "." elements and doubled
// slashes and folds "dir/..".
QByteArray cleanPath(QByteArrayView path);

} // namespace qrsync::filter::detail
