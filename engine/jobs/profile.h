#pragma once

// A sync profile: what the user saves in the desktop app and runs again
// with one click (or headless). It is plain data; profilecommand.h turns it
// into a qrsync command line and then into TransferOptions through the
// same parser the CLI uses, so a profile can never mean something the
// command line would not. The on-disk form is docs/profile-format.md
// (profileformat.h).

#include <QString>
#include <QStringList>

namespace qrsync::jobs {

// Mirror makes the destination an exact copy (--delete); Backup only adds
// and updates, never deleting anything at the destination.
enum class SyncMode
{
    Mirror,
    Backup
};

// Where a path points, from its spelling (rsync main.c check_for_hostspec).
enum class LocationKind
{
    Local,
    RemoteShell, // [user@]host:path
    Daemon       // rsync://[user@]host[:port]/module/path or host::module/path
};

struct PreserveOptions
{
    bool permissions = true; // -p
    bool times = true;       // -t
    bool symlinks = true;    // -l (copy symlinks as symlinks)
    bool owner = false;      // -o (needs root to mean anything)
    bool group = false;      // -g
    bool devices = false;    // --devices --specials (-D)
    bool hardLinks = false;  // -H

    friend bool operator==(const PreserveOptions&, const PreserveOptions&) = default;
};

struct CompareOptions
{
    bool checksum = false;       // -c: compare contents, not size and time
    bool sizeOnly = false;       // --size-only
    bool update = false;         // -u: skip files newer at the destination
    bool ignoreExisting = false; // --ignore-existing
    int modifyWindow = 0;        // --modify-window=N seconds (0: exact)

    friend bool operator==(const CompareOptions&, const CompareOptions&) = default;
};

struct TransferSettings
{
    bool compress = false;     // -z (only matters for remote transfers)
    int bandwidthLimitKiB = 0; // --bwlimit=N (KiB/s); 0 is unlimited
    bool partial = false;      // --partial: keep partly sent files on cancel
    bool sparse = false;       // -S
    bool wholeFile = false;    // -W: no delta algorithm

    friend bool operator==(const TransferSettings&, const TransferSettings&) = default;
};

struct DeleteOptions
{
    // Only used in Mirror mode.
    enum class When
    {
        During,
        Before,
        After,
        Delay
    };
    When when = When::During;
    bool deleteExcluded = false; // --delete-excluded
    int maxDelete = -1;          // --max-delete=N; -1: no limit

    friend bool operator==(const DeleteOptions&, const DeleteOptions&) = default;
};

// How to reach the other machine of a remote-shell profile.
struct ConnectionOptions
{
    QString remoteShell; // -e/--rsh COMMAND; empty: $RSYNC_RSH, else ssh
    QString rsyncPath;   // --rsync-path=PROGRAM on the far side; empty: rsync

    friend bool operator==(const ConnectionOptions&, const ConnectionOptions&) = default;
};

// Snapshot mode (docs/retention.md): each run writes a new dated folder
// under the destination, sharing unchanged files with the newest complete
// one through hard links (--link-dest); the counts are the retention
// policy applied after each successful run. Runs through engine/backup.
struct SnapshotOptions
{
    bool enabled = false;
    int keepLast = 0;
    int hourly = 0;
    int daily = 0;
    int weekly = 0;
    int monthly = 0;
    int yearly = 0;
    int minFreeMiB = 0; // 0: no minimum free space

    friend bool operator==(const SnapshotOptions&, const SnapshotOptions&) = default;
};

// When a profile runs on its own: a systemd user timer (engine/backup/
// systemdunits.h) running `qrsync --profile NAME`.
struct ScheduleOptions
{
    enum class Kind
    {
        None,
        Hourly, // at `minute` past every hour
        Daily,  // at hour:minute
        Weekly, // on `days` at hour:minute
        Custom  // `calendar`, a systemd OnCalendar= expression
    };
    Kind kind = Kind::None;
    int hour = 0;
    int minute = 0;
    QStringList days; // "Mon" ... "Sun"
    QString calendar;
    bool onlyOnACPower = false;              // ConditionACPower=true
    bool onlyWhenDestinationMounted = false; // skip when the destination's drive is absent
    int randomDelayMinutes = 0;              // RandomizedDelaySec=

    friend bool operator==(const ScheduleOptions&, const ScheduleOptions&) = default;
};

struct Profile
{
    QString id;   // stable identifier (a UUID without braces); the file name
    QString name; // unique among profiles; `qrsync --profile NAME` uses it
    // As rsync reads them: a trailing '/' on a source means "the contents of
    // this folder", without it the folder itself is created inside the
    // destination.
    QStringList sources;
    QString destination;
    SyncMode mode = SyncMode::Backup;
    PreserveOptions preserve;
    CompareOptions compare;
    TransferSettings transfer;
    DeleteOptions deletion;
    ConnectionOptions connection;
    // rsync filter rules in order, one per entry, as --filter takes them
    // ("- *.tmp", "+ docs/", "- /cache/"). First match wins.
    QStringList filterRules;
    SnapshotOptions snapshots;
    ScheduleOptions schedule;

    friend bool operator==(const Profile&, const Profile&) = default;
};

// A fresh id for a new or imported profile.
QString newProfileId();

LocationKind locationKind(const QString& path);

} // namespace qrsync::jobs
