#pragma once

// Incremental recursion on the sending side (filelist.md §5 and §7, rsync
// flist.c send_extra_file_list): the scanned list is cut into one list per
// directory, sent in the order stock walks its directory table (each list
// appends its directories in sorted order; the walk goes to a directory's
// first child, else its next sibling, else back up).
//
// The whole tree is scanned first, so this gains none of stock's memory
// savings; it speaks the same lists, indices and hard-link numbers, so an
// inc-recursive receiver gets exactly what a stock sender would send.

#include "protocol/fileentry.h"

#include <QtGlobal>

#include <optional>
#include <vector>

namespace qrsync::session {

struct IncrementalList
{
    // Position of its directory in the directory table (the ndx
    // NDX_FLIST_OFFSET - dirIndex announces it); -1 for the first list.
    qint32 dirIndex = -1;
    // Global index of the entry the slot ndxStart - 1 stands for: the
    // directory whose contents this is (for the first list its "." entry),
    // or -1 when there is none.
    qint32 parentNdx = -1;
    qint32 ndxStart = 0;
    std::vector<size_t> sent;   // entries (indices into the scan) in transmission order
    std::vector<size_t> sorted; // the same entries in index order
};

// Plans the lists for `entries` (transmission order of a full scan with
// names relative to the transfer root, as without -R) and renumbers the
// hard-link leaders to the global transmission indices the new order gives
// them. nullopt if an entry's directory is not itself in the list (only
// possible with implied directories, i.e. -R, which this does not serve).
std::optional<std::vector<IncrementalList>>
planIncrementalLists(std::vector<protocol::FileEntry>& entries);

} // namespace qrsync::session
