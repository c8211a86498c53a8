#pragma once

// One parsed filter rule, in rsync's terms (exclude.c, filter_rule and the
// FILTRULE_* flags of rsync.h, rsync 3.5.0).
//
// Invariants: `pattern` never ends in '/' (a trailing slash became
// directoryOnly); the derived fields (wild*, slashCount) always describe
// `pattern` (call finishPattern() after changing it). Merge (".") and
// "clear" rules are consumed by the parser and never stored.

#include <QByteArray>
#include <QByteArrayView>

namespace qrsync::filter {

// Which side evaluates the rules: hide/show (and 's') apply on the sender,
// protect/risk (and 'r') on the receiver; a rule with neither or both
// applies on both.
enum class Side
{
    Sender,
    Receiver
};

struct Rule
{
    QByteArray pattern;

    bool include = false;       // '+', show, risk (else exclude/hide/protect)
    bool directoryOnly = false; // pattern had a trailing '/'
    bool absPath = false;       // '/' modifier or anchored per-dir rule: match
                                // against the path from the filesystem/module root
    bool negate = false;        // '!': matches when the pattern does not
    bool perishable = false;    // 'p': ignored when the parent dir is going away
    bool xattr = false;         // 'x': applies to xattr names only, never to paths
    bool senderSide = false;    // 's' (hide/show)
    bool receiverSide = false;  // 'r' (protect/risk)

    // Per-dir merge (':' / dir-merge) and CVS ("-C") rules.
    bool perDirMerge = false;
    bool cvsIgnore = false;   // 'C': ":C" is a per-dir .cvsignore, "-C" the global list
    bool noInherit = false;   // 'n'
    bool wordSplit = false;   // 'w'
    bool noPrefixes = false;  // '+'/'-' modifiers of a merge rule
    bool excludeSelf = false; // 'e' (consumed by the parser: it adds an exclude)

    // Derived from pattern (add_rule): '*', '[' or '?' present; "**"
    // present; starts with "**"; ends with "***"; number of '/'.
    bool wild = false;
    bool wild2 = false;
    bool wild2Prefix = false;
    bool wild3Suffix = false;
    int slashCount = 0;

    // Bookkeeping, not part of rsync's rule.
    bool fromCvsOption = false; // appended by the -C option, not written by the user
    int mergeSlot = -1;         // FilterStack's list for a per-dir merge rule

    // Recomputes the derived fields from pattern.
    void finishPattern();

    // True when the rule takes part in matching on this side.
    bool appliesTo(Side side) const;

    // get_rule_prefix(): type letter, modifiers and a space, e.g. "- ",
    // "+/! ", ":n- ", "-C ", "-p ". The same string is what goes on the
    // wire for protocols >= 30.
    QByteArray prefix() const;

    // prefix + pattern + "/" for directory rules: what the user sees as
    // "why" (and what send_rules() puts on the wire).
    QByteArray text() const;
};

// rule_matches(): does the rule's pattern (ignoring include/exclude) hit
// this path? relPath is relative to the transfer root ("a/b/c", no leading
// or trailing '/'). absPrefix is the transfer root relative to the
// filesystem or module root, without leading '/' ("home/u/src"), used only
// by absPath rules; empty when the root is "/" or unknown.
bool ruleMatches(const Rule& rule, QByteArrayView relPath, bool isDirectory,
                 QByteArrayView absPrefix = {});

} // namespace qrsync::filter
