#include "snapshotlauncher.h"

#include "backup/backuprun.h"
#include "jobs/storagepaths.h"

#include <QtConcurrent/QtConcurrentRun>

namespace qrsync::ui {

SnapshotLauncher::SnapshotLauncher(const AppPaths& paths, QObject* parent)
    : QObject(parent)
    , m_paths(paths)
{
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this,
            [this] { Q_EMIT finished(m_watcher.result()); });
}

SnapshotLauncher::~SnapshotLauncher()
{
    if (m_stop)
        m_stop->store(true);
    m_watcher.waitForFinished();
}

bool SnapshotLauncher::isRunning() const
{
    return m_watcher.isRunning();
}

bool SnapshotLauncher::start(const jobs::Profile& profile)
{
    if (isRunning())
        return false;
    m_stop = std::make_shared<std::atomic<bool>>(false);
    backup::BackupRunOptions how;
    how.headless.configDir = m_paths.configDir;
    how.headless.dataDir = m_paths.dataDir;
    how.headless.env = options::systemEnvironment();
    how.headless.stop = [stop = m_stop] { return stop->load(); };
    how.stateDir = jobs::defaultStateDirectory();
    const QString name = profile.name;
    m_watcher.setFuture(QtConcurrent::run([how, name] {
        Outcome out;
        auto run = backup::runProfile(name, how);
        if (!run) {
            out.message =
                tr("Snapshot of \u201c%1\u201d failed: %2").arg(name, run.error().toString());
            return out;
        }
        out.recorded = true;
        out.record = run->run.record;
        out.snapshot = run->snapshot;
        if (!run->snapshot.isEmpty())
            out.message = tr("Snapshot %1 of \u201c%2\u201d complete.").arg(run->snapshot, name);
        else
            out.message =
                tr("Snapshot of \u201c%1\u201d failed; it will be resumed next time.").arg(name);
        if (run->pruneError)
            out.message +=
                QLatin1Char(' ') + tr("The prune failed: %1").arg(run->pruneError->toString());
        return out;
    }));
    return true;
}

} // namespace qrsync::ui
