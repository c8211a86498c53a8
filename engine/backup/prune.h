#pragma once

// Applying a retention policy to a destination's snapshots: the simulation
// (what would go, and what that frees) and the prune itself, which removes
// exactly what the simulation said, oldest first.

#include "backup/retention.h"
#include "backup/snapshotstore.h"
#include "core/result.h"

#include <QString>
#include <QStringList>

namespace qrsync::backup {

// Reads the snapshots, their usage and the free space; changes nothing.
// Refuses (ExitCode::Syntax) a policy without any rule.
Result<RetentionPlan> simulatePrune(const SnapshotStore& store, const RetentionPolicy& policy);

struct PruneOutcome
{
    RetentionPlan plan;  // the verdicts the prune acted on
    QStringList removed; // names removed, oldest first
};

Result<PruneOutcome> prune(const SnapshotStore& store, const RetentionPolicy& policy);

// The simulator's table for the CLI, one snapshot a line, newest first:
//   2026-11-25T140530  keep    -         newest, last 1, daily 2026-11-25
//   2026-11-20T090000  remove  12.5 MiB  no rule keeps it
QString formatPlan(const RetentionPlan& plan, bool dryRun);

} // namespace qrsync::backup
