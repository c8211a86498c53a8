#pragma once

// The file-list order both sides must agree on (filelist.md §6, rsync
// flist.c f_name_cmp for protocol >= 29, flist_sort_and_clean).
//
// Paths compare as unsigned bytes, with a directory's name compared as if
// it ended in '/', every non-directory of a directory before every
// subdirectory, and the top "." first. Sorting is stable (stock's merge
// sort), so equal names keep their transmission order.

#include "protocol/fileentry.h"

#include <vector>

namespace qrsync::protocol {

// <0, 0, >0 like strcmp. A removed entry compares before everything (as
// stock's code does for a cleared file_struct).
int compareFileEntries(const FileEntry& a, const FileEntry& b);
// The same order by the general walk alone, without the fast path for
// siblings: the reference the fast path is tested against.
int compareFileEntriesByWalk(const FileEntry& a, const FileEntry& b);

enum class DuplicatePolicy
{
    Remove, // the receiver: blank duplicates (clear_file)
    Keep,   // a sender: sort only (stock never clears a sender's entries)
};

// Sorts stably and, with DuplicatePolicy::Remove, marks duplicate names as
// `removed` without moving anything: of a directory and a non-directory of
// the same name the directory stays; otherwise the first one stays. When two
// directories collide, the survivor takes over the other's top/content-dir
// flags (flist_sort_and_clean's flag merge).
void sortFileList(std::vector<FileEntry>& entries,
                  DuplicatePolicy policy = DuplicatePolicy::Remove);

} // namespace qrsync::protocol
