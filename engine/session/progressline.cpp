#include "session/progressline.h"

#include "protocol/outformat.h"

#include <QStringBuilder>

#include <cstdio>

namespace qrsync::session {

namespace {

// "%4u:%02u:%02u", or stock's placeholder when the time is negative or
// longer than 9999 hours (rprint_progress).
QByteArray timeField(double seconds)
{
    if (seconds < 0 || seconds > 9999.0 * 3600.0)
        return QByteArrayLiteral("  ??:??:??");
    char buf[32];
    std::snprintf(buf, sizeof buf, "%4u:%02u:%02u", unsigned(seconds / 3600.0),
                  unsigned(seconds / 60.0) % 60, unsigned(seconds) % 60);
    return QByteArray(buf);
}

} // namespace

QByteArray progressSuffix(const ProgressState& s)
{
    return QByteArrayLiteral(" (xfr#") + QByteArray::number(s.transferredFiles) + ", " +
           (s.fileListDone ? "to" : "ir") + "-chk=" + QByteArray::number(s.filesToCheck) + '/' +
           QByteArray::number(s.totalFiles) + ')';
}

QByteArray formatProgressLine(const ProgressState& s, bool final)
{
    // Stock works in units of 1024 bytes from here on, and so does its ETA,
    // which divides the bytes left by kB/s and then by 1000 (sic).
    double rate = s.rate / 1024.0;
    const double seconds =
        final ? s.elapsedSeconds : (rate != 0 ? double(s.total - s.bytes) / rate / 1000.0 : 0.0);
    const char* units = "kB/s";
    if (rate > 1024.0 * 1024.0) {
        rate /= 1024.0 * 1024.0;
        units = "GB/s";
    } else if (rate > 1024.0) {
        rate /= 1024.0;
        units = "MB/s";
    }
    // A zero-sized total reads 100% whatever was done (stock divides).
    const int pct = s.bytes == s.total || s.total <= 0 ? 100 : int(100.0 * s.bytes / s.total);

    const QByteArray number =
        protocol::formatBigNumber(s.bytes, s.humanReadable, s.numberSeparator);
    char head[128];
    std::snprintf(head, sizeof head, "\r%15s %3d%% %7.2f%s ", number.constData(), pct, rate, units);
    QByteArray line = QByteArray(head) + timeField(seconds);
    if (!final)
        return line + "  ";
    QByteArray suffix = progressSuffix(s);
    if (!s.wholeTransfer)
        return line + suffix + '\n';
    if (suffix.size() < s.padSuffixTo)
        suffix.append(QByteArray(s.padSuffixTo - suffix.size(), ' '));
    return line + suffix;
}

QByteArray ProgressMeter::update(qint64 nowMs, ProgressState state)
{
    if (!m_started) {
        // A file that starts within 1.5 s of the last sample of the previous
        // one is timed from that sample: the sender was already streaming
        // (show_progress).
        if (m_haveHistory && nowMs - m_history[m_newest].timeMs <= 1500)
            m_start = Sample{m_history[m_newest].timeMs, 0};
        else
            m_start = Sample{nowMs, state.bytes};
        m_started = true;
        m_haveHistory = true;
        m_history.fill(m_start);
    } else {
        if (nowMs - m_history[m_newest].timeMs < 1000)
            return {};
        m_newest = m_oldest;
        m_oldest = (m_oldest + 1) % kHistory;
        m_history[m_newest] = Sample{nowMs, state.bytes};
    }
    // The rate covers up to the last 5 samples, so it settles instead of
    // jumping with each buffer.
    const Sample& oldest = m_history[m_oldest];
    const qint64 diff = qMax<qint64>(nowMs - oldest.timeMs, 1);
    state.rate = double(state.bytes - oldest.bytes) * 1000.0 / double(diff);
    return formatProgressLine(state, false);
}

QByteArray ProgressMeter::finish(qint64 nowMs, ProgressState state)
{
    // The last line's rate and time are measured from the start, not from
    // the ring (rprint_progress with is_last).
    qint64 diff = m_started ? nowMs - m_start.timeMs : 0;
    if (diff <= 0)
        diff = 1;
    state.rate = double(state.bytes - m_start.bytes) * 1000.0 / double(diff);
    state.elapsedSeconds = double(diff) / 1000.0;
    if (state.wholeTransfer) {
        // progress.c pads a line that got shorter to the previous line's
        // length only, then remembers the new length (last_len).
        const int length = int(progressSuffix(state).size());
        state.padSuffixTo = qMax(m_lastSuffixLength, length);
        m_lastSuffixLength = length;
    } else {
        // end_progress() forgets the start, so the next file is timed anew.
        m_started = false;
        m_start = Sample{};
    }
    return formatProgressLine(state, true);
}

} // namespace qrsync::session
