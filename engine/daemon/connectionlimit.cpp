#include "daemon/connectionlimit.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>

namespace qrsync::daemon {

ClaimResult claimConnection(const QString& lockFile, int maxConnections)
{
    ClaimResult out;
    if (maxConnections <= 0)
        return out;
    fs::UniqueFd fd(
        ::open(QFile::encodeName(lockFile).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
    if (!fd.isValid()) {
        out.failure = ClaimFailure::LockFileError;
        out.detail = QString::fromLocal8Bit(std::strerror(errno));
        return out;
    }
    for (int i = 0; i < maxConnections; ++i) {
        struct flock lock
        {};
        lock.l_type = F_WRLCK;
        lock.l_whence = SEEK_SET;
        lock.l_start = off_t(i) * 4;
        lock.l_len = 4;
        if (::fcntl(fd.get(), F_OFD_SETLK, &lock) == 0) {
            out.slot = ConnectionSlot(std::move(fd));
            return out;
        }
    }
    out.failure = ClaimFailure::Full;
    return out;
}

} // namespace qrsync::daemon
