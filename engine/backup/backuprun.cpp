#include "backup/backuprun.h"

#include "backup/profilelock.h"
#include "backup/snapshotname.h"
#include "jobs/appsettings.h"
#include "jobs/profilerun.h"
#include "jobs/profilestore.h"

#include <QDir>
#include <QFile>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace qrsync::backup {

namespace {

Result<jobs::Profile> findProfile(const QString& name, const BackupRunOptions& o)
{
    jobs::ProfileStore store(o.headless.configDir);
    std::optional<jobs::Profile> profile = store.findByName(name);
    if (!profile)
        return makeError(ExitCode::Syntax, QStringLiteral("no profile named \"%1\"").arg(name),
                         store.directory());
    return *profile;
}

Result<ProfileLock> lockProfile(const jobs::Profile& p, const BackupRunOptions& o)
{
    return ProfileLock::acquire(
        o.stateDir, p.id,
        [&] {
            if (o.note)
                o.note(QStringLiteral("waiting for another run of profile \"%1\" to finish")
                           .arg(p.name));
        },
        o.headless.stop);
}

Result<> renamePath(const QString& from, const QString& to)
{
    if (std::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) != 0)
        return makeError(ExitCode::FileIo,
                         QStringLiteral("rename to \"%1\" failed: %2")
                             .arg(to, QString::fromLocal8Bit(strerror(errno))),
                         from);
    return {};
}

Result<SnapshotStore> snapshotStoreOf(const jobs::Profile& p)
{
    if (jobs::locationKind(p.destination) != jobs::LocationKind::Local)
        return makeError(ExitCode::Unsupported,
                         QStringLiteral("snapshot mode needs a local destination folder"),
                         p.destination);
    // A scheduled run starts in another working folder than the app.
    if (!QDir::isAbsolutePath(p.destination))
        return makeError(ExitCode::Syntax,
                         QStringLiteral("snapshot mode needs an absolute destination path"),
                         p.destination);
    return SnapshotStore(p.destination);
}

bool snapshotWorthy(ExitCode code)
{
    return code == ExitCode::Ok || code == ExitCode::Vanished;
}

