#pragma once

// Sorts and filters an ItemTableModel: by text in the path and by action.

#include <QSortFilterProxyModel>

#include <optional>

namespace qrsync::ui {

class ItemFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit ItemFilterProxy(QObject* parent = nullptr);

    // nullopt shows every action; otherwise a jobs::ItemAction value.
    void setActionFilter(std::optional<int> action);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    std::optional<int> m_action;
};

} // namespace qrsync::ui
