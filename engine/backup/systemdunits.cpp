#include "backup/systemdunits.h"

#include "backup/calendar.h"
#include "jobs/storagepaths.h"
#include "jobs/toolprocess.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace qrsync::backup {

namespace {

// Unit file values expand %-specifiers; a literal % is %%.
QString specifierSafe(QString text)
{
    return text.replace(QLatin1Char('%'), QStringLiteral("%%"));
}

// One ExecStart= word: double-quoted, with \ and " escaped, % and $ doubled.
QString execWord(const QString& word)
{
    QString quoted = word;
    quoted.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    quoted.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    quoted.replace(QLatin1Char('$'), QStringLiteral("$$"));
    return QLatin1Char('"') + specifierSafe(quoted) + QLatin1Char('"');
}

bool hasControlCharacters(const QString& s)
{
    return std::any_of(s.cbegin(), s.cend(), [](QChar c) { return c.unicode() < 0x20; });
}

QByteArray decodeMountinfoPath(const QByteArray& field)
{
    QByteArray out;
    for (int i = 0; i < field.size(); ++i) {
        if (field[i] == '\\' && i + 3 < field.size()) {
            bool ok = false;
            const int code = field.mid(i + 1, 3).toInt(&ok, 8);
            if (ok) {
                out += char(code);
                i += 3;
                continue;
            }
        }
        out += field[i];
    }
    return out;
}

} // namespace

QString escapeUnitInstance(const QString& name)
{
    QString out;
    const QByteArray bytes = name.toUtf8();
    for (int i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == ':' || c == '_' || (c == '.' && i > 0);
        if (c == '/')
            out += QLatin1Char('-');
        else if (plain)
            out += QLatin1Char(c);
        else
            out += QStringLiteral("\\x%1").arg(uint(uchar(c)), 2, 16, QLatin1Char('0'));
    }
    return out;
}

QString serviceUnitName(const QString& profileName)
{
    return QStringLiteral("qrsync-profile@") + escapeUnitInstance(profileName) +
           QStringLiteral(".service");
}

QString timerUnitName(const QString& profileName)
{
    return QStringLiteral("qrsync-profile@") + escapeUnitInstance(profileName) +
           QStringLiteral(".timer");
}

QString mountPointOf(const QString& path, const QByteArray& mountinfo)
{
    const QByteArray target = QFile::encodeName(path);
    QByteArray best = "/";
    for (const QByteArray& line : mountinfo.split('\n')) {
        const QList<QByteArray> fields = line.split(' ');
        if (fields.size() < 5)
            continue;
        const QByteArray point = decodeMountinfoPath(fields[4]);
        const bool inside =
            target == point || point == "/" || target.startsWith(QByteArray(point + '/'));
        if (inside && point.size() > best.size())
            best = point;
    }
    return QFile::decodeName(best);
}

