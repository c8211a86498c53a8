#include "directory.h"

#include "filestat.h"
#include "uniquefd.h"

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

namespace qrsync::fs {

Result<std::vector<QByteArray>> readDirectoryNamesOfFd(int fd, const QByteArray& shownPath)
{
    // fdopendir() takes ownership, so hand it a duplicate.
    const int dupFd = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (dupFd < 0)
        return tl::unexpected(failedError(errno, "opendir", shownPath));
    DIR* d = ::fdopendir(dupFd);
    if (!d) {
        const int err = errno;
        ::close(dupFd);
        return tl::unexpected(failedError(err, "opendir", shownPath));
    }
    ::rewinddir(d);
    std::vector<QByteArray> names;
    for (;;) {
        errno = 0;
        const dirent* e = ::readdir(d);
        if (!e)
            break;
        const char* n = e->d_name;
        if (n[0] == '.' && (n[1] == '\0' || (n[1] == '.' && n[2] == '\0')))
            continue;
        names.emplace_back(n, qsizetype(std::strlen(n)));
    }
    const int err = errno;
    ::closedir(d);
    if (err != 0)
        return tl::unexpected(failedError(err, "readdir", shownPath));
    return names;
}

Result<std::vector<QByteArray>> readDirectoryNamesAt(int dirFd, const QByteArray& dir,
                                                     const QByteArray& shownPath)
{
    const QByteArray& shown = shownPath.isEmpty() ? dir : shownPath;
    UniqueFd fd(::openat(dirFd, dir.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd.isValid())
        return tl::unexpected(failedError(errno, "opendir", shown));
    return readDirectoryNamesOfFd(fd.get(), shown);
}

Result<std::vector<QByteArray>> readDirectoryNames(const QByteArray& dir)
{
    return readDirectoryNamesAt(AT_FDCWD, dir);
}

} // namespace qrsync::fs
