#pragma once

// Schedules as systemd calendar expressions (OnCalendar=, systemd.time(7)),
// and checking one: is it valid, and when are the next runs.
//
// systemd-analyze is the authority ("systemd-analyze calendar
// --iterations=3"); where it is missing, a parser of our own checks the
// simple forms the profile dialog produces (shorthands like "daily", and
// "[Mon,Tue..Fri ][*-*-* ]HH:MM[:SS]" with HH a number or "*") and refuses
// anything else as uncheckable rather than guessing.

#include "core/result.h"
#include "jobs/profile.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace qrsync::backup {

struct CalendarCheck
{
    QString normalized;        // systemd's normalized form
    QList<QDateTime> nextRuns; // local time, the next three after the base time
    QString checkedBy;         // "systemd-analyze" or "qrsync"
};

// The OnCalendar= value of a schedule (empty for Kind::None). Errors
// (ExitCode::Syntax) for a weekly schedule without days, an empty custom
// expression, or characters that cannot go into a unit file.
Result<QString> onCalendarFor(const jobs::ScheduleOptions& schedule);

// Our own parser: the simple forms only (see above). Errors: Syntax for an
// invalid expression, Unsupported for one this parser cannot judge.
Result<CalendarCheck> checkCalendarSimple(const QString& expression, const QDateTime& base,
                                          int iterations = 3);

// The runs listed by `systemd-analyze calendar` ("Next elapse:", "Iter. #2:" ...).
CalendarCheck parseSystemdAnalyzeCalendar(const QByteArray& output);

// systemd-analyze when installed (and `preferSystemd`), else checkCalendarSimple.
Result<CalendarCheck> checkCalendar(const QString& expression,
                                    const QDateTime& base = QDateTime::currentDateTime(),
                                    bool preferSystemd = true);

} // namespace qrsync::backup
