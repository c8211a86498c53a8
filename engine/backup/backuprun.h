#pragma once

// `qrsync --profile NAME` as scheduled runs use it: one run of a profile
// at a time (profilelock.h), and for a snapshot profile the snapshot
// folders, the `latest` link and the retention after a successful run.
//
// A snapshot run:
//   1. finishes removals an interrupted prune left (<name>.deleting);
//   2. names the new snapshot by the local time now (DEST/YYYY-MM-DDTHHMMSS);
//   3. resumes a leftover <old>.incomplete if a failed or killed run left
//      one, renamed to <new>.incomplete (what it already holds is kept,
//      --delete makes it exact), else creates <new>.incomplete;
//   4. syncs the sources into it with --delete and --link-dest=<newest
//      complete snapshot>, through the same job code as any profile run;
//   5. on success (exit 0, or 24: files vanished while being read), renames
//      it to DEST/<new>, points `latest` at it, and applies the retention
//      policy. On failure nothing is renamed: it stays .incomplete.
// The history records each run under the profile, as any headless run.

#include "backup/prune.h"
#include "core/result.h"
#include "jobs/headlessrun.h"
#include "jobs/profile.h"

#include <QDateTime>
#include <QString>

#include <functional>
#include <optional>

namespace qrsync::backup {

struct BackupRunOptions
{
    jobs::HeadlessOptions headless;
    QString stateDir;                  // locks (jobs::defaultStateDirectory())
    std::function<QDateTime()> now;    // local wall clock; empty: the system's
    std::function<void(QString)> note; // progress notes for the user ("waiting ...")
};

struct BackupRun
{
    jobs::HeadlessRun run;
    QString snapshot;    // the snapshot made (empty unless a snapshot run succeeded)
    QString resumedFrom; // the leftover "<name>.incomplete" the run continued
    QString linkedTo;    // the snapshot unchanged files were linked against
    std::optional<PruneOutcome> pruned;
    std::optional<Error> pruneError; // the snapshot stands; only the prune failed
};

RetentionPolicy retentionPolicy(const jobs::SnapshotOptions& snapshots);

Result<BackupRun> runProfile(const QString& profileName, const BackupRunOptions& options);

// `qrsync --profile NAME --prune [--dry-run]`: the simulation, and unless
// dryRun the prune, under the profile's lock. Refuses non-snapshot profiles.
Result<PruneOutcome> pruneProfile(const QString& profileName, bool dryRun,
                                  const BackupRunOptions& options);

} // namespace qrsync::backup
