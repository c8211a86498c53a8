#include "backup/retention.h"

#include <QLocale>

#include <algorithm>
#include <functional>

namespace qrsync::backup {

namespace {

// A period key names the hour, day, ISO week, month or year a time falls
// in; two snapshots share a period exactly when their keys are equal.
using PeriodKey = std::function<QString(const QDateTime&)>;

struct PeriodRule
{
    const char* label;
    int RetentionPolicy::*count;
    PeriodKey key;
};

QString isoWeek(const QDateTime& t)
{
    int weekYear = 0;
    const int week = t.date().weekNumber(&weekYear);
    return QStringLiteral("%1-W%2")
        .arg(weekYear, 4, 10, QLatin1Char('0'))
        .arg(week, 2, 10, QLatin1Char('0'));
}

const QList<PeriodRule>& periodRules()
{
    static const QList<PeriodRule> rules{
        {"hourly", &RetentionPolicy::hourly,
         [](const QDateTime& t) -> QString {
             return t.date().toString(Qt::ISODate) +
                    QStringLiteral("T%1").arg(t.time().hour(), 2, 10, QLatin1Char('0'));
         }},
        {"daily", &RetentionPolicy::daily,
         [](const QDateTime& t) -> QString { return t.date().toString(Qt::ISODate); }},
        {"weekly", &RetentionPolicy::weekly, isoWeek},
        {"monthly", &RetentionPolicy::monthly,
         [](const QDateTime& t) -> QString {
             return t.date().toString(QStringLiteral("yyyy-MM"));
         }},
        {"yearly", &RetentionPolicy::yearly,
         [](const QDateTime& t) -> QString { return t.date().toString(QStringLiteral("yyyy")); }},
    };
    return rules;
}

// Wall-clock order: the fields of the name, not the instants, so a time
// spec or a DST change cannot reorder snapshots.
bool newerThan(const SnapshotInfo& a, const SnapshotInfo& b)
{
    const auto ka = std::pair(a.time.date(), a.time.time());
    const auto kb = std::pair(b.time.date(), b.time.time());
    if (ka != kb)
        return ka > kb;
    return a.name > b.name;
}

} // namespace

RetentionPlan planRetention(const RetentionPolicy& policy, QList<SnapshotInfo> snapshots,
                            const SpaceUsage* usage, qint64 freeBytes)
{
    std::sort(snapshots.begin(), snapshots.end(), newerThan);
    RetentionPlan plan;
    for (const SnapshotInfo& s : snapshots)
        plan.verdicts.append(RetentionVerdict{s.name, s.time, false, {}, 0});
    if (plan.verdicts.isEmpty())
        return plan;

    plan.verdicts.first().reasons << QStringLiteral("newest");
    for (int i = 0; i < std::min<qsizetype>(policy.keepLast, plan.verdicts.size()); ++i)
        plan.verdicts[i].reasons << QStringLiteral("last %1").arg(i + 1);
    // Each rule on its own: walking from the newest, the first snapshot met
    // in a period is the newest of that period; it is kept until the rule
    // has kept `count` periods. Rules do not see each other, so the kept
    // set is the union and a snapshot lists every rule that keeps it.
    for (const PeriodRule& rule : periodRules()) {
        const int count = policy.*rule.count;
        QString lastPeriod;
        int periods = 0;
        for (RetentionVerdict& v : plan.verdicts) {
            if (periods >= count)
                break;
            const QString period = rule.key(v.time);
            if (period == lastPeriod)
                continue;
            lastPeriod = period;
            ++periods;
            v.reasons << QStringLiteral("%1 %2").arg(QLatin1String(rule.label), period);
        }
    }
    for (RetentionVerdict& v : plan.verdicts) {
        v.kept = !v.reasons.isEmpty();
        if (!v.kept)
            v.reasons << QStringLiteral("no rule keeps it");
    }

    if (!usage)
        return plan;
    const auto removedSet = [&plan] {
        QSet<QString> names;
        for (const RetentionVerdict& v : plan.verdicts) {
            if (!v.kept)
                names.insert(v.name);
        }
        return names;
    };
    if (policy.minFreeBytes > 0) {
        // Oldest first, never the newest, until the space is there.
        for (qsizetype i = plan.verdicts.size() - 1; i >= 1; --i) {
            if (freeBytes + usage->freedBy(removedSet()) >= policy.minFreeBytes)
                break;
            RetentionVerdict& v = plan.verdicts[i];
            if (!v.kept)
                continue;
            v.kept = false;
            v.reasons = QStringList{QStringLiteral("below the minimum free space of %1")
                                        .arg(formatBytes(policy.minFreeBytes))};
        }
        plan.minFreeUnmet = freeBytes + usage->freedBy(removedSet()) < policy.minFreeBytes;
    }
    // Attribute freed bytes in removal order (oldest first): each row gets
    // what its removal adds to the removals before it.
    QSet<QString> removed;
    qint64 before = 0;
    for (qsizetype i = plan.verdicts.size() - 1; i >= 0; --i) {
        RetentionVerdict& v = plan.verdicts[i];
        if (v.kept)
            continue;
        removed.insert(v.name);
        const qint64 now = usage->freedBy(removed);
        v.freedBytes = now - before;
        before = now;
    }
    plan.freedBytes = before;
    return plan;
}

QString formatBytes(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

} // namespace qrsync::backup
