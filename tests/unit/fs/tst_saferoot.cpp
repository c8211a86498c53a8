// SafeRoot (no escape through symlinked parents or "..", nodes of every
// type, odd byte names), metadata application with what-changed reports,
// rsync's error wording, and permission errors seen by a real unprivileged
// user.

#include "fs/directory.h"
#include "fs/filestat.h"
#include "fs/metadata.h"
#include "fs/saferoot.h"
#include "fstestutil.h"
#include "testsupport.h"

#include <QTest>

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <algorithm>

using namespace qrsync;
using namespace qrsync::fs;
using qrsync::test::makeScratch;
using qrsync::test::readFile;
using qrsync::test::writeFile;

class TestSafeRoot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refusesUnsafeNames_data();
    void refusesUnsafeNames();
    void refusesSymlinkedParent();
    void removeRecursiveStaysInside();
    void createsEveryNodeType();
    void hardLinks();
    void removeRecursiveDeletesTree();
    void oddNames_data();
    void oddNames();
    void displayPathEscapes();
    void missingFileMessageMatchesRsync();
    void metadataRoundTrip();
    void metadataReportsOnlyChanges();
    void symlinkTimesAndOwner();
    void modifyWindow();
    void makeDirectoryWritable();
    void permissionDeniedAsNobody();
};

void TestSafeRoot::refusesUnsafeNames_data()
{
    QTest::addColumn<QByteArray>("rel");
    QTest::newRow("dotdot") << QByteArray("..");
    QTest::newRow("dotdot child") << QByteArray("../escaped");
    QTest::newRow("inner dotdot") << QByteArray("a/../../escaped");
    QTest::newRow("trailing dotdot") << QByteArray("a/..");
    QTest::newRow("absolute") << QByteArray("/tmp/escaped");
    QTest::newRow("nul") << QByteArray("a\0b", 3);
}

void TestSafeRoot::refusesUnsafeNames()
{
    QFETCH(QByteArray, rel);
    QTemporaryDir tmp;
    const QByteArray base = makeScratch(tmp);
    QVERIFY(::mkdir(QByteArray(base + "/root").constData(), 0755) == 0);
    QVERIFY(::mkdir(QByteArray(base + "/root/a").constData(), 0755) == 0);
    auto root = SafeRoot::open(base + "/root");
    QVERIFY_RESULT(root);

    QVERIFY(!root->mkdir(rel, 0755));
    QVERIFY(!root->symlink(rel, "x"));
    QVERIFY(!root->unlink(rel));
    QVERIFY(!root->removeRecursive(rel));
    QVERIFY(!root->rename("a", rel));
    auto st = root->lstat(rel);
    QVERIFY(!st);
    if (!rel.contains('\0'))
        QVERIFY(st.error().message.contains(QLatin1String("refusing unsafe path")));
    QVERIFY(::access(QByteArray(base + "/escaped").constData(), F_OK) != 0);
    QVERIFY(::access("/tmp/escaped", F_OK) != 0);
}

