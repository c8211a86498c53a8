#include "treebuilder.h"

#include <QTest>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <unistd.h>

namespace qrsync::test {

namespace {

[[noreturn]] void fail(const char* what, const QByteArray& path)
{
    qFatal("TreeBuilder: %s %s: %s", what, path.constData(), std::strerror(errno));
}

// xorshift32: deterministic content without a dependency.
void fillRandom(char* data, qint64 size, quint32 seed)
{
    quint32 x = seed ? seed : 0x9E3779B9u;
    for (qint64 i = 0; i < size; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        data[i] = char(x & 0xFF);
    }
}

void writeAll(int fd, const char* data, qint64 size, const QByteArray& path)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size_t(size));
        if (n < 0)
            fail("write", path);
        data += n;
        size -= n;
    }
}

} // namespace

TreeBuilder::TreeBuilder(QByteArray root)
    : m_root(std::move(root))
{
    ::mkdir(m_root.constData(), 0755);
}

QByteArray TreeBuilder::path(const QByteArray& rel) const
{
    return rel.isEmpty() || rel == "." ? m_root : m_root + '/' + rel;
}

void TreeBuilder::dir(const QByteArray& rel, quint32 mode)
{
    if (::mkdir(path(rel).constData(), mode) != 0 && errno != EEXIST)
        fail("mkdir", rel);
    ::chmod(path(rel).constData(), mode);
}

