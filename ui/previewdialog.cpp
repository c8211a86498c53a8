#include "previewdialog.h"

#include "formatting.h"
#include "itemtablemodel.h"
#include "itemtableview.h"
#include "jobs/jobrunner.h"
#include "protocol/itemheader.h"
#include "sshprompter.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace qrsync::ui {

PreviewDialog::PreviewDialog(const options::TransferOptions& options, const QString& profileName,
                             QWidget* parent)
    : QDialog(parent)
    , m_runner(new jobs::JobRunner(this))
{
    setWindowTitle(tr("Preview of \u201c%1\u201d").arg(profileName));
    auto* layout = new QVBoxLayout(this);
    m_status = new QLabel(tr("Comparing source and destination\u2026"), this);
    m_status->setObjectName(QStringLiteral("previewStatusLabel"));
    m_status->setAccessibleName(tr("Preview status"));
    layout->addWidget(m_status);
    m_items = new ItemTableView(this);
    layout->addWidget(m_items, 1);
    m_totalsLabel = new QLabel(this);
    m_totalsLabel->setObjectName(QStringLiteral("previewTotalsLabel"));
    m_totalsLabel->setAccessibleName(tr("Totals"));
    m_totalsLabel->setTextFormat(Qt::RichText);
    layout->addWidget(m_totalsLabel);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_run = buttons->addButton(tr("&Run this"), QDialogButtonBox::AcceptRole);
    m_run->setObjectName(QStringLiteral("runThisButton"));
    m_run->setAccessibleName(tr("Run this"));
    m_run->setIcon(QIcon::fromTheme(QStringLiteral("media-playback-start")));
    m_run->setEnabled(false);
    connect(m_run, &QPushButton::clicked, this, [this] {
        Q_EMIT runRequested();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    // Rows reach the table a slice per event-loop pass: a plan of 100,000
    // lines arrives in one batch, and inserting it at once would freeze
    // the window for a noticeable time (docs/performance.md).
    m_feed.setInterval(0);
    connect(&m_feed, &QTimer::timeout, this, &PreviewDialog::feedRows);
    connect(m_runner, &jobs::JobRunner::itemsReported, this,
            [this](const QList<jobs::JobItem>& items) {
                countItems(items);
                updateTotals();
                m_pending += items;
                m_feed.start();
            });
    connect(m_runner, &jobs::JobRunner::result, this, [this](const jobs::JobResult& result) {
        m_result = result;
        m_feed.start(); // finishes once the last rows are in
    });
    m_runner->setSshPrompts((new SshPrompter(this))->prompts());
    m_runner->start(options, jobs::JobRunner::Mode::Preview);
    updateTotals();
    resize(820, 520);
}

// The runner is our child and its destructor cancels and joins, so closing
// the dialog mid-preview stops the dry run.
PreviewDialog::~PreviewDialog() = default;

QString PreviewDialog::totalsText() const
{
    return m_totalsLabel->text();
}

void PreviewDialog::countItems(const QList<jobs::JobItem>& items)
{
    // Counted per batch as they arrive: a 100,000-line plan must not be
    // rescanned on every batch.
    Totals& t = m_totals;
    for (const jobs::JobItem& item : items) {
        switch (item.action) {
        case jobs::ItemAction::New:
            ++t.created;
            break;
        case jobs::ItemAction::Changed:
            break;
        case jobs::ItemAction::MetadataOnly:
            ++t.metadata;
            break;
        case jobs::ItemAction::Deleted:
            ++t.deletions;
            break;
        }
        if (item.action != jobs::ItemAction::Deleted && !item.isDirectory &&
            (item.iflags & protocol::kItemTransfer)) {
            ++t.send;
            t.bytes += item.size;
        }
    }
}

void PreviewDialog::updateTotals()
{
    const auto [send, bytes, deletions, metadata, created] = m_totals;
    // Singular and plural spelt out: the app ships no English plural
    // translation, and %n alone would show "file(s)".
    QString text = send == 1
                       ? tr("<b>1 file to send</b> (%1)").arg(Formatting::bytes(bytes))
                       : tr("<b>%1 files to send</b> (%2)").arg(send).arg(Formatting::bytes(bytes));
    text += created == 1 ? tr(", 1 new entry") : tr(", %1 new entries").arg(created);
    text += tr(", %1 metadata-only").arg(metadata);
    const QString del = deletions == 1 ? tr("1 deletion") : tr("%1 deletions").arg(deletions);
    text += QStringLiteral(", ") +
            (deletions > 0 ? QStringLiteral("<b style='color:#b3261e'>%1</b>").arg(del) : del);
    m_totalsLabel->setText(text);
}

void PreviewDialog::feedRows()
{
    const qsizetype n = std::min<qsizetype>(m_pending.size(), kRowsPerStep);
    if (n > 0) {
        m_items->model().append(m_pending.first(n));
        m_pending.remove(0, n);
    }
    if (!m_pending.isEmpty())
        return;
    m_feed.stop();
    if (m_result && !m_finished)
        onResult(*m_result);
}

void PreviewDialog::onResult(const jobs::JobResult& result)
{
    m_finished = true;
    updateTotals();
    if (result.succeeded()) {
        m_status->setText(m_items->model().items().isEmpty()
                              ? tr("Nothing to do: the destination is up to date.")
                              : tr("A run would make these changes:"));
        m_run->setEnabled(true);
        m_run->setDefault(true);
    } else {
        QString why = Formatting::exitCode(int(result.exitCode), result.cancelled);
        for (const jobs::JobMessage& m : m_runner->messages())
            why += QStringLiteral("\n") + m.text;
        if (result.error)
            why += QStringLiteral("\n") + result.error->toString();
        m_status->setText(tr("The preview did not complete: %1").arg(why));
        // A partial plan (some files unreadable) can still be run; rsync
        // would copy what it can.
        m_run->setEnabled(result.exitCode == ExitCode::Partial ||
                          result.exitCode == ExitCode::Vanished);
    }
    Q_EMIT finished(result);
}

} // namespace qrsync::ui
