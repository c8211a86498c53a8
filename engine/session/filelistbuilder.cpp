#include "session/filelistbuilder.h"

#include "fs/directory.h"
#include "fs/uniquefd.h"

#include <QElapsedTimer>
#include <QHash>

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace qrsync::session {

namespace {

constexpr quint32 kIoErrorGeneral = 1;
constexpr quint32 kIoErrorVanished = 2;

QByteArray lookupUser(quint32 uid)
{
    struct passwd pw;
    struct passwd* result = nullptr;
    char buf[4096];
    if (getpwuid_r(uid, &pw, buf, sizeof buf, &result) == 0 && result)
        return QByteArray(result->pw_name);
    return {};
}

QByteArray lookupGroup(quint32 gid)
{
    struct group gr;
    struct group* result = nullptr;
    char buf[8192];
    if (getgrgid_r(gid, &gr, buf, sizeof buf, &result) == 0 && result)
        return QByteArray(result->gr_name);
    return {};
}

} // namespace

QByteArray absolutePath(const QByteArray& path)
{
    if (path.startsWith('/'))
        return path;
    char cwd[4096];
    if (!::getcwd(cwd, sizeof cwd))
        return path;
    QByteArray rel = path;
    while (rel.startsWith("./"))
        rel = rel.mid(2);
    if (rel.isEmpty() || rel == ".")
        return QByteArray(cwd);
    return QByteArray(cwd) + '/' + rel;
}

namespace {

class Builder
{
public:
    Builder(const FileListBuildOptions& options, PathFilter& filter, BuiltFileList& out)
        : m_options(options)
        , m_filter(filter)
        , m_out(out)
    {}

    void addArgument(const SourceArgument& arg);

private:
    // flist.c readlink_stat(): follow links only with -L (or -k for dirs).
    // `path` is relative to dirFd (AT_FDCWD: the current directory).
    Result<fs::FileStat> statEntry(int dirFd, const QByteArray& path, const QByteArray& shown)
    {
        if (m_options.copyLinks)
            return fs::statAt(dirFd, path, shown);
        auto st = fs::lstatAt(dirFd, path, shown);
        if (st && st->isSymlink() && m_options.copyDirlinks) {
            auto target = fs::statAt(dirFd, path, shown);
            if (target && target->isDirectory())
                return target;
        }
        return st;
    }

    // Adds one entry; returns its index in transmission order, or -1.
    qsizetype addEntry(const QByteArray& name, const QByteArray& localPath, const fs::FileStat& st,
                       bool topDir);
    // rsync send_directory(): the entries of a directory, then each
    // subdirectory that was added, recursively.
    void sendDirectory(const QByteArray& name, const QByteArray& localPath, quint64 dev);

    void vanishedOrError(const Error& e, bool vanished)
    {
        m_out.ioError |= vanished ? kIoErrorVanished : kIoErrorGeneral;
        m_out.errors << e.message.toUtf8() + '\n';
    }

    const FileListBuildOptions& m_options;
    PathFilter& m_filter;
    BuiltFileList& m_out;
    QHash<QPair<quint64, quint64>, qint32> m_firstOfInode;
};

qsizetype Builder::addEntry(const QByteArray& name, const QByteArray& localPath,
                            const fs::FileStat& st, bool topDir)
{
    protocol::FileEntry e;
    e.name = name;
    e.mode = m_options.chmod ? m_options.chmod->apply(st.mode) : st.mode;
    e.size = st.isRegular()     ? st.size
             : st.isSymlink()   ? st.linkTarget.size()
             : st.isDirectory() ? st.size
                                : 0;
    e.mtime = st.mtimeSec;
    e.mtimeNsec = st.mtimeNsec;
    e.atime = st.atimeSec;
    e.uid = st.uid;
    e.gid = st.gid;
    e.rdevMajor = st.rdevMajor;
    e.rdevMinor = st.rdevMinor;
    if (st.isSymlink())
        e.linkTarget = st.linkTarget;
    e.topDir = topDir && st.isDirectory();
    // -d without -r: only the top directory's contents travel (flist.c
    // FLAG_CONTENT_DIR); deeper directories are sent empty.
    if (st.isDirectory() && !m_options.recursive && !topDir)
        e.noContentDir = true;
    if (m_options.preserveHardLinks && !st.isDirectory() && st.nlink > 1) {
        const auto key = qMakePair(st.dev, st.ino);
        const qint32 index = qint32(m_out.entries.size());
        auto it = m_firstOfInode.find(key);
        e.hardLinked = true;
        if (it == m_firstOfInode.end()) {
            m_firstOfInode.insert(key, index);
            e.hardLinkFirst = true;
        } else {
            e.hardLinkLeader = it.value();
        }
    }
    if (!m_out.userNames.contains(e.uid))
        m_out.userNames.insert(e.uid, lookupUser(e.uid));
    if (!m_out.groupNames.contains(e.gid))
        m_out.groupNames.insert(e.gid, lookupGroup(e.gid));
    m_out.entries.push_back(std::move(e));
    m_out.localPaths.push_back(localPath);
    return qsizetype(m_out.entries.size()) - 1;
}

void Builder::sendDirectory(const QByteArray& name, const QByteArray& localPath, quint64 dev)
{
    // Entries are stat'ed relative to their directory, as rsync does after
    // changing into it: one path component to resolve instead of the whole
    // path for every file.
    fs::UniqueFd dirFd(::open(localPath.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dirFd.isValid()) {
        vanishedOrError(fs::failedError(errno, "opendir", absolutePath(localPath)), false);
        return;
    }
    auto names = fs::readDirectoryNamesOfFd(dirFd.get(), absolutePath(localPath));
    if (!names) {
        vanishedOrError(names.error(), false);
        return;
    }
    m_filter.enterDirectory(localPath, name);
    const QByteArray prefix = name == "." ? QByteArray() : name + '/';
    const QByteArray shownDir = absolutePath(localPath); // once per directory
    std::vector<qsizetype> subdirs;
    for (const QByteArray& child : *names) {
        const QByteArray childLocal = localPath + '/' + child;
        const QByteArray childName = prefix + child;
        auto st = statEntry(dirFd.get(), child, shownDir + '/' + child);
        if (!st) {
            // flist.c: with -L a link to nothing is an error, not a vanished file.
            auto link = fs::lstatAt(dirFd.get(), child);
            if (m_options.copyLinks && link && link->isSymlink()) {
                m_out.ioError |= kIoErrorGeneral;
                m_out.errors << "symlink has no referent: " +
                                    fs::quotedPath(shownDir + '/' + child).toUtf8() + '\n';
            } else {
                vanishedOrError(st.error(), true);
            }
            continue;
        }
        const bool isDir = st->isDirectory();
        if (m_filter.excluded(childName, isDir))
            continue;
        if (isDir && m_options.oneFileSystem >= 2 && st->dev != dev)
            continue;
        const qsizetype index = addEntry(childName, childLocal, *st, false);
        if (isDir && m_options.recursive) {
            if (m_options.oneFileSystem && st->dev != dev)
                continue; // a mount point: listed, not entered
            subdirs.push_back(index);
        }
    }
    for (qsizetype index : subdirs) {
        const QByteArray subName = m_out.entries[size_t(index)].name;
        const QByteArray subLocal = m_out.localPaths[size_t(index)];
        sendDirectory(subName, subLocal, dev);
    }
    m_filter.leaveDirectory();
}

void Builder::addArgument(const SourceArgument& arg)
{
    QByteArray path = arg.path;
    const bool contents = path.endsWith('/') || path == "." || path.endsWith("/.");
    while (path.size() > 1 && path.endsWith('/'))
        path.chop(1);
    if (path.endsWith("/."))
        path.chop(2);
    if (path.isEmpty())
        path = "/";
    // main.c/flist.c: the sender first changes into the argument's
    // directory (the argument itself with a trailing slash), so a missing
    // directory is reported as a failed change_dir.
    const qsizetype slash = path.lastIndexOf('/');
    const QByteArray dir =
        contents
            ? path
            : (slash > 0 ? path.left(slash) : (slash == 0 ? QByteArrayLiteral("/") : QByteArray()));
    if (!dir.isEmpty()) {
        struct stat sb;
        int err = 0;
        if (::stat(dir.constData(), &sb) != 0)
            err = errno;
        else if (!S_ISDIR(sb.st_mode))
            err = ENOTDIR;
        if (err) {
            vanishedOrError(fs::failedError(err, "change_dir", absolutePath(dir)), false);
            return;
        }
    }
    auto st = statEntry(AT_FDCWD, path, absolutePath(path));
    if (!st) {
        vanishedOrError(st.error(), false);
        return;
    }
    QByteArray name;
    if (contents && st->isDirectory()) {
        name = ".";
    } else {
        const qsizetype slash = path.lastIndexOf('/');
        name = slash < 0 ? path : path.mid(slash + 1);
        if (name.isEmpty())
            name = ".";
    }
    if (st->isDirectory() && !m_options.recursive && !m_options.dirs) {
        m_out.notices << "skipping directory " + name + '\n';
        return;
    }
    addEntry(name, path, *st, true);
    if (st->isDirectory() && (m_options.recursive || (m_options.dirs && contents)))
        sendDirectory(name, path, st->dev);
}

} // namespace

BuiltFileList buildFileList(const QList<SourceArgument>& sources,
                            const FileListBuildOptions& options, PathFilter& filter)
{
    QElapsedTimer timer;
    timer.start();
    BuiltFileList out;
    Builder builder(options, filter, out);
    for (const SourceArgument& arg : sources)
        builder.addArgument(arg);
    out.buildMs = timer.elapsed();
    return out;
}

} // namespace qrsync::session
