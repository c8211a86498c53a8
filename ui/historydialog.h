#pragma once

// A profile's past runs: start, result, exit code, totals and duration in a
// list; the selected run's itemized changes (searchable) and messages.

#include "jobs/runrecord.h"

#include <QDialog>
#include <QList>

class QLabel;
class QListWidget;
class QTableWidget;

namespace qrsync::ui {

class ItemTableView;

class HistoryDialog final : public QDialog
{
    Q_OBJECT

public:
    HistoryDialog(const jobs::HistoryStore& history, const jobs::Profile& profile,
                  QWidget* parent = nullptr);

    QTableWidget* runTable() const { return m_runs; }
    ItemTableView& items() const { return *m_items; }

private:
    void showRun(int row);

    const jobs::HistoryStore& m_history;
    QString m_profileId;
    QList<jobs::HistoryStore::Entry> m_entries; // summaries, newest first
    QTableWidget* m_runs = nullptr;
    QLabel* m_summary = nullptr;
    ItemTableView* m_items = nullptr;
    QListWidget* m_messages = nullptr;
};

} // namespace qrsync::ui
