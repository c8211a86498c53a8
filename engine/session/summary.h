#pragma once

// The closing text of a transfer as rsync's main.c output_summary() prints
// it: the --stats block and the "sent ... received ..." lines.

#include "session/events.h"

#include <QByteArray>

namespace qrsync::session {

struct SummaryInput
{
    TransferStats stats;
    qint64 bytesSent = 0;     // total_written
    qint64 bytesReceived = 0; // total_read
    double seconds = 0;       // wall time of the run, for bytes/sec
    int statsLevel = 0;       // --info=stats level: 1 with -v, 2 with --stats
    int humanReadable = 1;    // -h level
    bool dryRun = false;
    int protocol = 32;
};

QByteArray formatSummary(const SummaryInput& input);

} // namespace qrsync::session
