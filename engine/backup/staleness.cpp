#include "backup/staleness.h"

#include <algorithm>

namespace qrsync::backup {

QList<StaleProfile> staleProfiles(const QList<jobs::Profile>& profiles,
                                  const LastSuccessLookup& lastSuccess, const QDateTime& now,
                                  int thresholdDays)
{
    QList<StaleProfile> out;
    if (thresholdDays <= 0)
        return out;
    for (const jobs::Profile& p : profiles) {
        const std::optional<QDateTime> last = lastSuccess(p.id);
        if (!last)
            continue;
        const qint64 seconds = last->secsTo(now);
        if (seconds > qint64(thresholdDays) * 86400)
            out.append({p.id, p.name, *last, seconds / 86400});
    }
    std::sort(out.begin(), out.end(), [](const StaleProfile& a, const StaleProfile& b) {
        return a.lastSuccess < b.lastSuccess;
    });
    return out;
}

std::optional<QDateTime> lastSuccessfulRun(const jobs::HistoryStore& history,
                                           const QString& profileId)
{
    for (const jobs::RunRecord& r : history.list(profileId)) {
        if (r.succeeded() && !r.cancelled)
            return r.finished;
    }
    return std::nullopt;
}

} // namespace qrsync::backup
