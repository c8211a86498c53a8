#include "options/valueparsers.h"

#include <QLocale>
#include <QRegularExpression>

#include <cerrno>
#include <climits>
#include <cstdlib>

namespace qrsync::options {

namespace {

bool isDigit(QChar c)
{
    return c >= QLatin1Char('0') && c <= QLatin1Char('9');
}

} // namespace

QString humanSize(qint64 value)
{
    // do_big_num() with human_flag 3: 1024-based units with two decimals.
    static const char units[] = "KMGTPE";
    if (value < 1024)
        return QString::number(value);
    double d = double(value);
    int unit = -1;
    do {
        d /= 1024.0;
        ++unit;
    } while (d >= 1024.0 && units[unit + 1]);
    return QString::number(d, 'f', 2) + QLatin1Char(units[unit]);
}

Result<qint64> parseSizeArg(const QString& text, const QString& optionName,
                            const SizeLimits& limits)
{
    // SIZE_MAX/2 on a 64-bit build, as rsync uses for "no maximum".
    const qint64 sizeMax = limits.max >= 0 ? limits.max : qint64(LLONG_MAX);
    auto fail = [&](const char* what, bool withMin, bool withMax) -> Result<qint64> {
        QString message =
            QStringLiteral("--%1=%2 is %3").arg(optionName, text, QLatin1String(what));
        if (withMax && limits.max >= 0)
            message += QStringLiteral(" (max: %1)").arg(humanSize(limits.max));
        if (withMin && limits.min >= 0) {
            message += QStringLiteral(" (min: %1%2)")
                           .arg(humanSize(limits.min), limits.zeroMeansUnlimited
                                                           ? QStringLiteral(" or 0 for unlimited")
                                                           : QString());
        }
        return makeError(ExitCode::Syntax, message, optionName);
    };

    qsizetype pos = 0;
    while (pos < text.size() && isDigit(text[pos]))
        ++pos;
    if (pos < text.size() && text[pos] == QLatin1Char('.')) {
        for (++pos; pos < text.size() && isDigit(text[pos]);)
            ++pos;
    }
    QChar suffix = limits.defaultSuffix;
    if (pos < text.size() && text[pos] != QLatin1Char('+') && text[pos] != QLatin1Char('-'))
        suffix = text[pos++];
    int reps = 0;
    switch (suffix.toLower().toLatin1()) {
    case 'b':
        reps = 0;
        break;
    case 'k':
        reps = 1;
        break;
    case 'm':
        reps = 2;
        break;
    case 'g':
        reps = 3;
        break;
    case 't':
        reps = 4;
        break;
    case 'p':
        reps = 5;
        break;
    default:
        return fail("invalid", false, false);
    }

    qint64 mult = 1024;
    const QStringView rest = QStringView(text).mid(pos);
    if (rest.startsWith(QLatin1Char('b'), Qt::CaseInsensitive)) {
        mult = 1000;
        ++pos;
    } else if (rest.isEmpty() || rest.startsWith(QLatin1Char('+')) ||
               rest.startsWith(QLatin1Char('-'))) {
        mult = 1024;
    } else if (rest.startsWith(QLatin1String("ib"), Qt::CaseInsensitive)) {
        pos += 2;
    } else {
        return fail("invalid", false, false);
    }

    qint64 unit = 1;
    while (reps--) {
        if (unit > sizeMax / mult)
            return fail("too large", false, true);
        unit *= mult;
    }

    // strtod() of the leading number, as rsync: it reads a sign the digit
    // scan above skipped, so "-1" ends up negative and "too large". The C
    // locale keeps "." the decimal point whatever LC_NUMERIC says.
    static const QRegularExpression leading(QStringLiteral("^[+-]?[0-9]*(\\.[0-9]*)?"));
    const QString numberText = leading.match(text).captured(0);
    const double dsize = QLocale::c().toDouble(numberText);
    if (dsize < 0 || dsize > double(sizeMax) / double(unit) ||
        (limits.max < 0 && dsize >= double(sizeMax) / double(unit)))
        return fail("too large", false, true);
    qint64 size = qint64(dsize * double(unit));

    const QStringView adjust = QStringView(text).mid(pos);
    if (adjust.size() >= 2 && (adjust[0] == QLatin1Char('+') || adjust[0] == QLatin1Char('-')) &&
        adjust[1] == QLatin1Char('1') && pos != 0) {
        if (adjust[0] == QLatin1Char('+')) {
            if (size == sizeMax)
                return fail("too large", false, true);
            ++size;
        } else {
            --size;
        }
        pos += 2;
    }
    if (pos != text.size())
        return fail("invalid", false, false);
    if (size < 0 || (limits.max >= 0 && size > limits.max))
        return fail("too large", false, true);
    if (size < limits.min && !(limits.zeroMeansUnlimited && size == 0))
        return fail("too small", true, false);
    return size;
}

bool isValidChmod(QStringView text)
{
    // A state machine with parse_chmod()'s acceptance rules; the modes
    // themselves are computed where they are applied (fs module).
    enum class State
    {
        FirstHalf,
        SecondHalf,
        Octal
    };
    State state = State::FirstHalf;
    bool haveOp = false, dirsOnly = false, filesOnly = false, haveWho = false;
    bool what = false, top = false, copy = false;
    int octal = 0;
    for (qsizetype i = 0;; ++i) {
        const QChar c = i < text.size() ? text[i] : QChar();
        if (i == text.size() || c == QLatin1Char(',')) {
            if (!haveOp)
                return false;
            if (i == text.size())
                return true;
            state = State::FirstHalf;
            haveOp = dirsOnly = filesOnly = haveWho = what = top = copy = false;
            octal = 0;
            continue;
        }
        const char ch = c.toLatin1();
        switch (state) {
        case State::FirstHalf:
            if (ch == 'D') {
                if (filesOnly)
                    return false;
                dirsOnly = true;
            } else if (ch == 'F') {
                if (dirsOnly)
                    return false;
                filesOnly = true;
            } else if (ch == 'u' || ch == 'g' || ch == 'o' || ch == 'a') {
                haveWho = true;
            } else if (ch == '+' || ch == '-' || ch == '=') {
                haveOp = true;
                state = State::SecondHalf;
            } else if (ch >= '0' && ch <= '7' && !haveWho) {
                haveOp = true;
                octal = ch - '0';
                state = State::Octal;
            } else {
                return false;
            }
            break;
        case State::SecondHalf:
            if (ch == 'r' || ch == 'w' || ch == 'x' || ch == 'X') {
                if (copy)
                    return false;
                what = true;
            } else if (ch == 's' || ch == 't') {
                if (copy)
                    return false;
                top = true;
            } else if (ch == 'u' || ch == 'g' || ch == 'o') {
                if (what || top || copy)
                    return false;
                copy = true;
            } else {
                return false;
            }
            break;
        case State::Octal:
            if (ch < '0' || ch > '7')
                return false;
            octal = octal * 8 + (ch - '0');
            if (octal > 07777)
                return false;
            break;
        }
    }
}

std::optional<int> parsePoptInt(const QString& text, bool* overflow)
{
    if (overflow)
        *overflow = false;
    const QByteArray bytes = text.toLocal8Bit();
    char* end = nullptr;
    errno = 0;
    const long value = std::strtol(bytes.constData(), &end, 0);
    if (*end != '\0')
        return std::nullopt;
    if (errno == ERANGE || value > INT_MAX || value < INT_MIN) {
        if (overflow)
            *overflow = true;
        return std::nullopt;
    }
    return int(value);
}

} // namespace qrsync::options
