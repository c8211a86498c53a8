#pragma once

// The retention simulator: which snapshots a policy keeps and removes, and
// what each removal frees, before anything is deleted. A timeline (oldest
// left, newest right; kept snapshots filled, removed ones crossed with a
// bar for the space they free) above a table with the reasons.

#include "backup/retention.h"

#include <QDialog>
#include <QWidget>

class QLabel;
class QTableWidget;

namespace qrsync::ui {

class RetentionTimeline final : public QWidget
{
    Q_OBJECT

public:
    explicit RetentionTimeline(QWidget* parent = nullptr);
    void setPlan(const backup::RetentionPlan& plan);
    const backup::RetentionPlan& plan() const { return m_plan; }
    // Where the marker of verdict `index` is drawn (tests, tooltips).
    QPointF markerPosition(int index) const;
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    QRectF axisRect() const;
    backup::RetentionPlan m_plan;
};

class RetentionView final : public QDialog
{
    Q_OBJECT

public:
    explicit RetentionView(QWidget* parent = nullptr);

    void setPlan(const backup::RetentionPlan& plan);
    // Reads the snapshots under `destination` and simulates `policy`; on an
    // error the view says what went wrong and false comes back.
    bool simulate(const QString& destination, const backup::RetentionPolicy& policy);

    QString summaryText() const;
    QTableWidget* table() const { return m_table; }
    RetentionTimeline* timeline() const { return m_timeline; }

private:
    RetentionTimeline* m_timeline = nullptr;
    QTableWidget* m_table = nullptr;
    QLabel* m_summary = nullptr;
};

} // namespace qrsync::ui
