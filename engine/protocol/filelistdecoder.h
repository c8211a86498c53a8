#pragma once

// The receiving side of the file-list codec (filelist.md §3-4, rsync flist.c
// recv_file_entry / recv_file_list, uidlist.c recv_id_list).
//
// Invariants: the decoder mirrors FileListEncoder's compression state (the
// previous entry of the whole session) and changes it only when next()
// returns ok, so a NeedMore or an error leaves it as it was and the caller
// may retry with more bytes. It keeps the current list's entries in
// transmission order, because a hard-link member whose leader is in the same
// list arrives without attributes and copies them from the leader; that
// copy is bounded by what the peer has already sent.

#include "protocol/decode.h"
#include "protocol/fileentry.h"
#include "protocol/filelistconfig.h"
#include "protocol/idlist.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>

#include <utility>
#include <vector>

namespace qrsync::protocol {

struct FileListItem
{
    enum class Kind
    {
        Entry,
        End
    };
    Kind kind = Kind::Entry;
    FileEntry entry;    // Kind::Entry
    qint32 ioError = 0; // Kind::End: the io_error bits (masked to IOERR_VALID_MASK)

    bool isEnd() const { return kind == Kind::End; }
};

class FileListDecoder
{
public:
    explicit FileListDecoder(FileListConfig config = {});

    const FileListConfig& config() const { return m_config; }

    // Starts a (sub-)list whose first entry has index ndxStart; forgets the
    // previous list's entries but keeps the compression state. The
    // constructor starts a list at 0.
    void beginList(qint32 ndxStart);
    qint32 ndxStart() const { return m_ndxStart; }

    // Decodes the next entry or the end marker of the current list. After
    // an end marker, call beginList() before the next list. Errors carry
    // stock's message; the decoder must not be used after one.
    Decode<FileListItem> next(QByteArrayView in);

    // The current list's entries so far, in transmission order.
    const std::vector<FileEntry>& entries() const { return m_entries; }
    // Hands the current list's entries over (transmission order), leaving
    // the decoder with none: a large list is then held once.
    std::vector<FileEntry> takeEntries() { return std::exchange(m_entries, {}); }

    // The id lists that follow the end marker without inc-recursion.
    Decode<IdList> nextIdLists(QByteArrayView in) const { return decodeIdLists(in, m_config); }

private:
    // recv_file_entry's statics.
    struct State
    {
        QByteArray lastName; // raw, before clean_fname
        quint32 mode = 0;
        qint64 mtime = 0;
        qint64 atime = 0;
        quint32 uid = 0;
        quint32 gid = 0;
        quint32 rdevMajor = 0;
    };

    Decode<FileListItem> decodeEnd(QByteArrayView in, quint32 flags, qsizetype pos) const;

    FileListConfig m_config;
    qint32 m_ndxStart = 0;
    State m_state;
    std::vector<FileEntry> m_entries;
    QHash<quint32, QByteArray> m_userNames; // names received inline
    QHash<quint32, QByteArray> m_groupNames;
};

// flist.c clean_fname(CFN_REFUSE_DOT_DOT_DIRS): drops empty and "."
// components and a trailing '/', keeps a leading '/'; an empty result is
// ".". Returns false for a ".." component.
bool cleanFileName(const QByteArray& in, QByteArray& out);

} // namespace qrsync::protocol
