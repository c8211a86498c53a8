#include "backup/snapshotstore.h"

#include "backup/snapshotname.h"

#include <QDir>
#include <QFile>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace qrsync::backup {

namespace {

Result<> errnoError(const char* what, const QString& path, int err = errno)
{
    return makeError(ExitCode::FileIo,
                     QStringLiteral("%1 failed: %2")
                         .arg(QLatin1String(what), QString::fromLocal8Bit(strerror(err))),
                     path);
}

// Calls `visit(parentFd, name, st, shownPath)` for each entry of the
// directory `dirFd` (consumed) with its lstat, never following links;
// stops at the first error.
template<typename Visit> Result<> forEachEntryAt(int dirFd, const QString& shown, Visit visit)
{
    DIR* dir = fdopendir(dirFd);
    if (!dir) {
        const int err = errno;
        ::close(dirFd);
        return errnoError("opendir", shown, err);
    }
    Result<> outcome;
    while (dirent* e = readdir(dir)) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        const QString childShown = shown + QLatin1Char('/') + QFile::decodeName(e->d_name);
        struct stat st;
        if (fstatat(dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            outcome = errnoError("lstat", childShown);
            break;
        }
        outcome = visit(dirfd(dir), e->d_name, st, childShown);
        if (!outcome)
            break;
    }
    closedir(dir);
    return outcome;
}

// Opens the subdirectory `name` of `parentFd` without following a link.
Result<int> openSubdirectory(int parentFd, const char* name, const QString& shown)
{
    const int child = openat(parentFd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (child < 0)
        return tl::unexpected(errnoError("opendir", shown).error());
    return child;
}

// Adds every inode under `dirFd` (entries by lstat, never following links).
Result<> scanInodes(int dirFd, const QString& shown, const QString& snapshot, SpaceUsage& usage)
{
    return forEachEntryAt(dirFd, shown,
                          [&](int parentFd, const char* name, const struct stat& st,
                              const QString& childShown) -> Result<> {
                              // A directory is never hard-linked; its st_nlink
                              // counts subdirectories.
                              const quint64 links = S_ISDIR(st.st_mode) ? 1 : quint64(st.st_nlink);
                              usage.addLink(snapshot, {quint64(st.st_dev), quint64(st.st_ino)},
                                            links, qint64(st.st_blocks) * 512);
                              if (!S_ISDIR(st.st_mode))
                                  return {};
                              auto child = openSubdirectory(parentFd, name, childShown);
                              if (!child)
                                  return tl::unexpected(child.error());
                              return scanInodes(*child, childShown, snapshot, usage);
                          });
}

} // namespace

SnapshotStore::SnapshotStore(QString destination)
    : m_destination(std::move(destination))
{
    while (m_destination.size() > 1 && m_destination.endsWith(QLatin1Char('/')))
        m_destination.chop(1);
}

QString SnapshotStore::pathOf(const QString& name) const
{
    return m_destination + QLatin1Char('/') + name;
}

Result<QStringList> SnapshotStore::entryNames() const
{
    QDir dir(m_destination);
    if (!dir.exists())
        return QStringList{};
    return dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden | QDir::NoSymLinks |
                             QDir::System,
                         QDir::Name | QDir::Reversed);
}

Result<QList<SnapshotInfo>> SnapshotStore::snapshots() const
{
    auto names = entryNames();
    if (!names)
        return tl::unexpected(names.error());
    QList<SnapshotInfo> out;
    for (const QString& name : *names) {
        if (auto time = parseSnapshotName(name))
            out.append(SnapshotInfo{name, *time});
    }
    return out;
}

Result<QStringList> SnapshotStore::incomplete() const
{
    auto names = entryNames();
    if (!names)
        return tl::unexpected(names.error());
    QStringList out;
    for (const QString& name : *names) {
        if (name.endsWith(QLatin1String(kIncompleteSuffix)) &&
            parseSnapshotName(name.chopped(int(strlen(kIncompleteSuffix)))))
            out << name;
    }
    return out;
}

