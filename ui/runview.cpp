#include "runview.h"

#include "formatting.h"
#include "jobs/jobrunner.h"

#include <QCloseEvent>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace qrsync::ui {

namespace {

QLabel* valueLabel(const QString& objectName, const QString& accessibleName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setAccessibleName(accessibleName);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

RunView::RunView(jobs::JobRunner& runner, const QString& profileName, QWidget* parent)
    : QDialog(parent)
    , m_runner(runner)
{
    setWindowTitle(tr("Running \u201c%1\u201d").arg(profileName));
    auto* layout = new QVBoxLayout(this);

    m_phase = valueLabel(QStringLiteral("phaseLabel"), tr("Phase"), this);
    QFont big = m_phase->font();
    big.setPointSizeF(big.pointSizeF() * 1.2);
    big.setBold(true);
    m_phase->setFont(big);
    layout->addWidget(m_phase);

    m_overall = new QProgressBar(this);
    m_overall->setObjectName(QStringLiteral("overallProgress"));
    m_overall->setAccessibleName(tr("Overall progress"));
    m_overall->setRange(0, 0); // busy until the plan gives totals
    layout->addWidget(m_overall);

    auto* form = new QFormLayout;
    m_files = valueLabel(QStringLiteral("filesLabel"), tr("Files"), this);
    m_bytes = valueLabel(QStringLiteral("bytesLabel"), tr("Data"), this);
    m_rate = valueLabel(QStringLiteral("rateLabel"), tr("Speed"), this);
    m_eta = valueLabel(QStringLiteral("etaLabel"), tr("Time left"), this);
    form->addRow(tr("Files:"), m_files);
    form->addRow(tr("Data:"), m_bytes);
    form->addRow(tr("Speed:"), m_rate);
    form->addRow(tr("Time left:"), m_eta);
    layout->addLayout(form);

    m_currentFile = valueLabel(QStringLiteral("currentFileLabel"), tr("Current file"), this);
    m_currentFile->setTextFormat(Qt::PlainText);
    m_currentFile->setMinimumWidth(360);
    layout->addWidget(m_currentFile);
    m_fileProgress = new QProgressBar(this);
    m_fileProgress->setObjectName(QStringLiteral("fileProgress"));
    m_fileProgress->setAccessibleName(tr("Current file progress"));
    m_fileProgress->setRange(0, 1000);
    m_fileProgress->setValue(0);
    m_fileProgress->setTextVisible(false);
    m_fileProgress->setMaximumHeight(10);
    layout->addWidget(m_fileProgress);

    auto* errorsTitle = new QLabel(tr("Errors and warnings:"), this);
    layout->addWidget(errorsTitle);
    m_errors = new QListWidget(this);
    m_errors->setObjectName(QStringLiteral("errorList"));
    m_errors->setAccessibleName(tr("Errors and warnings"));
    layout->addWidget(m_errors, 1);

    auto* buttons = new QDialogButtonBox(this);
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setAccessibleName(tr("Cancel the run"));
    m_close = buttons->addButton(QDialogButtonBox::Close);
    m_close->setObjectName(QStringLiteral("closeButton"));
    m_close->setAccessibleName(tr("Close"));
    m_close->setEnabled(false);
    layout->addWidget(buttons);

    connect(m_cancel, &QPushButton::clicked, this, &RunView::requestCancel);
    connect(m_close, &QPushButton::clicked, this, &QDialog::accept);
    connect(&runner, &jobs::JobRunner::progressChanged, this, &RunView::showProgress);
    connect(&runner, &jobs::JobRunner::messagesReported, this, &RunView::addMessages);
    connect(&runner, &jobs::JobRunner::result, this, &RunView::showResult);
    showProgress(runner.progress());
    resize(560, 440);
}

void RunView::requestCancel()
{
    if (m_finished || !m_cancel->isEnabled())
        return;
    m_cancel->setEnabled(false);
    m_phase->setText(tr("Cancelling\u2026"));
    m_runner.cancel();
}

void RunView::reject()
{
    if (!m_finished) {
        requestCancel();
        return;
    }
    QDialog::reject();
}

void RunView::closeEvent(QCloseEvent* event)
{
    if (!m_finished) {
        requestCancel();
        event->ignore();
        return;
    }
    QDialog::closeEvent(event);
}

void RunView::showProgress(const jobs::JobProgress& p)
{
    if (m_finished)
        return;
    switch (p.phase) {
    case jobs::JobPhase::Idle:
    case jobs::JobPhase::Planning:
        m_phase->setText(tr("Comparing source and destination\u2026"));
        break;
    case jobs::JobPhase::Transferring:
        if (m_cancel->isEnabled())
            m_phase->setText(tr("Copying"));
        break;
    case jobs::JobPhase::Finished:
        break;
    }
    const int percent = p.percent();
    if (percent < 0) {
        m_overall->setRange(0, 0);
    } else {
        m_overall->setRange(0, 100);
        m_overall->setValue(percent);
    }
    m_files->setText(p.filesTotal < 0 ? tr("%1 checked").arg(p.itemsSeen)
                                      : tr("%1 of %2").arg(p.filesDone).arg(p.filesTotal));
    m_bytes->setText(
        p.bytesTotal < 0
            ? tr("\u2014")
            : tr("%1 of %2").arg(Formatting::bytes(p.bytesDone), Formatting::bytes(p.bytesTotal)));
    m_rate->setText(p.phase == jobs::JobPhase::Transferring ? Formatting::rate(p.bytesPerSecond)
                                                            : tr("\u2014"));
    m_eta->setText(p.etaSeconds < 0 ? tr("\u2014") : Formatting::duration(p.etaSeconds));
    m_currentFile->setText(p.currentFile);
    m_fileProgress->setValue(
        p.currentFileSize > 0 ? int(1000 * p.currentFileDone / p.currentFileSize) : 0);
}

void RunView::addMessages(const QList<jobs::JobMessage>& messages)
{
    for (const jobs::JobMessage& m : messages) {
        auto* item = new QListWidgetItem(m.text, m_errors);
        item->setIcon(QIcon::fromTheme(m.level == jobs::JobMessage::Level::Error
                                           ? QStringLiteral("dialog-error")
                                           : QStringLiteral("dialog-warning")));
    }
    m_errors->scrollToBottom();
}

void RunView::showResult(const jobs::JobResult& r)
{
    showProgress(m_runner.progress());
    m_finished = true;
    m_phase->setText(Formatting::exitCode(int(r.exitCode), r.cancelled));
    if (r.error && !r.cancelled)
        addMessages({jobs::JobMessage{jobs::JobMessage::Level::Error, r.error->toString()}});
    if (r.succeeded()) {
        m_overall->setRange(0, 100);
        m_overall->setValue(100);
    }
    m_rate->setText(tr("\u2014"));
    m_cancel->setEnabled(false);
    m_close->setEnabled(true);
    m_close->setDefault(true);
    m_close->setFocus();
}

} // namespace qrsync::ui
