#pragma once

// Reading what rsync and qrsync print, so tests can compare the two: error
// messages with the parts that differ by design taken out, and the numbers
// of the --stats summary.

#include <QByteArray>
#include <QList>

#include <optional>

namespace qrsync::test {

// stderr lines in a form both programs should agree on, sorted (the roles
// of stock rsync print concurrently, so the order is not stable):
//  - "rsync: [sender] " and "qrsync: " become "PROG: ", and the final
//    "rsync error: ... at main.c(1394) [sender=3.5.0]" loses its source
//    location (log.c rwrite() adds the role tag, rsync_exit() the location);
//  - `workspace` becomes "WS";
//  - temp names ".name.XXXXXX" (receiver.c get_tmpname()) lose their random
//    suffix.
QList<QByteArray> normalizedMessages(const QByteArray& stderrText, const QByteArray& workspace);

// The number of a --stats line such as "Literal data: 1,048,576 bytes"
// (main.c output_summary(); thousands separators removed). `label` is the
// text before the colon. Empty when the line is missing or malformed.
std::optional<qint64> statsValue(const QByteArray& stdoutText, const QByteArray& label);

// The --stats line starting with `label` + ':' (whole line), or empty.
QByteArray statsLine(const QByteArray& stdoutText, const QByteArray& label);

// SHA-1 of a file's content as hex, or empty when it cannot be read.
QByteArray fileSha1(const QByteArray& path);

} // namespace qrsync::test
