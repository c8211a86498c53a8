#include "formatting.h"

#include "core/exitcode.h"

#include <QLocale>

namespace qrsync::ui {

QString Formatting::bytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

QString Formatting::rate(double bytesPerSecond)
{
    return tr("%1/s").arg(bytes(qint64(bytesPerSecond)));
}

QString Formatting::duration(qint64 seconds)
{
    if (seconds < 0)
        return tr("unknown");
    const qint64 h = seconds / 3600;
    const qint64 m = (seconds / 60) % 60;
    const qint64 s = seconds % 60;
    if (h > 0)
        return QStringLiteral("%1:%2:%3")
            .arg(h)
            .arg(m, 2, 10, QLatin1Char('0'))
            .arg(s, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

QString Formatting::action(jobs::ItemAction action)
{
    switch (action) {
    case jobs::ItemAction::New:
        return tr("New");
    case jobs::ItemAction::Changed:
        return tr("Changed");
    case jobs::ItemAction::MetadataOnly:
        return tr("Metadata only");
    case jobs::ItemAction::Deleted:
        return tr("Deleted");
    }
    return QString();
}

QString Formatting::change(jobs::ItemChange change)
{
    switch (change) {
    case jobs::ItemChange::Checksum:
        return tr("content");
    case jobs::ItemChange::Size:
        return tr("size");
    case jobs::ItemChange::Time:
        return tr("modification time");
    case jobs::ItemChange::Permissions:
        return tr("permissions");
    case jobs::ItemChange::Owner:
        return tr("owner");
    case jobs::ItemChange::Group:
        return tr("group");
    case jobs::ItemChange::AccessTime:
        return tr("access time");
    case jobs::ItemChange::Acl:
        return tr("ACL");
    case jobs::ItemChange::Xattr:
        return tr("extended attributes");
    case jobs::ItemChange::CreateTime:
        return tr("creation time");
    }
    return QString();
}

QString Formatting::changes(const jobs::JobItem& item)
{
    switch (item.action) {
    case jobs::ItemAction::New:
        return item.isDirectory ? tr("new folder") : tr("new file");
    case jobs::ItemAction::Deleted:
        return item.isDirectory ? tr("folder removed") : tr("file removed");
    case jobs::ItemAction::Changed:
    case jobs::ItemAction::MetadataOnly:
        break;
    }
    const auto kind =
        item.isDirectory ? protocol::FileKind::Directory : protocol::FileKind::Regular;
    QStringList parts;
    for (jobs::ItemChange c : jobs::itemChanges(item.iflags, kind))
        parts << change(c);
    if (parts.isEmpty())
        return item.action == jobs::ItemAction::Changed ? tr("content") : QString();
    return parts.join(QStringLiteral(", "));
}

QString Formatting::itemizeTooltip(const jobs::JobItem& item)
{
    return tr("<tt>%1</tt> (rsync --itemize-changes)<br>"
              "columns: update type, file type, <b>c</b>ontent, <b>s</b>ize, <b>t</b>ime, "
              "<b>p</b>ermissions, <b>o</b>wner, <b>g</b>roup, <b>u</b>se time, <b>a</b>CL, "
              "e<b>x</b>tended attributes; '+' new, '.' unchanged")
        .arg(item.itemize.toHtmlEscaped());
}

QString Formatting::exitCode(int code, bool cancelled)
{
    if (cancelled)
        return tr("Cancelled");
    if (code == 0)
        return tr("Succeeded");
    if (code == int(ExitCode::Partial) || code == int(ExitCode::Vanished))
        return tr("Partly done (code %1)").arg(code);
    return tr("Failed (code %1: %2)")
        .arg(code)
        .arg(QString::fromLatin1(exitCodeText(ExitCode(code))));
}

} // namespace qrsync::ui
