#include "protocol/itemheader.h"

#include "protocol/ndx.h"
#include "protocol/reader.h"

namespace qrsync::protocol {

bool encodeItemAttrs(QByteArray& out, const ItemHeader& header)
{
    const bool withXname = header.iflags & kItemXnameFollows;
    if (withXname && header.xname.size() > kMaxXnameLength)
        return false;
    encodeU16(out, header.iflags);
    if (header.iflags & kItemBasisTypeFollows)
        encodeU8(out, header.basisType);
    if (withXname)
        encodeVstring(out, header.xname);
    return true;
}

bool encodeItemHeader(QByteArray& out, NdxEncoder& ndx, qint32 index, const ItemHeader& header)
{
    if ((header.iflags & kItemXnameFollows) && header.xname.size() > kMaxXnameLength)
        return false;
    ndx.encode(out, index);
    return encodeItemAttrs(out, header);
}

Decode<ItemHeader> decodeItemAttrs(QByteArrayView in)
{
    Reader r(in);
    ItemHeader h;
    r.u16(h.iflags);
    if (r.ok() && (h.iflags & kItemBasisTypeFollows))
        r.u8(h.basisType);
    if (r.ok() && (h.iflags & kItemXnameFollows)) {
        // Refuse an over-long name as soon as its length is known, before
        // waiting for its bytes (stock: read_vstring into char[MAXPATHLEN]).
        const QByteArrayView rest = in.sliced(r.position());
        if (!rest.isEmpty()) {
            const quint8 first = quint8(rest[0]);
            const bool twoBytes = first & 0x80;
            if (!twoBytes || rest.size() >= 2) {
                const qsizetype len =
                    twoBytes ? (qsizetype(first & 0x7F) << 8 | quint8(rest[1])) : first;
                if (len > kMaxXnameLength)
                    return Decode<ItemHeader>::error(
                        QStringLiteral("over-long vstring received (%1 > %2)")
                            .arg(len)
                            .arg(kMaxXnameLength));
            }
        }
        QByteArray name;
        r.vstring(name);
        h.xname = std::move(name);
    }
    return r.finish(std::move(h));
}

void encodeDeleteStats(QByteArray& out, const DeleteStats& stats)
{
    encodeVarint(out, stats.files);
    encodeVarint(out, stats.dirs);
    encodeVarint(out, stats.symlinks);
    encodeVarint(out, stats.devices);
    encodeVarint(out, stats.specials);
}

Decode<DeleteStats> decodeDeleteStats(QByteArrayView in)
{
    Reader r(in);
    DeleteStats s;
    for (qint32* field : {&s.files, &s.dirs, &s.symlinks, &s.devices, &s.specials}) {
        r.varint(*field);
        if (r.ok() && (*field < 0 || *field > kMaxWireDeleteStat))
            r.fail(QStringLiteral("Invalid delete count %1").arg(*field));
    }
    return r.finish(s);
}

} // namespace qrsync::protocol
