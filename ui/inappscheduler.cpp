#include "inappscheduler.h"

#include "backup/calendar.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTimer>

namespace qrsync::ui {

InAppScheduler::InAppScheduler(ProfileSource profiles, QObject* parent)
    : QObject(parent)
    , m_profiles(std::move(profiles))
    , m_now([] { return QDateTime::currentDateTime(); })
{
    m_launch = [](const jobs::Profile& p) {
        // The command-line tool next to the app, as the timer would run it.
        QProcess::startDetached(
            QCoreApplication::applicationDirPath() + QStringLiteral("/qrsync"),
            {QStringLiteral("--profile"), p.name, QStringLiteral("--alert-on-failure")});
    };
    m_lastCheck = m_now();
}

void InAppScheduler::setClock(Clock clock)
{
    m_now = std::move(clock);
    m_lastCheck = m_now();
    m_next.clear();
}

void InAppScheduler::start()
{
    if (!m_timer) {
        m_timer = new QTimer(this);
        m_timer->setInterval(60 * 1000);
        connect(m_timer, &QTimer::timeout, this, &InAppScheduler::check);
    }
    m_timer->start();
}

void InAppScheduler::check()
{
    const QDateTime now = m_now();
    for (const jobs::Profile& p : m_profiles()) {
        auto expression = backup::onCalendarFor(p.schedule);
        if (!expression || expression->isEmpty()) {
            m_next.remove(p.id);
            continue;
        }
        auto cached = m_next.constFind(p.id);
        if (cached == m_next.constEnd() || cached->first != *expression) {
            auto check = backup::checkCalendar(*expression, m_lastCheck);
            if (!check || check->nextRuns.isEmpty()) {
                m_next.remove(p.id);
                continue;
            }
            cached = m_next.insert(p.id, {*expression, check->nextRuns.first()});
        }
        if (cached->second > now)
            continue;
        // Due: one run however many were missed, then the next after now.
        m_launch(p);
        auto following = backup::checkCalendar(*expression, now);
        if (following && !following->nextRuns.isEmpty())
            m_next.insert(p.id, {*expression, following->nextRuns.first()});
        else
            m_next.remove(p.id);
    }
    m_lastCheck = now;
}

} // namespace qrsync::ui