Result<UnitFiles> scheduleUnits(const jobs::Profile& p, const QString& qrsyncPath,
                                const QString& onCalendar, const QString& mountPoint)
{
    if (p.schedule.kind == jobs::ScheduleOptions::Kind::None || onCalendar.isEmpty())
        return makeError(ExitCode::Syntax, QStringLiteral("the profile has no schedule"), p.name);
    if (hasControlCharacters(p.name) || hasControlCharacters(p.destination) ||
        hasControlCharacters(onCalendar))
        return makeError(ExitCode::Syntax,
                         QStringLiteral("control characters cannot go into a unit file"), p.name);
    UnitFiles units;
    units.serviceName = serviceUnitName(p.name);
    units.timerName = timerUnitName(p.name);
    if (units.timerName.toUtf8().size() > 255)
        return makeError(ExitCode::Syntax,
                         QStringLiteral("the profile name is too long for a unit name"), p.name);
    const QString header =
        QStringLiteral("# Written by qrsync for the profile \"%1\" and rewritten when its\n"
                       "# schedule changes (shape: installer/systemd/%2).\n")
            .arg(p.name);

    QStringList service{header.arg(QStringLiteral("qrsync-profile@.service")) +
                        QStringLiteral("[Unit]")};
    service << QStringLiteral("Description=qrsync profile %1").arg(specifierSafe(p.name));
    if (p.schedule.onlyOnACPower)
        service << QStringLiteral("ConditionACPower=true");
    if (p.schedule.onlyWhenDestinationMounted) {
        if (!QDir::isAbsolutePath(p.destination))
            return makeError(ExitCode::Syntax,
                             QStringLiteral("\"only when the destination is mounted\" needs a "
                                            "local absolute destination"),
                             p.destination);
        if (!mountPoint.isEmpty() && mountPoint != QLatin1String("/"))
            service << QStringLiteral("ConditionPathIsMountPoint=") + specifierSafe(mountPoint);
        service << QStringLiteral("ConditionPathIsDirectory=") +
                       specifierSafe(QDir::cleanPath(p.destination));
    }
    service << QString() << QStringLiteral("[Service]") << QStringLiteral("Type=oneshot")
            << QStringLiteral("ExecStart=%1 --profile %2 --alert-on-failure")
                   .arg(execWord(qrsyncPath), execWord(p.name))
            << QStringLiteral("Nice=10") << QStringLiteral("IOSchedulingClass=idle");

    QStringList timer{header.arg(QStringLiteral("qrsync-profile@.timer")) +
                      QStringLiteral("[Unit]")};
    timer << QStringLiteral("Description=Schedule of qrsync profile %1").arg(specifierSafe(p.name))
          << QString() << QStringLiteral("[Timer]")
          << QStringLiteral("OnCalendar=") + specifierSafe(onCalendar)
          << QStringLiteral("Persistent=true");
    if (p.schedule.randomDelayMinutes > 0)
        timer << QStringLiteral("RandomizedDelaySec=%1min").arg(p.schedule.randomDelayMinutes);
    timer << QString() << QStringLiteral("[Install]") << QStringLiteral("WantedBy=timers.target");

    units.service = (service.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8();
    units.timer = (timer.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8();
    return units;
}

QString defaultUserUnitDirectory()
{
    const QString xdg = qEnvironmentVariable("XDG_CONFIG_HOME");
    const QString base = !xdg.isEmpty() && QDir::isAbsolutePath(xdg)
                             ? xdg
                             : QDir::homePath() + QStringLiteral("/.config");
    return base + QStringLiteral("/systemd/user");
}

bool userManagerRunning()
{
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    return !runtime.isEmpty() && QFileInfo::exists(runtime + QStringLiteral("/systemd/private")) &&
           !jobs::findTool(QStringLiteral("systemctl")).isEmpty();
}

Result<ScheduleInstall> installSchedule(const jobs::Profile& p, const QString& unitDir,
                                        const QString& qrsyncPath, bool useSystemctl)
{
    ScheduleInstall out;
    out.managerRunning = useSystemctl && userManagerRunning();
    const QString servicePath = unitDir + QLatin1Char('/') + serviceUnitName(p.name);
    const QString timerPath = unitDir + QLatin1Char('/') + timerUnitName(p.name);
    const auto systemctl = [](const QStringList& args) {
        return jobs::runTool(jobs::findTool(QStringLiteral("systemctl")),
                             QStringList{QStringLiteral("--user")} + args);
    };

    if (p.schedule.kind == jobs::ScheduleOptions::Kind::None) {
        if (out.managerRunning && QFileInfo::exists(timerPath))
            systemctl({QStringLiteral("disable"), QStringLiteral("--now"), timerUnitName(p.name)});
        for (const QString& path : {timerPath, servicePath}) {
            if (QFileInfo::exists(path)) {
                if (!QFile::remove(path))
                    return makeError(ExitCode::FileIo, QStringLiteral("cannot remove"), path);
                out.removed << path;
            }
        }
        out.note = out.removed.isEmpty() ? QStringLiteral("the profile has no schedule")
                                         : QStringLiteral("schedule removed");
        return out;
    }

    auto onCalendar = onCalendarFor(p.schedule);
    if (!onCalendar)
        return tl::unexpected(onCalendar.error());
    auto checked = checkCalendar(*onCalendar);
    if (!checked)
        return tl::unexpected(checked.error());
    QString mountPoint;
    if (p.schedule.onlyWhenDestinationMounted) {
        QString existing = QDir::cleanPath(p.destination);
        while (!QFileInfo::exists(existing) && existing != QLatin1String("/"))
            existing = QFileInfo(existing).path();
        auto mountinfo = jobs::readWholeFile(QStringLiteral("/proc/self/mountinfo"));
        if (mountinfo)
            mountPoint = mountPointOf(QFileInfo(existing).canonicalFilePath(), *mountinfo);
    }
    auto units = scheduleUnits(p, qrsyncPath, *onCalendar, mountPoint);
    if (!units)
        return tl::unexpected(units.error());
    for (const auto& [path, bytes] :
         {std::pair{servicePath, units->service}, std::pair{timerPath, units->timer}}) {
        auto written = jobs::writeFileAtomically(path, bytes);
        if (!written)
            return tl::unexpected(written.error());
        out.written << path;
    }
    if (!out.managerRunning) {
        out.note = useSystemctl
                       ? QStringLiteral("no systemd user manager is running for this user, so the "
                                        "timer is written but not enabled; in a session with "
                                        "one, run: systemctl --user enable --now %1")
                             .arg(units->timerName)
                       : QStringLiteral("written; not enabled");
        return out;
    }
    const jobs::ToolOutput reload = systemctl({QStringLiteral("daemon-reload")});
    const jobs::ToolOutput enable =
        systemctl({QStringLiteral("enable"), QStringLiteral("--now"), units->timerName});
    out.enabled = reload.exitCode == 0 && enable.exitCode == 0;
    out.note = out.enabled
                   ? QStringLiteral("timer %1 enabled").arg(units->timerName)
                   : QStringLiteral("systemctl --user enable failed: %1")
                         .arg(QString::fromUtf8(QByteArray(reload.err + enable.err).trimmed()));
    return out;
}

} // namespace qrsync::backup
