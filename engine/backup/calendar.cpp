#include "backup/calendar.h"

#include "jobs/toolprocess.h"

#include <QRegularExpression>

namespace qrsync::backup {

namespace {

const QStringList kDays{QStringLiteral("Mon"), QStringLiteral("Tue"), QStringLiteral("Wed"),
                        QStringLiteral("Thu"), QStringLiteral("Fri"), QStringLiteral("Sat"),
                        QStringLiteral("Sun")};

QString two(int n)
{
    return QStringLiteral("%1").arg(n, 2, 10, QLatin1Char('0'));
}

bool hasControlCharacters(const QString& s)
{
    return std::any_of(s.cbegin(), s.cend(), [](QChar c) { return c.unicode() < 0x20; });
}

Result<CalendarCheck> invalid(const QString& expression, const QString& why)
{
    return makeError(ExitCode::Syntax, QStringLiteral("invalid calendar expression: %1").arg(why),
                     expression);
}

// "Mon", "monday", "Mon..Fri", "Mon,Wed" -> day indexes 1..7 (Qt's).
Result<QList<int>> parseDays(const QString& text, const QString& expression)
{
    QList<int> days;
    const auto dayIndex = [](const QString& word) -> int {
        for (int i = 0; i < kDays.size(); ++i) {
            const QString full = QLocale::c().dayName(i + 1);
            if (word.compare(kDays[i], Qt::CaseInsensitive) == 0 ||
                word.compare(full, Qt::CaseInsensitive) == 0)
                return i + 1;
        }
        return 0;
    };
    for (const QString& part : text.split(QLatin1Char(','))) {
        const QStringList range = part.split(QStringLiteral(".."));
        const int from = dayIndex(range.first());
        const int to = range.size() == 2 ? dayIndex(range.last()) : from;
        if (range.size() > 2 || from == 0 || to == 0)
            return tl::unexpected(
                invalid(expression, QStringLiteral("unknown day \"%1\"").arg(part)).error());
        // As systemd: a range runs forwards within Mon..Sun ("Sat..Mon" is refused).
        if (to < from)
            return tl::unexpected(
                invalid(expression, QStringLiteral("backwards day range \"%1\"").arg(part))
                    .error());
        for (int d = from; d <= to; ++d) {
            if (!days.contains(d))
                days << d;
        }
    }
    std::sort(days.begin(), days.end());
    return days;
}

} // namespace

Result<QString> onCalendarFor(const jobs::ScheduleOptions& s)
{
    using Kind = jobs::ScheduleOptions::Kind;
    const QString at = two(s.hour) + QLatin1Char(':') + two(s.minute) + QStringLiteral(":00");
    switch (s.kind) {
    case Kind::None:
        return QString();
    case Kind::Hourly:
        return QStringLiteral("*-*-* *:") + two(s.minute) + QStringLiteral(":00");
    case Kind::Daily:
        return QStringLiteral("*-*-* ") + at;
    case Kind::Weekly: {
        if (s.days.isEmpty())
            return makeError(ExitCode::Syntax,
                             QStringLiteral("a weekly schedule needs at least one day"));
        QStringList ordered;
        for (const QString& day : kDays) {
            if (s.days.contains(day))
                ordered << day;
        }
        return ordered.join(QLatin1Char(',')) + QStringLiteral(" *-*-* ") + at;
    }
    case Kind::Custom: {
        const QString expression = s.calendar.trimmed();
        if (expression.isEmpty())
            return makeError(ExitCode::Syntax, QStringLiteral("the calendar expression is empty"));
        if (hasControlCharacters(expression))
            return makeError(ExitCode::Syntax,
                             QStringLiteral("the calendar expression contains control "
                                            "characters"),
                             expression);
        return expression;
    }
    }
    return QString();
}

Result<CalendarCheck> checkCalendarSimple(const QString& expression, const QDateTime& base,
                                          int iterations)
{
    QString text = expression.simplified();
    static const QHash<QString, QString> shorthands{
        {QStringLiteral("hourly"), QStringLiteral("*-*-* *:00:00")},
        {QStringLiteral("daily"), QStringLiteral("*-*-* 00:00:00")},
        {QStringLiteral("weekly"), QStringLiteral("Mon *-*-* 00:00:00")},
        {QStringLiteral("monthly"), QStringLiteral("*-*-01 00:00:00")},
        {QStringLiteral("yearly"), QStringLiteral("*-01-01 00:00:00")},
        {QStringLiteral("annually"), QStringLiteral("*-01-01 00:00:00")},
    };
    text = shorthands.value(text.toLower(), text);
    static const QRegularExpression shape(
        QStringLiteral("^(?:([A-Za-z.,]+) )?(?:(\\*|\\d{4})-(\\*|\\d{1,2})-(\\*|\\d{1,2}) "
                       ")?(\\*|\\d{1,2}):(\\d{1,2})(?::(\\d{1,2}))?$"));
    const QRegularExpressionMatch m = shape.match(text);
    if (!m.hasMatch()) {
        if (hasControlCharacters(expression) || text.isEmpty())
            return invalid(expression, QStringLiteral("empty or control characters"));
        return makeError(ExitCode::Unsupported,
                         QStringLiteral("only systemd-analyze can check this expression "
                                        "(install the systemd package), or use a simple form "
                                        "such as \"Mon..Fri *-*-* 07:30\""),
                         expression);
    }
    QList<int> days{1, 2, 3, 4, 5, 6, 7};
    if (!m.captured(1).isEmpty()) {
        auto parsed = parseDays(m.captured(1), expression);
        if (!parsed)
            return tl::unexpected(parsed.error());
        days = *parsed;
    }
    const QString year = m.captured(2), month = m.captured(3), dayOfMonth = m.captured(4);
    const bool anyHour = m.captured(5) == QLatin1String("*");
    const int hour = anyHour ? 0 : m.captured(5).toInt();
    const int minute = m.captured(6).toInt();
    const int second = m.captured(7).isEmpty() ? 0 : m.captured(7).toInt();
    if (hour > 23 || minute > 59 || second > 59)
        return invalid(expression, QStringLiteral("time out of range"));
    const bool anyMonth = month.isEmpty() || month == QLatin1String("*");
    const bool anyDay = dayOfMonth.isEmpty() || dayOfMonth == QLatin1String("*");
    const bool anyYear = year.isEmpty() || year == QLatin1String("*");
    if ((!anyMonth && (month.toInt() < 1 || month.toInt() > 12)) ||
        (!anyDay && (dayOfMonth.toInt() < 1 || dayOfMonth.toInt() > 31)))
        return invalid(expression, QStringLiteral("date out of range"));

    CalendarCheck check;
    check.checkedBy = QStringLiteral("qrsync");
    QStringList dayNames;
    if (days.size() < 7) {
        for (int d : days)
            dayNames << kDays[d - 1];
    }
    check.normalized =
        (dayNames.isEmpty() ? QString() : dayNames.join(QLatin1Char(',')) + QLatin1Char(' ')) +
        (anyYear ? QStringLiteral("*") : year) + QLatin1Char('-') +
        (anyMonth ? QStringLiteral("*") : two(month.toInt())) + QLatin1Char('-') +
        (anyDay ? QStringLiteral("*") : two(dayOfMonth.toInt())) + QLatin1Char(' ') +
        (anyHour ? QStringLiteral("*") : two(hour)) + QLatin1Char(':') + two(minute) +
        QLatin1Char(':') + two(second);
    // Day by day from the base: enough for any of these forms that can
    // ever fire (a fixed year in the past never does).
    for (qint64 offset = 0; offset < 366 * 8 && check.nextRuns.size() < iterations; ++offset) {
        const QDate date = base.date().addDays(offset);
        if (!days.contains(date.dayOfWeek()) || (!anyYear && date.year() != year.toInt()) ||
            (!anyMonth && date.month() != month.toInt()) ||
            (!anyDay && date.day() != dayOfMonth.toInt()))
            continue;
        for (int h = anyHour ? 0 : hour; h <= (anyHour ? 23 : hour); ++h) {
            const QDateTime t(date, QTime(h, minute, second), base.timeSpec());
            if (t > base && check.nextRuns.size() < iterations)
                check.nextRuns << t;
        }
    }
    return check;
}

CalendarCheck parseSystemdAnalyzeCalendar(const QByteArray& output)
{
    CalendarCheck check;
    check.checkedBy = QStringLiteral("systemd-analyze");
    static const QRegularExpression run(
        QStringLiteral("^\\s*(?:Next elapse|Iter\\. #\\d+):\\s+\\S+\\s+(\\d{4}-\\d{2}-\\d{2} "
                       "\\d{2}:\\d{2}:\\d{2})"));
    for (const QByteArray& raw : output.split('\n')) {
        const QString line = QString::fromUtf8(raw);
        if (line.trimmed().startsWith(QLatin1String("Normalized form:")))
            check.normalized = line.section(QLatin1Char(':'), 1).trimmed();
        const QRegularExpressionMatch m = run.match(line);
        if (m.hasMatch())
            check.nextRuns << QDateTime::fromString(m.captured(1),
                                                    QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    }
    return check;
}

Result<CalendarCheck> checkCalendar(const QString& expression, const QDateTime& base,
                                    bool preferSystemd)
{
    if (expression.trimmed().isEmpty() || hasControlCharacters(expression))
        return invalid(expression, QStringLiteral("empty or control characters"));
    const QString analyze =
        preferSystemd ? jobs::findTool(QStringLiteral("systemd-analyze")) : QString();
    if (analyze.isEmpty())
        return checkCalendarSimple(expression, base);
    const jobs::ToolOutput out = jobs::runTool(
        analyze, {QStringLiteral("calendar"), QStringLiteral("--iterations=3"),
                  QStringLiteral("--base-time=") +
                      base.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                  QStringLiteral("--"), expression});
    if (!out.started)
        return checkCalendarSimple(expression, base);
    if (out.exitCode != 0)
        return invalid(expression,
                       QStringLiteral("systemd-analyze: ") + QString::fromUtf8(out.err.trimmed()));
    CalendarCheck check = parseSystemdAnalyzeCalendar(out.out);
    if (check.normalized.isEmpty())
        return makeError(ExitCode::FileIo, QStringLiteral("cannot read systemd-analyze's answer"),
                         QString::fromUtf8(out.out));
    return check;
}

} // namespace qrsync::backup