void TestSafeRoot::refusesSymlinkedParent()
{
    QTemporaryDir tmp;
    const QByteArray base = makeScratch(tmp);
    QVERIFY(::mkdir(QByteArray(base + "/root").constData(), 0755) == 0);
    QVERIFY(::mkdir(QByteArray(base + "/outside").constData(), 0755) == 0);
    QVERIFY(writeFile(base + "/outside/victim", "precious"));
    QVERIFY(writeFile(base + "/root/file", "mine"));
    QVERIFY(::symlink("../outside", QByteArray(base + "/root/sub").constData()) == 0);
    QVERIFY(::mkdir(QByteArray(base + "/root/d").constData(), 0755) == 0);
    QVERIFY(::symlink("../../outside", QByteArray(base + "/root/d/deeper").constData()) == 0);
    auto root = SafeRoot::open(base + "/root");
    QVERIFY_RESULT(root);

    for (const QByteArray& prefix : {QByteArray("sub/"), QByteArray("d/deeper/")}) {
        QVERIFY(!root->mkdir(prefix + "made", 0755));
        QVERIFY(!root->symlink(prefix + "link", "/etc/passwd"));
        QVERIFY(!root->mknod(prefix + "fifo", S_IFIFO | 0644));
        QVERIFY(!root->link("file", prefix + "hard"));
        QVERIFY(!root->unlink(prefix + "victim"));
        QVERIFY(!root->removeRecursive(prefix + "victim"));
        QVERIFY(!root->rename("file", prefix + "victim"));
        QVERIFY(!root->rename(prefix + "victim", "stolen"));
        QVERIFY(!root->openRead(prefix + "victim"));
        QVERIFY(!root->lstat(prefix + "victim"));
        QVERIFY(!applyMetadata(*root, prefix + "victim", WantedMetadata{}, MetaField::Perms));
    }
    auto names = readDirectoryNames(base + "/outside");
    QVERIFY_RESULT(names);
    QCOMPARE(*names, std::vector<QByteArray>{"victim"});
    QCOMPARE(readFile(base + "/outside/victim"), QByteArray("precious"));
    struct stat st;
    QVERIFY(::stat(QByteArray(base + "/outside/victim").constData(), &st) == 0);
    QCOMPARE(st.st_mode & 07777, 0644u);
    QCOMPARE(readFile(base + "/root/file"), QByteArray("mine"));
    // The symlink itself is an entry of the root and can be replaced.
    QVERIFY_RESULT(root->unlink("sub"));
    QVERIFY(::access(QByteArray(base + "/outside/victim").constData(), F_OK) == 0);
}

void TestSafeRoot::removeRecursiveStaysInside()
{
    QTemporaryDir tmp;
    const QByteArray base = makeScratch(tmp);
    QVERIFY(::mkdir(QByteArray(base + "/root").constData(), 0755) == 0);
    QVERIFY(::mkdir(QByteArray(base + "/outside").constData(), 0755) == 0);
    QVERIFY(writeFile(base + "/outside/victim", "precious"));
    QVERIFY(::mkdir(QByteArray(base + "/root/tree").constData(), 0755) == 0);
    QVERIFY(::symlink("../../outside", QByteArray(base + "/root/tree/link").constData()) == 0);
    auto root = SafeRoot::open(base + "/root");
    QVERIFY_RESULT(root);
    QVERIFY_RESULT(root->removeRecursive("tree"));
    QVERIFY(::access(QByteArray(base + "/root/tree").constData(), F_OK) != 0);
    QCOMPARE(readFile(base + "/outside/victim"), QByteArray("precious"));
    QVERIFY(!root->removeRecursive("."));
}