Result<SpaceUsage> SnapshotStore::usage(const QList<SnapshotInfo>& snapshots) const
{
    SpaceUsage usage;
    for (const SnapshotInfo& s : snapshots) {
        const QString path = pathOf(s.name);
        const int fd = open(QFile::encodeName(path).constData(),
                            O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            return tl::unexpected(errnoError("opendir", path).error());
        struct stat st;
        if (fstat(fd, &st) == 0)
            usage.addLink(s.name, {quint64(st.st_dev), quint64(st.st_ino)}, 1,
                          qint64(st.st_blocks) * 512);
        auto scanned = scanInodes(fd, path, s.name, usage);
        if (!scanned)
            return tl::unexpected(scanned.error());
    }
    return usage;
}

Result<qint64> SnapshotStore::freeBytes() const
{
    struct statvfs vfs;
    if (statvfs(QFile::encodeName(m_destination).constData(), &vfs) != 0)
        return tl::unexpected(errnoError("statvfs", m_destination).error());
    return qint64(vfs.f_bavail) * qint64(vfs.f_frsize);
}

Result<> SnapshotStore::remove(const QString& name) const
{
    const QString from = pathOf(name);
    const QString doomed = from + QLatin1String(kDeletingSuffix);
    if (::rename(QFile::encodeName(from).constData(), QFile::encodeName(doomed).constData()) != 0)
        return errnoError("rename", from);
    return removeTree(doomed);
}

Result<> SnapshotStore::finishInterruptedRemovals() const
{
    auto names = entryNames();
    if (!names)
        return tl::unexpected(names.error());
    for (const QString& name : *names) {
        if (name.endsWith(QLatin1String(kDeletingSuffix))) {
            auto removed = removeTree(pathOf(name));
            if (!removed)
                return removed;
        }
    }
    return {};
}

Result<> SnapshotStore::setLatest(const QString& name) const
{
    const QByteArray link = QFile::encodeName(pathOf(QLatin1String(kLatestLink)));
    const QByteArray temp = link + ".new";
    ::unlink(temp.constData());
    if (::symlink(QFile::encodeName(name).constData(), temp.constData()) != 0)
        return errnoError("symlink", QFile::decodeName(temp));
    if (::rename(temp.constData(), link.constData()) != 0) {
        const int err = errno;
        ::unlink(temp.constData());
        return errnoError("rename", QFile::decodeName(link), err);
    }
    return {};
}

namespace {

Result<> removeEntriesAt(int dirFd, const QString& shown)
{
    return forEachEntryAt(dirFd, shown,
                          [](int parentFd, const char* name, const struct stat& st,
                             const QString& childShown) -> Result<> {
                              if (!S_ISDIR(st.st_mode)) {
                                  if (unlinkat(parentFd, name, 0) != 0)
                                      return errnoError("unlink", childShown);
                                  return {};
                              }
                              // A read-only directory cannot lose its entries.
                              if ((st.st_mode & 0700) != 0700)
                                  fchmodat(parentFd, name, (st.st_mode & 07777) | 0700, 0);
                              auto child = openSubdirectory(parentFd, name, childShown);
                              if (!child)
                                  return tl::unexpected(child.error());
                              if (auto removed = removeEntriesAt(*child, childShown); !removed)
                                  return removed;
                              if (unlinkat(parentFd, name, AT_REMOVEDIR) != 0)
                                  return errnoError("rmdir", childShown);
                              return {};
                          });
}

} // namespace

Result<> removeTree(const QString& path)
{
    const QByteArray native = QFile::encodeName(path);
    struct stat st;
    if (lstat(native.constData(), &st) != 0)
        return errno == ENOENT ? Result<>{} : errnoError("lstat", path);
    if (!S_ISDIR(st.st_mode)) {
        if (::unlink(native.constData()) != 0)
            return errnoError("unlink", path);
        return {};
    }
    if ((st.st_mode & 0700) != 0700)
        ::chmod(native.constData(), (st.st_mode & 07777) | 0700);
    const int fd = open(native.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return errnoError("opendir", path);
    auto emptied = removeEntriesAt(fd, path);
    if (!emptied)
        return emptied;
    if (::rmdir(native.constData()) != 0)
        return errnoError("rmdir", path);
    return {};
}

} // namespace qrsync::backup
