#include "session/summary.h"

#include "protocol/outformat.h"

#include <QList>
#include <QString>

namespace qrsync::session {

namespace {

QByteArray num(qint64 n, int human)
{
    return protocol::formatBigNumber(n, human);
}

// rsync's comma_dnum(): fixed decimals with thousands separators.
QByteArray decimal(double value, int decimals)
{
    QByteArray text = QByteArray::number(value, 'f', decimals);
    const qsizetype dot = text.indexOf('.');
    qsizetype intEnd = dot < 0 ? text.size() : dot;
    const qsizetype start = text.startsWith('-') ? 1 : 0;
    for (qsizetype i = intEnd - 3; i > start; i -= 3)
        text.insert(i, ',');
    return text;
}

QByteArray itemizedCounts(const char* title, qint64 total, qint64 reg, qint64 dir, qint64 link,
                          qint64 dev, qint64 special)
{
    // main.c output_itemized_counts().
    QByteArray line = QByteArray(title) + ": " + decimal(double(total), 0);
    QList<QByteArray> parts;
    if (reg)
        parts << "reg: " + decimal(double(reg), 0);
    if (dir)
        parts << "dir: " + decimal(double(dir), 0);
    if (link)
        parts << "link: " + decimal(double(link), 0);
    if (dev)
        parts << "dev: " + decimal(double(dev), 0);
    if (special)
        parts << "special: " + decimal(double(special), 0);
    if (!parts.isEmpty())
        line += " (" + parts.join(", ") + ')';
    return line + '\n';
}

} // namespace

QByteArray formatSummary(const SummaryInput& in)
{
    const TransferStats& s = in.stats;
    const int h = in.humanReadable;
    QByteArray out;
    if (in.statsLevel >= 2) {
        out += '\n';
        out += itemizedCounts("Number of files", s.numFiles, s.numRegular, s.numDirs, s.numSymlinks,
                              s.numDevices, s.numSpecials);
        out +=
            itemizedCounts("Number of created files", s.createdFiles, s.createdRegular,
                           s.createdDirs, s.createdSymlinks, s.createdDevices, s.createdSpecials);
        if (in.protocol >= 31)
            out += itemizedCounts("Number of deleted files", s.deletedFiles, s.deletedRegular,
                                  s.deletedDirs, s.deletedSymlinks, s.deletedDevices,
                                  s.deletedSpecials);
        out +=
            "Number of regular files transferred: " + decimal(double(s.transferredFiles), 0) + '\n';
        out += "Total file size: " + num(s.totalSize, h) + " bytes\n";
        out += "Total transferred file size: " + num(s.totalTransferredSize, h) + " bytes\n";
        out += "Literal data: " + num(s.literalData, h) + " bytes\n";
        out += "Matched data: " + num(s.matchedData, h) + " bytes\n";
        out += "File list size: " + num(s.fileListSize, h) + '\n';
        if (s.fileListBuildMs) {
            out += "File list generation time: " + decimal(s.fileListBuildMs / 1000.0, 3) +
                   " seconds\n";
            out += "File list transfer time: " + decimal(s.fileListTransferMs / 1000.0, 3) +
                   " seconds\n";
        }
        out += "Total bytes sent: " + num(in.bytesSent, h) + '\n';
        out += "Total bytes received: " + num(in.bytesReceived, h) + '\n';
    }
    if (in.statsLevel >= 1) {
        const qint64 total = in.bytesSent + in.bytesReceived;
        const double rate = in.seconds > 0 ? total / in.seconds : double(total);
        out += '\n';
        out += "sent " + num(in.bytesSent, h) + " bytes  received " + num(in.bytesReceived, h) +
               " bytes  " + decimal(rate, 2) + " bytes/sec\n";
        out += "total size is " + num(s.totalSize, h) + "  speedup is " +
               decimal(total ? double(s.totalSize) / double(total) : 0.0, 2) +
               (in.dryRun ? " (DRY RUN)" : "") + '\n';
    }
    return out;
}

} // namespace qrsync::session
