#include "session/ratelimiter.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace qrsync::session {

namespace {
constexpr double kMinimumWrite = 4096;
}

RateLimiter::RateLimiter(qint64 bytesPerSecond)
    : m_rate(bytesPerSecond)
{}

qint64 RateLimiter::allowance(Clock::time_point now)
{
    if (m_rate <= 0)
        return std::numeric_limits<qint64>::max();
    // A burst of a tenth of a second (at least one 4 KiB write) keeps the
    // writes reasonably large without letting the rate run ahead.
    const double burst = std::max(double(m_rate) / 10, kMinimumWrite);
    if (!m_started) {
        m_started = true;
        m_tokens = burst;
    } else {
        const double seconds = std::chrono::duration<double>(now - m_last).count();
        m_tokens = std::min(burst, m_tokens + seconds * double(m_rate));
    }
    m_last = now;
    // Write in pieces of a few KiB rather than trickling single bytes.
    return m_tokens >= kMinimumWrite ? qint64(m_tokens) : 0;
}

int RateLimiter::millisecondsUntilAllowed() const
{
    if (m_rate <= 0 || m_tokens >= kMinimumWrite)
        return 0;
    const double missing = kMinimumWrite - m_tokens;
    return std::max(1, int(std::ceil(missing * 1000.0 / double(m_rate))));
}

} // namespace qrsync::session
