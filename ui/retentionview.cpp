#include "retentionview.h"

#include "backup/prune.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QHeaderView>
#include <QHelpEvent>
#include <QLabel>
#include <QPainter>
#include <QTableWidget>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace qrsync::ui {

namespace {

const QColor kKept(0x2e, 0x7d, 0x32);
const QColor kRemoved(0xb3, 0x26, 0x1e);

} // namespace

RetentionTimeline::RetentionTimeline(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("retentionTimeline"));
    setAccessibleName(tr("Snapshot timeline"));
    setMinimumHeight(120);
}

void RetentionTimeline::setPlan(const backup::RetentionPlan& plan)
{
    m_plan = plan;
    update();
}

QSize RetentionTimeline::sizeHint() const
{
    return {640, 140};
}

QRectF RetentionTimeline::axisRect() const
{
    return QRectF(32, 16, width() - 64, height() - 48);
}

QPointF RetentionTimeline::markerPosition(int index) const
{
    const QRectF axis = axisRect();
    if (m_plan.verdicts.isEmpty())
        return axis.center();
    // Verdicts are newest first; time runs left to right.
    const QDateTime newest = m_plan.verdicts.first().time;
    const QDateTime oldest = m_plan.verdicts.last().time;
    const qint64 span = std::max<qint64>(1, oldest.secsTo(newest));
    const double x =
        axis.left() + axis.width() * double(oldest.secsTo(m_plan.verdicts[index].time)) / span;
    return {m_plan.verdicts.size() == 1 ? axis.center().x() : x, axis.bottom() - 14};
}

void RetentionTimeline::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().base());
    const QRectF axis = axisRect();
    p.setPen(palette().color(QPalette::Mid));
    p.drawLine(QPointF(axis.left(), axis.bottom()), QPointF(axis.right(), axis.bottom()));
    if (m_plan.verdicts.isEmpty()) {
        p.setPen(palette().color(QPalette::Text));
        p.drawText(rect(), Qt::AlignCenter, tr("No snapshots yet"));
        return;
    }
    // Month ticks, so the reader can place the snapshots in time.
    const QDateTime newest = m_plan.verdicts.first().time;
    const QDateTime oldest = m_plan.verdicts.last().time;
    const qint64 span = std::max<qint64>(1, oldest.secsTo(newest));
    // Month ticks, so the reader can place the snapshots in time; labels at
    // least 80 px apart and kept inside the widget.
    QDate tick(oldest.date().year(), oldest.date().month(), 1);
    const double months = std::max(1.0, double(span) / (86400.0 * 30.44));
    const int step = std::max(1, int(std::ceil(80.0 / (axis.width() / months))));
    p.setFont(font());
    for (tick = tick.addMonths(1); QDateTime(tick, QTime(0, 0), oldest.timeSpec()) < newest;
         tick = tick.addMonths(step)) {
        const QDateTime at(tick, QTime(0, 0), oldest.timeSpec());
        const double x = axis.left() + axis.width() * double(oldest.secsTo(at)) / double(span);
        p.setPen(palette().color(QPalette::Mid));
        p.drawLine(QPointF(x, axis.bottom()), QPointF(x, axis.bottom() + 4));
        p.setPen(palette().color(QPalette::Text));
        const double left = std::clamp(x - 40, 0.0, double(width()) - 80);
        p.drawText(QRectF(left, axis.bottom() + 6, 80, 16), Qt::AlignHCenter,
                   tick.toString(QStringLiteral("MMM yyyy")));
    }
    qint64 largest = 1;
    for (const backup::RetentionVerdict& v : m_plan.verdicts)
        largest = std::max(largest, v.freedBytes);
    for (int i = m_plan.verdicts.size() - 1; i >= 0; --i) {
        const backup::RetentionVerdict& v = m_plan.verdicts[i];
        const QPointF at = markerPosition(i);
        if (v.kept) {
            p.setPen(QPen(kKept.darker(120), 1));
            p.setBrush(kKept);
            p.drawEllipse(at, 5, 5);
            continue;
        }
        // The bar: what this removal frees, relative to the largest.
        const double h = (axis.height() - 30) * double(v.freedBytes) / double(largest);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(kRemoved.red(), kRemoved.green(), kRemoved.blue(), 90));
        p.drawRect(QRectF(at.x() - 3, at.y() - 8 - h, 6, h));
        p.setPen(QPen(kRemoved, 2));
        p.setBrush(Qt::NoBrush);
        p.drawLine(at + QPointF(-4, -4), at + QPointF(4, 4));
        p.drawLine(at + QPointF(-4, 4), at + QPointF(4, -4));
    }
}

