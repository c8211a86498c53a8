#pragma once

// The dry-run preview: what a run of the profile would change, from the
// engine's own plan (JobRunner in Preview mode, not parsed text), as a
// sortable, filterable table with totals. Deletions stand out. "Run this"
// asks the caller to start the real run.

#include "jobs/jobitem.h"
#include "jobs/jobprogress.h"
#include "options/transferoptions.h"

#include <QDialog>
#include <QList>
#include <QTimer>

#include <optional>

class QLabel;
class QPushButton;

namespace qrsync::jobs {
class JobRunner;
}

namespace qrsync::ui {

class ItemTableView;

class PreviewDialog final : public QDialog
{
    Q_OBJECT

public:
    PreviewDialog(const options::TransferOptions& options, const QString& profileName,
                  QWidget* parent = nullptr);
    ~PreviewDialog() override;

    ItemTableView& items() const { return *m_items; }
    QString totalsText() const;
    bool isFinished() const { return m_finished; }

Q_SIGNALS:
    void runRequested();
    void finished(const qrsync::jobs::JobResult& result);

private:
    void countItems(const QList<jobs::JobItem>& items);
    void updateTotals();
    void feedRows();
    void onResult(const jobs::JobResult& result);

    static constexpr qsizetype kRowsPerStep = 2000;

    jobs::JobRunner* m_runner = nullptr;
    ItemTableView* m_items = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_totalsLabel = nullptr;
    struct Totals
    {
        qint64 send = 0;
        qint64 bytes = 0;
        qint64 deletions = 0;
        qint64 metadata = 0;
        qint64 created = 0;
    };
    Totals m_totals;
    QPushButton* m_run = nullptr;
    bool m_finished = false;
    QList<jobs::JobItem> m_pending;          // reported, not yet in the table
    std::optional<jobs::JobResult> m_result; // arrived, shown once m_pending is empty
    QTimer m_feed;
};

} // namespace qrsync::ui
