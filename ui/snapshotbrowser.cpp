#include "snapshotbrowser.h"

#include "formatting.h"
#include "jobs/jobrunner.h"
#include "previewdialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace qrsync::ui {

namespace {

constexpr int kPathRole = Qt::UserRole;
constexpr int kFolderRole = Qt::UserRole + 1;
constexpr int kFilledRole = Qt::UserRole + 2;

QString timeText(const QDateTime& t)
{
    return QLocale().toString(t.toLocalTime(), QLocale::ShortFormat);
}

} // namespace

SnapshotBrowserDialog::SnapshotBrowserDialog(const jobs::Profile& profile,
                                             const jobs::AppSettings& settings, QWidget* parent)
    : QDialog(parent)
    , m_profile(profile)
    , m_settings(settings)
    , m_browser(profile.destination)
    , m_runner(new jobs::JobRunner(this))
{
    setWindowTitle(tr("Snapshots of \u201c%1\u201d").arg(profile.name));
    auto* layout = new QVBoxLayout(this);
    auto* split = new QSplitter(Qt::Horizontal, this);

    m_snapshots = new QListWidget(split);
    m_snapshots->setObjectName(QStringLiteral("snapshotList"));
    m_snapshots->setAccessibleName(tr("Snapshots"));

    auto* right = new QSplitter(Qt::Vertical, split);
    m_tree = new QTreeWidget(right);
    m_tree->setObjectName(QStringLiteral("snapshotTree"));
    m_tree->setAccessibleName(tr("Files in the snapshot"));
    m_tree->setHeaderLabels({tr("Name"), tr("Size"), tr("Modified")});
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);

    m_versions = new QTreeWidget(right);
    m_versions->setObjectName(QStringLiteral("versionList"));
    m_versions->setAccessibleName(tr("Versions of the selected file"));
    m_versions->setRootIsDecorated(false);
    m_versions->setHeaderLabels({tr("Version in snapshots"), tr("Size"), tr("Modified")});
    // The span of snapshots is the long column: shown whole.
    m_versions->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_versions->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_versions->header()->setStretchLastSection(true);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 1);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    layout->addWidget(split, 1);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("snapshotStatusLabel"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_restoreOriginal =
        buttons->addButton(tr("Restore to &original place\u2026"), QDialogButtonBox::ActionRole);
    m_restoreOriginal->setObjectName(QStringLiteral("restoreOriginalButton"));
    m_restoreTo = buttons->addButton(tr("Restore &to\u2026"), QDialogButtonBox::ActionRole);
    m_restoreTo->setObjectName(QStringLiteral("restoreToButton"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_restoreOriginal, &QPushButton::clicked, this, [this] { restoreTo(QString()); });
    connect(m_restoreTo, &QPushButton::clicked, this, &SnapshotBrowserDialog::chooseTarget);
    layout->addWidget(buttons);

    connect(m_snapshots, &QListWidget::currentRowChanged, this,
            &SnapshotBrowserDialog::showSnapshot);
    connect(m_tree, &QTreeWidget::itemExpanded, this, [this](QTreeWidgetItem* item) {
        fillFolder(item, item->data(0, kPathRole).toString());
    });
    connect(m_tree, &QTreeWidget::itemSelectionChanged, this, [this] {
        showVersions();
        updateButtons();
    });
    connect(m_runner, &jobs::JobRunner::result, this, [this](const jobs::JobResult& result) {
        m_status->setText(result.succeeded() ? tr("Restored: %1 files copied (%2).")
                                                   .arg(result.filesTransferred)
                                                   .arg(Formatting::bytes(result.bytesTransferred))
                                             : tr("The restore did not complete: %1")
                                                   .arg(Formatting::exitCode(int(result.exitCode),
                                                                             result.cancelled)));
        updateButtons();
        Q_EMIT restoreFinished(result);
    });
    loadSnapshots();
    resize(1040, 580);
}

// The runner is our child: closing the browser cancels a running restore
// (the engine leaves no half-written file under its final name).
SnapshotBrowserDialog::~SnapshotBrowserDialog() = default;

QString SnapshotBrowserDialog::statusText() const
{
    return m_status->text();
}

QString SnapshotBrowserDialog::currentSnapshot() const
{
    const QListWidgetItem* item = m_snapshots->currentItem();
    return item ? item->data(kPathRole).toString() : QString();
}

PreviewDialog* SnapshotBrowserDialog::previewWindow() const
{
    return m_preview.data();
}

bool SnapshotBrowserDialog::isRestoring() const
{
    return m_runner->isRunning();
}

void SnapshotBrowserDialog::loadSnapshots()
{
    auto snapshots = m_browser.snapshots();
    if (!snapshots) {
        m_status->setText(tr("Cannot list the snapshots: %1").arg(snapshots.error().toString()));
        updateButtons();
        return;
    }
    for (const backup::SnapshotInfo& s : *snapshots) {
        auto* item = new QListWidgetItem(timeText(s.time), m_snapshots);
        item->setData(kPathRole, s.name);
        item->setToolTip(s.name);
    }
    if (snapshots->isEmpty())
        m_status->setText(tr("No complete snapshot yet in %1.").arg(m_profile.destination));
    else
        m_snapshots->setCurrentRow(0);
    updateButtons();
}

void SnapshotBrowserDialog::showSnapshot()
{
    m_tree->clear();
    m_versions->clear();
    m_tree->invisibleRootItem()->setData(0, kFilledRole, false);
    if (!currentSnapshot().isEmpty())
        fillFolder(m_tree->invisibleRootItem(), QString());
    updateButtons();
}

void SnapshotBrowserDialog::fillFolder(QTreeWidgetItem* parent, const QString& folder)
{
    if (parent->data(0, kFilledRole).toBool())
        return;
    parent->setData(0, kFilledRole, true);
    qDeleteAll(parent->takeChildren()); // the placeholder that made it expandable
    auto entries = m_browser.entries(currentSnapshot(), folder);
    if (!entries) {
        m_status->setText(entries.error().toString());
        return;
    }
    for (const backup::SnapshotEntry& e : *entries) {
        auto* item = new QTreeWidgetItem(parent);
        const bool isFolder = e.kind == backup::SnapshotEntry::Kind::Folder;
        item->setText(0, e.kind == backup::SnapshotEntry::Kind::Symlink
                             ? tr("%1 (symlink)").arg(e.name)
                             : e.name);
        item->setIcon(0,
                      style()->standardIcon(isFolder ? QStyle::SP_DirIcon : QStyle::SP_FileIcon));
        if (!isFolder)
            item->setText(1, Formatting::bytes(e.size));
        item->setText(2, timeText(e.mtime));
        item->setData(0, kPathRole, folder.isEmpty() ? e.name : folder + QLatin1Char('/') + e.name);
        item->setData(0, kFolderRole, isFolder);
        if (isFolder)
            new QTreeWidgetItem(item); // filled when expanded
    }
}

QStringList SnapshotBrowserDialog::selectedPaths() const
{
    QStringList out;
    for (const QTreeWidgetItem* item : m_tree->selectedItems())
        out.append(item->data(0, kPathRole).toString());
    return out;
}

bool SnapshotBrowserDialog::selectPath(const QString& path)
{
    QTreeWidgetItem* at = m_tree->invisibleRootItem();
    QString sofar;
    for (const QString& part : path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        sofar = sofar.isEmpty() ? part : sofar + QLatin1Char('/') + part;
        if (at != m_tree->invisibleRootItem())
            at->setExpanded(true);
        QTreeWidgetItem* next = nullptr;
        for (int i = 0; i < at->childCount() && !next; ++i)
            if (at->child(i)->data(0, kPathRole).toString() == sofar)
                next = at->child(i);
        if (!next)
            return false;
        at = next;
    }
    m_tree->setCurrentItem(at);
    return true;
}

void SnapshotBrowserDialog::showVersions()
{
    m_versions->clear();
    const QList<QTreeWidgetItem*> selected = m_tree->selectedItems();
    if (selected.size() != 1 || selected.first()->data(0, kFolderRole).toBool())
        return;
    auto versions = m_browser.versions(selected.first()->data(0, kPathRole).toString());
    if (!versions) {
        m_status->setText(versions.error().toString());
        return;
    }
    for (const backup::FileVersion& v : *versions) {
        QStringList when;
        for (const QString& name : v.snapshots) {
            for (int i = 0; i < m_snapshots->count(); ++i)
                if (m_snapshots->item(i)->data(kPathRole).toString() == name)
                    when.append(m_snapshots->item(i)->text());
        }
        auto* item = new QTreeWidgetItem(m_versions);
        // Newest first: one snapshot, or the span of consecutive ones.
        item->setText(0, when.size() <= 1 ? when.value(0)
                                          : tr("%1 \u2013 %2 (%3 snapshots)")
                                                .arg(when.last(), when.first())
                                                .arg(when.size()));
        item->setToolTip(0, when.join(QLatin1Char('\n')));
        item->setText(1, Formatting::bytes(v.size));
        item->setText(2, timeText(v.mtime));
        item->setData(0, kPathRole, v.snapshots);
        if (v.snapshots.contains(currentSnapshot())) {
            QFont bold = item->font(0);
            bold.setBold(true);
            for (int c = 0; c < 3; ++c)
                item->setFont(c, bold);
        }
    }
}

void SnapshotBrowserDialog::updateButtons()
{
    const bool can = !selectedPaths().isEmpty() && !m_runner->isRunning();
    m_restoreOriginal->setEnabled(can);
    m_restoreTo->setEnabled(can);
}

void SnapshotBrowserDialog::chooseTarget()
{
    auto* dialog = new QFileDialog(this, tr("Restore to folder"));
    dialog->setFileMode(QFileDialog::Directory);
    dialog->setOption(QFileDialog::ShowDirsOnly);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, &SnapshotBrowserDialog::restoreTo);
    dialog->open();
}

void SnapshotBrowserDialog::restoreTo(const QString& target)
{
    const backup::RestoreRequest request{currentSnapshot(), selectedPaths(), target};
    auto where = backup::restoreDestination(m_profile, request);
    auto transfer = where ? backup::restoreOptions(m_profile, m_settings, request)
                          : Result<options::TransferOptions>(tl::unexpected(where.error()));
    if (!transfer) {
        m_status->setText(tr("Cannot restore: %1").arg(transfer.error().toString()));
        return;
    }
    m_status->setText(tr("Previewing the restore into %1\u2026").arg(*where));
    m_preview = new PreviewDialog(*transfer, tr("restore into %1").arg(*where), this);
    m_preview->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_preview, &PreviewDialog::runRequested, this,
            [this, t = *transfer, w = *where] { startRestore(t, w); });
    m_preview->open();
}

void SnapshotBrowserDialog::startRestore(const options::TransferOptions& transfer,
                                         const QString& where)
{
    if (!m_runner->start(transfer, jobs::JobRunner::Mode::Run))
        return;
    m_status->setText(tr("Restoring into %1\u2026").arg(where));
    updateButtons();
}

} // namespace qrsync::ui
