#pragma once

// One run of a profile at a time: an exclusive flock(2) on
// <state dir>/locks/<profile id>.lock, held for the whole run. A second
// run (a timer firing while a manual run goes on) waits for the first
// rather than failing. The kernel drops the lock when the holder dies, so
// a killed run never leaves a stale lock behind.

#include "core/result.h"

#include <QString>

#include <functional>

namespace qrsync::backup {

class ProfileLock
{
public:
    ProfileLock() = default;
    ProfileLock(ProfileLock&& other) noexcept;
    ProfileLock& operator=(ProfileLock&& other) noexcept;
    ~ProfileLock();

    // Blocks until the lock is ours. `onWait` is called once if another
    // process holds it; `stop` is asked when a signal interrupts the wait
    // (then ExitCode::Signal).
    static Result<ProfileLock> acquire(const QString& stateDir, const QString& profileId,
                                       const std::function<void()>& onWait = {},
                                       const std::function<bool()>& stop = {});

    static QString lockPath(const QString& stateDir, const QString& profileId);

private:
    explicit ProfileLock(int fd)
        : m_fd(fd)
    {}
    int m_fd = -1;
};

} // namespace qrsync::backup
