#include "metadata.h"

#include "saferoot.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace qrsync::fs {

bool sameTime(qint64 sec1, quint32 nsec1, qint64 sec2, quint32 nsec2, int modifyWindow)
{
    if (modifyWindow == 0)
        return sec1 == sec2;
    if (modifyWindow < 0)
        return sec1 == sec2 && nsec1 == nsec2;
    // util1.c same_time(): nanoseconds do not count inside a window.
    const qint64 diff = sec1 > sec2 ? sec1 - sec2 : sec2 - sec1;
    return diff <= modifyWindow;
}

static bool mtimeDiffers(const FileStat& st, const WantedMetadata& want)
{
    if (want.accurateTime)
        return st.mtimeSec != want.mtimeSec || st.mtimeNsec != want.mtimeNsec;
    return !sameTime(st.mtimeSec, st.mtimeNsec, want.mtimeSec, want.mtimeNsec, want.modifyWindow);
}

static bool atimeDiffers(const FileStat& st, const WantedMetadata& want)
{
    // rsync compares atimes in whole seconds and sets nsec 0 when it sets one.
    return want.accurateTime || st.atimeSec != want.atimeSec;
}

Result<MetaFields> applyMetadata(const SafeRoot& root, const QByteArray& rel,
                                 const WantedMetadata& want, MetaFields which)
{
    auto parent = root.openParent(rel);
    if (!parent)
        return tl::unexpected(parent.error());
    const int dfd = parent->fd.get();
    const char* leaf = parent->leaf.constData();
    const QByteArray shown = root.fullPath(rel);
    auto st = lstatAt(dfd, parent->leaf, shown);
    if (!st)
        return tl::unexpected(st.error());

    MetaFields changed;
    const bool newUid = (which & MetaField::Owner) && st->uid != want.uid;
    const bool newGid = (which & MetaField::Group) && st->gid != want.gid;
    if (newUid || newGid) {
        if (::fchownat(dfd, leaf, newUid ? want.uid : uid_t(-1), newGid ? want.gid : gid_t(-1),
                       AT_SYMLINK_NOFOLLOW) != 0)
            return tl::unexpected(failedError(errno, newUid ? "chown" : "chgrp", shown));
        if (newUid)
            changed |= MetaField::Owner;
        if (newGid)
            changed |= MetaField::Group;
        // chown drops setuid/setgid: look again before deciding on chmod.
        if (st->mode & (S_ISUID | S_ISGID)) {
            st = lstatAt(dfd, parent->leaf, rel);
            if (!st)
                return tl::unexpected(st.error());
        }
    }

    if ((which & MetaField::Perms) && !st->isSymlink() &&
        st->permissions() != (want.mode & 07777)) {
        // glibc does AT_SYMLINK_NOFOLLOW through O_PATH + /proc; fall back to
        // the plain call when /proc is missing (we checked it's no symlink).
        int rc = ::fchmodat(dfd, leaf, want.mode & 07777, AT_SYMLINK_NOFOLLOW);
        if (rc != 0 && (errno == EOPNOTSUPP || errno == ENOSYS))
            rc = ::fchmodat(dfd, leaf, want.mode & 07777, 0);
        if (rc != 0)
            return tl::unexpected(failedError(errno, "chmod", shown));
        changed |= MetaField::Perms;
    }

    const bool setMtime = (which & MetaField::Mtime) && mtimeDiffers(*st, want);
    const bool setAtime =
        (which & MetaField::Atime) && !st->isDirectory() && atimeDiffers(*st, want);
    if (setMtime || setAtime) {
        struct timespec ts[2];
        ts[0].tv_sec = want.atimeSec;
        ts[0].tv_nsec = setAtime ? long(want.atimeNsec) : UTIME_OMIT;
        ts[1].tv_sec = want.mtimeSec;
        ts[1].tv_nsec = setMtime ? long(want.mtimeNsec) : UTIME_OMIT;
        if (::utimensat(dfd, leaf, ts, AT_SYMLINK_NOFOLLOW) != 0)
            return tl::unexpected(systemError(
                errno, QStringLiteral("failed to set times on ") + quotedPath(rel), rel));
        if (setMtime)
            changed |= MetaField::Mtime;
        if (setAtime)
            changed |= MetaField::Atime;
    }
    return changed;
}

Result<MetaFields> applyMetadataFd(int fd, const QByteArray& shownPath, const WantedMetadata& want,
                                   MetaFields which)
{
    auto st = statFd(fd, shownPath);
    if (!st)
        return tl::unexpected(st.error());
    MetaFields changed;
    const bool newUid = (which & MetaField::Owner) && st->uid != want.uid;
    const bool newGid = (which & MetaField::Group) && st->gid != want.gid;
    if (newUid || newGid) {
        if (::fchown(fd, newUid ? want.uid : uid_t(-1), newGid ? want.gid : gid_t(-1)) != 0)
            return tl::unexpected(failedError(errno, newUid ? "chown" : "chgrp", shownPath));
        changed |= newUid ? MetaFields(MetaField::Owner) : MetaFields();
        changed |= newGid ? MetaFields(MetaField::Group) : MetaFields();
    }
    // Always chmod when asked: chown may just have cleared setuid bits.
    if (which & MetaField::Perms) {
        if (::fchmod(fd, want.mode & 07777) != 0)
            return tl::unexpected(failedError(errno, "chmod", shownPath));
        if (st->permissions() != (want.mode & 07777))
            changed |= MetaField::Perms;
    }
    const bool setMtime = bool(which & MetaField::Mtime);
    const bool setAtime = (which & MetaField::Atime) && !st->isDirectory();
    if (setMtime || setAtime) {
        struct timespec ts[2];
        ts[0].tv_sec = want.atimeSec;
        ts[0].tv_nsec = setAtime ? long(want.atimeNsec) : UTIME_OMIT;
        ts[1].tv_sec = want.mtimeSec;
        ts[1].tv_nsec = setMtime ? long(want.mtimeNsec) : UTIME_OMIT;
        if (::futimens(fd, ts) != 0)
            return tl::unexpected(systemError(
                errno, QStringLiteral("failed to set times on ") + quotedPath(shownPath),
                shownPath));
        if (setMtime && (st->mtimeSec != want.mtimeSec || st->mtimeNsec != want.mtimeNsec))
            changed |= MetaField::Mtime;
        if (setAtime && st->atimeSec != want.atimeSec)
            changed |= MetaField::Atime;
    }
    return changed;
}

Result<std::optional<quint32>> makeDirectoryWritable(const SafeRoot& root, const QByteArray& rel)
{
    auto parent = root.openParent(rel);
    if (!parent)
        return tl::unexpected(parent.error());
    auto st = lstatAt(parent->fd.get(), parent->leaf, rel);
    if (!st)
        return tl::unexpected(st.error());
    if (!st->isDirectory() || (st->mode & S_IRWXU) == S_IRWXU)
        return std::optional<quint32>();
    if (::fchmodat(parent->fd.get(), parent->leaf.constData(), (st->mode | S_IRWXU) & 07777, 0) !=
        0)
        return tl::unexpected(failedError(errno, "chmod", rel));
    return std::optional<quint32>(st->permissions());
}

} // namespace qrsync::fs
