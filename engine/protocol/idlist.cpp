#include "protocol/idlist.h"

#include "protocol/reader.h"

namespace qrsync::protocol {

namespace {

// uidlist.c send_one_name: names are cut at 255 bytes ("Impossible?").
void encodeOneName(QByteArray& out, quint32 id, QByteArrayView name, int protocol)
{
    const qsizetype len = std::min<qsizetype>(name.size(), 255);
    encodeVarint30(out, qint32(id), protocol);
    encodeU8(out, quint8(len));
    out.append(name.first(len));
}

void encodeOneList(QByteArray& out, const std::vector<IdName>& ids, const FileListConfig& config,
                   QByteArrayView id0Name)
{
    for (const IdName& n : ids) {
        if (n.id != 0 && !n.name.isEmpty())
            encodeOneName(out, n.id, n.name, config.protocol);
    }
    if (config.id0Names)
        encodeOneName(out, 0, id0Name, config.protocol);
    else
        encodeVarint30(out, 0, config.protocol);
}

bool readName(Reader& r, QByteArray& name)
{
    quint8 len = 0;
    QByteArrayView bytes;
    if (!r.u8(len) || !r.bytes(len, bytes))
        return false;
    name = bytes.toByteArray();
    return true;
}

// uidlist.c recv_id_list: ids until a 0; then the id-0 name if negotiated.
// Each item costs at least two input bytes, so the vector is bounded by the
// input the caller has buffered.
bool readOneList(Reader& r, const FileListConfig& config, std::vector<IdName>& out)
{
    while (true) {
        qint32 id = 0;
        if (!r.varint30(id, config.protocol))
            return false;
        if (id == 0)
            break;
        IdName n{quint32(id), {}};
        if (!readName(r, n.name))
            return false;
        out.push_back(std::move(n));
    }
    if (config.id0Names) {
        IdName n{0, {}};
        if (!readName(r, n.name))
            return false;
        out.push_back(std::move(n));
    }
    return true;
}

} // namespace

bool hasIdLists(const FileListConfig& config)
{
    return !config.incRecurse && !config.numericIds && (config.preserveUid || config.preserveGid);
}

void encodeIdLists(QByteArray& out, const IdList& lists, const FileListConfig& config,
                   QByteArrayView id0User, QByteArrayView id0Group)
{
    if (!hasIdLists(config))
        return;
    if (config.preserveUid)
        encodeOneList(out, lists.users, config, id0User);
    if (config.preserveGid)
        encodeOneList(out, lists.groups, config, id0Group);
}

Decode<IdList> decodeIdLists(QByteArrayView in, const FileListConfig& config)
{
    IdList lists;
    if (!hasIdLists(config))
        return Decode<IdList>::ok(std::move(lists), 0);
    Reader r(in);
    if (config.preserveUid)
        readOneList(r, config, lists.users);
    if (config.preserveGid && r.ok())
        readOneList(r, config, lists.groups);
    return r.finish(std::move(lists));
}

} // namespace qrsync::protocol
