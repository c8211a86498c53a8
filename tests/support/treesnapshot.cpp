#include "treesnapshot.h"

#include <QCryptographicHash>
#include <QFile>
#include <QHash>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace qrsync::test {

namespace {

char typeOf(mode_t m)
{
    if (S_ISREG(m))
        return 'f';
    if (S_ISDIR(m))
        return 'd';
    if (S_ISLNK(m))
        return 'l';
    if (S_ISFIFO(m))
        return 'p';
    if (S_ISSOCK(m))
        return 's';
    if (S_ISCHR(m))
        return 'c';
    if (S_ISBLK(m))
        return 'b';
    return '?';
}

QByteArray hashFile(const QByteArray& path)
{
    const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return QByteArrayLiteral("<unreadable>");
    QCryptographicHash h(QCryptographicHash::Sha1);
    QByteArray buf(1 << 20, Qt::Uninitialized);
    for (;;) {
        const ssize_t n = ::read(fd, buf.data(), buf.size());
        if (n <= 0)
            break;
        h.addData(QByteArrayView(buf.constData(), n));
    }
    ::close(fd);
    return h.result().toHex();
}

struct Walker
{
    QByteArray root;
    QMap<QByteArray, EntrySnapshot>* out;
    QHash<QPair<quint64, quint64>, QByteArray> firstPathOfInode;

    void visit(const QByteArray& rel)
    {
        const QByteArray full = rel == "." ? root : root + '/' + rel;
        struct stat st;
        if (::lstat(full.constData(), &st) != 0)
            return;
        EntrySnapshot e;
        e.type = typeOf(st.st_mode);
        e.perms = st.st_mode & 07777;
        e.uid = st.st_uid;
        e.gid = st.st_gid;
        e.mtimeSec = st.st_mtim.tv_sec;
        e.mtimeNsec = st.st_mtim.tv_nsec;
        e.nlink = st.st_nlink;
        e.blocks = st.st_blocks;
        if (e.type == 'f') {
            e.size = st.st_size;
            e.contentHash = hashFile(full);
        } else if (e.type == 'l') {
            QByteArray target(4096, Qt::Uninitialized);
            const ssize_t n = ::readlink(full.constData(), target.data(), target.size());
            e.linkTarget = n >= 0 ? target.left(n) : QByteArray();
        } else if (e.type == 'c' || e.type == 'b') {
            e.rdev = st.st_rdev;
        }
        if (e.type != 'd' && st.st_nlink > 1) {
            const auto key = qMakePair(quint64(st.st_dev), quint64(st.st_ino));
            auto it = firstPathOfInode.find(key);
            if (it == firstPathOfInode.end())
                it = firstPathOfInode.insert(key, rel);
            e.hardLinkGroup = it.value();
        }
        out->insert(rel, e);
        if (e.type != 'd')
            return;
        DIR* d = ::opendir(full.constData());
        if (!d)
            return;
        QList<QByteArray> names;
        while (dirent* de = ::readdir(d)) {
            const QByteArray name(de->d_name);
            if (name != "." && name != "..")
                names << name;
        }
        ::closedir(d);
        std::sort(names.begin(), names.end());
        for (const QByteArray& name : names)
            visit(rel == "." ? name : rel + '/' + name);
    }
};

QString show(const QByteArray& path)
{
    return QString::fromUtf8(path).replace(QLatin1Char('\n'), QStringLiteral("\\n"));
}

} // namespace

TreeSnapshot TreeSnapshot::take(const QByteArray& root)
{
    TreeSnapshot snap;
    Walker w{root, &snap.m_entries, {}};
    w.visit(".");
    // Hard-link groups are named by their smallest member, independent of
    // traversal order.
    QHash<QByteArray, QByteArray> smallest;
    for (auto it = snap.m_entries.cbegin(); it != snap.m_entries.cend(); ++it) {
        if (it->hardLinkGroup.isEmpty())
            continue;
        auto s = smallest.find(it->hardLinkGroup);
        if (s == smallest.end() || it.key() < s.value())
            smallest[it->hardLinkGroup] = it.key();
    }
    for (auto it = snap.m_entries.begin(); it != snap.m_entries.end(); ++it) {
        if (!it->hardLinkGroup.isEmpty())
            it->hardLinkGroup = smallest.value(it->hardLinkGroup);
    }
    return snap;
}

QStringList TreeSnapshot::diff(const TreeSnapshot& expected, const TreeSnapshot& actual,
                               const CompareOptions& o)
{
    QStringList problems;
    const auto& a = expected.m_entries;
    const auto& b = actual.m_entries;
    for (auto it = a.cbegin(); it != a.cend(); ++it) {
        if (!b.contains(it.key()))
            problems << QStringLiteral("missing: %1").arg(show(it.key()));
    }
    for (auto it = b.cbegin(); it != b.cend(); ++it) {
        if (!a.contains(it.key()))
            problems << QStringLiteral("extra: %1").arg(show(it.key()));
    }
    for (auto it = a.cbegin(); it != a.cend(); ++it) {
        const auto other = b.constFind(it.key());
        if (other == b.cend())
            continue;
        if (it.key() == "." && !o.rootEntry)
            continue;
        const EntrySnapshot& x = it.value();
        const EntrySnapshot& y = other.value();
        const QString name = show(it.key());
        auto report = [&](const char* what, const QString& want, const QString& got) {
            problems << QStringLiteral("%1: %2 expected %3, got %4")
                            .arg(name, QLatin1String(what), want, got);
        };
        if (x.type != y.type) {
            report("type", QString(QLatin1Char(x.type)), QString(QLatin1Char(y.type)));
            continue;
        }
        if (x.contentHash != y.contentHash)
            report("content", QString::fromLatin1(x.contentHash),
                   QString::fromLatin1(y.contentHash));
        if (x.size != y.size)
            report("size", QString::number(x.size), QString::number(y.size));
        if (x.linkTarget != y.linkTarget)
            report("link target", show(x.linkTarget), show(y.linkTarget));
        if (x.rdev != y.rdev)
            report("rdev", QString::number(x.rdev), QString::number(y.rdev));
        if (o.perms && x.type != 'l' && x.perms != y.perms)
            report("perms", QString::number(x.perms, 8), QString::number(y.perms, 8));
        if (o.owner && (x.uid != y.uid || x.gid != y.gid))
            report("owner", QStringLiteral("%1:%2").arg(x.uid).arg(x.gid),
                   QStringLiteral("%1:%2").arg(y.uid).arg(y.gid));
        bool timesMatter = x.type == 'd' ? o.dirTimes : o.times;
        for (const QByteArray& prefix : o.volatileDirTimesUnder) {
            if (x.type == 'd' &&
                (it.key() == prefix || it.key().startsWith(QByteArray(prefix + '/'))))
                timesMatter = false;
        }
        const bool nsecDiffer = o.nanoseconds && x.mtimeNsec != y.mtimeNsec;
        if (timesMatter && (x.mtimeSec != y.mtimeSec || nsecDiffer))
            report(
                "mtime",
                QStringLiteral("%1.%2").arg(x.mtimeSec).arg(x.mtimeNsec, 9, 10, QLatin1Char('0')),
                QStringLiteral("%1.%2").arg(y.mtimeSec).arg(y.mtimeNsec, 9, 10, QLatin1Char('0')));
        if (o.hardLinks && x.hardLinkGroup != y.hardLinkGroup)
            report("hard-link group", show(x.hardLinkGroup), show(y.hardLinkGroup));
    }
    return problems;
}

} // namespace qrsync::test
