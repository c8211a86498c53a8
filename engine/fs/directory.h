#pragma once

// Reading directory entries in the kernel's readdir order, which is the
// order the sender transmits (filelist.md §2), so nothing is sorted here.

#include "core/result.h"

#include <QByteArray>

#include <vector>

namespace qrsync::fs {

// Names in `dir` (relative to dirFd, AT_FDCWD for the cwd), without "." and
// "..". Fails with `opendir "DIR" failed: ...` (ExitCode::Partial) like
// rsync's send_directory(); `shownPath` replaces `dir` in that message.
Result<std::vector<QByteArray>> readDirectoryNamesAt(int dirFd, const QByteArray& dir,
                                                     const QByteArray& shownPath = {});
Result<std::vector<QByteArray>> readDirectoryNames(const QByteArray& dir);

// Names of the already opened directory `fd` (the fd is not consumed; its
// read position is rewound first).
Result<std::vector<QByteArray>> readDirectoryNamesOfFd(int fd, const QByteArray& shownPath);

} // namespace qrsync::fs
