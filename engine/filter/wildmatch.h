#pragma once

// rsync's wildcard matcher (lib/wildmatch.c semantics, rsync 3.5.0):
//   *      any run of characters except '/'
//   **     any run of characters including '/'
//   ?      one character except '/'
//   [...]  a class: ranges, '!' or '^' negation, \ escapes and the POSIX
//          names [:alnum:] [:alpha:] [:blank:] [:cntrl:] [:digit:] [:graph:]
//          [:lower:] [:print:] [:punct:] [:space:] [:upper:] [:xdigit:]
//          (ASCII only, as in the C locale); a class never matches '/'
//   \c     the character c literally
// A malformed class makes the whole match fail. Pure functions, no state.

#include <QByteArrayView>

namespace qrsync::filter {

// Where a pattern may match inside a '/'-separated text (wildmatch_array's
// "where" argument).
struct MatchAnchor
{
    // 0: the whole text; N > 0: only the trailing N path elements; -1: the
    // whole text or any suffix that starts right after a '/'.
    int where = 0;
};

// True when pattern matches all of text.
bool wildMatch(QByteArrayView pattern, QByteArrayView text);

// wildmatch_array(): pattern against text with the anchoring above.
bool wildMatchAt(QByteArrayView pattern, QByteArrayView text, MatchAnchor anchor);

// litmatch_array(): literal string against text with the anchoring above
// (where < 0 is treated as 0, as rsync never asks for it).
bool literalMatchAt(QByteArrayView literal, QByteArrayView text, MatchAnchor anchor);

} // namespace qrsync::filter