Result<BackupRun> runSnapshot(const jobs::Profile& profile, const BackupRunOptions& o)
{
    auto store = snapshotStoreOf(profile);
    if (!store)
        return tl::unexpected(store.error());
    if (!QDir().mkpath(store->destination()))
        return makeError(ExitCode::FileIo, QStringLiteral("cannot create the destination"),
                         store->destination());
    if (auto finished = store->finishInterruptedRemovals(); !finished)
        return tl::unexpected(finished.error());
    auto complete = store->snapshots();
    if (!complete)
        return tl::unexpected(complete.error());
    auto leftovers = store->incomplete();
    if (!leftovers)
        return tl::unexpected(leftovers.error());

    // Names must sort after the newest snapshot (a clock set back) and be
    // free (two runs in one second).
    QDateTime when = o.now ? o.now() : QDateTime::currentDateTime();
    QString name = snapshotName(when);
    if (!complete->isEmpty() && name <= complete->first().name) {
        const QDateTime newest = complete->first().time;
        when = QDateTime(newest.date(), newest.time()).addSecs(1);
        name = snapshotName(when);
    }
    const auto taken = [&](const QString& n) {
        return QFileInfo::exists(store->pathOf(n)) ||
               (QFileInfo::exists(store->pathOf(n + QLatin1String(kIncompleteSuffix))) &&
                !leftovers->contains(n + QLatin1String(kIncompleteSuffix)));
    };
    while (taken(name)) {
        when = when.addSecs(1);
        name = snapshotName(when);
    }
    const QString work = store->pathOf(name + QLatin1String(kIncompleteSuffix));

    BackupRun out;
    if (!leftovers->isEmpty()) {
        out.resumedFrom = leftovers->first();
        if (out.resumedFrom != name + QLatin1String(kIncompleteSuffix)) {
            if (auto moved = renamePath(store->pathOf(out.resumedFrom), work); !moved)
                return tl::unexpected(moved.error());
        }
        for (qsizetype i = 1; i < leftovers->size(); ++i) {
            if (auto removed = removeTree(store->pathOf(leftovers->at(i))); !removed)
                return tl::unexpected(removed.error());
        }
    } else if (!QDir().mkdir(work)) {
        return makeError(ExitCode::FileIo, QStringLiteral("cannot create the snapshot folder"),
                         work);
    }

    // The same profile, pointed at the new folder and made exact there.
    jobs::Profile plain = profile;
    plain.snapshots.enabled = false;
    plain.destination = work + QLatin1Char('/');
    plain.mode = jobs::SyncMode::Mirror;
    plain.deletion = jobs::DeleteOptions{};
    auto settings = jobs::loadAppSettings(o.headless.configDir);
    if (!settings)
        return tl::unexpected(settings.error());
    auto transfer = jobs::optionsForProfile(plain, *settings, o.headless.env);
    if (!transfer)
        return tl::unexpected(transfer.error());
    if (!complete->isEmpty()) {
        out.linkedTo = complete->first().name;
        transfer->altDestKind = options::TransferOptions::AltDestKind::Link;
        transfer->altDests = QStringList{store->pathOf(out.linkedTo)};
    }
    jobs::HeadlessOptions headless = o.headless;
    headless.plan = false; // nobody watches a snapshot run's totals
    auto run = jobs::runPreparedProfile(profile, *transfer, headless);
    if (!run)
        return tl::unexpected(run.error());
    out.run = std::move(*run);
    if (!snapshotWorthy(out.run.result.exitCode))
        return out; // stays .incomplete for the next run

    if (auto renamed = renamePath(work, store->pathOf(name)); !renamed)
        return tl::unexpected(renamed.error());
    out.snapshot = name;
    if (auto latest = store->setLatest(name); !latest)
        return tl::unexpected(latest.error());
    const RetentionPolicy policy = retentionPolicy(profile.snapshots);
    if (policy.hasRules()) {
        auto pruned = prune(*store, policy);
        if (pruned)
            out.pruned = std::move(*pruned);
        else
            out.pruneError = pruned.error();
    }
    return out;
}

} // namespace

RetentionPolicy retentionPolicy(const jobs::SnapshotOptions& s)
{
    RetentionPolicy p;
    p.keepLast = s.keepLast;
    p.hourly = s.hourly;
    p.daily = s.daily;
    p.weekly = s.weekly;
    p.monthly = s.monthly;
    p.yearly = s.yearly;
    p.minFreeBytes = qint64(s.minFreeMiB) * 1024 * 1024;
    return p;
}

Result<BackupRun> runProfile(const QString& profileName, const BackupRunOptions& o)
{
    auto profile = findProfile(profileName, o);
    if (!profile)
        return tl::unexpected(profile.error());
    auto lock = lockProfile(*profile, o);
    if (!lock)
        return tl::unexpected(lock.error());
    if (profile->snapshots.enabled)
        return runSnapshot(*profile, o);
    auto run = jobs::runProfileHeadless(profileName, o.headless);
    if (!run)
        return tl::unexpected(run.error());
    BackupRun out;
    out.run = std::move(*run);
    return out;
}

Result<PruneOutcome> pruneProfile(const QString& profileName, bool dryRun,
                                  const BackupRunOptions& o)
{
    auto profile = findProfile(profileName, o);
    if (!profile)
        return tl::unexpected(profile.error());
    if (!profile->snapshots.enabled)
        return makeError(ExitCode::Syntax,
                         QStringLiteral("profile \"%1\" does not keep snapshots").arg(profileName));
    auto store = snapshotStoreOf(*profile);
    if (!store)
        return tl::unexpected(store.error());
    auto lock = lockProfile(*profile, o);
    if (!lock)
        return tl::unexpected(lock.error());
    const RetentionPolicy policy = retentionPolicy(profile->snapshots);
    if (dryRun) {
        auto plan = simulatePrune(*store, policy);
        if (!plan)
            return tl::unexpected(plan.error());
        return PruneOutcome{*plan, {}};
    }
    return prune(*store, policy);
}

} // namespace qrsync::backup
