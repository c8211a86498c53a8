#include "backup/restore.h"

#include "jobs/profilerun.h"

#include <QDir>
#include <QFileInfo>

namespace qrsync::backup {

namespace {

QString parentOf(const QString& path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    return slash < 0 ? QString() : path.left(slash);
}

QString withoutTrailingSlashes(QString path)
{
    while (path.size() > 1 && path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return path;
}

} // namespace

Result<QString> originalFolder(const jobs::Profile& profile, const QString& path)
{
    const QString first = path.section(QLatin1Char('/'), 0, 0, QString::SectionSkipEmpty);
    QStringList contentSources; // "DIR/": their contents are the snapshot's top
    for (const QString& source : profile.sources) {
        if (jobs::locationKind(source) != jobs::LocationKind::Local)
            return makeError(ExitCode::Unsupported,
                             QStringLiteral("restoring to the original place of a remote source "
                                            "is not supported; restore to a folder instead"),
                             source);
        if (source.endsWith(QLatin1Char('/'))) {
            contentSources.append(withoutTrailingSlashes(source));
            continue;
        }
        const QString dir = withoutTrailingSlashes(source);
        if (QFileInfo(dir).fileName() == first)
            return QFileInfo(dir).path();
    }
    if (contentSources.size() == 1)
        return contentSources.first();
    return makeError(ExitCode::FileSelect,
                     contentSources.isEmpty()
                         ? QStringLiteral("no source of the profile holds this entry")
                         : QStringLiteral("several sources share the snapshot's top; restore to "
                                          "a folder instead"),
                     path);
}

Result<QString> restoreDestination(const jobs::Profile& profile, const RestoreRequest& r)
{
    if (r.paths.isEmpty())
        return makeError(ExitCode::Syntax, QStringLiteral("choose files or folders to restore"));
    const QString folder = parentOf(r.paths.first());
    for (const QString& p : r.paths) {
        if (p.section(QLatin1Char('/'), 0, -1, QString::SectionSkipEmpty).isEmpty())
            return makeError(ExitCode::Syntax,
                             QStringLiteral("choose files or folders inside the snapshot"));
        if (parentOf(p) != folder)
            return makeError(ExitCode::Syntax,
                             QStringLiteral("restore entries of one folder at a time"), p);
    }
    QString destination;
    if (!r.target.isEmpty()) {
        destination = withoutTrailingSlashes(r.target);
    } else {
        auto root = originalFolder(profile, r.paths.first());
        if (!root)
            return tl::unexpected(root.error());
        destination = folder.isEmpty() ? *root : *root + QLatin1Char('/') + folder;
    }
    // Writing into the snapshots would change what they record.
    const QString snapshots = QFileInfo(profile.destination).canonicalFilePath();
    const QString at = QFileInfo(destination).canonicalFilePath();
    if (!snapshots.isEmpty() && !at.isEmpty() &&
        (at == snapshots || at.startsWith(snapshots + QLatin1Char('/'))))
        return makeError(ExitCode::FileSelect,
                         QStringLiteral("cannot restore into the snapshots' own folder"),
                         destination);
    return destination;
}

Result<options::TransferOptions> restoreOptions(const jobs::Profile& profile,
                                                const jobs::AppSettings& settings,
                                                const RestoreRequest& r,
                                                const options::Environment& env)
{
    auto destination = restoreDestination(profile, r);
    if (!destination)
        return tl::unexpected(destination.error());
    SnapshotBrowser browser(profile.destination);
    QStringList sources;
    for (const QString& p : r.paths) {
        auto at = browser.resolve(r.snapshot, p);
        if (!at)
            return tl::unexpected(at.error());
        if (!QFileInfo(*at).isSymLink() && !QFileInfo::exists(*at))
            return makeError(ExitCode::FileSelect, QStringLiteral("not in the snapshot"), *at);
        sources.append(*at); // no trailing '/': a folder is restored as itself
    }

    // An ordinary local run of the profile's preserve options, only adding
    // and updating.
    jobs::Profile plain;
    plain.name = profile.name;
    plain.sources = sources;
    plain.destination = *destination + QLatin1Char('/');
    plain.mode = jobs::SyncMode::Backup;
    plain.preserve = profile.preserve;
    plain.preserve.symlinks = true; // copied as links, never followed or skipped
    auto transfer = jobs::optionsForProfile(plain, settings, env);
    if (!transfer)
        return tl::unexpected(transfer.error());
    if (transfer->deleteMode != options::TransferOptions::DeleteMode::None || transfer->copyLinks ||
        transfer->copyDirlinks || transfer->copyUnsafeLinks)
        return makeError(ExitCode::Syntax,
                         QStringLiteral("a restore never deletes and never follows symlinks"));
    return transfer;
}

} // namespace qrsync::backup