bool RetentionTimeline::event(QEvent* e)
{
    if (e->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(e);
        for (int i = 0; i < m_plan.verdicts.size(); ++i) {
            if (QLineF(markerPosition(i), help->pos()).length() <= 7) {
                const backup::RetentionVerdict& v = m_plan.verdicts[i];
                QToolTip::showText(
                    help->globalPos(),
                    QStringLiteral("%1\n%2").arg(v.name, v.reasons.join(QStringLiteral(", "))),
                    this);
                return true;
            }
        }
        QToolTip::hideText();
        return true;
    }
    return QWidget::event(e);
}

RetentionView::RetentionView(QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("retentionView"));
    setWindowTitle(tr("Retention simulator"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("What the retention policy would keep and remove now. Nothing is "
                                "deleted here."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_timeline = new RetentionTimeline(this);
    layout->addWidget(m_timeline);
    m_table = new QTableWidget(0, 4, this);
    m_table->setObjectName(QStringLiteral("retentionTable"));
    m_table->setAccessibleName(tr("Snapshots and verdicts"));
    m_table->setHorizontalHeaderLabels({tr("Snapshot"), tr("Verdict"), tr("Frees"), tr("Why")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    layout->addWidget(m_table, 1);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("retentionSummary"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(720, 520);
}

void RetentionView::setPlan(const backup::RetentionPlan& plan)
{
    m_timeline->setPlan(plan);
    m_table->setRowCount(int(plan.verdicts.size()));
    int removed = 0;
    for (int row = 0; row < plan.verdicts.size(); ++row) {
        const backup::RetentionVerdict& v = plan.verdicts[row];
        const QColor colour = v.kept ? kKept : kRemoved;
        auto* verdict = new QTableWidgetItem(v.kept ? tr("keep") : tr("remove"));
        verdict->setForeground(colour);
        m_table->setItem(row, 0, new QTableWidgetItem(v.name));
        m_table->setItem(row, 1, verdict);
        m_table->setItem(row, 2,
                         new QTableWidgetItem(v.kept ? QStringLiteral("\u2013")
                                                     : backup::formatBytes(v.freedBytes)));
        m_table->setItem(row, 3, new QTableWidgetItem(v.reasons.join(QStringLiteral(", "))));
        removed += v.kept ? 0 : 1;
    }
    m_table->resizeColumnsToContents();
    QString summary = tr("Keeps %1 of %2 snapshots; removing %3 frees %4.")
                          .arg(plan.verdicts.size() - removed)
                          .arg(plan.verdicts.size())
                          .arg(removed)
                          .arg(backup::formatBytes(plan.freedBytes));
    if (plan.minFreeUnmet)
        summary += QLatin1Char(' ') + tr("Even so, the minimum free space is not reached.");
    m_summary->setText(summary);
}

bool RetentionView::simulate(const QString& destination, const backup::RetentionPolicy& policy)
{
    auto plan = backup::simulatePrune(backup::SnapshotStore(destination), policy);
    if (!plan) {
        setPlan({});
        m_summary->setText(tr("Cannot simulate: %1").arg(plan.error().toString()));
        return false;
    }
    setPlan(*plan);
    return true;
}

QString RetentionView::summaryText() const
{
    return m_summary->text();
}

} // namespace qrsync::ui
