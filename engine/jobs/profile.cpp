#include "jobs/profile.h"

#include <QUuid>

namespace qrsync::jobs {

QString newProfileId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

LocationKind locationKind(const QString& path)
{
    if (path.startsWith(QLatin1String("rsync://"), Qt::CaseInsensitive))
        return LocationKind::Daemon;
    // check_for_hostspec(): a ':' before any '/' names a host; "::" a
    // daemon module. A path starting with '/' or "./" is always local.
    const qsizetype colon = path.indexOf(QLatin1Char(':'));
    const qsizetype slash = path.indexOf(QLatin1Char('/'));
    if (colon <= 0 || (slash >= 0 && slash < colon))
        return LocationKind::Local;
    if (path.mid(colon + 1).startsWith(QLatin1Char(':')))
        return LocationKind::Daemon;
    return LocationKind::RemoteShell;
}

} // namespace qrsync::jobs
