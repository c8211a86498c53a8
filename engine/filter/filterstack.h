#pragma once

// Filter evaluation while walking a tree, with per-directory merge files
// (rsync 3.5.0 exclude.c push_local_filters(), pop_local_filters(),
// setup_merge_file(), check_filter(), rule_matches()).
//
// Call contract: enterDirectory("") for the transfer root, then for each
// directory the walk descends into (only included ones, as rsync does)
// enterDirectory(relDir) before checking its entries and leaveDirectory()
// when done with it; calls nest like the walk. check() may be called at
// any time and does no I/O. A per-dir merge file found in directory D
// affects the entries of D and below, never D itself.
//
// Each dir-merge rule owns a list ("slot"): the rules read in the current
// directory followed by those inherited from the parents (unless 'n').
// Entering a directory snapshots all slots; leaving restores the snapshot
// (the lists share their data, so a snapshot is cheap).

#include "core/result.h"
#include "filter/filterlist.h"
#include "filter/rule.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <vector>

namespace qrsync::filter {

struct MatchResult
{
    enum class Verdict
    {
        Included,
        Excluded,
        NoMatch
    };
    Verdict verdict = Verdict::NoMatch;
    QByteArray ruleText; // Rule::text() of the deciding rule, empty on NoMatch
    QByteArray listName; // "" (top level), "[per-dir .rsync-filter]", "[global CVS]"

    // NoMatch counts as included, as in rsync.
    bool excluded() const { return verdict == Verdict::Excluded; }
};

class FilterStack
{
public:
    explicit FilterStack(const FilterList& list);

    // The transfer root as rsync's curr_dir sees it: an absolute path for a
    // client ("/home/u/src"), the path below the module root for a daemon
    // ("/sub"). Used by '/'-modifier rules, by anchored rules of per-dir
    // files, and for the parent-dir scan of dir-merge names that start with
    // '/' (-F reads /.rsync-filter, /home/.rsync-filter, ... first). When
    // unset, the transfer root is treated as "/" (no parent scan). Set it
    // before the first enterDirectory().
    void setRootPath(QByteArrayView absoluteRoot);

    // Reads the per-dir merge files of relDir ("" or "." for the root,
    // "a/b" below it) through readFile (paths relative to the transfer
    // root, absolute ones for the parent scan). A missing file is skipped;
    // a bad rule or a failing merge ("." in a per-dir file) is an Error, in
    // which case the directory is not entered.
    Result<> enterDirectory(const QByteArray& relDir, const FileLoader& readFile);
    void leaveDirectory();
    int depth() const { return int(m_frames.size()); }

    // check_filter(): the first matching rule decides. relPath is relative
    // to the transfer root. ignorePerishable skips 'p' rules (rsync does
    // when deleting a directory's contents).
    MatchResult check(QByteArrayView relPath, bool isDirectory, Side side,
                      bool ignorePerishable = false) const;

private:
    struct Slot
    {
        Rule rule;         // the dir-merge rule; pattern becomes the base name
        QList<Rule> rules; // local rules first, then inherited ones
        bool needsSetup = true;
    };

    void registerSlots(QList<Rule>& rules);
    Result<> parseInto(int slot, QByteArrayView contents, const QByteArray& name,
                       const QByteArray& absDir, const QByteArray& relDir,
                       const FileLoader& readFile);
    Result<> setupMergeFile(int slot, const QByteArray& absDir, const FileLoader& readFile);
    QByteArray loaderPath(const QByteArray& absPath) const;
    MatchResult checkList(const QList<Rule>& rules, const QByteArray& listName,
                          QByteArrayView relPath, bool isDirectory, Side side,
                          bool ignorePerishable) const;

    ParseOptions m_options;
    QList<Rule> m_top;
    QList<Rule> m_cvs;
    bool m_cvsLoaded = false;
    QByteArray m_root; // absolute, no trailing '/', "" for "/"
    std::vector<Slot> m_slots;
    std::vector<std::vector<Slot>> m_frames;
};

} // namespace qrsync::filter
