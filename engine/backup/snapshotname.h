#pragma once

// How snapshots are named inside a snapshot profile's destination:
//   DEST/2026-11-25T140530/              a complete snapshot (local time)
//   DEST/2026-11-25T140530.incomplete/   a run in progress, or one that died
//   DEST/2026-11-25T140530.deleting/     a prune in progress, or one that died
//   DEST/latest -> 2026-11-25T140530     the newest complete snapshot

#include <QDateTime>
#include <QString>

#include <optional>

namespace qrsync::backup {

inline constexpr char kIncompleteSuffix[] = ".incomplete";
inline constexpr char kDeletingSuffix[] = ".deleting";
inline constexpr char kLatestLink[] = "latest";

QString snapshotName(const QDateTime& wallClock);

// The wall-clock time a name stands for (as a Qt::UTC-spec value, so no
// time zone rule can shift or reject it), or nothing if it is not exactly
// a snapshot name.
std::optional<QDateTime> parseSnapshotName(const QString& name);

} // namespace qrsync::backup
