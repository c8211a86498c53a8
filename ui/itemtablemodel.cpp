#include "itemtablemodel.h"

#include "formatting.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QIcon>

namespace qrsync::ui {

ItemTableModel::ItemTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void ItemTableModel::append(const QList<jobs::JobItem>& items)
{
    if (items.isEmpty())
        return;
    beginInsertRows({}, int(m_items.size()), int(m_items.size() + items.size() - 1));
    m_items += items;
    endInsertRows();
}

void ItemTableModel::clear()
{
    beginResetModel();
    m_items.clear();
    endResetModel();
}

int ItemTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int ItemTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ItemTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_items.size())
        return {};
    const jobs::JobItem& item = m_items[index.row()];
    const bool deleted = item.action == jobs::ItemAction::Deleted;
    if (role == ActionRole)
        return int(item.action);
    if (role == Qt::ForegroundRole && deleted)
        return QBrush(QColor(0xb3, 0x26, 0x1e));
    if (role == Qt::FontRole && deleted) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::ToolTipRole)
        return Formatting::itemizeTooltip(item);
    switch (Column(index.column())) {
    case ActionColumn:
        if (role == Qt::DisplayRole || role == SortRole)
            return Formatting::action(item.action);
        if (role == Qt::DecorationRole && deleted)
            return QIcon::fromTheme(QStringLiteral("edit-delete"));
        break;
    case PathColumn:
        if (role == Qt::DisplayRole || role == SortRole)
            return item.path;
        break;
    case SizeColumn:
        if (role == SortRole)
            return item.size;
        if (role == Qt::DisplayRole)
            return item.isDirectory || deleted ? QString() : Formatting::bytes(item.size);
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case ChangesColumn:
        if (role == Qt::DisplayRole || role == SortRole)
            return Formatting::changes(item);
        break;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ItemTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case ActionColumn:
        return tr("Action");
    case PathColumn:
        return tr("Path");
    case SizeColumn:
        return tr("Size");
    case ChangesColumn:
        return tr("What changed");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace qrsync::ui
