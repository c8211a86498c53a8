#include "protocol/filelistdecoder.h"

#include "protocol/reader.h"

namespace qrsync::protocol {

namespace {

bool isKnownFileType(quint32 mode)
{
    switch (mode & kModeTypeMask) {
    case kModeRegular:
    case kModeDirectory:
    case kModeSymlink:
    case kModeCharDevice:
    case kModeBlockDevice:
    case kModeFifo:
    case kModeSocket:
        return true;
    default: // raw mode bits, not one of our enums
        return false;
    }
}

QString nameForMessage(const QByteArray& name)
{
    return QString::fromUtf8(name);
}

// Reads `byte len` + name (uidlist.c recv_user_name).
bool readIdName(Reader& r, QByteArray& name)
{
    quint8 len = 0;
    QByteArrayView bytes;
    if (!r.u8(len) || !r.bytes(len, bytes))
        return false;
    name = bytes.toByteArray();
    return true;
}

} // namespace

bool cleanFileName(const QByteArray& in, QByteArray& out)
{
    // Walks the NUL-terminated copy the way util1.c clean_fname does.
    const char* f = in.constData();
    out.clear();
    out.reserve(in.size() + 1);
    const bool anchored = *f == '/';
    auto isDotDot = [](const char* p) {
        return p[0] == '.' && p[1] == '.' && (p[2] == '/' || !p[2]);
    };
    if (anchored)
        out.append(*f++);
    else if (isDotDot(f))
        return false;
    while (*f) {
        if (*f == '/') {
            ++f;
            continue;
        }
        if (*f == '.') {
            if (f[1] == '/') {
                f += 2;
                continue;
            }
            if (isDotDot(f))
                return false;
        }
        while (*f) {
            const char ch = *f++;
            out.append(ch);
            if (ch == '/')
                break;
        }
    }
    if (out.size() > (anchored ? 1 : 0) && out.endsWith('/'))
        out.chop(1);
    if (out.isEmpty())
        out = ".";
    return true;
}

FileListDecoder::FileListDecoder(FileListConfig config)
    : m_config(config)
{}

void FileListDecoder::beginList(qint32 ndxStart)
{
    m_ndxStart = ndxStart;
    m_entries.clear();
}

Decode<FileListItem> FileListDecoder::decodeEnd(QByteArrayView in, quint32 flags,
                                                qsizetype pos) const
{
    // flist.c recv_file_list: varint mode always carries io_error; byte
    // mode only in the 0x1004 form, which needs the safe flist.
    FileListItem item;
    item.kind = FileListItem::Kind::End;
    if (!m_config.varintFlags && flags == 0)
        return Decode<FileListItem>::ok(item, pos);
    if (!m_config.varintFlags && !m_config.usesSafeFlist())
        return Decode<FileListItem>::error(
            QStringLiteral("Invalid flist flag: %1").arg(flags, 0, 16));
    Reader r(in.sliced(pos));
    qint32 err = 0;
    r.varint(err);
    if (!r.ok()) {
        if (r.isShort())
            return Decode<FileListItem>::needMore(pos + r.atLeast());
        return r.failure<FileListItem>();
    }
    item.ioError = err & kIoErrorValidMask;
    return Decode<FileListItem>::ok(item, pos + r.position());
}

Decode<FileListItem> FileListDecoder::next(QByteArrayView in)
{
    using D = Decode<FileListItem>;
    const FileListConfig& c = m_config;
    Reader r(in);

    quint32 flags = 0;
    if (c.varintFlags) {
        qint32 v = 0;
        if (!r.varint(v))
            return r.failure<FileListItem>();
        flags = quint32(v);
        if (flags == 0)
            return decodeEnd(in, 0, r.position());
    } else {
        quint8 lo = 0;
        if (!r.u8(lo))
            return r.failure<FileListItem>();
        if (lo == 0)
            return decodeEnd(in, 0, r.position());
        flags = lo;
        if (flags & xmit::kExtendedFlags) {
            quint8 hi = 0;
            if (!r.u8(hi))
                return r.failure<FileListItem>();
            flags |= quint32(hi) << 8;
        }
        if (flags == (xmit::kExtendedFlags | xmit::kIoErrorEndList))
            return decodeEnd(in, flags, r.position());
    }

    State s = m_state; // committed only on success
    FileEntry e;

    // The name: l1 bytes of the previous (raw) name plus l2 new bytes.
    quint8 l1 = 0;
    qint32 l2 = 0;
    if (flags & xmit::kSameName)
        r.u8(l1);
    if (flags & xmit::kLongName) {
        r.varint30(l2, c.protocol);
    } else {
        quint8 b = 0;
        r.u8(b);
        l2 = b;
    }
    if (!r.ok())
        return r.failure<FileListItem>();
    if (l2 < 0 || l2 >= kMaxPathLength - l1 || l1 > s.lastName.size())
        return D::error(QStringLiteral("overflow: xflags=0x%1 l1=%2 l2=%3 lastname=%4")
                            .arg(flags, 0, 16)
                            .arg(l1)
                            .arg(l2)
                            .arg(nameForMessage(s.lastName)));
    QByteArrayView suffix;
    if (!r.bytes(l2, suffix))
        return r.failure<FileListItem>();
    QByteArray rawName = s.lastName.left(l1) + suffix.toByteArray();
    if (rawName.isEmpty() || rawName.contains('\0'))
        return D::error(QStringLiteral("ABORTING due to unsafe pathname from sender: %1")
                            .arg(nameForMessage(rawName)));
    if (!cleanFileName(rawName, e.name) || (!c.relativePaths && e.name.startsWith('/')))
        return D::error(QStringLiteral("ABORTING due to unsafe pathname from sender: %1")
                            .arg(nameForMessage(rawName)));
    s.lastName = rawName;

    // A hard-link member whose leader is in this list: nothing else follows.
    qint32 leaderNdx = -1;
    const FileEntry* leader = nullptr;
    if ((flags & xmit::kHardLinked) && !(flags & xmit::kHardLinkFirst)) {
        if (!r.varint(leaderNdx))
            return r.failure<FileListItem>();
        const qint64 limit = qint64(m_ndxStart) + qint64(m_entries.size());
        if (leaderNdx < 0 || leaderNdx >= limit)
            return D::error(QStringLiteral("hard-link reference out of range: %1 (%2)")
                                .arg(leaderNdx)
                                .arg(limit));
        if (leaderNdx >= m_ndxStart)
            leader = &m_entries[size_t(leaderNdx - m_ndxStart)];
    }

    QHash<quint32, QByteArray> newUserName, newGroupName;
    if (leader) {
        e.size = leader->size;
        e.mtime = s.mtime = leader->mtime;
        e.mtimeNsec = leader->mtimeNsec;
        e.mode = s.mode = leader->mode;
        if (c.preserveAtimes && !e.isDir())
            e.atime = s.atime = leader->atime;
        e.crtime = leader->crtime;
        if (c.preserveUid)
            s.uid = leader->uid;
        if (c.preserveGid)
            s.gid = leader->gid;
        e.uid = leader->uid;
        e.gid = leader->gid;
        if (c.preserveDevices && e.isDevice()) {
            s.rdevMajor = leader->rdevMajor;
            e.rdevMajor = leader->rdevMajor;
            e.rdevMinor = leader->rdevMinor;
        }
        e.linkTarget = leader->linkTarget;
        e.checksum = leader->checksum;
    } else {
        r.varlong30(e.size, 3, c.protocol);
        if (!(flags & xmit::kSameTime))
            r.varlong(s.mtime, 4);
        e.mtime = s.mtime;
        if (flags & xmit::kModNsec) {
            qint32 nsec = 0;
            if (r.varint(nsec) && (nsec < 0 || quint32(nsec) > kMaxWireNsec))
                return D::error(
                    QStringLiteral("wire value modtime_nsec out of range: %1 not in [0,%2]")
                        .arg(nsec)
                        .arg(kMaxWireNsec));
            e.mtimeNsec = quint32(nsec);
        }
        if (c.preserveCrtimes) {
            if (flags & xmit::kCrtimeEqMtime)
                e.crtime = s.mtime;
            else
                r.varlong(e.crtime, 4);
        }
        if (!(flags & xmit::kSameMode)) {
            qint32 mode = 0;
            r.i32(mode);
            s.mode = quint32(mode);
        }
        e.mode = s.mode;
        if (!r.ok())
            return r.failure<FileListItem>();
        // Checked after SAME_MODE too: the first entry may not inherit mode 0.
        if (!isKnownFileType(e.mode))
            return D::error(QStringLiteral("invalid file mode 0%1 for %2")
                                .arg(e.mode, 0, 8)
                                .arg(nameForMessage(rawName)));
        if (c.preserveAtimes && !e.isDir()) {
            if (!(flags & xmit::kSameAtime))
                r.varlong(s.atime, 4);
            e.atime = s.atime;
        }
        if (c.preserveUid && !(flags & xmit::kSameUid)) {
            qint32 uid = 0;
            r.varint(uid);
            s.uid = quint32(uid);
            QByteArray name;
            if ((flags & xmit::kUserNameFollows) && readIdName(r, name) && !name.isEmpty())
                newUserName.insert(s.uid, name);
        }
        if (c.preserveGid && !(flags & xmit::kSameGid)) {
            qint32 gid = 0;
            r.varint(gid);
            s.gid = quint32(gid);
            QByteArray name;
            if ((flags & xmit::kGroupNameFollows) && readIdName(r, name) && !name.isEmpty())
                newGroupName.insert(s.gid, name);
        }
        if (c.preserveUid)
            e.uid = s.uid;
        if (c.preserveGid)
            e.gid = s.gid;

        const bool device = e.isDevice();
        if ((c.preserveDevices && device) ||
            (c.preserveSpecials && e.isSpecial() && c.protocol < 31)) {
            if (!(flags & xmit::kSameRdevMajor)) {
                qint32 major = 0;
                r.varint30(major, c.protocol);
                s.rdevMajor = quint32(major);
            }
            qint32 minor = 0;
            r.varint(minor);
            if (device) {
                e.rdevMajor = s.rdevMajor;
                e.rdevMinor = quint32(minor);
            }
            e.size = 0;
        } else if (device) {
            e.size = 0;
        }

        if (c.preserveLinks && e.isSymlink()) {
            qint32 len = 0;
            if (r.varint30(len, c.protocol) && (len < 0 || len >= kMaxPathLength))
                return D::error(QStringLiteral("overflow: linkname_len=%1").arg(len));
            QByteArrayView target;
            if (r.bytes(len, target))
                e.linkTarget = target.toByteArray();
        }
        if (c.alwaysChecksum && e.isRegular()) {
            QByteArrayView sum;
            if (r.bytes(c.checksumLength, sum))
                e.checksum = sum.toByteArray();
        }
        if (!r.ok())
            return r.failure<FileListItem>();
    }

    if (e.size < 0)
        return D::error(QStringLiteral("Offset underflow: file-length is negative"));
    if ((e.name == "." || e.name == "/.") && !e.isDir())
        return D::error(QStringLiteral("ERROR: rejecting non-directory transfer-root entry: %1")
                            .arg(nameForMessage(e.name)));

    if (e.isDir()) {
        e.topDir = flags & xmit::kTopDir;
        e.noContentDir = flags & xmit::kNoContentDir;
    } else if (c.preserveHardLinks && (flags & xmit::kHardLinked)) {
        e.hardLinked = true;
        e.hardLinkFirst = flags & xmit::kHardLinkFirst;
        e.hardLinkLeader = e.hardLinkFirst ? -1 : leaderNdx;
    }

    // Commit: the entry is whole.
    m_state = std::move(s);
    for (auto it = newUserName.cbegin(); it != newUserName.cend(); ++it)
        m_userNames.insert(it.key(), it.value());
    for (auto it = newGroupName.cbegin(); it != newGroupName.cend(); ++it)
        m_groupNames.insert(it.key(), it.value());
    if (c.preserveUid)
        e.userName = m_userNames.value(e.uid);
    if (c.preserveGid)
        e.groupName = m_groupNames.value(e.gid);
    m_entries.push_back(e);

    FileListItem item;
    item.entry = std::move(e);
    return D::ok(std::move(item), r.position());
}

} // namespace qrsync::protocol
