#include "backup/snapshotname.h"

#include <QRegularExpression>

namespace qrsync::backup {

namespace {
const QString kFormat = QStringLiteral("yyyy-MM-dd'T'HHmmss");
}

QString snapshotName(const QDateTime& wallClock)
{
    return wallClock.toString(kFormat);
}

std::optional<QDateTime> parseSnapshotName(const QString& name)
{
    static const QRegularExpression shape(
        QStringLiteral("^(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2})(\\d{2})(\\d{2})$"));
    const QRegularExpressionMatch m = shape.match(name);
    if (!m.hasMatch())
        return std::nullopt;
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt());
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    return QDateTime(date, time, Qt::UTC);
}

} // namespace qrsync::backup
