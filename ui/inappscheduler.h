#pragma once

// Where no systemd user manager runs (so the timers qrsync writes cannot
// be enabled), the desktop app runs scheduled profiles itself while it is
// open: once a minute it checks each profile's schedule (the same
// OnCalendar= expression the timer would use, calendar.h) and starts
// `qrsync --profile NAME --alert-on-failure` for each run that fell due
// since the last check. Runs missed while the app was closed are not
// caught up (that needs the timer's Persistent=true).

#include "jobs/profile.h"

#include <QDateTime>
#include <QHash>
#include <QObject>

#include <functional>

class QTimer;

namespace qrsync::ui {

class InAppScheduler final : public QObject
{
    Q_OBJECT

public:
    using ProfileSource = std::function<QList<jobs::Profile>()>;
    using Launcher = std::function<void(const jobs::Profile&)>;
    using Clock = std::function<QDateTime()>;

    explicit InAppScheduler(ProfileSource profiles, QObject* parent = nullptr);

    // Tests replace how a run starts and what time it is.
    void setLauncher(Launcher launcher) { m_launch = std::move(launcher); }
    void setClock(Clock clock);

    // Checks every minute from now on.
    void start();
    // Starts the runs that fell due since the previous check.
    void check();

private:
    ProfileSource m_profiles;
    Launcher m_launch;
    Clock m_now;
    QDateTime m_lastCheck;
    // profile id -> (expression, its next run after the last check)
    QHash<QString, std::pair<QString, QDateTime>> m_next;
    QTimer* m_timer = nullptr;
};

} // namespace qrsync::ui
