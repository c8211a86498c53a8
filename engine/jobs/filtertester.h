#pragma once

// "Which rule decides this path?" for the filter editor, answered by the
// engine's own filter module, so the editor cannot disagree with a run.
//
// Like rsync's sender, a path is excluded when any folder above it is
// (the walk never descends into an excluded folder), so the parents are
// checked first, outermost first. Per-directory merge files (dir-merge,
// -F) are not read: the tester has no tree to read them from.

#include <QString>
#include <QStringList>

namespace qrsync::jobs {

struct FilterVerdict
{
    bool valid = true;    // false: a rule does not parse (see errorRule/error)
    int errorRule = -1;   // index of the rule that does not parse
    QString error;        // the parser's message
    bool included = true; // no matching rule means included
    int ruleIndex = -1;   // the deciding rule's index in the list, -1: none matched
    QString ruleText;     // the deciding rule as rsync normalises it ("- *.tmp")
    QString decidedAt;    // the path the rule matched: the path itself or a parent folder ("a/")
};

// path is relative to the transfer root ("photos/2024/a.jpg"); a trailing
// '/' or isDirectory marks a folder.
FilterVerdict testFilterPath(const QStringList& rules, const QString& path, bool isDirectory);

} // namespace qrsync::jobs
