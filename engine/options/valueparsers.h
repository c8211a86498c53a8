#pragma once

// Parsers for option values whose syntax rsync defines itself: sizes with
// suffixes, --chmod strings, popt integers. Messages follow stock's wording
// so that scripts grepping rsync's errors keep working.

#include "core/result.h"

#include <QString>
#include <QStringView>

#include <optional>

namespace qrsync::options {

struct SizeLimits
{
    QChar defaultSuffix = QLatin1Char('b'); // unit when the value has none
    qint64 min = 0;
    qint64 max = -1;                 // -1: no maximum beyond what fits
    bool zeroMeansUnlimited = false; // 0 passes even when below min
};

// rsync's parse_size_arg() (options.c): digits with an optional fraction,
// an optional unit b/k/m/g/t/p (any case) where "KB"-style means powers of
// 1000 and "K"/"KiB" powers of 1024, then an optional "+1" or "-1".
// optionName is used for messages: "--max-size=1X is invalid".
Result<qint64> parseSizeArg(const QString& text, const QString& optionName,
                            const SizeLimits& limits);

// rsync's do_big_num(n, 3, ...) used in size error messages: "128.00K".
QString humanSize(qint64 value);

// parse_chmod() (chmod.c) acceptance: comma-separated [D|F][ugoa]*[+-=]
// [rwxXst]* or [ugo] items, or octal numbers.
bool isValidChmod(QStringView text);

// popt's POPT_ARG_INT: strtol(base 0) over the whole string, "" is 0,
// range of int. std::nullopt for junk; `overflow` set when out of range.
std::optional<int> parsePoptInt(const QString& text, bool* overflow);

} // namespace qrsync::options
