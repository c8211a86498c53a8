#include "protocol/outformat.h"

#include "protocol/itemheader.h"

#include <QDateTime>

#include <algorithm>
#include <cstdio>

namespace qrsync::protocol {

namespace {

constexpr qsizetype kMaxFormatLength = 4096; // MAXPATHLEN on Linux

// printf("%-Ns") / ("%Ns") for a width spec of "" / "-12" / "7".
QByteArray pad(QByteArrayView s, QByteArrayView spec)
{
    if (spec.isEmpty())
        return s.toByteArray();
    const bool left = spec.front() == '-';
    const QByteArrayView digits = left ? spec.sliced(1) : spec;
    const qsizetype width = digits.isEmpty() ? 0 : digits.toByteArray().toLongLong();
    if (s.size() >= width)
        return s.toByteArray();
    const QByteArray fill(width - s.size(), ' ');
    return left ? s.toByteArray() + fill : fill + s.toByteArray();
}

QByteArray timeString(qint64 secs)
{
    // util1.c timestring: "%4d/%02d/%02d %02d:%02d:%02d" in local time.
    const QDateTime t = QDateTime::fromSecsSinceEpoch(secs);
    return t.toString(QStringLiteral("yyyy/MM/dd hh:mm:ss")).toLatin1();
}

} // namespace

QByteArray formatBigNumber(qint64 num, int humanize, char separator)
{
    if (humanize > 1) {
        const int mult = humanize == 2 ? 1000 : 1024;
        if (num >= mult || num <= -mult) {
            double d = double(num) / mult;
            if (num < 0)
                d = -d;
            char unit;
            if (d < mult)
                unit = 'K';
            else if ((d /= mult) < mult)
                unit = 'M';
            else if ((d /= mult) < mult)
                unit = 'G';
            else if ((d /= mult) < mult)
                unit = 'T';
            else {
                d /= mult;
                unit = 'P';
            }
            if (num < 0)
                d = -d;
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.2f%c", d, unit);
            return QByteArray(buf);
        }
    }
    const bool negative = num < 0;
    // Work on the magnitude as unsigned so INT64_MIN survives.
    quint64 mag = negative ? quint64(0) - quint64(num) : quint64(num);
    QByteArray rev;
    int group = 0;
    do {
        if (humanize && group == 3) {
            rev.append(separator);
            group = 0;
        }
        rev.append(char('0' + mag % 10));
        mag /= 10;
        ++group;
    } while (mag);
    if (negative)
        rev.append('-');
    std::reverse(rev.begin(), rev.end());
    return rev;
}

QByteArray permissionString(quint32 mode)
{
    static const char map[] = "rwxrwxrwx";
    QByteArray p(9, '-');
    for (int i = 0; i < 9; ++i) {
        if (mode & (1u << i))
            p[8 - i] = map[8 - i];
    }
    if (mode & 04000)
        p[2] = (mode & 0100) ? 's' : 'S';
    if (mode & 02000)
        p[5] = (mode & 0010) ? 's' : 'S';
    if (mode & 01000)
        p[8] = (mode & 0001) ? 't' : 'T';
    return p;
}

QByteArray formatOutLine(QByteArrayView format, const OutFormatFields& f)
{
    if (format.size() > kMaxFormatLength)
        return {};
    // Stock expands "format\n"; the newline matters for a trailing '%'.
    const QByteArray in = format.toByteArray() + '\n';
    QByteArray out;
    qsizetype p = 0;
    const qsizetype end = in.size();
    while (p < end) {
        const qsizetype pct = in.indexOf('%', p);
        if (pct < 0) {
            out.append(QByteArrayView(in).sliced(p));
            break;
        }
        out.append(QByteArrayView(in).sliced(p, pct - p));
        qsizetype q = pct + 1;
        int humanize = 0;
        while (q < end && in[q] == '\'') {
            ++humanize;
            ++q;
        }
        const qsizetype specStart = q;
        if (q < end && in[q] == '-')
            ++q;
        // log_formatted stops taking digits when its 16-byte scratch is full.
        while (q < end && in[q] >= '0' && in[q] <= '9' && q - specStart < 8)
            ++q;
        const QByteArrayView spec = QByteArrayView(in).sliced(specStart, q - specStart);
        while (q < end && in[q] == '\'') {
            ++humanize;
            ++q;
        }
        if (q >= end) {
            out.append(QByteArrayView(in).sliced(pct));
            break;
        }
        const char code = in[q];
        std::optional<QByteArray> n;
        bool padded = false; // n already carries the width
        switch (code) {
        case 'h':
            n = f.hostName;
            break;
        case 'a':
            n = f.hostAddr;
            break;
        case 'l':
            n = pad(formatBigNumber(f.length, humanize, f.numberSeparator), spec);
            padded = true;
            break;
        case 'U':
            n = pad(QByteArray::number(f.uid), spec);
            padded = true;
            break;
        case 'G':
            if (!f.gid)
                n = QByteArray("DEFAULT");
            else {
                n = pad(QByteArray::number(*f.gid), spec);
                padded = true;
            }
            break;
        case 'p':
            n = pad(QByteArray::number(f.pid), spec);
            padded = true;
            break;
        case 'M':
            n = timeString(f.mtime).replace(' ', '-');
            break;
        case 'B':
            n = permissionString(f.mode);
            break;
        case 'o':
            n = f.operation;
            break;
        case 'f':
            n = f.path.startsWith('/') ? f.path.mid(1) : f.path;
            break;
        case 'n':
            n = f.kind == FileKind::Directory ? f.name + '/' : f.name;
            break;
        case 'L': {
            QByteArray target;
            QByteArray prefix;
            if (!f.hardLinkTarget.isEmpty()) {
                target = f.hardLinkTarget;
                prefix = " => ";
            } else if (f.kind == FileKind::Symlink && !f.isDeletion) {
                target = f.symlinkTarget;
                prefix = " -> ";
            } else if (spec.isEmpty()) {
                n = QByteArray();
                break;
            } else {
                prefix = "    ";
            }
            n = prefix + pad(target, spec);
            padded = true;
            break;
        }
        case 'm':
            n = f.moduleName;
            break;
        case 't':
            n = timeString(f.now);
            break;
        case 'P':
            n = f.modulePath;
            break;
        case 'u':
            n = f.authUser;
            break;
        case 'b':
        case 'c': {
            const qint64 b = !(f.iflags & kItemTransfer)
                                 ? 0
                                 : (code == 'b' ? f.bytesTransferred : f.bytesChecksummed);
            n = pad(formatBigNumber(b, humanize, f.numberSeparator), spec);
            padded = true;
            break;
        }
        case 'C':
            n = f.checksumHex.isEmpty() ? QByteArray(f.checksumLength * 2, ' ') : f.checksumHex;
            break;
        case 'i':
            n = itemizeString(f.iflags, f.kind, f.itemize);
            break;
        case '%':
            n = QByteArray("%");
            break;
        default:
            break;
        }
        if (!n) {
            // Unknown escape: stock leaves "%<flags>" as typed and resumes
            // scanning at the escape letter.
            out.append(QByteArrayView(in).sliced(pct, q - pct));
            p = q;
            continue;
        }
        out.append(padded ? *n : pad(*n, spec));
        p = q + 1;
    }
    if (out.endsWith('\n'))
        out.chop(1);
    return out;
}

} // namespace qrsync::protocol
