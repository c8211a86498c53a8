#pragma once

// `max connections` with `lock file` (rsync connection.c
// claim_connection): slot i is a 4-byte write lock at offset 4*i of the
// lock file; a connection holds the first free slot until it ends. The
// locks are open-file-description locks (F_OFD_SETLK): they are held per
// connection even though many connections share this process, and they
// conflict with the classic record locks of stock rsync daemons, so
// several daemons sharing a lock file share the limit.

#include "core/result.h"
#include "fs/uniquefd.h"

#include <QString>

namespace qrsync::daemon {

class ConnectionSlot
{
public:
    ConnectionSlot() = default;
    explicit ConnectionSlot(fs::UniqueFd fd)
        : m_fd(std::move(fd))
    {}
    bool holdsLock() const { return m_fd.isValid(); }

private:
    fs::UniqueFd m_fd; // closing it releases the lock
};

enum class ClaimFailure
{
    Full,          // every slot is taken
    LockFileError, // the lock file could not be opened
};

struct ClaimResult
{
    ConnectionSlot slot;
    std::optional<ClaimFailure> failure;
    QString detail; // strerror for LockFileError
};

// maxConnections <= 0 means unlimited (no lock is taken).
ClaimResult claimConnection(const QString& lockFile, int maxConnections);

} // namespace qrsync::daemon
