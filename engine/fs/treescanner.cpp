#include "treescanner.h"

#include "directory.h"
#include "uniquefd.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace qrsync::fs {

TreeScanner::TreeScanner(ScanOptions options)
    : m_options(options)
{}

TreeScanner::TreeScanner(TreeScanner&& other) noexcept
    : m_options(other.m_options)
    , m_rootFd(std::exchange(other.m_rootFd, -1))
    , m_rootDev(other.m_rootDev)
    , m_rootName(std::move(other.m_rootName))
    , m_errors(std::move(other.m_errors))
    , m_ioError(other.m_ioError)
{}

TreeScanner& TreeScanner::operator=(TreeScanner&& other) noexcept
{
    if (this == &other)
        return *this;
    if (m_rootFd >= 0)
        ::close(m_rootFd);
    m_options = other.m_options;
    m_rootFd = std::exchange(other.m_rootFd, -1);
    m_rootDev = other.m_rootDev;
    m_rootName = std::move(other.m_rootName);
    m_errors = std::move(other.m_errors);
    m_ioError = other.m_ioError;
    return *this;
}

TreeScanner::~TreeScanner()
{
    if (m_rootFd >= 0)
        ::close(m_rootFd);
}

void TreeScanner::record(Error error, quint32 ioBits)
{
    m_errors.push_back(std::move(error));
    m_ioError |= ioBits;
}

// rsync's link_stat(): lstat, or stat with -L; with -k a symlink that
// resolves to a directory is taken as that directory, a dangling one stays
// a symlink.
Result<FileStat> TreeScanner::statChild(const QByteArray& localPath, const QByteArray& shownPath)
{
    if (m_options.followSymlinks)
        return statAt(m_rootFd, localPath, shownPath);
    auto st = lstatAt(m_rootFd, localPath, shownPath);
    if (st && m_options.copyDirlinks && st->isSymlink()) {
        auto target = statAt(m_rootFd, localPath, shownPath);
        if (target && target->isDirectory())
            return target;
    }
    return st;
}

Result<ScanEntry> TreeScanner::openRoot(const QByteArray& root, const QByteArray& rootName)
{
    if (m_rootFd >= 0)
        ::close(m_rootFd);
    m_rootFd = -1;
    // O_PATH: the root may be a plain file, or a directory we cannot read
    // (its own entry is still listed, with the opendir error).
    const int fd = ::open(root.constData(), O_PATH | O_CLOEXEC);
    if (fd < 0)
        return tl::unexpected(failedError(errno, "link_stat", root));
    m_rootFd = fd;
    m_rootName = rootName;

    ScanEntry e;
    e.path = rootName;
    e.localPath = QByteArrayLiteral(".");
    // The root itself is named by the caller's path: lstat it there, so that a
    // symlink given as the argument is not silently followed.
    auto st = m_options.followSymlinks ? statAt(AT_FDCWD, root) : lstatAt(AT_FDCWD, root);
    if (st && m_options.copyDirlinks && st->isSymlink()) {
        auto target = statAt(AT_FDCWD, root);
        if (target && target->isDirectory())
            st = std::move(target);
    }
    if (!st)
        return tl::unexpected(st.error());
    e.stat = std::move(*st);
    m_rootDev = e.stat.dev;
    return e;
}

static QByteArray joinPath(const QByteArray& dir, const QByteArray& name)
{
    if (dir.isEmpty() || dir == ".")
        return name;
    if (dir.endsWith('/')) // a root named "/" or "src/"
        return dir + name;
    return dir + '/' + name;
}

std::vector<ScanEntry> TreeScanner::children(const ScanEntry& dir)
{
    std::vector<ScanEntry> out;
    if (m_rootFd < 0 || !dir.stat.isDirectory() || dir.mountPoint)
        return out;
    auto names = readDirectoryNamesAt(m_rootFd, dir.localPath, dir.path);
    if (!names) {
        // rsync: `opendir "X" failed: ...`, io_error |= IOERR_GENERAL.
        record(names.error(), IoErrorGeneral);
        return out;
    }
    out.reserve(names->size());
    for (const QByteArray& name : *names) {
        ScanEntry e;
        e.localPath = joinPath(dir.localPath, name);
        e.path = joinPath(dir.path, name);
        e.depth = dir.depth + 1;
        auto st = statChild(e.localPath, e.path);
        if (!st) {
            // Classify with a raw lstat: building the Error may clobber errno.
            struct ::stat raw;
            const bool exists =
                ::fstatat(m_rootFd, e.localPath.constData(), &raw, AT_SYMLINK_NOFOLLOW) == 0;
            const int lstatErrno = errno;
            if (exists && S_ISLNK(raw.st_mode) && m_options.followSymlinks) {
                record(Error{ExitCode::Partial,
                             QStringLiteral("symlink has no referent: ") + quotedPath(e.path),
                             displayPath(e.path)},
                       IoErrorGeneral);
            } else if (!exists && lstatErrno == ENOENT) {
                // Deleted between readdir and stat: only a warning in rsync.
                record(Error{ExitCode::Vanished,
                             QStringLiteral("file has vanished: ") + quotedPath(e.path),
                             displayPath(e.path)},
                       IoErrorVanished);
            } else {
                record(st.error(), IoErrorGeneral);
            }
            continue;
        }
        e.stat = std::move(*st);
        if (e.stat.isDirectory() && m_options.oneFileSystem > 0 && e.stat.dev != m_rootDev) {
            // flist.c make_file(): -x lists the mount point empty, -xx omits it.
            if (m_options.oneFileSystem > 1)
                continue;
            e.mountPoint = true;
        }
        out.push_back(std::move(e));
    }
    return out;
}

void TreeScanner::walk(const ScanEntry& dir, const ScanVisitor& visit,
                       std::vector<Ancestor>& ancestors)
{
    std::vector<ScanEntry> kids = children(dir);
    std::vector<bool> descend(kids.size(), false);
    for (size_t i = 0; i < kids.size(); ++i)
        descend[i] = visit(kids[i]) && kids[i].stat.isDirectory() && !kids[i].mountPoint;
    if (!m_options.recursive)
        return;
    for (size_t i = 0; i < kids.size(); ++i) {
        if (!descend[i])
            continue;
        const FileStat& s = kids[i].stat;
        bool loop = false;
        for (const Ancestor& a : ancestors)
            loop = loop || (a.dev == s.dev && a.ino == s.ino);
        if (loop) {
            record(Error{ExitCode::Partial,
                         QStringLiteral("directory loop detected, not entering ") +
                             quotedPath(kids[i].path),
                         displayPath(kids[i].path)},
                   IoErrorGeneral);
            continue;
        }
        ancestors.push_back({s.dev, s.ino});
        walk(kids[i], visit, ancestors);
        ancestors.pop_back();
    }
}

Result<> TreeScanner::scan(const QByteArray& root, const QByteArray& rootName,
                           const ScanVisitor& visit)
{
    auto rootEntry = openRoot(root, rootName);
    if (!rootEntry)
        return tl::unexpected(rootEntry.error());
    if (!visit(*rootEntry) || !rootEntry->stat.isDirectory())
        return {};
    std::vector<Ancestor> ancestors{{rootEntry->stat.dev, rootEntry->stat.ino}};
    walk(*rootEntry, visit, ancestors);
    return {};
}

} // namespace qrsync::fs