void TestSafeRoot::createsEveryNodeType()
{
    QTemporaryDir tmp;
    const QByteArray base = makeScratch(tmp);
    auto root = SafeRoot::open(base);
    QVERIFY_RESULT(root);
    QVERIFY_RESULT(root->mkdirs("a/b/c", 0750));
    QVERIFY_RESULT(root->mkdirs("a/b/c", 0750)); // existing is fine
    QVERIFY_RESULT(root->symlink("a/b/c/link", "../../target\nwith newline"));
    QVERIFY_RESULT(root->mknod("a/fifo", S_IFIFO | 0640));
    QVERIFY_RESULT(root->mknod("a/null", S_IFCHR | 0600, 1, 3));
    QVERIFY_RESULT(root->mknod("a/blk", S_IFBLK | 0600, 7, 200));
    QVERIFY_RESULT(root->mknod("a/sock", S_IFSOCK | 0600));

    auto dir = root->lstat("a/b/c");
    QVERIFY_RESULT(dir);
    QVERIFY(dir->isDirectory());
    auto link = root->lstat("a/b/c/link");
    QVERIFY_RESULT(link);
    QVERIFY(link->isSymlink());
    QCOMPARE(link->linkTarget, QByteArray("../../target\nwith newline"));
    QCOMPARE(link->size, qint64(link->linkTarget.size()));
    auto fifo = root->lstat("a/fifo");
    QVERIFY_RESULT(fifo);
    QVERIFY(S_ISFIFO(fifo->mode) && fifo->isSpecial());
    QCOMPARE(fifo->permissions(), 0640u);
    auto chr = root->lstat("a/null");
    QVERIFY_RESULT(chr);
    QVERIFY(S_ISCHR(chr->mode) && chr->isDevice());
    QCOMPARE(chr->rdevMajor, 1u);
    QCOMPARE(chr->rdevMinor, 3u);
    auto blk = root->lstat("a/blk");
    QVERIFY_RESULT(blk);
    QVERIFY(S_ISBLK(blk->mode));
    QCOMPARE(blk->rdevMajor, 7u);
    QCOMPARE(blk->rdevMinor, 200u);
    auto sock = root->lstat("a/sock");
    QVERIFY_RESULT(sock);
    QVERIFY(S_ISSOCK(sock->mode) && sock->isSpecial());
    // Opening a fifo for reading must not hang, nor follow a symlink.
    QVERIFY_RESULT(root->openRead("a/fifo"));
    QVERIFY(!root->openRead("a/b/c/link"));
    QVERIFY(!root->mkdirs("a/fifo/x", 0755));
}

void TestSafeRoot::hardLinks()
{
    QTemporaryDir tmp;
    const QByteArray base = makeScratch(tmp);
    QVERIFY(writeFile(base + "/f", "data"));
    QVERIFY(::symlink("f", QByteArray(base + "/sl").constData()) == 0);
    auto root = SafeRoot::open(base);
    QVERIFY_RESULT(root);
    QVERIFY(::mkdir(QByteArray(base + "/d").constData(), 0755) == 0);
    QVERIFY_RESULT(root->link("f", "d/g"));
    QVERIFY_RESULT(root->link("sl", "sl2"));
    auto f = root->lstat("f");
    auto g = root->lstat("d/g");
    QVERIFY_RESULT(f);
    QVERIFY_RESULT(g);
    QCOMPARE(g->ino, f->ino);
    QCOMPARE(g->nlink, quint64(2));
    auto sl2 = root->lstat("sl2");
    QVERIFY_RESULT(sl2);
    QVERIFY(sl2->isSymlink());        // the link itself, not its target
    QVERIFY(!root->link("f", "d/g")); // exists
}

void TestSafeRoot::removeRecursiveDeletesTree()
{
    QTemporaryDir tmp;
    const QByteArray base = makeScratch(tmp);
    auto root = SafeRoot::open(base);
    QVERIFY_RESULT(root);
    QVERIFY_RESULT(root->mkdirs("t/a/b", 0755));
    QVERIFY(writeFile(base + "/t/a/b/f", "x"));
    QVERIFY(writeFile(base + "/t/g", "x"));
    QVERIFY_RESULT(root->mknod("t/a/fifo", S_IFIFO | 0600));
    QVERIFY(::chmod(QByteArray(base + "/t/a/b").constData(), 0500) == 0); // root may still delete
    QVERIFY_RESULT(root->removeRecursive("t"));
    QVERIFY(!root->lstat("t"));
    QVERIFY_RESULT(root->mknod("single", S_IFIFO | 0600));
    QVERIFY_RESULT(root->removeRecursive("single"));
    QVERIFY(!root->rmdir("nothing"));
}

void TestSafeRoot::oddNames_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::newRow("newline") << QByteArray("line\nbreak");
    QTest::newRow("utf8") << QByteArray("Grüße-日本");
    QTest::newRow("invalid utf8") << QByteArray("bad\xff\xfe\x80name");
    QTest::newRow("leading dash") << QByteArray("-rf");
    QTest::newRow("255 bytes") << QByteArray(255, 'n');
    QTest::newRow("spaces and tab") << QByteArray(" a\tb ");
    QTest::newRow("backslash hash") << QByteArray("\\#012");
}

