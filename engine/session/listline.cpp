#include "session/listline.h"

#include "protocol/outformat.h"

#include <QStringBuilder>

#include <cstdio>
#include <ctime>

namespace qrsync::session {

namespace {

char typeLetter(quint32 mode)
{
    switch (protocol::fileKindOfMode(mode)) {
    case protocol::FileKind::Directory:
        return 'd';
    case protocol::FileKind::Symlink:
        return 'l';
    case protocol::FileKind::BlockDevice:
        return 'b';
    case protocol::FileKind::CharDevice:
        return 'c';
    case protocol::FileKind::Socket:
        return 's';
    case protocol::FileKind::Fifo:
        return 'p';
    case protocol::FileKind::Regular:
    case protocol::FileKind::Unknown:
        return '-';
    }
    return '-';
}

QByteArray padLeft(const QByteArray& s, qsizetype width)
{
    return s.size() >= width ? s : QByteArray(width - s.size(), ' ') + s;
}

} // namespace

QByteArray listPermissionString(quint32 mode)
{
    return typeLetter(mode) + protocol::permissionString(mode);
}

QByteArray listTimeString(qint64 secondsSinceEpoch)
{
    const std::time_t t = std::time_t(secondsSinceEpoch);
    std::tm tm{};
    if (qint64(t) != secondsSinceEpoch || !localtime_r(&t, &tm))
        return QByteArrayLiteral("(time out of range)");
    char buf[64];
    std::snprintf(buf, sizeof buf, "%4d/%02d/%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return QByteArray(buf);
}

QByteArray formatListLine(const protocol::FileEntry& e, int humanReadable,
                          const ListLineColumns& columns)
{
    const qsizetype sizeWidth = humanReadable ? 14 : 11;
    const QByteArray mtime = listTimeString(e.mtime);
    // Extra time columns are as wide as the mtime plus its leading space.
    const qsizetype timeWidth = mtime.size() + 1;

    if (e.mode == 0) {
        // --delete-missing-args: stock left-justifies "*missing" over the
        // permission, size and time columns.
        qsizetype width = 10 + 1 + sizeWidth + timeWidth;
        if (columns.atime)
            width += timeWidth;
        if (columns.crtime)
            width += timeWidth;
        QByteArray head("*missing");
        head.append(QByteArray(width - head.size(), ' '));
        return head + ' ' + e.name;
    }

    QByteArray line =
        listPermissionString(e.mode) + ' ' +
        padLeft(protocol::formatBigNumber(e.size, humanReadable, columns.numberSeparator),
                sizeWidth) +
        ' ' + mtime;
    if (columns.atime)
        line += padLeft(e.isDir() ? QByteArray() : listTimeString(e.atime), timeWidth);
    if (columns.crtime)
        line += padLeft(listTimeString(e.crtime), timeWidth);
    line += ' ' + e.name;
    if (e.isSymlink() && !e.linkTarget.isEmpty())
        line += " -> " + e.linkTarget;
    return line;
}

} // namespace qrsync::session
