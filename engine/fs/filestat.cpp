#include "filestat.h"

#include <QStringDecoder>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace qrsync::fs {

bool FileStat::isRegular() const
{
    return S_ISREG(mode);
}
bool FileStat::isDirectory() const
{
    return S_ISDIR(mode);
}
bool FileStat::isSymlink() const
{
    return S_ISLNK(mode);
}
bool FileStat::isDevice() const
{
    return S_ISCHR(mode) || S_ISBLK(mode);
}
bool FileStat::isSpecial() const
{
    return S_ISFIFO(mode) || S_ISSOCK(mode);
}

FileStat fileStatFrom(const struct ::stat& st)
{
    FileStat s;
    s.mode = st.st_mode;
    s.size = st.st_size;
    s.mtimeSec = st.st_mtim.tv_sec;
    s.mtimeNsec = quint32(st.st_mtim.tv_nsec);
    s.atimeSec = st.st_atim.tv_sec;
    s.atimeNsec = quint32(st.st_atim.tv_nsec);
    s.uid = st.st_uid;
    s.gid = st.st_gid;
    s.dev = st.st_dev;
    s.ino = st.st_ino;
    s.nlink = st.st_nlink;
    s.rdevMajor = major(st.st_rdev);
    s.rdevMinor = minor(st.st_rdev);
    s.blocks = st.st_blocks;
    return s;
}

static Result<FileStat> statImpl(int dirFd, const QByteArray& path, const QByteArray& shownPath,
                                 bool follow)
{
    const QByteArray& shown = shownPath.isEmpty() ? path : shownPath;
    struct ::stat st;
    if (::fstatat(dirFd, path.constData(), &st, follow ? 0 : AT_SYMLINK_NOFOLLOW) != 0)
        return tl::unexpected(failedError(errno, "link_stat", shown));
    FileStat s = fileStatFrom(st);
    if (s.isSymlink()) {
        auto target = readLinkAt(dirFd, path, shown);
        if (!target)
            return tl::unexpected(target.error());
        s.linkTarget = std::move(*target);
    }
    return s;
}

Result<FileStat> lstatAt(int dirFd, const QByteArray& path, const QByteArray& shownPath)
{
    return statImpl(dirFd, path, shownPath, false);
}

Result<FileStat> statAt(int dirFd, const QByteArray& path, const QByteArray& shownPath)
{
    return statImpl(dirFd, path, shownPath, true);
}

Result<FileStat> statFd(int fd, const QByteArray& shownPath)
{
    struct ::stat st;
    if (::fstat(fd, &st) != 0)
        return tl::unexpected(failedError(errno, "fstat", shownPath));
    return fileStatFrom(st);
}

Result<QByteArray> readLinkAt(int dirFd, const QByteArray& path, const QByteArray& shownPath)
{
    // A target can exceed PATH_MAX on some file systems; grow until it fits.
    QByteArray buf(256, Qt::Uninitialized);
    for (;;) {
        const ssize_t n = ::readlinkat(dirFd, path.constData(), buf.data(), size_t(buf.size()));
        if (n < 0)
            return tl::unexpected(
                failedError(errno, "readlink", shownPath.isEmpty() ? path : shownPath));
        if (n < buf.size()) {
            buf.truncate(n);
            return buf;
        }
        if (buf.size() >= (1 << 20))
            return tl::unexpected(failedError(ENAMETOOLONG, "readlink", path));
        buf.resize(buf.size() * 4);
    }
}

static void appendEscaped(QString& out, uchar c)
{
    out += QStringLiteral("\\#%1").arg(uint(c), 3, 8, QLatin1Char('0'));
}

QString displayPath(const QByteArray& path)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder(path);
    const bool validUtf8 = !decoder.hasError();
    QString out;
    out.reserve(path.size());
    if (validUtf8) {
        for (QChar c : decoded) {
            if (c.unicode() < 0x20 && c != QLatin1Char('\t'))
                appendEscaped(out, uchar(c.unicode()));
            else
                out += c;
        }
        return out;
    }
    for (char ch : path) {
        const uchar c = uchar(ch);
        if ((c < 0x20 && c != '\t') || c >= 0x80)
            appendEscaped(out, c);
        else
            out += QLatin1Char(ch);
    }
    return out;
}

QString quotedPath(const QByteArray& path)
{
    return QLatin1Char('"') + displayPath(path) + QLatin1Char('"');
}

Error systemError(int err, const QString& what, const QByteArray& path, ExitCode code)
{
    return Error{code,
                 what + QStringLiteral(": ") + QString::fromLocal8Bit(std::strerror(err)) +
                     QStringLiteral(" (%1)").arg(err),
                 displayPath(path)};
}

Error failedError(int err, const char* verb, const QByteArray& path, ExitCode code)
{
    return systemError(
        err, QLatin1String(verb) + QLatin1Char(' ') + quotedPath(path) + QStringLiteral(" failed"),
        path, code);
}

} // namespace qrsync::fs
