#pragma once

// Browsing a snapshot profile's destination for a restore: its complete
// snapshots, the entries of one folder inside a snapshot, and one file's
// versions across the snapshots. Blocking file-system calls only (lstat,
// never following a link): a path whose parent inside the snapshot is a
// symlink is refused, so nothing outside the snapshot is ever read.

#include "backup/retention.h"
#include "core/result.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace qrsync::backup {

struct SnapshotEntry
{
    enum class Kind
    {
        File,
        Folder,
        Symlink,
        Other // devices, fifos, sockets
    };
    QString name;
    Kind kind = Kind::File;
    qint64 size = 0;
    QDateTime mtime;
    quint64 inode = 0;
};

// One content of a file: the consecutive snapshots holding the same inode
// or the same size and modification time (a file the snapshot run linked
// or one it copied unchanged).
struct FileVersion
{
    QStringList snapshots; // newest first
    qint64 size = 0;
    QDateTime mtime;
    quint64 inode = 0; // of the newest snapshot's copy
};

class SnapshotBrowser
{
public:
    explicit SnapshotBrowser(QString destination);

    const QString& destination() const { return m_destination; }

    // Complete snapshots, newest first.
    Result<QList<SnapshotInfo>> snapshots() const;
    // The entries of `folder` ("" for the snapshot's top), folders first,
    // then by name.
    Result<QList<SnapshotEntry>> entries(const QString& snapshot, const QString& folder) const;
    // The versions of `path` (relative to a snapshot's top), newest first;
    // snapshots without it are skipped and split versions apart.
    Result<QList<FileVersion>> versions(const QString& path) const;
    // The absolute path of `path` inside `snapshot`, after checking that it
    // names no "." or ".." component and that every folder on the way is a
    // real folder, not a symlink. The entry itself may be a symlink.
    Result<QString> resolve(const QString& snapshot, const QString& path) const;

private:
    QString m_destination;
};

} // namespace qrsync::backup