void TestSafeRoot::oddNames()
{
    QFETCH(QByteArray, name);
    QTemporaryDir tmp;
    const QByteArray base = makeScratch(tmp);
    auto root = SafeRoot::open(base);
    QVERIFY_RESULT(root);
    QVERIFY_RESULT(root->mkdir(name, 0755));
    QVERIFY_RESULT(root->symlink(name + '/' + name, name));
    QVERIFY_RESULT(root->rename(name + '/' + name, name + "/moved"));
    auto names = readDirectoryNames(base);
    QVERIFY_RESULT(names);
    QCOMPARE(*names, std::vector<QByteArray>{name});
    auto inner = readDirectoryNamesAt(root->fd(), name);
    QVERIFY_RESULT(inner);
    QCOMPARE(*inner, std::vector<QByteArray>{"moved"});
    auto st = root->lstat(name + "/moved");
    QVERIFY_RESULT(st);
    QCOMPARE(st->linkTarget, name);
    QVERIFY_RESULT(root->removeRecursive(name));
    QVERIFY(readDirectoryNames(base)->empty());
}

void TestSafeRoot::displayPathEscapes()
{
    QCOMPARE(displayPath("a\nb"), QStringLiteral("a\\#012b"));
    QCOMPARE(displayPath("Grüße"), QStringLiteral("Grüße"));
    QCOMPARE(displayPath("bad\xff"), QStringLiteral("bad\\#377"));
    QCOMPARE(displayPath("tab\there"), QStringLiteral("tab\there"));
    QCOMPARE(quotedPath("x"), QStringLiteral("\"x\""));
}

void TestSafeRoot::missingFileMessageMatchesRsync()
{
    // messages.txt holds stock rsync 3.5.0's lines with the path as PATH.
    const QList<QByteArray> lines =
        test::readTestData(QStringLiteral("fs/messages.txt")).split('\n');
    QByteArray golden;
    for (const QByteArray& l : lines)
        if (l.contains("link_stat"))
            golden = l.mid(l.indexOf("link_stat"));
    QVERIFY(!golden.isEmpty());
    QTemporaryDir tmp;
    const QByteArray path = makeScratch(tmp) + "/missing";
    auto st = lstatAt(AT_FDCWD, path);
    QVERIFY(!st);
    QCOMPARE(st.error().message,
             QString::fromUtf8(golden).replace(QLatin1String("PATH"), QString::fromUtf8(path)));
    QCOMPARE(st.error().code, ExitCode::Partial);
    QCOMPARE(st.error().context, QString::fromUtf8(path));
}

void TestSafeRoot::metadataRoundTrip()
{
    QTemporaryDir tmp;
    const QByteArray base = makeScratch(tmp);
    auto root = SafeRoot::open(base);
    QVERIFY_RESULT(root);
    QVERIFY(writeFile(base + "/f", "x"));
    QVERIFY_RESULT(root->mkdir("d", 0755));
    QVERIFY_RESULT(root->mknod("p", S_IFIFO | 0600));
    QVERIFY_RESULT(root->mknod("c", S_IFCHR | 0600, 1, 5));

    WantedMetadata want;
    want.mode = 04751; // setuid survives because chmod comes after chown
    want.uid = 1234;
    want.gid = 5678;
    want.mtimeSec = 1700000000;
    want.mtimeNsec = 123456789;
    want.atimeSec = 1600000000;
    want.atimeNsec = 0;
    const MetaFields all = MetaFields(MetaField::Perms) | MetaField::Owner | MetaField::Group |
                           MetaField::Mtime | MetaField::Atime;
    for (const QByteArray& rel :
         {QByteArray("f"), QByteArray("d"), QByteArray("p"), QByteArray("c")}) {
        auto changed = applyMetadata(*root, rel, want, all);
        QVERIFY_RESULT(changed);
        auto st = root->lstat(rel);
        QVERIFY_RESULT(st);
        QCOMPARE(st->permissions(), 04751u);
        QCOMPARE(st->uid, 1234u);
        QCOMPARE(st->gid, 5678u);
        QCOMPARE(st->mtimeSec, want.mtimeSec);
        QCOMPARE(st->mtimeNsec, want.mtimeNsec);
        if (st->isDirectory()) { // rsync never sets directory atimes
            QVERIFY(!(*changed & MetaField::Atime));
        } else {
            QCOMPARE(st->atimeSec, want.atimeSec);
            QVERIFY(*changed & MetaField::Atime);
        }
        QVERIFY(*changed & MetaField::Perms);
        QVERIFY(*changed & MetaField::Owner);
        QVERIFY(*changed & MetaField::Group);
        QVERIFY(*changed & MetaField::Mtime);
    }
}

