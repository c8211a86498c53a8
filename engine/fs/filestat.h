#pragma once

// File metadata as the file list needs it (filelist.md §3), and the stat
// calls that produce it. Paths are raw bytes: Linux names need not be UTF-8.
//
// Errors follow rsync's rsyserr() shape, `what "path" failed: strerror (errno)`,
// with ExitCode::Partial (RERR_PARTIAL): a per-file problem that lets the run
// continue. Callers pick a harsher code where rsync does.

#include "core/result.h"

#include <QByteArray>
#include <QString>

#include <cstdint>

struct stat;

namespace qrsync::fs {

struct FileStat
{
    quint32 mode = 0; // st_mode, type bits included
    qint64 size = 0;
    qint64 mtimeSec = 0;
    quint32 mtimeNsec = 0;
    qint64 atimeSec = 0;
    quint32 atimeNsec = 0;
    quint32 uid = 0;
    quint32 gid = 0;
    quint64 dev = 0;
    quint64 ino = 0;
    quint64 nlink = 0;
    quint32 rdevMajor = 0;
    quint32 rdevMinor = 0;
    qint64 blocks = 0;     // st_blocks (512-byte units), to observe sparseness
    QByteArray linkTarget; // readlink() result, symlinks only

    bool isRegular() const;
    bool isDirectory() const;
    bool isSymlink() const;
    bool isDevice() const;  // block or character device (rsync IS_DEVICE)
    bool isSpecial() const; // fifo or socket (rsync IS_SPECIAL)
    quint32 permissions() const { return mode & 07777; }
};

// Fills a FileStat from struct stat (linkTarget left empty).
FileStat fileStatFrom(const struct ::stat& st);

// fstatat() relative to dirFd (AT_FDCWD for the cwd). lstatAt does not follow
// a final symlink and reads its target; statAt follows it. Both fail with
// `link_stat "PATH" failed: ...` as rsync's flist.c does; `shownPath`
// replaces `path` in the message when given (e.g. the path from the root).
Result<FileStat> lstatAt(int dirFd, const QByteArray& path, const QByteArray& shownPath = {});
Result<FileStat> statAt(int dirFd, const QByteArray& path, const QByteArray& shownPath = {});
Result<FileStat> statFd(int fd, const QByteArray& shownPath);

// readlinkat() of any length.
Result<QByteArray> readLinkAt(int dirFd, const QByteArray& path, const QByteArray& shownPath = {});

// A path for a message, in double quotes like rsync's full_fname(). Control
// bytes, and every high byte of a name that is not valid UTF-8, are shown
// as \#ooo the way rsync's output filter does, so the text is unambiguous.
QString quotedPath(const QByteArray& path);
QString displayPath(const QByteArray& path);

// `what: strerror (errno)` as rsyserr() prints it. `what` is the part before
// the colon, e.g. `opendir "a/b" failed`.
Error systemError(int err, const QString& what, const QByteArray& path,
                  ExitCode code = ExitCode::Partial);

// `VERB "path" failed: strerror (errno)`, the common case.
Error failedError(int err, const char* verb, const QByteArray& path,
                  ExitCode code = ExitCode::Partial);

} // namespace qrsync::fs
