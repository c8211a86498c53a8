#include "jobs/desktopnotify.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QVariantMap>

namespace qrsync::jobs {

Result<quint32> sendDesktopNotification(const QString& summary, const QString& body, bool critical)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return makeError(ExitCode::Ipc, QStringLiteral("no D-Bus session bus"),
                         bus.lastError().message());
    QDBusMessage call = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.Notifications"),
        QStringLiteral("/org/freedesktop/Notifications"),
        QStringLiteral("org.freedesktop.Notifications"), QStringLiteral("Notify"));
    QVariantMap hints;
    // Desktop Notifications Specification: urgency 2 is critical, which
    // servers keep on screen until dismissed.
    hints.insert(QStringLiteral("urgency"), QVariant::fromValue(uchar(critical ? 2 : 1)));
    hints.insert(QStringLiteral("desktop-entry"), QStringLiteral("qrsync"));
    call << QStringLiteral("qrsync") << quint32(0)
         << (critical ? QStringLiteral("dialog-error") : QStringLiteral("qrsync")) << summary
         << body << QStringList() << hints << qint32(-1);
    const QDBusMessage reply = bus.call(call, QDBus::Block, 5000);
    if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty())
        return makeError(ExitCode::Ipc, QStringLiteral("the notification was not delivered"),
                         reply.errorMessage());
    return reply.arguments().first().toUInt();
}

} // namespace qrsync::jobs
