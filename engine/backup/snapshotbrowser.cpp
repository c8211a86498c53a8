#include "backup/snapshotbrowser.h"

#include "backup/snapshotstore.h"

#include <QFile>
#include <QTimeZone>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <sys/stat.h>

namespace qrsync::backup {

namespace {

tl::unexpected<Error> errnoError(const char* what, const QString& path, int err = errno)
{
    return makeError(ExitCode::FileSelect,
                     QStringLiteral("%1 failed: %2")
                         .arg(QLatin1String(what), QString::fromLocal8Bit(strerror(err))),
                     path);
}

SnapshotEntry::Kind kindOf(mode_t mode)
{
    if (S_ISREG(mode))
        return SnapshotEntry::Kind::File;
    if (S_ISDIR(mode))
        return SnapshotEntry::Kind::Folder;
    if (S_ISLNK(mode))
        return SnapshotEntry::Kind::Symlink;
    return SnapshotEntry::Kind::Other;
}

SnapshotEntry entryOf(const QString& name, const struct stat& st)
{
    SnapshotEntry e;
    e.name = name;
    e.kind = kindOf(st.st_mode);
    e.size = qint64(st.st_size);
    e.mtime = QDateTime::fromMSecsSinceEpoch(
        qint64(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000, Qt::UTC);
    e.inode = quint64(st.st_ino);
    return e;
}

} // namespace

SnapshotBrowser::SnapshotBrowser(QString destination)
    : m_destination(std::move(destination))
{}

Result<QList<SnapshotInfo>> SnapshotBrowser::snapshots() const
{
    return SnapshotStore(m_destination).snapshots();
}

Result<QString> SnapshotBrowser::resolve(const QString& snapshot, const QString& path) const
{
    auto known = snapshots();
    if (!known)
        return tl::unexpected(known.error());
    if (std::none_of(known->begin(), known->end(),
                     [&](const SnapshotInfo& s) { return s.name == snapshot; }))
        return makeError(ExitCode::FileSelect,
                         QStringLiteral("no complete snapshot named %1").arg(snapshot),
                         m_destination);
    QString at = SnapshotStore(m_destination).pathOf(snapshot);
    const QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (qsizetype i = 0; i < parts.size(); ++i) {
        if (parts[i] == QLatin1String(".") || parts[i] == QLatin1String(".."))
            return makeError(ExitCode::FileSelect,
                             QStringLiteral("a path inside a snapshot cannot name . or .."), path);
        if (i > 0) {
            struct stat st;
            if (lstat(QFile::encodeName(at).constData(), &st) != 0)
                return errnoError("lstat", at);
            if (!S_ISDIR(st.st_mode))
                return makeError(ExitCode::FileSelect,
                                 QStringLiteral("not a folder inside the snapshot (a symlink is "
                                                "never followed)"),
                                 at);
        }
        at += QLatin1Char('/') + parts[i];
    }
    return at;
}

Result<QList<SnapshotEntry>> SnapshotBrowser::entries(const QString& snapshot,
                                                      const QString& folder) const
{
    auto dirPath = resolve(snapshot, folder);
    if (!dirPath)
        return tl::unexpected(dirPath.error());
    struct stat st;
    const QByteArray encoded = QFile::encodeName(*dirPath);
    if (lstat(encoded.constData(), &st) != 0)
        return errnoError("lstat", *dirPath);
    if (!S_ISDIR(st.st_mode))
        return makeError(ExitCode::FileSelect, QStringLiteral("not a folder"), *dirPath);
    DIR* dir = opendir(encoded.constData());
    if (!dir)
        return errnoError("opendir", *dirPath);
    QList<SnapshotEntry> out;
    while (dirent* e = readdir(dir)) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        const QByteArray child = encoded + '/' + e->d_name;
        if (lstat(child.constData(), &st) != 0)
            continue; // vanished while listing
        out.append(entryOf(QFile::decodeName(e->d_name), st));
    }
    closedir(dir);
    std::sort(out.begin(), out.end(), [](const SnapshotEntry& a, const SnapshotEntry& b) {
        const bool af = a.kind == SnapshotEntry::Kind::Folder;
        const bool bf = b.kind == SnapshotEntry::Kind::Folder;
        if (af != bf)
            return af;
        return a.name < b.name;
    });
    return out;
}

Result<QList<FileVersion>> SnapshotBrowser::versions(const QString& path) const
{
    auto known = snapshots();
    if (!known)
        return tl::unexpected(known.error());
    QList<FileVersion> out;
    bool previousHadIt = false;
    for (const SnapshotInfo& s : *known) {
        auto at = resolve(s.name, path);
        struct stat st;
        if (!at || lstat(QFile::encodeName(*at).constData(), &st) != 0) {
            previousHadIt = false;
            continue;
        }
        const SnapshotEntry e = entryOf(QString(), st);
        if (previousHadIt) {
            FileVersion& last = out.last();
            if (last.inode == e.inode || (last.size == e.size && last.mtime == e.mtime)) {
                last.snapshots.append(s.name);
                continue;
            }
        }
        out.append(FileVersion{{s.name}, e.size, e.mtime, e.inode});
        previousHadIt = true;
    }
    return out;
}

} // namespace qrsync::backup
