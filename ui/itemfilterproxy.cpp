#include "itemfilterproxy.h"

#include "itemtablemodel.h"

namespace qrsync::ui {

ItemFilterProxy::ItemFilterProxy(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(ItemTableModel::SortRole);
    setFilterKeyColumn(ItemTableModel::PathColumn);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
}

void ItemFilterProxy::setActionFilter(std::optional<int> action)
{
    m_action = action;
    invalidateFilter();
}

bool ItemFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_action) {
        const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
        if (index.data(ItemTableModel::ActionRole).toInt() != *m_action)
            return false;
    }
    return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

} // namespace qrsync::ui
