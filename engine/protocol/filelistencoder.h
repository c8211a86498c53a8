#pragma once

// The sending side of the file-list codec (filelist.md §3-4, rsync flist.c
// send_file_entry / write_end_of_flist, uidlist.c send_id_lists).
//
// Invariants: each entry is coded against the previous entry of the whole
// session (name prefix, mode, mtime, atime, uid, gid, rdev major), so one
// encoder serves every sub-list of a connection, in transmission order. It
// remembers which uids/gids it has met (and, with inc-recursion, whose names
// it has sent inline) for the id lists.

#include "protocol/fileentry.h"
#include "protocol/filelistconfig.h"
#include "protocol/idlist.h"

#include <QByteArray>
#include <QHash>

#include <vector>

namespace qrsync::protocol {

using IdNameMap = QHash<quint32, QByteArray>;

class FileListEncoder
{
public:
    explicit FileListEncoder(FileListConfig config = {});

    const FileListConfig& config() const { return m_config; }

    // Starts a (sub-)list whose first entry gets index ndxStart (filelist.md
    // §5: 0 without inc-recursion, 1 for the first inc-recursion list). The
    // constructor starts a list at 0. Compression state is kept.
    void beginList(qint32 ndxStart);
    qint32 ndxStart() const { return m_ndxStart; }
    // Entries written to the current list so far.
    qint32 count() const { return m_count; }

    // Appends one entry. Preconditions (programmer errors, asserted): the
    // name is 1..4095 bytes; a non-first hard-link member names a leader
    // below ndxStart() + count(), and when that leader is in the current
    // list it carries the leader's attributes (it is the same inode).
    // userName/groupName are sent inline with inc-recursion the first time
    // the id is met (unless numericIds); empty means "no name".
    void encodeEntry(const FileEntry& entry, QByteArray& out);

    // Appends the end marker. A non-zero ioError is carried only when the
    // safe flist is in use; otherwise the caller must send MSG_IO_ERROR.
    void encodeEnd(QByteArray& out, qint32 ioError);

    // Appends the uid and gid lists (non-inc-recursion only; nothing when
    // hasIdLists() is false) in stock's order: the most recently met id
    // first. A name comes from the maps, else from the entries that carried
    // the id; the id-0 names (id0Names) come from the maps.
    void encodeIdLists(QByteArray& out, const IdNameMap& users, const IdNameMap& groups) const;

private:
    struct Seen
    {
        quint32 id;
        QByteArray name;
    };
    static IdName lookup(const Seen& s, const IdNameMap& names);

    FileListConfig m_config;
    qint32 m_ndxStart = 0;
    qint32 m_count = 0;

    // send_file_entry's statics.
    QByteArray m_lastName;
    quint32 m_mode = 0;
    qint64 m_mtime = 0;
    qint64 m_atime = 0;
    quint32 m_uid = 0;
    quint32 m_gid = 0;
    quint32 m_rdevMajor = 0;

    // uidlist.c add_uid/add_gid: every id met, in order of first appearance.
    std::vector<Seen> m_users;
    std::vector<Seen> m_groups;
    QHash<quint32, qsizetype> m_userIndex;
    QHash<quint32, qsizetype> m_groupIndex;
};

} // namespace qrsync::protocol
