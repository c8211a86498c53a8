#pragma once

// The destination root, and every change made below it.
//
// Invariant: nothing is created, written, renamed or deleted outside the
// root through a symlink. Relative paths are resolved one component at a
// time with openat(O_NOFOLLOW | O_DIRECTORY), so a symlinked parent (a
// hostile sender's `sub -> /etc`, or one planted while we run) makes the
// call fail instead of being followed; the final component is acted on with
// the *at() call's no-follow form. ".." components and absolute paths are
// refused outright (rsync's receiver refuses them in its file-list checks
// and, since 3.4, with secure_relative_open()).
//
// The root path itself is trusted: it is what the user typed.

#include "filestat.h"
#include "uniquefd.h"

#include "core/result.h"

#include <QByteArray>

#include <memory>
#include <vector>

namespace qrsync::fs {

// An opened parent directory and the last component of a path in it.
// `leaf` is "." when the path names the root itself.
struct ParentDir
{
    UniqueFd fd;
    QByteArray leaf;
};

class SafeRoot
{
public:
    // Opens an existing directory as the root.
    static Result<SafeRoot> open(const QByteArray& path);

    SafeRoot(SafeRoot&&) noexcept;
    SafeRoot& operator=(SafeRoot&&) noexcept;
    ~SafeRoot();

    int fd() const { return m_fd.get(); }
    const QByteArray& path() const { return m_path; }
    // `rel` from the filesystem root, for messages (rsync full_fname()).
    QByteArray fullPath(const QByteArray& rel) const;

    // The components of a relative path, "." and empty ones dropped. Fails
    // (ExitCode::Partial) on an absolute path, "..", or a NUL byte.
    static Result<std::vector<QByteArray>> splitRelative(const QByteArray& rel);

    // Opens (O_PATH) the directory holding `rel`, without following symlinks.
    Result<ParentDir> openParent(const QByteArray& rel) const;
    // Opens the directory `rel` for reading its entries (O_NOFOLLOW).
    Result<UniqueFd> openDirectory(const QByteArray& rel) const;
    // Opens a file for reading, never through a symlink, never blocking on a
    // fifo. Use for the basis file.
    Result<UniqueFd> openRead(const QByteArray& rel) const;

    Result<FileStat> lstat(const QByteArray& rel) const;
    // Follows a final symlink (rsync -K keeps dirlinks); parents still not.
    Result<FileStat> stat(const QByteArray& rel) const;

    Result<> mkdir(const QByteArray& rel, quint32 mode) const;
    // Creates every missing directory of `rel` (rsync make_path()); existing
    // directories are fine, existing non-directories are an error.
    Result<> mkdirs(const QByteArray& rel, quint32 mode) const;
    Result<> symlink(const QByteArray& rel, const QByteArray& target) const;
    // Devices (S_IFCHR/S_IFBLK), fifos and sockets; `mode` carries the type.
    Result<> mknod(const QByteArray& rel, quint32 mode, quint32 major = 0, quint32 minor = 0) const;
    // Hard link `newRel` to `existingRel` (a symlink is linked, not followed).
    Result<> link(const QByteArray& existingRel, const QByteArray& newRel) const;
    Result<> unlink(const QByteArray& rel) const;
    Result<> rmdir(const QByteArray& rel) const;
    // Deletes `rel` whatever it is; a directory with everything in it
    // (--delete of a non-empty dir, rsync delete_item(DEL_RECURSE)). Keeps
    // going past failures and returns the first one.
    Result<> removeRecursive(const QByteArray& rel) const;
    Result<> rename(const QByteArray& fromRel, const QByteArray& toRel) const;

private:
    SafeRoot(UniqueFd fd, QByteArray path);
    // lstat()/stat() through a cached parent directory: the generator
    // stats one directory's files in a row, and a fresh component walk per
    // file costs more than the stat itself. Any change made through this
    // root drops the cache, so it never names a directory that was removed
    // or replaced by us.
    Result<FileStat> statCached(const QByteArray& rel, bool follow) const;
    void dropCache() const;

    struct DirCache;
    UniqueFd m_fd;
    QByteArray m_path;
    std::unique_ptr<DirCache> m_cache;
};

} // namespace qrsync::fs
