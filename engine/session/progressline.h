#pragma once

// rsync's --progress / --info=progress2 lines (rsync 3.5.0 progress.c
// rprint_progress, show_progress, end_progress).
//
// A line is "\r" + size (%15s, -h rendering) + " " + percent (%3d%%) + " " +
// rate (%7.2f then kB/s, MB/s or GB/s, units of 1024) + " " + time
// (%4u:%02u:%02u) + an end. The carriage return comes FIRST: each update
// overwrites the previous one. While a file is in flight the end is two
// spaces and the time is the ETA; on a file's last line (--progress) the end
// is " (xfr#N, to-chk=R/T)\n" and the time is the elapsed time. With
// --info=progress2 the last line of each file keeps no newline (the run
// goes on overwriting it) and its suffix is padded with spaces to the
// longest suffix printed so far; whoever prints other text next must
// emit the pending '\n' first (log.c output_needs_newline).
//
// formatProgressLine() is pure. ProgressMeter keeps stock's rate smoothing
// (a ring of one sample per second over 5 s) with the time passed in.

#include <QByteArray>
#include <QtGlobal>

#include <array>

namespace qrsync::session {

struct ProgressState
{
    qint64 bytes = 0;           // done so far: of this file, or of the transfer (progress2)
    qint64 total = 0;           // size of the file, or of the whole transfer (progress2)
    double rate = 0;            // bytes per second (ProgressMeter computes stock's)
    double elapsedSeconds = 0;  // last lines: time since the file's (progress2: run's) start
    int transferredFiles = 0;   // xfr#: stats.xferred_files
    int filesToCheck = 0;       // R of "to-chk=R/T": entries after this one
    int totalFiles = 0;         // T: stats.num_files
    bool fileListDone = true;   // false while inc-recursion still sends: "ir-chk"
    bool wholeTransfer = false; // --info=progress2
    int padSuffixTo = 0;        // progress2: pad the "(xfr#…)" suffix to this length
    int humanReadable = 1;      // -h level: 0 (--no-h), 1 (default), 2 (-h), 3 (-hh)
    char numberSeparator = ',';
};

// One progress update, "\r…". `final` selects the file's last line (the
// end_progress() form: suffix, elapsed time). Otherwise the time shown is
// the ETA stock derives from `rate`.
QByteArray formatProgressLine(const ProgressState& state, bool final);

// The " (xfr#N, to-chk=R/T)" suffix without padding or newline.
QByteArray progressSuffix(const ProgressState& state);

// Stock's per-run progress bookkeeping, with the clock as an argument:
// milliseconds from any monotonic origin, never going back.
// Call update() whenever file data moves, and finish() once when a file
// is done (or, with progress2, after each file). Rate, elapsed time and
// padding in the passed state are replaced by the meter's.
class ProgressMeter
{
public:
    // The line to print, or empty when stock would stay quiet (less than
    // 1 s since the last sample). The first call for a file always prints.
    QByteArray update(qint64 nowMs, ProgressState state);

    // The file's last line (--progress) or the transfer's totals line
    // (progress2). Starts the next file's timing afresh (--progress only).
    QByteArray finish(qint64 nowMs, ProgressState state);

private:
    struct Sample
    {
        qint64 timeMs = 0;
        qint64 bytes = 0;
    };
    static constexpr int kHistory = 5; // PROGRESS_HISTORY_SECS

    bool m_started = false;     // a start sample exists for the current file (run)
    bool m_haveHistory = false; // the ring holds real samples (of an earlier file)
    Sample m_start;
    std::array<Sample, kHistory> m_history{};
    int m_newest = 0;
    int m_oldest = 0;
    int m_lastSuffixLength = 0;
};

} // namespace qrsync::session
