#pragma once

// The transfer statistics a server sender writes at the end of a run
// (delta.md §8, rsync main.c handle_stats): 5 x varlong30(x, 3). Fields are
// named from the sender's side, in wire order; a client receiver stores the
// first two swapped (its "received" is the sender's "written").

#include "protocol/decode.h"

#include <QByteArray>
#include <QByteArrayView>

namespace qrsync::protocol {

struct TransferStats
{
    qint64 senderBytesRead = 0;    // total_read on the sender
    qint64 senderBytesWritten = 0; // total_written on the sender
    qint64 totalSize = 0;          // sum of file sizes in the list
    qint64 flistBuildTimeMs = 0;   // protocol >= 29
    qint64 flistXferTimeMs = 0;    // protocol >= 29
    friend bool operator==(const TransferStats&, const TransferStats&) = default;
};

// Below protocol 29 the two times are not sent; below 30 the values are
// longints (varlong30).
void encodeTransferStats(QByteArray& out, const TransferStats& stats, int protocol);
Decode<TransferStats> decodeTransferStats(QByteArrayView in, int protocol);

} // namespace qrsync::protocol
