#include "notifier.h"

#include "formatting.h"
#include "jobs/runrecord.h"

#include <QCoreApplication>
#include <QSystemTrayIcon>

namespace qrsync::ui {

Notifier::Message Notifier::messageFor(const jobs::RunRecord& r)
{
    auto tr = [](const char* text) {
        return QCoreApplication::translate("qrsync::ui::Notifier", text);
    };
    Message m;
    m.title = tr("qrsync: %1").arg(r.profileName);
    m.failure = !r.succeeded();
    if (r.cancelled)
        m.text = tr("The run was cancelled.");
    else if (r.succeeded())
        m.text = tr("Finished: %1 files copied (%2), %3 deleted.")
                     .arg(r.filesTransferred)
                     .arg(Formatting::bytes(r.bytesTransferred))
                     .arg(r.deletions);
    else
        m.text = tr("The run did not complete: %1.").arg(Formatting::exitCode(r.exitCode, false));
    return m;
}

void TrayNotifier::notify(const QString& title, const QString& text, bool failure)
{
    m_tray.showMessage(title, text,
                       failure ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information);
}

} // namespace qrsync::ui
