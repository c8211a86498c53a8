#pragma once

// Which snapshots a retention policy keeps. Pure logic: snapshot times and
// (optionally) their disk usage come in, a verdict per snapshot comes out;
// nothing here reads the disk. The rules are docs/retention.md.

#include "backup/spaceusage.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace qrsync::backup {

struct RetentionPolicy
{
    int keepLast = 0; // the N newest snapshots
    int hourly = 0;   // the newest of each of the N most recent hours that have one
    int daily = 0;
    int weekly = 0; // ISO 8601 weeks (Monday to Sunday, week-numbering year)
    int monthly = 0;
    int yearly = 0;
    // After the rules, more snapshots go (oldest first) until the
    // destination would have this much free space; 0: no minimum.
    qint64 minFreeBytes = 0;

    // No rule at all: nothing would be kept but the newest snapshot, which
    // is almost certainly a mistake, so prune refuses such a policy.
    bool hasRules() const
    {
        return keepLast > 0 || hourly > 0 || daily > 0 || weekly > 0 || monthly > 0 || yearly > 0;
    }

    friend bool operator==(const RetentionPolicy&, const RetentionPolicy&) = default;
};

struct SnapshotInfo
{
    QString name;
    // The wall-clock time of the run, as written in the name; periods are
    // taken from its date and time fields whatever its time spec.
    QDateTime time;
};

struct RetentionVerdict
{
    QString name;
    QDateTime time;
    bool kept = false;
    // Why it is kept ("newest", "last 2", "daily 2026-11-25", ...), or
    // why it goes ("no rule keeps it", "below the minimum free space").
    QStringList reasons;
    // Bytes freed by removing it after the removed snapshots older than it
    // (so the column sums to what the whole prune frees); 0 when kept.
    qint64 freedBytes = 0;
};

struct RetentionPlan
{
    QList<RetentionVerdict> verdicts; // newest first
    qint64 freedBytes = 0;            // removing all removed snapshots together
    // The minimum free space is not reached even after removing everything
    // but the newest snapshot.
    bool minFreeUnmet = false;
};

// `usage` and `freeBytes` are only needed for the freed-bytes column and the
// minimum free space; without usage every freedBytes is 0 and minFreeBytes
// is ignored.
RetentionPlan planRetention(const RetentionPolicy& policy, QList<SnapshotInfo> snapshots,
                            const SpaceUsage* usage = nullptr, qint64 freeBytes = 0);

// "1.5 GiB"-style text for tables.
QString formatBytes(qint64 bytes);

} // namespace qrsync::backup
