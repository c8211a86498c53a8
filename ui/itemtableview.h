#pragma once

// A sortable, searchable table of itemized changes with an action filter:
// the body of the preview and of a history entry.

#include <QWidget>

class QComboBox;
class QLineEdit;
class QTableView;

namespace qrsync::ui {

class ItemFilterProxy;
class ItemTableModel;

class ItemTableView final : public QWidget
{
    Q_OBJECT

public:
    explicit ItemTableView(QWidget* parent = nullptr);

    ItemTableModel& model() { return *m_model; }
    QTableView* table() const { return m_table; }
    QLineEdit* searchField() const { return m_search; }
    QComboBox* actionFilter() const { return m_action; }

private:
    ItemTableModel* m_model = nullptr;
    ItemFilterProxy* m_proxy = nullptr;
    QLineEdit* m_search = nullptr;
    QComboBox* m_action = nullptr;
    QTableView* m_table = nullptr;
};

} // namespace qrsync::ui
