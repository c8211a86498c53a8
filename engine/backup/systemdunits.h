#pragma once

// A profile's schedule as systemd user units, written under
// ~/.config/systemd/user/ ($XDG_CONFIG_HOME/systemd/user):
//   qrsync-profile@<escaped name>.service   runs `qrsync --profile NAME`
//   qrsync-profile@<escaped name>.timer     OnCalendar=..., Persistent=true
// The shapes are installer/systemd/qrsync-profile@.{service,timer}; here each
// profile gets its own instance files because the conditions differ per
// profile. Persistent=true makes a run missed while the machine was off
// happen at the next boot.
//
// Conditions skip a run quietly (no failure, no alert):
//   only on AC power            ConditionACPower=true
//   only when the destination's drive is mounted
//                               ConditionPathIsMountPoint=<its mount point>
//                               (when it is not /) and
//                               ConditionPathIsDirectory=<destination>
//   RequiresMountsFor= is not used: in a user manager it cannot mount the
//   drive, so an absent drive would make the run *fail* and raise an alert.
//   randomised delay            RandomizedDelaySec= (timer)

#include "core/result.h"
#include "jobs/profile.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace qrsync::backup {

// systemd-escape(1) of a profile name, for the instance part of the unit name.
QString escapeUnitInstance(const QString& name);
QString serviceUnitName(const QString& profileName);
QString timerUnitName(const QString& profileName);

// The mount point holding `path` (longest prefix among /proc/self/mountinfo's
// mount points; octal escapes decoded).
QString mountPointOf(const QString& path, const QByteArray& mountinfo);

struct UnitFiles
{
    QString serviceName;
    QString timerName;
    QByteArray service;
    QByteArray timer;
};

// `mountPoint` is the destination's (mountPointOf), used only with
// onlyWhenDestinationMounted. Errors (Syntax) for a profile without a
// schedule or with an invalid one, or a relative destination.
Result<UnitFiles> scheduleUnits(const jobs::Profile& profile, const QString& qrsyncPath,
                                const QString& onCalendar, const QString& mountPoint);

QString defaultUserUnitDirectory();

// Whether a systemd user manager runs for this user ($XDG_RUNTIME_DIR/systemd/private).
bool userManagerRunning();

struct ScheduleInstall
{
    QStringList written; // unit files written
    QStringList removed; // unit files removed (no schedule any more)
    bool managerRunning = false;
    bool enabled = false; // the timer is enabled and started
    QString note;         // what happened with systemctl, in a sentence
};

// Writes (or, for Kind::None, removes) the profile's units in `unitDir` and,
// when a user manager runs and `useSystemctl`, reloads it and enables the
// timer (`systemctl --user enable --now`). The calendar expression is
// checked first (calendar.h); an invalid one writes nothing.
Result<ScheduleInstall> installSchedule(const jobs::Profile& profile, const QString& unitDir,
                                        const QString& qrsyncPath, bool useSystemctl = true);

} // namespace qrsync::backup
