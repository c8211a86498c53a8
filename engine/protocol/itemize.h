#pragma once

// rsync's `%i` itemize field, `YXcstpoguax` (delta.md §7, rsync log.c
// log_formatted case 'i'), from iflags (itemheader.h kItem*) and the kind of
// file. Pure text; the caller decides whether a line is printed at all.

#include "protocol/fileentry.h"

#include <QByteArray>

namespace qrsync::protocol {

struct ItemizeContext
{
    // Y is '<' only when this side sent the file over a connection (op
    // "send", not a local copy); otherwise a transfer shows '>'.
    bool sent = false;
    // --times in effect (preserve_mtimes); without it a time change shows 'T'.
    bool preserveTimes = true;
    // The receiver can set symlink times (receiver_symlink_times; Linux: yes).
    bool receiverSymlinkTimes = true;
};

// The 11 characters of %i. kItemDeleted gives "*deleting  ". For protocol
// >= 29 every column is printed (stock no longer has the older short form).
QByteArray itemizeString(quint32 iflags, FileKind kind, const ItemizeContext& ctx = {});

} // namespace qrsync::protocol
