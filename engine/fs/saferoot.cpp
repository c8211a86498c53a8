#include "saferoot.h"

#include "directory.h"

#include <QList>

#include <cerrno>
#include <fcntl.h>
#include <mutex>
#include <optional>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace qrsync::fs {

struct SafeRoot::DirCache
{
    std::mutex mutex;
    QByteArray dir; // the cached parent, relative to the root
    UniqueFd fd;
};

SafeRoot::SafeRoot(UniqueFd fd, QByteArray path)
    : m_fd(std::move(fd))
    , m_path(std::move(path))
    , m_cache(std::make_unique<DirCache>())
{}

Result<SafeRoot> SafeRoot::open(const QByteArray& path)
{
    UniqueFd fd(::open(path.constData(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!fd.isValid())
        return tl::unexpected(failedError(errno, "open", path));
    // Messages name files the way rsync's full_fname() does: from the
    // filesystem root, so keep the root absolute.
    QByteArray absolute = path;
    if (!absolute.startsWith('/')) {
        char cwd[4096];
        if (::getcwd(cwd, sizeof cwd))
            absolute = QByteArray(cwd) + '/' + path;
    }
    while (absolute.size() > 1 && absolute.endsWith('/'))
        absolute.chop(1);
    if (absolute.endsWith("/."))
        absolute.chop(2);
    return SafeRoot(std::move(fd), absolute);
}

QByteArray SafeRoot::fullPath(const QByteArray& rel) const
{
    if (rel.isEmpty() || rel == ".")
        return m_path;
    if (rel.startsWith('/'))
        return rel;
    return m_path == "/" ? QByteArray("/" + rel) : QByteArray(m_path + '/' + rel);
}

static tl::unexpected<Error> unsafePath(const QByteArray& rel, const char* why)
{
    return makeError(
        ExitCode::Partial,
        QStringLiteral("refusing unsafe path %1: %2").arg(quotedPath(rel), QLatin1String(why)),
        displayPath(rel));
}

Result<std::vector<QByteArray>> SafeRoot::splitRelative(const QByteArray& rel)
{
    if (rel.startsWith('/'))
        return unsafePath(rel, "absolute");
    if (rel.contains('\0'))
        return unsafePath(rel, "contains a NUL byte");
    std::vector<QByteArray> parts;
    for (const QByteArray& part : rel.split('/')) {
        if (part.isEmpty() || part == ".")
            continue;
        if (part == "..")
            return unsafePath(rel, "contains \"..\"");
        parts.push_back(part);
    }
    return parts;
}

// Walks `count` components from the root with O_PATH | O_DIRECTORY |
// O_NOFOLLOW: a symlink anywhere fails with ENOTDIR. O_PATH needs only search
// permission, like a path walk.
static Result<UniqueFd> walk(int rootFd, const std::vector<QByteArray>& parts, size_t count,
                             const char* verb, const QByteArray& rel)
{
    // The first step starts from the root fd itself; only a path naming
    // the root needs a copy of it. (One openat and one close fewer per call
    // on the per-file hot path.)
    UniqueFd fd;
    if (count == 0) {
        fd = UniqueFd(::fcntl(rootFd, F_DUPFD_CLOEXEC, 0));
        if (!fd.isValid())
            return tl::unexpected(failedError(errno, verb, rel));
    }
    for (size_t i = 0; i < count; ++i) {
        const int from = i == 0 ? rootFd : fd.get();
        UniqueFd next(
            ::openat(from, parts[i].constData(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!next.isValid())
            return tl::unexpected(failedError(errno, verb, rel));
        fd = std::move(next);
    }
    return fd;
}

static Result<ParentDir> parentOf(int rootFd, const QByteArray& rel, const char* verb,
                                  const QByteArray& shown)
{
    auto parts = SafeRoot::splitRelative(rel);
    if (!parts)
        return tl::unexpected(parts.error());
    if (parts->empty()) {
        auto fd = walk(rootFd, *parts, 0, verb, shown);
        if (!fd)
            return tl::unexpected(fd.error());
        return ParentDir{std::move(*fd), QByteArrayLiteral(".")};
    }
    auto fd = walk(rootFd, *parts, parts->size() - 1, verb, shown);
    if (!fd)
        return tl::unexpected(fd.error());
    return ParentDir{std::move(*fd), parts->back()};
}

Result<ParentDir> SafeRoot::openParent(const QByteArray& rel) const
{
    return parentOf(fd(), rel, "open", fullPath(rel));
}

Result<UniqueFd> SafeRoot::openDirectory(const QByteArray& rel) const
{
    auto p = parentOf(fd(), rel, "opendir", fullPath(rel));
    if (!p)
        return tl::unexpected(p.error());
    UniqueFd d(::openat(p->fd.get(), p->leaf.constData(),
                        O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!d.isValid())
        return tl::unexpected(failedError(errno, "opendir", fullPath(rel)));
    return d;
}

Result<UniqueFd> SafeRoot::openRead(const QByteArray& rel) const
{
    auto p = parentOf(fd(), rel, "open", fullPath(rel));
    if (!p)
        return tl::unexpected(p.error());
    UniqueFd f(::openat(p->fd.get(), p->leaf.constData(),
                        O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
    if (!f.isValid())
        return tl::unexpected(failedError(errno, "open", fullPath(rel)));
    const int flags = ::fcntl(f.get(), F_GETFL);
    if (flags >= 0)
        ::fcntl(f.get(), F_SETFL, flags & ~O_NONBLOCK);
    return f;
}

SafeRoot::SafeRoot(SafeRoot&&) noexcept = default;
SafeRoot& SafeRoot::operator=(SafeRoot&&) noexcept = default;
SafeRoot::~SafeRoot() = default;

void SafeRoot::dropCache() const
{
    if (!m_cache)
        return;
    std::lock_guard<std::mutex> lock(m_cache->mutex);
    m_cache->dir.clear();
    m_cache->fd = UniqueFd();
}

Result<FileStat> SafeRoot::statCached(const QByteArray& rel, bool follow) const
{
    const qsizetype slash = rel.lastIndexOf('/');
    if (!m_cache || slash <= 0 || rel.contains("..") || rel.startsWith('/')) {
        auto p = parentOf(fd(), rel, "link_stat", fullPath(rel));
        if (!p)
            return tl::unexpected(p.error());
        return follow ? statAt(p->fd.get(), p->leaf, fullPath(rel))
                      : lstatAt(p->fd.get(), p->leaf, fullPath(rel));
    }
    const QByteArray dir = rel.left(slash);
    const QByteArray leaf = rel.mid(slash + 1);
    std::lock_guard<std::mutex> lock(m_cache->mutex);
    if (!m_cache->fd.isValid() || m_cache->dir != dir) {
        auto p = parentOf(fd(), rel, "link_stat", fullPath(rel));
        if (!p)
            return tl::unexpected(p.error());
        m_cache->fd = std::move(p->fd);
        m_cache->dir = dir;
    }
    return follow ? statAt(m_cache->fd.get(), leaf, fullPath(rel))
                  : lstatAt(m_cache->fd.get(), leaf, fullPath(rel));
}

Result<FileStat> SafeRoot::lstat(const QByteArray& rel) const
{
    return statCached(rel, false);
}

Result<FileStat> SafeRoot::stat(const QByteArray& rel) const
{
    return statCached(rel, true);
}

Result<> SafeRoot::mkdir(const QByteArray& rel, quint32 mode) const
{
    dropCache();
    auto p = parentOf(fd(), rel, "mkdir", fullPath(rel));
    if (!p)
        return tl::unexpected(p.error());
    if (::mkdirat(p->fd.get(), p->leaf.constData(), mode & 07777) != 0)
        return tl::unexpected(failedError(errno, "mkdir", fullPath(rel)));
    return {};
}

Result<> SafeRoot::mkdirs(const QByteArray& rel, quint32 mode) const
{
    dropCache();
    auto parts = splitRelative(rel);
    if (!parts)
        return tl::unexpected(parts.error());
    auto fd = walk(this->fd(), *parts, 0, "mkdir", fullPath(rel));
    if (!fd)
        return tl::unexpected(fd.error());
    UniqueFd cur = std::move(*fd);
    for (const QByteArray& part : *parts) {
        if (::mkdirat(cur.get(), part.constData(), mode & 07777) != 0 && errno != EEXIST)
            return tl::unexpected(failedError(errno, "mkdir", fullPath(rel)));
        UniqueFd next(
            ::openat(cur.get(), part.constData(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!next.isValid())
            return tl::unexpected(failedError(errno, "mkdir", fullPath(rel)));
        cur = std::move(next);
    }
    return {};
}

Result<> SafeRoot::symlink(const QByteArray& rel, const QByteArray& target) const
{
    dropCache();
    auto p = parentOf(fd(), rel, "symlink", fullPath(rel));
    if (!p)
        return tl::unexpected(p.error());
    if (::symlinkat(target.constData(), p->fd.get(), p->leaf.constData()) != 0)
        return tl::unexpected(failedError(errno, "symlink", fullPath(rel)));
    return {};
}

Result<> SafeRoot::mknod(const QByteArray& rel, quint32 mode, quint32 maj, quint32 min) const
{
    dropCache();
    auto p = parentOf(fd(), rel, "mknod", fullPath(rel));
    if (!p)
        return tl::unexpected(p.error());
    if (::mknodat(p->fd.get(), p->leaf.constData(), mode, makedev(maj, min)) != 0)
        return tl::unexpected(failedError(errno, "mknod", fullPath(rel)));
    return {};
}

Result<> SafeRoot::link(const QByteArray& existingRel, const QByteArray& newRel) const
{
    dropCache();
    auto from = parentOf(fd(), existingRel, "link", fullPath(existingRel));
    if (!from)
        return tl::unexpected(from.error());
    auto to = parentOf(fd(), newRel, "link", fullPath(newRel));
    if (!to)
        return tl::unexpected(to.error());
    // flags 0: a symlink at existingRel is linked itself, not its target.
    if (::linkat(from->fd.get(), from->leaf.constData(), to->fd.get(), to->leaf.constData(), 0) !=
        0)
        return tl::unexpected(failedError(errno, "link", fullPath(newRel)));
    return {};
}

Result<> SafeRoot::unlink(const QByteArray& rel) const
{
    dropCache();
    auto p = parentOf(fd(), rel, "unlink", fullPath(rel));
    if (!p)
        return tl::unexpected(p.error());
    if (::unlinkat(p->fd.get(), p->leaf.constData(), 0) != 0)
        return tl::unexpected(failedError(errno, "unlink", fullPath(rel)));
    return {};
}

Result<> SafeRoot::rmdir(const QByteArray& rel) const
{
    dropCache();
    auto p = parentOf(fd(), rel, "rmdir", fullPath(rel));
    if (!p)
        return tl::unexpected(p.error());
    if (::unlinkat(p->fd.get(), p->leaf.constData(), AT_REMOVEDIR) != 0)
        return tl::unexpected(failedError(errno, "rmdir", fullPath(rel)));
    return {};
}

// Removes `leaf` in `parentFd`; `shown` is its path from the root. Every
// directory is opened with O_NOFOLLOW, so a symlink swapped in mid-way is
// unlinked, never descended.
static void removeTree(int parentFd, const QByteArray& leaf, const QByteArray& shown,
                       std::optional<Error>& firstError)
{
    auto keep = [&](Error e) {
        if (!firstError)
            firstError = std::move(e);
    };
    struct ::stat st;
    if (::fstatat(parentFd, leaf.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno != ENOENT)
            keep(failedError(errno, "link_stat", shown));
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        UniqueFd dir(
            ::openat(parentFd, leaf.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!dir.isValid()) {
            keep(failedError(errno, "opendir", shown));
        } else if (auto names = readDirectoryNamesOfFd(dir.get(), shown); !names) {
            keep(names.error());
        } else {
            for (const QByteArray& name : *names)
                removeTree(dir.get(), name, shown + '/' + name, firstError);
        }
        if (::unlinkat(parentFd, leaf.constData(), AT_REMOVEDIR) != 0)
            keep(failedError(errno, "rmdir", shown));
        return;
    }
    if (::unlinkat(parentFd, leaf.constData(), 0) != 0)
        keep(failedError(errno, "unlink", shown));
}

Result<> SafeRoot::removeRecursive(const QByteArray& rel) const
{
    dropCache();
    auto p = parentOf(fd(), rel, "delete", fullPath(rel));
    if (!p)
        return tl::unexpected(p.error());
    if (p->leaf == ".")
        return makeError(ExitCode::Partial,
                         QStringLiteral("refusing to delete the destination root"),
                         displayPath(m_path));
    std::optional<Error> firstError;
    removeTree(p->fd.get(), p->leaf, rel, firstError);
    if (firstError)
        return tl::unexpected(std::move(*firstError));
    return {};
}

Result<> SafeRoot::rename(const QByteArray& fromRel, const QByteArray& toRel) const
{
    dropCache();
    auto from = parentOf(fd(), fromRel, "rename", fullPath(fromRel));
    if (!from)
        return tl::unexpected(from.error());
    auto to = parentOf(fd(), toRel, "rename", fullPath(toRel));
    if (!to)
        return tl::unexpected(to.error());
    if (::renameat(from->fd.get(), from->leaf.constData(), to->fd.get(), to->leaf.constData()) !=
        0) {
        // rsync: rename "FROM" -> "TO": ...
        return tl::unexpected(systemError(
            errno, QStringLiteral("rename %1 -> %2").arg(quotedPath(fromRel), quotedPath(toRel)),
            toRel));
    }
    return {};
}

} // namespace qrsync::fs
