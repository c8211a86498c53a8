#pragma once

// Desktop notifications when a run ends. The main window talks to this
// interface; the app uses the tray icon's balloon messages (the freedesktop
// notification service on Linux desktops), tests a recording fake.

#include <QString>

class QSystemTrayIcon;

namespace qrsync::jobs {
struct RunRecord;
}

namespace qrsync::ui {

class Notifier
{
public:
    virtual ~Notifier() = default;
    virtual void notify(const QString& title, const QString& text, bool failure) = 0;

    // What to say about a finished run: title and text, and whether it is
    // a failure (shown as a warning).
    struct Message
    {
        QString title;
        QString text;
        bool failure = false;
    };
    static Message messageFor(const jobs::RunRecord& record);
};

class TrayNotifier final : public Notifier
{
public:
    explicit TrayNotifier(QSystemTrayIcon& tray)
        : m_tray(tray)
    {}
    void notify(const QString& title, const QString& text, bool failure) override;

private:
    QSystemTrayIcon& m_tray;
};

} // namespace qrsync::ui
