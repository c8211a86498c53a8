#pragma once

// The uid/gid name lists that follow a file list when inc-recursion is off
// (filelist.md §4, rsync uidlist.c send_id_lists / recv_id_list). Each list is
// `varint30 id, byte len, name` for every named non-zero id, ended by
// `varint30 0`; with CF_ID0_NAMES the 0 is followed by `byte len, name` for
// id 0. Lists are only present with -o / -g and without --numeric-ids.

#include "protocol/decode.h"
#include "protocol/filelistconfig.h"

#include <QByteArray>
#include <QByteArrayView>

#include <vector>

namespace qrsync::protocol {

struct IdName
{
    quint32 id = 0;
    QByteArray name; // at most 255 bytes on the wire; empty: no name
    friend bool operator==(const IdName&, const IdName&) = default;
};

struct IdList
{
    std::vector<IdName> users; // in wire order; with id0Names, id 0 comes last
    std::vector<IdName> groups;
    friend bool operator==(const IdList&, const IdList&) = default;
};

// Whether id lists follow the end of the (only) file list at all.
bool hasIdLists(const FileListConfig& config);

// Writes both lists as stock does. Entries with id 0 or an empty name are
// skipped (they are not listed); with id0Names, `id0User`/`id0Group` go after
// the terminator. Writes nothing when hasIdLists() is false.
void encodeIdLists(QByteArray& out, const IdList& lists, const FileListConfig& config,
                   QByteArrayView id0User, QByteArrayView id0Group);

// Reads both lists. The id-0 names (id0Names) are returned as IdName{0, ...}
// entries at the end of their list. Consumes nothing (ok with empty lists)
// when hasIdLists() is false.
Decode<IdList> decodeIdLists(QByteArrayView in, const FileListConfig& config);

} // namespace qrsync::protocol
