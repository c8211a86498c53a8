#include "historydialog.h"

#include "formatting.h"
#include "itemtablemodel.h"
#include "itemtableview.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace qrsync::ui {

HistoryDialog::HistoryDialog(const jobs::HistoryStore& history, const jobs::Profile& profile,
                             QWidget* parent)
    : QDialog(parent)
    , m_history(history)
    , m_profileId(profile.id)
    , m_entries(history.entries(profile.id))
{
    setWindowTitle(tr("History of \u201c%1\u201d").arg(profile.name));
    auto* layout = new QVBoxLayout(this);
    auto* splitter = new QSplitter(Qt::Vertical, this);

    m_runs = new QTableWidget(int(m_entries.size()), 5, splitter);
    m_runs->setObjectName(QStringLiteral("runTable"));
    m_runs->setAccessibleName(tr("Runs"));
    m_runs->setHorizontalHeaderLabels(
        {tr("Started"), tr("Result"), tr("Files"), tr("Data"), tr("Duration")});
    m_runs->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_runs->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_runs->setSelectionMode(QAbstractItemView::SingleSelection);
    m_runs->verticalHeader()->hide();
    m_runs->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    for (int row = 0; row < m_entries.size(); ++row) {
        const jobs::RunRecord& r = m_entries[row].record;
        const QStringList cells{
            QLocale().toString(r.started.toLocalTime(), QLocale::ShortFormat),
            Formatting::exitCode(r.exitCode, r.cancelled),
            QString::number(r.filesTransferred),
            Formatting::bytes(r.bytesTransferred),
            Formatting::duration(r.started.secsTo(r.finished)),
        };
        for (int col = 0; col < cells.size(); ++col)
            m_runs->setItem(row, col, new QTableWidgetItem(cells[col]));
        if (!r.succeeded())
            m_runs->item(row, 1)->setForeground(QColor(0xb3, 0x26, 0x1e));
    }
    m_runs->resizeColumnToContents(0);

    auto* details = new QWidget(splitter);
    auto* dl = new QVBoxLayout(details);
    dl->setContentsMargins(0, 0, 0, 0);
    m_summary = new QLabel(details);
    m_summary->setObjectName(QStringLiteral("runSummaryLabel"));
    m_summary->setAccessibleName(tr("Run summary"));
    m_summary->setWordWrap(true);
    dl->addWidget(m_summary);
    m_items = new ItemTableView(details);
    dl->addWidget(m_items, 3);
    m_messages = new QListWidget(details);
    m_messages->setObjectName(QStringLiteral("runMessageList"));
    m_messages->setAccessibleName(tr("Messages of the run"));
    m_messages->setMaximumHeight(80);
    dl->addWidget(m_messages, 1);
    splitter->addWidget(m_runs);
    splitter->addWidget(details);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_runs, &QTableWidget::currentCellChanged, this, [this](int row) { showRun(row); });
    if (m_entries.isEmpty())
        m_summary->setText(tr("This profile has not run yet."));
    else
        m_runs->setCurrentCell(0, 0);
    resize(820, 560);
}

void HistoryDialog::showRun(int row)
{
    m_items->model().clear();
    m_messages->clear();
    if (row < 0 || row >= m_entries.size())
        return;
    const jobs::RunRecord& r = m_entries[row].record;
    QString summary = tr("%1 run from %2 to %3: %4. %5 files, %6 sent, %7 deleted.")
                          .arg(r.origin == QLatin1String("cli") ? tr("Headless") : tr("Desktop"),
                               QLocale().toString(r.started.toLocalTime(), QLocale::LongFormat),
                               QLocale().toString(r.finished.toLocalTime().time()),
                               Formatting::exitCode(r.exitCode, r.cancelled))
                          .arg(r.filesTransferred)
                          .arg(Formatting::bytes(r.bytesTransferred))
                          .arg(r.deletions);
    if (r.itemsTruncated)
        summary +=
            QLatin1Char(' ') +
            tr("Only the first %1 of %2 changes were kept.").arg(r.items.size()).arg(r.itemCount);
    m_summary->setText(summary);
    // Read when selected: a long history must not load every item list.
    m_items->model().append(m_history.loadItems(m_profileId, m_entries[row].id));
    if (!r.errorMessage.isEmpty())
        m_messages->addItem(r.errorMessage);
    m_messages->addItems(r.messages);
}

} // namespace qrsync::ui
