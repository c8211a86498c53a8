#pragma once

// Runs a snapshot profile from the desktop app: the same code as
// `qrsync --profile NAME` (backup/backuprun.h: the profile lock, the
// .incomplete folder, --link-dest, `latest`, retention), on a worker
// thread, reporting its run record when done. There is no progress view
// for snapshots yet; the main window shows a status line.

#include "apppaths.h"
#include "jobs/profile.h"
#include "jobs/runrecord.h"

#include <QFutureWatcher>
#include <QObject>

#include <atomic>
#include <memory>

namespace qrsync::ui {

class SnapshotLauncher final : public QObject
{
    Q_OBJECT

public:
    SnapshotLauncher(const AppPaths& paths, QObject* parent = nullptr);
    ~SnapshotLauncher() override; // stops a running snapshot and waits for it

    bool isRunning() const;
    // False when one is already running.
    bool start(const jobs::Profile& profile);

    struct Outcome
    {
        bool recorded = false;  // the run started and left a history record
        jobs::RunRecord record; // when recorded
        QString snapshot;       // the snapshot made, if the run succeeded
        QString message;        // a sentence for the status bar
    };

Q_SIGNALS:
    void finished(const qrsync::ui::SnapshotLauncher::Outcome& outcome);

private:
    AppPaths m_paths;
    std::shared_ptr<std::atomic<bool>> m_stop;
    QFutureWatcher<Outcome> m_watcher;
};

} // namespace qrsync::ui
