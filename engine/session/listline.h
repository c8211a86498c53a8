#pragma once

// The --list-only line (rsync 3.5.0 generator.c list_file_entry):
//   "drwxr-xr-x          4,096 2024/01/02 03:04:05 name"
// permissions with the type letter (lib/permstring.c), the size (F_LENGTH:
// st_size, a symlink's target length, 0 for devices and specials) in the
// -h rendering, right-aligned to 14 columns (11 with --no-h; longer
// numbers just widen the line), the mtime in LOCAL time
// ("%4d/%02d/%02d %02d:%02d:%02d", util1.c timestring), optional atime and
// crtime columns, the name, and " -> target" for symlinks sent with -l.
// The caller escapes the line for the terminal like any other FINFO text.

#include "protocol/fileentry.h"

#include <QByteArray>

namespace qrsync::session {

struct ListLineColumns
{
    bool atime = false;  // --atimes: the entry's atime (blank for directories)
    bool crtime = false; // --crtimes
    char numberSeparator = ',';
};

// One line without its newline. `humanReadable` is the -h level (0 for
// --no-h, 1 the default). A symlink gets " -> target" when e.linkTarget is
// set, i.e. when the list came with -l (preserve_links). An entry with mode 0
// (--delete-missing-args' missing source) prints stock's "*missing" form.
QByteArray formatListLine(const protocol::FileEntry& e, int humanReadable,
                          const ListLineColumns& columns = {});

// "drwxr-xr-x": the type letter ('-', d, l, b, c, s, p) and permissions
// with setuid/setgid/sticky letters (s/S, t/T), as lib/permstring.c.
QByteArray listPermissionString(quint32 mode);

// "2024/01/02 03:04:05" in the local time zone, or "(time out of range)".
QByteArray listTimeString(qint64 secondsSinceEpoch);

} // namespace qrsync::session
