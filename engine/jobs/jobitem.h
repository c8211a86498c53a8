#pragma once

// One itemized change of a job (what `rsync -i` prints as a line), in a
// shape the GUI and the history can use without knowing the wire flags.

#include "session/events.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace qrsync::jobs {

// What a line of the plan or of a run does to the destination.
enum class ItemAction
{
    New,          // created (file, folder, link...)
    Changed,      // data sent: the content differs
    MetadataOnly, // only attributes (time, permissions, owner...) updated
    Deleted,      // removed from the destination (mirror mode)
};

// The attributes rsync's itemize string reports as changed
// (rsync.1 "--itemize-changes": the c s t p o g u a x columns).
enum class ItemChange
{
    Checksum,    // c: content checksum differs (regular files), or a link target / device changed
    Size,        // s
    Time,        // t: modification time
    Permissions, // p
    Owner,       // o
    Group,       // g
    AccessTime,  // u
    Acl,         // a
    Xattr,       // x
    CreateTime,  // the 'n'/'b' of u
};

struct JobItem
{
    ItemAction action = ItemAction::New;
    QString path; // relative to the destination; folders end in '/'
    qint64 size = 0;
    quint32 iflags = 0; // protocol/itemheader.h kItem*
    QString itemize;    // the 11-character %i column, e.g. ">f+++++++++"
    bool isDirectory = false;

    friend bool operator==(const JobItem&, const JobItem&) = default;
};

ItemAction itemAction(quint32 iflags);
// The changed attributes, in column order.
QList<ItemChange> itemChanges(quint32 iflags, protocol::FileKind kind);
// `remote`: the transfer runs over a connection, where rsync shows what
// this side sent with '<' (log.c: "send" versus "recv").
JobItem jobItemFromEvent(const session::ItemEvent& event, bool remote = false);

} // namespace qrsync::jobs

Q_DECLARE_METATYPE(qrsync::jobs::JobItem)
