#pragma once

// -b / --backup-dir / --suffix (rsync backup.c make_backup()).
//
// A file about to be replaced is hard-linked to its backup name, so the
// target name never disappears before the new file is renamed over it
// (make_backup(fname, False) in receiver.c); where a link cannot be made, a
// regular file is renamed instead. A file about to be deleted is renamed
// (make_backup(fname, True) in delete.c). With --backup-dir, the missing
// directories under it are made with the attributes of the matching
// destination directories, as copy_valid_path() does.

#include "core/result.h"

#include <QByteArray>

namespace qrsync::fs {

class SafeRoot;

struct BackupOptions
{
    // --backup-dir. Relative: inside the destination root. Absolute: its own
    // (trusted) tree, created if missing. Empty: backups sit beside the file.
    QByteArray dir;
    // --suffix. rsync's default is "~" without --backup-dir and "" with it;
    // the options layer fills that in.
    QByteArray suffix = QByteArrayLiteral("~");
    bool preserveOwner = false; // apply uid/gid to made dirs (root only)
};

enum class BackupWay
{
    Link,   // for a file about to be replaced
    Rename, // for a file about to be deleted
};

enum class BackupOutcome
{
    NothingToBackUp, // `rel` does not exist
    Linked,          // backup made, original still in place
    Moved,           // original moved to the backup name
};

// Backs up `rel` in `root`. An existing backup of that name is replaced
// (removed first, recursively if it is a directory, as rsync does).
Result<BackupOutcome> backupPath(const SafeRoot& root, const QByteArray& rel,
                                 const BackupOptions& options, BackupWay way = BackupWay::Link);

// Where the backup of `rel` goes, relative to the backup tree's root (the
// destination root, or an absolute --backup-dir).
QByteArray backupName(const QByteArray& rel, const BackupOptions& options);

} // namespace qrsync::fs
