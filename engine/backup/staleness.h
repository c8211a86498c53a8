#pragma once

// "Backups silently stopped": profiles whose last successful run is older
// than a threshold the user sets (AppSettings::staleAfterDays). Profiles
// that never succeeded are not flagged (there is no last success to age;
// failed scheduled runs raise their own alert). Pure logic, plus the one
// history lookup it needs.

#include "jobs/profile.h"
#include "jobs/runrecord.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace qrsync::backup {

struct StaleProfile
{
    QString id;
    QString name;
    QDateTime lastSuccess;
    qint64 days = 0; // whole days since then
};

using LastSuccessLookup = std::function<std::optional<QDateTime>(const QString& profileId)>;

// thresholdDays <= 0 turns the check off. Oldest first.
QList<StaleProfile> staleProfiles(const QList<jobs::Profile>& profiles,
                                  const LastSuccessLookup& lastSuccess, const QDateTime& now,
                                  int thresholdDays);

// When a run of the profile last finished successfully (newest record with
// exit code 0), from its history.
std::optional<QDateTime> lastSuccessfulRun(const jobs::HistoryStore& history,
                                           const QString& profileId);

} // namespace qrsync::backup
