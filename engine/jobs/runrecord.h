#pragma once

// The record a run leaves behind, per profile, whether it ran in the
// desktop app or headless: start, end, result, exit code, totals, the
// engine's messages and the itemized change list. One JSON file per run
// under <dataDir>/history/<profile id>/ (storagepaths.h), written whole.

#include "core/result.h"
#include "jobs/jobitem.h"
#include "jobs/jobprogress.h"
#include "jobs/profile.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace qrsync::jobs {

inline constexpr int kRunRecordFormatVersion = 1;
// A record keeps at most this many items (a run over a million files
// would otherwise write a record the history view cannot load quickly);
// the counts stay exact and itemsTruncated says the list is cut.
inline constexpr int kMaxRecordedItems = 50000;

struct RunRecord
{
    QString profileId;
    QString profileName;
    QString origin; // "desktop" or "cli"
    QDateTime started;
    QDateTime finished;
    int exitCode = 0;
    bool cancelled = false;
    QString errorMessage; // the error that stopped the run, if any
    qint64 filesTransferred = 0;
    qint64 bytesTransferred = 0;
    qint64 deletions = 0;
    qint64 itemCount = 0;
    QString driverUsed;
    QString workersUsed;
    QString sshUsed;      // empty unless the built-in SSH client ran
    QStringList messages; // the engine's warnings and errors
    QList<JobItem> items;
    bool itemsTruncated = false;

    bool succeeded() const { return exitCode == 0; }
    friend bool operator==(const RunRecord&, const RunRecord&) = default;
};

RunRecord makeRunRecord(const Profile& profile, const JobResult& result,
                        const QList<JobItem>& items, const QList<JobMessage>& messages,
                        const QString& origin);

class HistoryStore
{
public:
    explicit HistoryStore(QString dataDir);

    Result<> append(const RunRecord& record);
    // Newest first. Without items the list loads fast (summary rows only);
    // records that do not parse are skipped.
    QList<RunRecord> list(const QString& profileId, bool withItems = false) const;
    std::optional<RunRecord> latest(const QString& profileId) const;

    // Summaries with the id that names each record on disk, newest first,
    // and one record's items on demand: a history view lists runs without
    // reading every item list.
    struct Entry
    {
        QString id;
        RunRecord record; // without items
    };
    QList<Entry> entries(const QString& profileId) const;
    QList<JobItem> loadItems(const QString& profileId, const QString& recordId) const;
    // When a profile is deleted its history goes with it.
    void removeProfile(const QString& profileId);

    QString directoryFor(const QString& profileId) const;

private:
    QString m_historyDir;
};

} // namespace qrsync::jobs
