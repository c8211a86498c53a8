#pragma once

// The main window's table of profiles: name, sources → destination, mode,
// last run. Reads the stores; editing goes through ProfileStore and then
// reload().

#include "jobs/profile.h"
#include "jobs/runrecord.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

#include <optional>

namespace qrsync::jobs {
class ProfileStore;
class HistoryStore;
} // namespace qrsync::jobs

namespace qrsync::ui {

class ProfileListModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        PathsColumn,
        ModeColumn,
        LastRunColumn,
        ColumnCount
    };
    static constexpr int ProfileIdRole = Qt::UserRole + 1;

    ProfileListModel(jobs::ProfileStore& profiles, jobs::HistoryStore& history,
                     QObject* parent = nullptr);

    void reload();
    const QList<jobs::Profile>& profiles() const { return m_profiles; }
    std::optional<jobs::Profile> profileAt(int row) const;
    int rowOf(const QString& profileId) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    static QString pathsText(const jobs::Profile& profile);
    static QString modeText(jobs::SyncMode mode);

private:
    jobs::ProfileStore& m_store;
    jobs::HistoryStore& m_history;
    QList<jobs::Profile> m_profiles;
    QHash<QString, jobs::RunRecord> m_lastRuns;
};

} // namespace qrsync::ui
