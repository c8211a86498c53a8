#pragma once

// Setting owner, group, permissions and times on what the receiver made, in
// the order rsync's set_file_attrs() uses: chown first (it may clear the
// setuid/setgid bits), then chmod, then times. Each call reports what it
// actually changed so the generator can itemize (delta.md §7: 'p', 'o',
// 'g', 't', 'u').
//
// Directories get their final permissions and times after their contents
// are written: the generator sequences that, using makeDirectoryWritable()
// while it fills a directory whose final mode forbids writing.

#include "filestat.h"

#include "core/result.h"

#include <QByteArray>
#include <QFlags>

#include <optional>

namespace qrsync::fs {

class SafeRoot;

enum class MetaField : quint32
{
    Perms = 0x01, // mode & 07777 (never for symlinks: Linux cannot)
    Owner = 0x02, // uid; only pass when running as root (rsync am_root)
    Group = 0x04, // gid
    Mtime = 0x08, // mtime + nsec
    Atime = 0x10, // atime (-U), never for directories, as rsync
};
Q_DECLARE_FLAGS(MetaFields, MetaField)
Q_DECLARE_OPERATORS_FOR_FLAGS(MetaFields)

struct WantedMetadata
{
    quint32 mode = 0;
    quint32 uid = 0;
    quint32 gid = 0;
    qint64 mtimeSec = 0;
    quint32 mtimeNsec = 0;
    qint64 atimeSec = 0;
    quint32 atimeNsec = 0;
    // rsync --modify-window: 0 compares seconds, negative also nanoseconds,
    // N > 0 accepts N seconds of difference.
    int modifyWindow = 0;
    // rsync ATTRS_ACCURATE_TIME: set unless seconds and nanoseconds match
    // (after a transfer, the window does not apply).
    bool accurateTime = false;
};

// rsync same_time(): do two times match within the window?
bool sameTime(qint64 sec1, quint32 nsec1, qint64 sec2, quint32 nsec2, int modifyWindow);

// Brings `rel` (never followed if a symlink) to the wanted values for the
// fields in `which`, touching only what differs. Returns the fields that
// changed. Errors: `chown "PATH" failed: ...` etc., ExitCode::Partial.
Result<MetaFields> applyMetadata(const SafeRoot& root, const QByteArray& rel,
                                 const WantedMetadata& want, MetaFields which);

// Same, on an open file (the temp file before its rename). Times are set
// exactly (accurateTime).
Result<MetaFields> applyMetadataFd(int fd, const QByteArray& shownPath, const WantedMetadata& want,
                                   MetaFields which);

// For a non-root receiver writing into a directory whose mode lacks owner
// rwx (rsync generator.c: "mode | S_IRWXU" until touch_up_dirs): adds
// S_IRWXU and returns the mode to restore later, or nullopt if it was
// already writable.
Result<std::optional<quint32>> makeDirectoryWritable(const SafeRoot& root, const QByteArray& rel);

} // namespace qrsync::fs
