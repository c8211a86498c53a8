#pragma once

// The snapshots of one destination folder on disk (names: snapshotname.h):
// listing them, measuring their hard-link aware usage, removing them and
// moving the `latest` link. Blocking file-system calls only.

#include "backup/retention.h"
#include "backup/spaceusage.h"
#include "core/result.h"

#include <QString>
#include <QStringList>

namespace qrsync::backup {

class SnapshotStore
{
public:
    explicit SnapshotStore(QString destination);

    const QString& destination() const { return m_destination; }
    QString pathOf(const QString& name) const;

    // Complete snapshots (real directories named like a snapshot), newest first.
    Result<QList<SnapshotInfo>> snapshots() const;
    // Leftover "<name>.incomplete" directories, newest first.
    Result<QStringList> incomplete() const;

    Result<SpaceUsage> usage(const QList<SnapshotInfo>& snapshots) const;
    Result<qint64> freeBytes() const;

    // Renames to "<name>.deleting" first, so an interrupted removal never
    // leaves something that looks like a complete snapshot, then deletes.
    Result<> remove(const QString& name) const;
    // Deletes leftover "*.deleting" directories of interrupted removals.
    Result<> finishInterruptedRemovals() const;

    // Points `latest` at `name` atomically (a new link under a temporary
    // name, renamed over the old one).
    Result<> setLatest(const QString& name) const;

private:
    Result<QStringList> entryNames() const;
    QString m_destination;
};

// Deletes a tree without following symlinks, making read-only directories
// writable on the way (a snapshot keeps the source's permissions).
Result<> removeTree(const QString& path);

} // namespace qrsync::backup
