#include "jobs/jobitem.h"

#include "protocol/itemheader.h"
#include "protocol/itemize.h"

namespace qrsync::jobs {

ItemAction itemAction(quint32 iflags)
{
    if (iflags & protocol::kItemDeleted)
        return ItemAction::Deleted;
    if (iflags & protocol::kItemIsNew)
        return ItemAction::New;
    if (iflags & protocol::kItemTransfer)
        return ItemAction::Changed;
    return ItemAction::MetadataOnly;
}

QList<ItemChange> itemChanges(quint32 iflags, protocol::FileKind kind)
{
    QList<ItemChange> changes;
    // New and deleted entries have no "before" to compare with: rsync
    // prints '+' or "*deleting" rather than columns.
    if (iflags & (protocol::kItemIsNew | protocol::kItemDeleted))
        return changes;
    // Same column rules as protocol::itemizeString (log.c case 'i').
    if (iflags & protocol::kItemReportChange)
        changes << ItemChange::Checksum;
    if (kind != protocol::FileKind::Symlink && (iflags & protocol::kItemReportSize))
        changes << ItemChange::Size;
    if (iflags & protocol::kItemReportTime)
        changes << ItemChange::Time;
    if (iflags & protocol::kItemReportPerms)
        changes << ItemChange::Permissions;
    if (iflags & protocol::kItemReportOwner)
        changes << ItemChange::Owner;
    if (iflags & protocol::kItemReportGroup)
        changes << ItemChange::Group;
    if (iflags & protocol::kItemReportAtime)
        changes << ItemChange::AccessTime;
    if (iflags & protocol::kItemReportCrtime)
        changes << ItemChange::CreateTime;
    if (iflags & protocol::kItemReportAcl)
        changes << ItemChange::Acl;
    if (iflags & protocol::kItemReportXattr)
        changes << ItemChange::Xattr;
    return changes;
}

JobItem jobItemFromEvent(const session::ItemEvent& event, bool remote)
{
    JobItem item;
    item.iflags = event.iflags;
    item.action = itemAction(event.iflags);
    item.isDirectory = event.file.isDir();
    item.path = QString::fromUtf8(event.file.name);
    if (item.isDirectory && item.path != QLatin1String(".") &&
        !item.path.endsWith(QLatin1Char('/')))
        item.path += QLatin1Char('/');
    item.size = event.file.isRegular() ? event.file.size : 0;
    protocol::ItemizeContext ctx;
    ctx.sent = remote && !event.received;
    item.itemize =
        QString::fromLatin1(protocol::itemizeString(event.iflags, event.file.fileKind(), ctx));
    return item;
}

} // namespace qrsync::jobs
