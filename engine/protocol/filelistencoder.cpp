#include "protocol/filelistencoder.h"

#include "protocol/reader.h"

#include <algorithm>

namespace qrsync::protocol {

FileListEncoder::FileListEncoder(FileListConfig config)
    : m_config(config)
{}

void FileListEncoder::beginList(qint32 ndxStart)
{
    m_ndxStart = ndxStart;
    m_count = 0;
}

void FileListEncoder::encodeEntry(const FileEntry& e, QByteArray& out)
{
    Q_ASSERT_X(!e.name.isEmpty() && e.name.size() < kMaxPathLength, "FileListEncoder",
               "names are 1..4095 bytes");
    const FileListConfig& c = m_config;
    const bool isDir = e.isDir();
    const bool firstEntry = m_lastName.isEmpty();
    quint32 xflags = 0;

    // flist.c send_file_entry: dir flags first (protocol >= 30 semantics).
    if (isDir) {
        if (e.topDir)
            xflags |= xmit::kTopDir;
        if (e.noContentDir)
            xflags |= xmit::kNoContentDir;
    }

    if (e.mode == m_mode)
        xflags |= xmit::kSameMode;
    else
        m_mode = e.mode;

    // Devices send their rdev; at protocol 30 specials send "same major,
    // minor 0" (the rdev is meaningless for them).
    const bool sendDeviceRdev = c.preserveDevices && e.isDevice();
    const bool sendSpecialRdev = c.preserveSpecials && e.isSpecial() && c.protocol < 31;
    if (sendDeviceRdev) {
        if (e.rdevMajor == m_rdevMajor)
            xflags |= xmit::kSameRdevMajor;
        else
            m_rdevMajor = e.rdevMajor;
    } else if (sendSpecialRdev) {
        xflags |= xmit::kSameRdevMajor;
    }

    // uidlist.c add_uid: returns the name only the first time an id is met.
    auto meet = [](std::vector<Seen>& seen, QHash<quint32, qsizetype>& index, quint32 id,
                   const QByteArray& name) -> bool {
        if (index.contains(id))
            return false;
        index.insert(id, qsizetype(seen.size()));
        seen.push_back({id, name});
        return !name.isEmpty();
    };
    if (!c.preserveUid || (e.uid == m_uid && !firstEntry)) {
        xflags |= xmit::kSameUid;
    } else {
        m_uid = e.uid;
        if (!c.numericIds && meet(m_users, m_userIndex, e.uid, e.userName) && c.incRecurse)
            xflags |= xmit::kUserNameFollows;
    }
    if (!c.preserveGid || (e.gid == m_gid && !firstEntry)) {
        xflags |= xmit::kSameGid;
    } else {
        m_gid = e.gid;
        if (!c.numericIds && meet(m_groups, m_groupIndex, e.gid, e.groupName) && c.incRecurse)
            xflags |= xmit::kGroupNameFollows;
    }

    if (e.mtime == m_mtime)
        xflags |= xmit::kSameTime;
    else
        m_mtime = e.mtime;
    if (e.mtimeNsec != 0 && c.protocol >= 31)
        xflags |= xmit::kModNsec;
    const bool sendAtime = c.preserveAtimes && !isDir;
    if (sendAtime) {
        if (e.atime == m_atime)
            xflags |= xmit::kSameAtime;
        else
            m_atime = e.atime;
    }
    if (c.preserveCrtimes && e.crtime == m_mtime)
        xflags |= xmit::kCrtimeEqMtime;

    const bool hardLinked = c.preserveHardLinks && e.hardLinked && !isDir;
    qint32 leader = -1;
    if (hardLinked) {
        xflags |= xmit::kHardLinked;
        if (e.hardLinkFirst) {
            xflags |= xmit::kHardLinkFirst;
        } else {
            leader = e.hardLinkLeader;
            Q_ASSERT_X(leader >= 0 && leader < m_ndxStart + m_count, "FileListEncoder",
                       "the hard-link leader must have been sent already");
        }
    }

    // Shared prefix with the previous name, at most 255 bytes.
    const qsizetype maxL1 = std::min<qsizetype>({m_lastName.size(), e.name.size(), 255});
    qsizetype l1 = 0;
    while (l1 < maxL1 && e.name[l1] == m_lastName[l1])
        ++l1;
    const qsizetype l2 = e.name.size() - l1;
    if (l1 > 0)
        xflags |= xmit::kSameName;
    if (l2 > 255)
        xflags |= xmit::kLongName;

    // Flags 0 (or a first byte of 0) would read as the end of the list.
    if (c.varintFlags) {
        encodeVarint(out, qint32(xflags ? xflags : xmit::kExtendedFlags));
    } else {
        Q_ASSERT_X(xflags <= 0xFFFF, "FileListEncoder", "crtimes need varint flags");
        if (xflags == 0 && !isDir)
            xflags |= xmit::kTopDir;
        if ((xflags & 0xFF00) || xflags == 0) {
            xflags |= xmit::kExtendedFlags;
            encodeU16(out, quint16(xflags));
        } else {
            encodeU8(out, quint8(xflags));
        }
    }
    if (xflags & xmit::kSameName)
        encodeU8(out, quint8(l1));
    if (xflags & xmit::kLongName)
        encodeVarint30(out, qint32(l2), c.protocol);
    else
        encodeU8(out, quint8(l2));
    out.append(QByteArrayView(e.name).sliced(l1));
    m_lastName = e.name;
    ++m_count;

    if (leader >= 0) {
        encodeVarint(out, leader);
        if (leader >= m_ndxStart)
            return; // the receiver copies everything from the in-list leader
    }

    encodeVarlong30(out, e.size, 3, c.protocol);
    if (!(xflags & xmit::kSameTime))
        encodeVarlong(out, e.mtime, 4);
    if (xflags & xmit::kModNsec)
        encodeVarint(out, qint32(e.mtimeNsec));
    if (c.preserveCrtimes && !(xflags & xmit::kCrtimeEqMtime))
        encodeVarlong(out, e.crtime, 4);
    if (!(xflags & xmit::kSameMode))
        encodeI32(out, qint32(e.mode));
    if (sendAtime && !(xflags & xmit::kSameAtime))
        encodeVarlong(out, e.atime, 4);
    if (c.preserveUid && !(xflags & xmit::kSameUid)) {
        encodeVarint(out, qint32(e.uid));
        if (xflags & xmit::kUserNameFollows) {
            const qsizetype len = std::min<qsizetype>(e.userName.size(), 255);
            encodeU8(out, quint8(len));
            out.append(QByteArrayView(e.userName).first(len));
        }
    }
    if (c.preserveGid && !(xflags & xmit::kSameGid)) {
        encodeVarint(out, qint32(e.gid));
        if (xflags & xmit::kGroupNameFollows) {
            const qsizetype len = std::min<qsizetype>(e.groupName.size(), 255);
            encodeU8(out, quint8(len));
            out.append(QByteArrayView(e.groupName).first(len));
        }
    }
    if (sendDeviceRdev || sendSpecialRdev) {
        if (!(xflags & xmit::kSameRdevMajor))
            encodeVarint30(out, qint32(e.rdevMajor), c.protocol);
        encodeVarint(out, sendDeviceRdev ? qint32(e.rdevMinor) : 0);
    }
    if (c.preserveLinks && e.isSymlink()) {
        encodeVarint30(out, qint32(e.linkTarget.size()), c.protocol);
        out.append(e.linkTarget);
    }
    if (c.alwaysChecksum && e.isRegular()) {
        // An unreadable file is sent with an all-zero sum.
        QByteArray sum = e.checksum.left(c.checksumLength);
        sum.append(c.checksumLength - sum.size(), '\0');
        out.append(sum);
    }
}

void FileListEncoder::encodeEnd(QByteArray& out, qint32 ioError)
{
    // flist.c write_end_of_flist.
    const bool sendError = ioError != 0 && m_config.usesSafeFlist();
    if (m_config.varintFlags) {
        encodeVarint(out, 0);
        encodeVarint(out, sendError ? ioError : 0);
    } else if (sendError) {
        encodeU16(out, quint16(xmit::kExtendedFlags | xmit::kIoErrorEndList));
        encodeVarint(out, ioError);
    } else {
        encodeU8(out, 0);
    }
}

IdName FileListEncoder::lookup(const Seen& s, const IdNameMap& names)
{
    return IdName{s.id, names.value(s.id, s.name)};
}

void FileListEncoder::encodeIdLists(QByteArray& out, const IdNameMap& users,
                                    const IdNameMap& groups) const
{
    // add_to_list prepends, so stock sends the most recently met id first.
    IdList lists;
    for (auto it = m_users.rbegin(); it != m_users.rend(); ++it)
        lists.users.push_back(lookup(*it, users));
    for (auto it = m_groups.rbegin(); it != m_groups.rend(); ++it)
        lists.groups.push_back(lookup(*it, groups));
    auto id0 = [](const std::vector<Seen>& seen, const QHash<quint32, qsizetype>& index,
                  const IdNameMap& names) {
        const auto it = index.constFind(0);
        return names.value(0, it == index.cend() ? QByteArray() : seen[*it].name);
    };
    protocol::encodeIdLists(out, lists, m_config, id0(m_users, m_userIndex, users),
                            id0(m_groups, m_groupIndex, groups));
}

} // namespace qrsync::protocol
