#pragma once

// Itemized changes as a table (preview, history): action, path, size,
// what changed. Rows are appended in batches as JobRunner reports them.
// Deletions stand out (red text, bold). Sorting uses SortRole, which holds
// the raw value (bytes, not "1.5 MiB").

#include "jobs/jobitem.h"

#include <QAbstractTableModel>
#include <QList>

namespace qrsync::ui {

class ItemTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        ActionColumn,
        PathColumn,
        SizeColumn,
        ChangesColumn,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole + 1;
    static constexpr int ActionRole = Qt::UserRole + 2; // jobs::ItemAction as int

    explicit ItemTableModel(QObject* parent = nullptr);

    void append(const QList<jobs::JobItem>& items);
    void clear();
    const QList<jobs::JobItem>& items() const { return m_items; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<jobs::JobItem> m_items;
};

} // namespace qrsync::ui
