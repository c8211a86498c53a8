#pragma once

// rsync's --out-format / --log-format expansion (rsync log.c log_formatted),
// as a pure function over a plain struct the caller fills. Escapes: %n %N
// %L %i %l %b %c %C %f %o %M %B %p %t %u %g %U %G %h %a %m %P %%, each with
// stock's optional flags: apostrophes (digit grouping, then K/M/G units with
// two or more), '-' (left-justify) and a field width. Like stock, an unknown
// escape, or a daemon-only one outside a daemon, is copied through as typed.

#include "protocol/fileentry.h"
#include "protocol/itemize.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace qrsync::protocol {

struct OutFormatFields
{
    FileKind kind = FileKind::Regular;
    QByteArray name;             // %n: f_name(), or the deleted name; '/' is added for dirs
    QByteArray path;             // %f: the name joined with the sender's / module's dir
    QByteArray operation;        // %o: "send", "recv" or "del."
    bool isDeletion = false;     // a delete line (stock passes fname): %L shows no symlink target
    QByteArray symlinkTarget;    // %L " -> target" for symlinks
    QByteArray hardLinkTarget;   // %L " => target" for hard-link followers (takes precedence)
    qint64 length = 0;           // %l: F_LENGTH
    qint64 bytesTransferred = 0; // %b: file data bytes on the wire (sent or received)
    qint64 bytesChecksummed = 0; // %c: the other direction's bytes (sums)
    QByteArray checksumHex;      // %C: hex digest; empty prints checksumLength*2 blanks
    int checksumLength = 16;
    quint32 mode = 0;           // %B: permission bits (type bits ignored)
    qint64 mtime = 0;           // %M: seconds since the epoch, shown in local time
    qint64 now = 0;             // %t: the caller's clock, seconds since the epoch
    qint64 pid = 0;             // %p
    quint32 uid = 0;            // %U (0 when owners are not preserved, as stock)
    std::optional<quint32> gid; // %G: nullopt prints DEFAULT
    quint32 iflags = 0;         // %i
    ItemizeContext itemize;
    // Daemon-only values: nullopt leaves the escape unexpanded, as stock
    // does outside a daemon (%m prints the empty module name instead).
    std::optional<QByteArray> authUser;   // %u
    std::optional<QByteArray> hostName;   // %h
    std::optional<QByteArray> hostAddr;   // %a
    QByteArray moduleName;                // %m
    std::optional<QByteArray> modulePath; // %P
    char numberSeparator = ',';           // stock: ',' unless the locale's decimal point is ','
};

// One output line without its trailing newline. Formats longer than 4096
// bytes are stock's "log-format string is WAY too long!" and give an empty
// result here; the option parser is the place to refuse them.
QByteArray formatOutLine(QByteArrayView format, const OutFormatFields& fields);

// Stock's number rendering (lib/compat.c do_big_num): humanize 0 plain, 1
// grouped with `separator`, 2 units of 1000, 3+ units of 1024 ("%.2f%c").
QByteArray formatBigNumber(qint64 num, int humanize, char separator = ',');

// "rwxr-xr-x" style permissions without the type letter (lib/permstring.c).
QByteArray permissionString(quint32 mode);

} // namespace qrsync::protocol
