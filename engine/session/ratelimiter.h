#pragma once

// --bwlimit for a connection's writes (rsync io.c sleep_for_bwlimit): a
// token bucket filled at the limit's rate, holding at most a short burst,
// so the average rate over any second or so stays at the limit.

#include <QtGlobal>

#include <chrono>

namespace qrsync::session {

class RateLimiter
{
public:
    using Clock = std::chrono::steady_clock;

    explicit RateLimiter(qint64 bytesPerSecond = 0);

    bool limited() const { return m_rate > 0; }
    // Bytes that may be written now (any amount when unlimited).
    qint64 allowance(Clock::time_point now);
    void consumed(qint64 bytes) { m_tokens -= bytes; }
    // How long until something may be written again.
    int millisecondsUntilAllowed() const;

private:
    qint64 m_rate;
    double m_tokens = 0;
    Clock::time_point m_last;
    bool m_started = false;
};

} // namespace qrsync::session