void TestSafeRoot::metadataReportsOnlyChanges()
{
    QTemporaryDir tmp;
    const QByteArray base = makeScratch(tmp);
    auto root = SafeRoot::open(base);
    QVERIFY_RESULT(root);
    QVERIFY(writeFile(base + "/f", "x"));
    auto st = root->lstat("f");
    QVERIFY_RESULT(st);
    WantedMetadata want;
    want.mode = st->mode;
    want.uid = st->uid;
    want.gid = st->gid;
    want.mtimeSec = st->mtimeSec;
    want.mtimeNsec = st->mtimeNsec;
    const MetaFields all =
        MetaFields(MetaField::Perms) | MetaField::Owner | MetaField::Group | MetaField::Mtime;
    auto none = applyMetadata(*root, "f", want, all);
    QVERIFY_RESULT(none);
    QCOMPARE(int(*none), 0);
    want.gid = st->gid + 1;
    auto group = applyMetadata(*root, "f", want, all);
    QVERIFY_RESULT(group);
    QCOMPARE(*group, MetaFields(MetaField::Group));
    // Fields not asked for are left alone even when they differ.
    want.mode = 0600;
    auto skipped = applyMetadata(*root, "f", want, MetaField::Mtime);
    QVERIFY_RESULT(skipped);
    QCOMPARE(int(*skipped), 0);
    QCOMPARE(root->lstat("f")->permissions(), st->permissions());
}

void TestSafeRoot::symlinkTimesAndOwner()
{
    QTemporaryDir tmp;
    const QByteArray base = makeScratch(tmp);
    auto root = SafeRoot::open(base);
    QVERIFY_RESULT(root);
    QVERIFY(writeFile(base + "/target", "x"));
    QVERIFY_RESULT(root->symlink("link", "target"));
    const auto before = root->lstat("target");
    QVERIFY_RESULT(before);

    WantedMetadata want;
    want.mode = 0120600;
    want.uid = 4321;
    want.gid = 8765;
    want.mtimeSec = 1500000000;
    want.mtimeNsec = 987654321;
    auto changed = applyMetadata(*root, "link", want,
                                 MetaFields(MetaField::Perms) | MetaField::Owner |
                                     MetaField::Group | MetaField::Mtime);
    QVERIFY_RESULT(changed);
    QCOMPARE(*changed, MetaFields(MetaField::Owner) | MetaField::Group | MetaField::Mtime);
    auto link = root->lstat("link");
    QVERIFY_RESULT(link);
    QCOMPARE(link->mtimeSec, want.mtimeSec);
    QCOMPARE(link->mtimeNsec, want.mtimeNsec);
    QCOMPARE(link->uid, 4321u);
    QCOMPARE(link->gid, 8765u);
    auto target = root->lstat("target");
    QVERIFY_RESULT(target);
    QCOMPARE(target->uid, before->uid);
    QCOMPARE(target->mtimeSec, before->mtimeSec);
    QCOMPARE(target->mtimeNsec, before->mtimeNsec);
    QCOMPARE(target->permissions(), before->permissions());
}

