#pragma once

// Walks a source tree the way rsync's sender builds its file list
// (flist.c send_directory/make_file): each directory's entries in readdir
// order, then the accepted subdirectories, each in turn. Errors below the
// root never stop the walk; they are collected with rsync's io_error bits so
// the caller can send them at the end of the list (filelist.md §4) and the
// receiver can skip deletions.

#include "filestat.h"

#include "core/result.h"

#include <QByteArray>

#include <functional>
#include <vector>

namespace qrsync::fs {

// rsync's IOERR_* bits (rsync.h).
inline constexpr quint32 IoErrorGeneral = 1;
inline constexpr quint32 IoErrorVanished = 2;

struct ScanOptions
{
    bool recursive = true;       // -r; false lists the root's contents only
    bool followSymlinks = false; // -L: stat() everything
    bool copyDirlinks = false;   // -k: a symlink to a directory is a directory
    int oneFileSystem = 0;       // -x count: 1 = mount points listed empty, 2 = omitted
};

struct ScanEntry
{
    QByteArray path;      // the name as the file list carries it (rootName-based)
    QByteArray localPath; // path on disk relative to the scanned root ("." for it)
    FileStat stat;
    int depth = 0;           // 0 for the root
    bool mountPoint = false; // -x: another file system, listed but not entered
};

// Called for every entry. For a directory, returning false prunes it (its
// contents are not read), which is how excluded directories are skipped.
using ScanVisitor = std::function<bool(const ScanEntry&)>;

class TreeScanner
{
public:
    explicit TreeScanner(ScanOptions options = {});
    TreeScanner(TreeScanner&&) noexcept;
    TreeScanner& operator=(TreeScanner&&) noexcept;
    ~TreeScanner();

    // Opens `root` and stats it (lstat, unless -L, or -k for a dirlink).
    // The root entry is named `rootName` ("." for "src/", "src" for "src");
    // children are `rootName/child`, without a "./" prefix. Fails if the root
    // cannot be stat'ed; the caller chooses the exit code.
    Result<ScanEntry> openRoot(const QByteArray& root, const QByteArray& rootName);

    // The children of a directory entry from the opened root, stat'ed, in
    // readdir order. Empty for non-directories and mount points. An
    // unreadable directory or a vanished child is recorded in errors() and
    // ioError(); the rest is still returned. Use for incremental recursion.
    std::vector<ScanEntry> children(const ScanEntry& dir);

    // openRoot() plus a depth-first walk in rsync's order: visit(root), then
    // for each accepted directory all its entries, then its accepted
    // subdirectories. A -L loop back to an ancestor is an error, not entered.
    Result<> scan(const QByteArray& root, const QByteArray& rootName, const ScanVisitor& visit);

    const std::vector<Error>& errors() const { return m_errors; }
    quint32 ioError() const { return m_ioError; }

private:
    struct Ancestor
    {
        quint64 dev;
        quint64 ino;
    };
    void walk(const ScanEntry& dir, const ScanVisitor& visit, std::vector<Ancestor>& ancestors);
    Result<FileStat> statChild(const QByteArray& localPath, const QByteArray& shownPath);
    void record(Error error, quint32 ioBits);

    ScanOptions m_options;
    int m_rootFd = -1;
    quint64 m_rootDev = 0;
    QByteArray m_rootName;
    std::vector<Error> m_errors;
    quint32 m_ioError = 0;
};

} // namespace qrsync::fs
