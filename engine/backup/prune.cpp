#include "backup/prune.h"

namespace qrsync::backup {

Result<RetentionPlan> simulatePrune(const SnapshotStore& store, const RetentionPolicy& policy)
{
    if (!policy.hasRules())
        return makeError(ExitCode::Syntax,
                         QStringLiteral("the retention policy has no rule: it would remove "
                                        "every snapshot but the newest"),
                         store.destination());
    auto snapshots = store.snapshots();
    if (!snapshots)
        return tl::unexpected(snapshots.error());
    auto usage = store.usage(*snapshots);
    if (!usage)
        return tl::unexpected(usage.error());
    auto free = store.freeBytes();
    if (!free)
        return tl::unexpected(free.error());
    return planRetention(policy, *snapshots, &*usage, *free);
}

Result<PruneOutcome> prune(const SnapshotStore& store, const RetentionPolicy& policy)
{
    auto finished = store.finishInterruptedRemovals();
    if (!finished)
        return tl::unexpected(finished.error());
    auto plan = simulatePrune(store, policy);
    if (!plan)
        return tl::unexpected(plan.error());
    PruneOutcome outcome{*plan, {}};
    for (qsizetype i = plan->verdicts.size() - 1; i >= 1; --i) {
        const RetentionVerdict& v = plan->verdicts[i];
        if (v.kept)
            continue;
        auto removed = store.remove(v.name);
        if (!removed)
            return tl::unexpected(removed.error());
        outcome.removed << v.name;
    }
    return outcome;
}

QString formatPlan(const RetentionPlan& plan, bool dryRun)
{
    QString out;
    int removed = 0;
    for (const RetentionVerdict& v : plan.verdicts) {
        const QString freed = v.kept ? QStringLiteral("-") : formatBytes(v.freedBytes);
        out += QStringLiteral("%1  %2  %3  %4\n")
                   .arg(v.name, -17)
                   .arg(v.kept ? QStringLiteral("keep") : QStringLiteral("remove"), -6)
                   .arg(freed, -10)
                   .arg(v.reasons.join(QStringLiteral(", ")));
        removed += v.kept ? 0 : 1;
    }
    out += QStringLiteral("%1 %2 of %3 snapshots, freeing %4\n")
               .arg(dryRun ? QStringLiteral("would remove") : QStringLiteral("removed"))
               .arg(removed)
               .arg(plan.verdicts.size())
               .arg(formatBytes(plan.freedBytes));
    if (plan.minFreeUnmet)
        out += QStringLiteral("warning: the minimum free space is not reached even with "
                              "only the newest snapshot left\n");
    return out;
}

} // namespace qrsync::backup