void TreeBuilder::file(const QByteArray& rel, const QByteArray& content, quint32 mode)
{
    const int fd = ::open(path(rel).constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        fail("create", rel);
    writeAll(fd, content.constData(), content.size(), rel);
    ::close(fd);
    ::chmod(path(rel).constData(), mode);
}

void TreeBuilder::randomFile(const QByteArray& rel, qint64 size, quint32 seed, quint32 mode)
{
    const int fd = ::open(path(rel).constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        fail("create", rel);
    constexpr qint64 kChunk = 1 << 20;
    QByteArray buf(kChunk, Qt::Uninitialized);
    quint32 s = seed;
    for (qint64 done = 0; done < size; done += kChunk) {
        const qint64 n = std::min(kChunk, size - done);
        fillRandom(buf.data(), n, s++);
        writeAll(fd, buf.constData(), n, rel);
    }
    ::close(fd);
    ::chmod(path(rel).constData(), mode);
}

void TreeBuilder::sparseFile(const QByteArray& rel, qint64 size)
{
    const int fd = ::open(path(rel).constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        fail("create", rel);
    writeAll(fd, "head", 4, rel);
    if (::lseek(fd, size - 4, SEEK_SET) < 0)
        fail("lseek", rel);
    writeAll(fd, "tail", 4, rel);
    ::close(fd);
}

void TreeBuilder::symlink(const QByteArray& rel, const QByteArray& target)
{
    if (::symlink(target.constData(), path(rel).constData()) != 0)
        fail("symlink", rel);
}

void TreeBuilder::hardLink(const QByteArray& rel, const QByteArray& existingRel)
{
    if (::link(path(existingRel).constData(), path(rel).constData()) != 0)
        fail("link", rel);
}

void TreeBuilder::fifo(const QByteArray& rel, quint32 mode)
{
    if (::mkfifo(path(rel).constData(), mode) != 0)
        fail("mkfifo", rel);
}

void TreeBuilder::charDevice(const QByteArray& rel, quint32 major, quint32 minor)
{
    if (::mknod(path(rel).constData(), S_IFCHR | 0600, makedev(major, minor)) != 0)
        fail("mknod", rel);
}

void TreeBuilder::setMtime(const QByteArray& rel, qint64 sec, qint64 nsec)
{
    struct timespec times[2];
    times[0].tv_sec = sec;
    times[0].tv_nsec = nsec;
    times[1].tv_sec = sec;
    times[1].tv_nsec = nsec;
    if (::utimensat(AT_FDCWD, path(rel).constData(), times, AT_SYMLINK_NOFOLLOW) != 0)
        fail("utimensat", rel);
}

void TreeBuilder::chown(const QByteArray& rel, quint32 uid, quint32 gid)
{
    if (::lchown(path(rel).constData(), uid, gid) != 0)
        fail("lchown", rel);
}

void TreeBuilder::patch(const QByteArray& rel, qint64 offset, qint64 length, quint32 seed)
{
    struct stat before;
    if (::stat(path(rel).constData(), &before) != 0)
        fail("stat", rel);
    const int fd = ::open(path(rel).constData(), O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        fail("open", rel);
    QByteArray buf(length, Qt::Uninitialized);
    fillRandom(buf.data(), length, seed);
    if (::lseek(fd, offset, SEEK_SET) < 0)
        fail("lseek", rel);
    writeAll(fd, buf.constData(), length, rel);
    ::close(fd);
}

void TreeBuilder::append(const QByteArray& rel, qint64 length, quint32 seed)
{
    const int fd = ::open(path(rel).constData(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0)
        fail("open", rel);
    QByteArray buf(length, Qt::Uninitialized);
    fillRandom(buf.data(), length, seed);
    writeAll(fd, buf.constData(), length, rel);
    ::close(fd);
}

void TreeBuilder::remove(const QByteArray& rel)
{
    if (::unlink(path(rel).constData()) != 0 && ::rmdir(path(rel).constData()) != 0)
        fail("remove", rel);
}

void TreeBuilder::buildRichTree(qint64 bigFileSize)
{
    const qint64 t0 = 1700000000; // fixed times keep runs comparable
    dir(".");
    file("empty", {});
    file("small.txt", "hello, world\n");
    file("exec.sh", "#!/bin/sh\necho hi\n", 0755);
    file("private", "secret\n", 0600);
    file("readonly", "ro\n", 0444);
    file("setgid-ish", "g\n", 02755);
    randomFile("medium.bin", 300000, 7);
    if (bigFileSize > 0)
        randomFile("big.bin", bigFileSize, 11);
    sparseFile("sparse.img", 8 << 20);
    dir("sub");
    dir("sub/deeper");
    dir("sub/deeper/deepest", 0700);
    file("sub/a.txt", "a\n");
    file("sub/deeper/b.txt", QByteArray(5000, 'b'));
    file("sub/deeper/deepest/c.txt", "c\n");
    dir("empty-dir");
    dir("odd");
    file("odd/with space", "space\n");
    file("odd/new\nline", "newline\n");
    file("odd/\xc3\xa9t\xc3\xa9 \xe2\x9c\x93", "utf8\n");
    file("odd/-leading-dash", "dash\n");
    file("odd/*star?", "glob\n");
    symlink("rel-link", "small.txt");
    symlink("sub/up-link", "../exec.sh");
    symlink("abs-link", "/etc/hostname");
    symlink("dangling", "does/not/exist");
    symlink("dir-link", "sub");
    file("hard1", "linked\n");
    hardLink("hard2", "hard1");
    hardLink("sub/hard3", "hard1");
    fifo("fifo");
    if (::geteuid() == 0)
        charDevice("null-like", 1, 3);
    // Nanosecond times, set last: creating entries touches their parents.
    const QList<QByteArray> entries = {"empty",
                                       "small.txt",
                                       "exec.sh",
                                       "private",
                                       "readonly",
                                       "setgid-ish",
                                       "medium.bin",
                                       "sparse.img",
                                       "sub/a.txt",
                                       "sub/deeper/b.txt",
                                       "sub/deeper/deepest/c.txt",
                                       "odd/with space",
                                       "odd/new\nline",
                                       "odd/\xc3\xa9t\xc3\xa9 \xe2\x9c\x93",
                                       "odd/-leading-dash",
                                       "odd/*star?",
                                       "hard1",
                                       "fifo",
                                       "rel-link",
                                       "sub/up-link",
                                       "abs-link",
                                       "dangling",
                                       "dir-link"};
    qint64 i = 0;
    for (const QByteArray& e : entries) {
        setMtime(e, t0 + 1000 * i, 123456789 + i);
        ++i;
    }
    if (bigFileSize > 0)
        setMtime("big.bin", t0 - 5000, 5);
    if (::geteuid() == 0)
        setMtime("null-like", t0 - 7000, 77);
    const QList<QByteArray> dirs = {"sub/deeper/deepest", "sub/deeper", "sub",
                                    "empty-dir",          "odd",        "."};
    for (const QByteArray& d : dirs)
        setMtime(d, t0 + 777, 999999999);
}

void TreeBuilder::applyChangeSet()
{
    const qint64 t1 = 1710000000;
    file("added.txt", "new file\n");
    file("sub/deeper/added2.txt", "another\n");
    file("small.txt", "hello, changed world\n"); // content and size
    patch("medium.bin", 100000, 64, 99);         // same size, new bytes
    setMtime("medium.bin", t1, 1);
    remove("sub/a.txt"); // deleted
    ::rename(path("odd/with space").constData(), path("odd/renamed space").constData());
    ::chmod(path("exec.sh").constData(), 0700); // metadata only
    setMtime("private", t1 + 5, 42);            // time only
    remove("rel-link");
    symlink("rel-link", "exec.sh"); // retargeted link
    setMtime("rel-link", t1, 7);
    setMtime("sub/deeper", t1 + 9, 9);
    setMtime("sub", t1 + 10, 10);
    setMtime("odd", t1 + 11, 11);
    setMtime(".", t1 + 12, 12);
}

} // namespace qrsync::test
