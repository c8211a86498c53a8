#include "protocol/stats.h"

#include "protocol/reader.h"

namespace qrsync::protocol {

void encodeTransferStats(QByteArray& out, const TransferStats& s, int protocol)
{
    encodeVarlong30(out, s.senderBytesRead, 3, protocol);
    encodeVarlong30(out, s.senderBytesWritten, 3, protocol);
    encodeVarlong30(out, s.totalSize, 3, protocol);
    if (protocol >= 29) {
        encodeVarlong30(out, s.flistBuildTimeMs, 3, protocol);
        encodeVarlong30(out, s.flistXferTimeMs, 3, protocol);
    }
}

Decode<TransferStats> decodeTransferStats(QByteArrayView in, int protocol)
{
    Reader r(in);
    TransferStats s;
    r.varlong30(s.senderBytesRead, 3, protocol);
    r.varlong30(s.senderBytesWritten, 3, protocol);
    r.varlong30(s.totalSize, 3, protocol);
    if (protocol >= 29) {
        r.varlong30(s.flistBuildTimeMs, 3, protocol);
        r.varlong30(s.flistXferTimeMs, 3, protocol);
    }
    return r.finish(s);
}

} // namespace qrsync::protocol
