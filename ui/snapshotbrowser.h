#pragma once

// The snapshot browser of a snapshot profile (docs/restore.md): its
// snapshots newest first, the folder tree of the selected one, the
// versions of the selected file across snapshots, and restoring the
// selected entries to their original place or to another folder. The
// restore is previewed first (PreviewDialog: what would be overwritten)
// and runs through jobs::JobRunner on confirmation; the model and the
// options are engine/backup's (snapshotbrowser.h, restore.h).

#include "backup/restore.h"
#include "backup/snapshotbrowser.h"
#include "jobs/appsettings.h"
#include "jobs/jobprogress.h"
#include "jobs/profile.h"

#include <QDialog>
#include <QPointer>

class QLabel;
class QListWidget;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace qrsync::jobs {
class JobRunner;
}

namespace qrsync::ui {

class PreviewDialog;

class SnapshotBrowserDialog final : public QDialog
{
    Q_OBJECT

public:
    SnapshotBrowserDialog(const jobs::Profile& profile, const jobs::AppSettings& settings,
                          QWidget* parent = nullptr);
    ~SnapshotBrowserDialog() override;

    QListWidget& snapshotList() const { return *m_snapshots; }
    QTreeWidget& folderTree() const { return *m_tree; }
    QTreeWidget& versionList() const { return *m_versions; }
    QString statusText() const;
    QString currentSnapshot() const;
    // Paths of the selected entries, relative to the snapshot's top.
    QStringList selectedPaths() const;
    // Selects the entry at `path` in the tree, expanding folders on the way.
    bool selectPath(const QString& path);

    // Opens the preview of restoring the selection; the restore runs when
    // the preview's "Run this" is pressed. Empty target: the original place.
    void restoreTo(const QString& target);
    PreviewDialog* previewWindow() const;
    bool isRestoring() const;

Q_SIGNALS:
    void restoreFinished(const qrsync::jobs::JobResult& result);

private:
    void loadSnapshots();
    void showSnapshot();
    void fillFolder(QTreeWidgetItem* parent, const QString& folder);
    void showVersions();
    void updateButtons();
    void chooseTarget();
    void startRestore(const options::TransferOptions& transfer, const QString& where);

    jobs::Profile m_profile;
    jobs::AppSettings m_settings;
    backup::SnapshotBrowser m_browser;
    QListWidget* m_snapshots = nullptr;
    QTreeWidget* m_tree = nullptr;
    QTreeWidget* m_versions = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_restoreOriginal = nullptr;
    QPushButton* m_restoreTo = nullptr;
    QPointer<PreviewDialog> m_preview;
    jobs::JobRunner* m_runner = nullptr;
};

} // namespace qrsync::ui
