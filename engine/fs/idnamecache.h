#pragma once

// uid/gid <-> name lookups with caching, for the file list's id lists and
// USER_NAME_FOLLOWS (filelist.md §4) and for mapping names back to local
// ids on the receiver (rsync uidlist.c). Unknown ids and names are cached
// too: one passwd lookup per id per run, however many files carry it.
// Not thread-safe: one cache per session.

#include <QByteArray>
#include <QHash>

#include <optional>

namespace qrsync::fs {

class IdNameCache
{
public:
    std::optional<QByteArray> userName(quint32 uid);
    std::optional<QByteArray> groupName(quint32 gid);
    std::optional<quint32> uidForName(const QByteArray& name);
    std::optional<quint32> gidForName(const QByteArray& name);

private:
    QHash<quint32, std::optional<QByteArray>> m_userNames;
    QHash<quint32, std::optional<QByteArray>> m_groupNames;
    QHash<QByteArray, std::optional<quint32>> m_uids;
    QHash<QByteArray, std::optional<quint32>> m_gids;
};

} // namespace qrsync::fs
