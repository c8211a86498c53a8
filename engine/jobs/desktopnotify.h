#pragma once

// A freedesktop desktop notification (org.freedesktop.Notifications.Notify
// on the session bus), for headless runs: a scheduled run that fails tells
// the user even when the desktop app is not open. Blocks for at most a few
// seconds (no notification service, a busy bus).

#include "core/result.h"

#include <QString>

namespace qrsync::jobs {

// The id the notification service gave it. Errors (ExitCode::Ipc): no
// session bus, or no notification service on it.
Result<quint32> sendDesktopNotification(const QString& summary, const QString& body, bool critical);

} // namespace qrsync::jobs