void TestSafeRoot::modifyWindow()
{
    QTemporaryDir tmp;
    const QByteArray base = makeScratch(tmp);
    auto root = SafeRoot::open(base);
    QVERIFY_RESULT(root);
    QVERIFY(writeFile(base + "/f", "x"));
    WantedMetadata want;
    want.mtimeSec = 1700000000;
    want.mtimeNsec = 5;
    QVERIFY_RESULT(applyMetadata(*root, "f", want, MetaField::Mtime));
    want.mtimeNsec = 6; // only nanoseconds differ
    auto seconds = applyMetadata(*root, "f", want, MetaField::Mtime);
    QVERIFY_RESULT(seconds);
    QCOMPARE(int(*seconds), 0);
    want.modifyWindow = -1;
    auto exact = applyMetadata(*root, "f", want, MetaField::Mtime);
    QVERIFY_RESULT(exact);
    QCOMPARE(*exact, MetaFields(MetaField::Mtime));
    QCOMPARE(root->lstat("f")->mtimeNsec, 6u);
    want.modifyWindow = 2;
    want.mtimeSec += 2;
    auto window = applyMetadata(*root, "f", want, MetaField::Mtime);
    QVERIFY_RESULT(window);
    QCOMPARE(int(*window), 0);
    QVERIFY(sameTime(10, 0, 12, 999, 2));
    QVERIFY(!sameTime(10, 0, 13, 0, 2));
    QVERIFY(!sameTime(10, 1, 10, 2, -1));
}

void TestSafeRoot::makeDirectoryWritable()
{
    QTemporaryDir tmp;
    const QByteArray base = makeScratch(tmp);
    auto root = SafeRoot::open(base);
    QVERIFY_RESULT(root);
    QVERIFY_RESULT(root->mkdir("ro", 0755));
    QVERIFY(::chmod(QByteArray(base + "/ro").constData(), 0555) == 0);
    auto old = fs::makeDirectoryWritable(*root, "ro");
    QVERIFY_RESULT(old);
    QVERIFY(old->has_value());
    QCOMPARE(**old, 0555u);
    QCOMPARE(root->lstat("ro")->permissions(), 0755u);
    auto again = fs::makeDirectoryWritable(*root, "ro");
    QVERIFY_RESULT(again);
    QVERIFY(!again->has_value());
}

void TestSafeRoot::permissionDeniedAsNobody()
{
    QTemporaryDir tmp;
    const QByteArray base = makeScratch(tmp); // root-owned, 0755
    QVERIFY(::mkdir(QByteArray(base + "/mine").constData(), 0755) == 0);
    QVERIFY(::chown(QByteArray(base + "/mine").constData(), 65534, 65534) == 0);
    QVERIFY(writeFile(base + "/secret", "x"));
    QVERIFY(::chmod(QByteArray(base + "/secret").constData(), 0600) == 0);

    const int status = test::runAsNobody([&]() -> int {
        auto root = SafeRoot::open(base);
        if (!root)
            return 1;
        // Control: the same calls work where nobody may write.
        if (!root->mkdir("mine/ok", 0755))
            return 2;
        auto denied = root->mkdir("notmine", 0755);
        if (denied)
            return 3;
        // Named from the filesystem root, as rsync's full_fname() does.
        if (denied.error().message !=
            QStringLiteral("mkdir \"%1/notmine\" failed: Permission denied (13)")
                .arg(QString::fromLocal8Bit(root->path())))
            return 4;
        auto read = root->openRead("secret");
        if (read || !read.error().message.endsWith(QLatin1String("Permission denied (13)")))
            return 5;
        if (root->unlink("secret"))
            return 6;
        return 0;
    });
    QCOMPARE(status, 0);
    QVERIFY(::access(QByteArray(base + "/mine/ok").constData(), F_OK) == 0);
    QVERIFY(::access(QByteArray(base + "/notmine").constData(), F_OK) != 0);
    QVERIFY(::access(QByteArray(base + "/secret").constData(), F_OK) == 0);
}

QTEST_GUILESS_MAIN(TestSafeRoot)
#include "tst_saferoot.moc"
