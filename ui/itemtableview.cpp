#include "itemtableview.h"

#include "formatting.h"
#include "itemfilterproxy.h"
#include "itemtablemodel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

namespace qrsync::ui {

ItemTableView::ItemTableView(QWidget* parent)
    : QWidget(parent)
    , m_model(new ItemTableModel(this))
    , m_proxy(new ItemFilterProxy(this))
{
    m_proxy->setSourceModel(m_model);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* row = new QHBoxLayout;
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("itemSearchEdit"));
    m_search->setAccessibleName(tr("Search paths"));
    m_search->setPlaceholderText(tr("Search paths\u2026"));
    m_search->setClearButtonEnabled(true);
    m_action = new QComboBox(this);
    m_action->setObjectName(QStringLiteral("itemActionCombo"));
    m_action->setAccessibleName(tr("Show actions"));
    m_action->addItem(tr("All actions"));
    for (jobs::ItemAction a : {jobs::ItemAction::New, jobs::ItemAction::Changed,
                               jobs::ItemAction::MetadataOnly, jobs::ItemAction::Deleted})
        m_action->addItem(Formatting::action(a), int(a));
    row->addWidget(m_search, 1);
    row->addWidget(m_action);
    layout->addLayout(row);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("itemTable"));
    m_table->setAccessibleName(tr("Changes"));
    m_table->setModel(m_proxy);
    // Rows arrive in the engine's file-list order, which is sorted by path
    // already; start unsorted so growing tables are not re-sorted on
    // every insert. A click on a header sorts.
    m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setSectionResizeMode(ItemTableModel::PathColumn,
                                                      QHeaderView::Stretch);
    m_table->setColumnWidth(ItemTableModel::ActionColumn, 120);
    m_table->setColumnWidth(ItemTableModel::SizeColumn, 90);
    m_table->setColumnWidth(ItemTableModel::ChangesColumn, 200);
    layout->addWidget(m_table, 1);

    connect(m_search, &QLineEdit::textChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(m_action, &QComboBox::currentIndexChanged, this, [this](int index) {
        const QVariant v = m_action->itemData(index);
        m_proxy->setActionFilter(v.isValid() ? std::optional<int>(v.toInt()) : std::nullopt);
    });
}

} // namespace qrsync::ui
