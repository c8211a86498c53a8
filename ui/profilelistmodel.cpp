#include "profilelistmodel.h"

#include "formatting.h"
#include "jobs/profilestore.h"

#include <QIcon>
#include <QLocale>

namespace qrsync::ui {

ProfileListModel::ProfileListModel(jobs::ProfileStore& profiles, jobs::HistoryStore& history,
                                   QObject* parent)
    : QAbstractTableModel(parent)
    , m_store(profiles)
    , m_history(history)
{
    reload();
}

void ProfileListModel::reload()
{
    beginResetModel();
    m_profiles = m_store.load();
    m_lastRuns.clear();
    for (const jobs::Profile& p : m_profiles) {
        if (std::optional<jobs::RunRecord> last = m_history.latest(p.id))
            m_lastRuns.insert(p.id, *last);
    }
    endResetModel();
}

std::optional<jobs::Profile> ProfileListModel::profileAt(int row) const
{
    if (row < 0 || row >= m_profiles.size())
        return std::nullopt;
    return m_profiles[row];
}

int ProfileListModel::rowOf(const QString& profileId) const
{
    for (int i = 0; i < m_profiles.size(); ++i) {
        if (m_profiles[i].id == profileId)
            return i;
    }
    return -1;
}

int ProfileListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_profiles.size());
}

int ProfileListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ProfileListModel::pathsText(const jobs::Profile& p)
{
    return tr("%1 \u2192 %2").arg(p.sources.join(QStringLiteral(", ")), p.destination);
}

QString ProfileListModel::modeText(jobs::SyncMode mode)
{
    switch (mode) {
    case jobs::SyncMode::Mirror:
        return tr("Mirror");
    case jobs::SyncMode::Backup:
        return tr("Backup");
    }
    return QString();
}

QVariant ProfileListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_profiles.size())
        return {};
    const jobs::Profile& p = m_profiles[index.row()];
    if (role == ProfileIdRole)
        return p.id;
    const auto last = m_lastRuns.constFind(p.id);
    const bool hasRun = last != m_lastRuns.constEnd();
    switch (Column(index.column())) {
    case NameColumn:
        if (role == Qt::DisplayRole)
            return p.name;
        break;
    case PathsColumn:
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return pathsText(p);
        break;
    case ModeColumn:
        if (role == Qt::DisplayRole)
            return p.snapshots.enabled ? tr("Snapshots") : modeText(p.mode);
        if (role == Qt::ToolTipRole && p.snapshots.enabled)
            return tr("Each run makes a dated snapshot; unchanged files are hard links");
        if (role == Qt::ToolTipRole)
            return p.mode == jobs::SyncMode::Mirror
                       ? tr("Makes the destination an exact copy: files not in the source are "
                            "deleted")
                       : tr("Adds and updates files; never deletes at the destination");
        break;
    case LastRunColumn:
        if (role == Qt::DisplayRole) {
            if (!hasRun)
                return tr("Never run");
            return tr("%1, %2").arg(
                Formatting::exitCode(last->exitCode, last->cancelled),
                QLocale().toString(last->finished.toLocalTime(), QLocale::ShortFormat));
        }
        if (role == Qt::DecorationRole && hasRun) {
            if (last->succeeded())
                return QIcon::fromTheme(QStringLiteral("emblem-ok-symbolic"),
                                        QIcon::fromTheme(QStringLiteral("dialog-ok")));
            return QIcon::fromTheme(QStringLiteral("dialog-error"));
        }
        if (role == Qt::ToolTipRole && hasRun && !last->errorMessage.isEmpty())
            return last->errorMessage;
        break;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ProfileListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case NameColumn:
        return tr("Name");
    case PathsColumn:
        return tr("Sources \u2192 destination");
    case ModeColumn:
        return tr("Mode");
    case LastRunColumn:
        return tr("Last run");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace qrsync::ui
