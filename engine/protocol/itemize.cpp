#include "protocol/itemize.h"

#include "protocol/itemheader.h"

namespace qrsync::protocol {

namespace {

char typeLetter(FileKind kind)
{
    switch (kind) {
    case FileKind::Directory:
        return 'd';
    case FileKind::Symlink:
        return 'L';
    case FileKind::Fifo:
    case FileKind::Socket:
        return 'S'; // IS_SPECIAL
    case FileKind::CharDevice:
    case FileKind::BlockDevice:
        return 'D'; // IS_DEVICE
    case FileKind::Regular:
    case FileKind::Unknown:
        return 'f';
    }
    return 'f';
}

} // namespace

QByteArray itemizeString(quint32 iflags, FileKind kind, const ItemizeContext& ctx)
{
    if (iflags & kItemDeleted)
        return QByteArrayLiteral("*deleting  ");

    QByteArray c(11, '.');
    if (iflags & kItemLocalChange)
        c[0] = (iflags & kItemXnameFollows) ? 'h' : 'c';
    else if (!(iflags & kItemTransfer))
        c[0] = '.';
    else
        c[0] = ctx.sent ? '<' : '>';
    c[1] = typeLetter(kind);
    const bool reportTime = iflags & kItemReportTime;
    if (kind == FileKind::Symlink) {
        // A symlink has no size column; its REPORT_SIZE bit means the time
        // could not be set (ITEM_REPORT_TIMEFAIL).
        c[3] = '.';
        if (reportTime)
            c[4] =
                (!ctx.preserveTimes || !ctx.receiverSymlinkTimes || (iflags & kItemReportTimeFail))
                    ? 'T'
                    : 't';
    } else {
        if (iflags & kItemReportSize)
            c[3] = 's';
        if (reportTime)
            c[4] = ctx.preserveTimes ? 't' : 'T';
    }
    if (iflags & kItemReportChange)
        c[2] = 'c';
    if (iflags & kItemReportPerms)
        c[5] = 'p';
    if (iflags & kItemReportOwner)
        c[6] = 'o';
    if (iflags & kItemReportGroup)
        c[7] = 'g';
    const quint32 timeBits = iflags & (kItemReportAtime | kItemReportCrtime);
    if (timeBits == (kItemReportAtime | kItemReportCrtime))
        c[8] = 'b';
    else if (timeBits == kItemReportAtime)
        c[8] = 'u';
    else if (timeBits == kItemReportCrtime)
        c[8] = 'n';
    if (iflags & kItemReportAcl)
        c[9] = 'a';
    if (iflags & kItemReportXattr)
        c[10] = 'x';

    if (iflags & (kItemIsNew | kItemMissingData)) {
        const char ch = (iflags & kItemIsNew) ? '+' : '?';
        for (qsizetype i = 2; i < c.size(); ++i)
            c[i] = ch;
    } else if (c[0] == '.' || c[0] == 'h' || c[0] == 'c') {
        // Nothing to report in the attribute columns: print them as blanks.
        bool allDots = true;
        for (qsizetype i = 2; i < c.size(); ++i)
            allDots = allDots && c[i] == '.';
        if (allDots) {
            for (qsizetype i = 2; i < c.size(); ++i)
                c[i] = ' ';
        }
    }
    return c;
}

} // namespace qrsync::protocol
