// AtomicFile: rsync's temp names (golden, from stock rsync), commit/abort,
// attributes on the temp file, sparse output, --inplace, --partial,
// --temp-dir, and a writer killed with SIGKILL. Also backups (-b).

#include "fs/atomicfile.h"
#include "fs/backup.h"
#include "fs/directory.h"
#include "fs/saferoot.h"
#include "fstestutil.h"
#include "testsupport.h"

#include <QTest>

#include <csignal>
#include <sys/stat.h>

using namespace qrsync;
using namespace qrsync::fs;
using qrsync::test::makeScratch;
using qrsync::test::readFile;
using qrsync::test::writeFile;

namespace {

std::vector<QByteArray> tempFilesIn(const QByteArray& dir, const QByteArray& prefix)
{
    std::vector<QByteArray> out;
    for (const QByteArray& n : readDirectoryNames(dir).value_or(std::vector<QByteArray>{}))
        if (n.startsWith(prefix))
            out.push_back(n);
    return out;
}

struct stat statOf(const QByteArray& path)
{
    struct stat st
    {};
    ::lstat(path.constData(), &st);
    return st;
}

} // namespace

class TestAtomicFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tempNameGolden_data();
    void tempNameGolden();
    void tempNameInTempDir();
    void commitReplacesTarget();
    void abortAndDestructorLeaveTargetAlone();
    void sparseFileHasHoles();
    void killedWriterLeavesOnlyTempFile();
    void inPlace();
    void keepAsPartial();
    void tempDirElsewhere();
    void refusesSymlinkedParent();
    void backupBesideFile();
    void backupDirMirrorsParents();
};

void TestAtomicFile::tempNameGolden_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("temp");
    const QByteArray data = test::readTestData(QStringLiteral("fs/tempnames.txt"));
    QVERIFY(!data.isEmpty());
    for (const QByteArray& line : data.split('\n')) {
        const QList<QByteArray> cols = line.split(' ');
        if (cols.size() != 2)
            continue;
        const QByteArray name = QByteArray::fromHex(cols[0]);
        QTest::newRow(qPrintable(displayPath(name.left(40))))
            << name << QByteArray::fromHex(cols[1]);
    }
}

void TestAtomicFile::tempNameGolden()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, temp);
    QCOMPARE(tempNameTemplate(name, false), temp);
    QVERIFY(temp.size() <= 255);

    // And the real file made beside the target has that shape.
    QTemporaryDir tmp;
    auto root = SafeRoot::open(makeScratch(tmp));
    QVERIFY_RESULT(root);
    auto f = AtomicFile::create(*root, name);
    QVERIFY_RESULT(f);
    // tempPath() names the file from the filesystem root, as rsync's
    // messages do; its last component is the temp name.
    const QByteArray full = f->tempPath();
    const QByteArray made = full.mid(full.lastIndexOf('/') + 1);
    QCOMPARE(made.size(), temp.size());
    QCOMPARE(made.left(made.size() - 6), temp.left(temp.size() - 6));
    QVERIFY(made.right(6) != "XXXXXX");
}

void TestAtomicFile::tempNameInTempDir()
{
    QCOMPARE(tempNameTemplate("file", true), QByteArray("file.XXXXXX"));
    QCOMPARE(tempNameTemplate(".hidden", true), QByteArray(".hidden.XXXXXX"));
    QCOMPARE(tempNameTemplate("trail.", true), QByteArray("trail.XXXXXX"));
}

void TestAtomicFile::commitReplacesTarget()
{
    QTemporaryDir tmp;
    const QByteArray base = makeScratch(tmp);
    QVERIFY(::mkdir(QByteArray(base + "/d").constData(), 0755) == 0);
    QVERIFY(writeFile(base + "/d/target", "old content"));
    const auto oldIno = statOf(base + "/d/target").st_ino;
    auto root = SafeRoot::open(base);
    QVERIFY_RESULT(root);

    auto f = AtomicFile::create(*root, "d/target");
    QVERIFY_RESULT(f);
    QVERIFY_RESULT(f->write("new "));
    QVERIFY_RESULT(f->write("content, longer"));
    const QByteArray tempPath = f->tempPath();
    QVERIFY(f->tempPath().startsWith(root->fullPath("d/.target.")));
    const struct stat tst = statOf(tempPath);
    QVERIFY(S_ISREG(tst.st_mode));
    QCOMPARE(tst.st_mode & 07777, 0600u);
    QCOMPARE(readFile(base + "/d/target"), QByteArray("old content"));

    WantedMetadata want;
    want.mode = 0100640;
    want.uid = 1111;
    want.gid = 2222;
    want.mtimeSec = 1234567890;
    want.mtimeNsec = 999999999;
    f->setMetadata(want, MetaFields(MetaField::Perms) | MetaField::Owner | MetaField::Group |
                             MetaField::Mtime);
    auto changed = f->commit();
    QVERIFY_RESULT(changed);
    QVERIFY(*changed & MetaField::Perms);
    QVERIFY(f->isFinished());
    QCOMPARE(readFile(base + "/d/target"), QByteArray("new content, longer"));
    const struct stat st = statOf(base + "/d/target");
    QCOMPARE(st.st_mode & 07777, 0640u);
    QCOMPARE(st.st_uid, 1111u);
    QCOMPARE(st.st_gid, 2222u);
    QCOMPARE(qint64(st.st_mtim.tv_sec), qint64(1234567890));
    QCOMPARE(qint64(st.st_mtim.tv_nsec), qint64(999999999));
    QVERIFY(st.st_ino != oldIno); // replaced by rename, not rewritten
    QVERIFY(tempFilesIn(base + "/d", ".target.").empty());
    QVERIFY(!f->write("late")); // finished
}

void TestAtomicFile::abortAndDestructorLeaveTargetAlone()
{
    QTemporaryDir tmp;
    const QByteArray base = makeScratch(tmp);
    QVERIFY(writeFile(base + "/target", "old"));
    auto root = SafeRoot::open(base);
    QVERIFY_RESULT(root);
    {
        auto f = AtomicFile::create(*root, "target");
        QVERIFY_RESULT(f);
        QVERIFY_RESULT(f->write("half"));
        QCOMPARE(tempFilesIn(base, ".target.").size(), size_t(1));
        QVERIFY_RESULT(f->abort());
        QVERIFY(tempFilesIn(base, ".target.").empty());
    }
    {
        auto f = AtomicFile::create(*root, "target");
        QVERIFY_RESULT(f);
        QVERIFY_RESULT(f->write("half"));
        AtomicFile moved = std::move(*f); // ownership moves, still one temp
        QCOMPARE(tempFilesIn(base, ".target.").size(), size_t(1));
    }
    QVERIFY(tempFilesIn(base, ".target.").empty());
    QCOMPARE(readFile(base + "/target"), QByteArray("old"));
    // A new file (no old target) appears only at commit.
    auto f = AtomicFile::create(*root, "fresh");
    QVERIFY_RESULT(f);
    QVERIFY(::access(QByteArray(base + "/fresh").constData(), F_OK) != 0);
    QVERIFY_RESULT(f->commit());
    QCOMPARE(readFile(base + "/fresh"), QByteArray());
}

void TestAtomicFile::sparseFileHasHoles()
{
    QTemporaryDir tmp;
    const QByteArray base = makeScratch(tmp);
    auto root = SafeRoot::open(base);
    QVERIFY_RESULT(root);
    // 4 MiB of zeros, 64 KiB of data, 4 MiB of zeros (the trailing hole
    // must still count in the size), written in odd-sized pieces.
    QByteArray content(4 << 20, '\0');
    QByteArray data(64 << 10, Qt::Uninitialized);
    for (qsizetype i = 0; i < data.size(); ++i)
        data[i] = char(1 + i % 251);
    content += data;
    content += QByteArray(4 << 20, '\0');

    for (const bool sparse : {true, false}) {
        const QByteArray name = sparse ? "sparse" : "dense";
        AtomicFileOptions opts;
        opts.sparse = sparse;
        auto f = AtomicFile::create(*root, name, opts);
        QVERIFY_RESULT(f);
        for (qsizetype pos = 0; pos < content.size(); pos += 70001)
            QVERIFY_RESULT(f->write(QByteArrayView(content).sliced(
                pos, std::min<qsizetype>(70001, content.size() - pos))));
        QVERIFY_RESULT(f->commit());
        QCOMPARE(readFile(base + '/' + name), content);
    }
    const struct stat sp = statOf(base + "/sparse");
    const struct stat de = statOf(base + "/dense");
    QCOMPARE(qint64(sp.st_size), qint64(content.size()));
    if (de.st_blocks < 8 * 1024)
        QSKIP("this file system does not allocate written zeros");
    QVERIFY2(sp.st_blocks * 4 < de.st_blocks,
             qPrintable(
                 QStringLiteral("sparse %1 blocks, dense %2").arg(sp.st_blocks).arg(de.st_blocks)));
}

void TestAtomicFile::killedWriterLeavesOnlyTempFile()
{
    QTemporaryDir tmp;
    const QByteArray base = makeScratch(tmp);
    QVERIFY(writeFile(base + "/target", "the old target"));
    int ready[2];
    QVERIFY(::pipe(ready) == 0);
    const pid_t pid = ::fork();
    QVERIFY(pid >= 0);
    if (pid == 0) {
        ::close(ready[0]);
        auto root = SafeRoot::open(base);
        if (!root)
            ::_exit(1);
        auto f = AtomicFile::create(*root, "target");
        if (!f || !f->write(QByteArray(1 << 20, 'n')))
            ::_exit(2);
        (void)!::write(ready[1], "w", 1); // mid-transfer: written, not committed
        for (;;)
            ::pause();
    }
    ::close(ready[1]);
    char c = 0;
    QCOMPARE(::read(ready[0], &c, 1), ssize_t(1));
    ::close(ready[0]);
    QVERIFY(::kill(pid, SIGKILL) == 0);
    int status = 0;
    QCOMPARE(::waitpid(pid, &status, 0), pid);
    QVERIFY(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

    QCOMPARE(readFile(base + "/target"), QByteArray("the old target"));
    const auto temps = tempFilesIn(base, ".target.");
    QCOMPARE(temps.size(), size_t(1));
    QCOMPARE(readFile(base + '/' + temps[0]), QByteArray(1 << 20, 'n'));
    QCOMPARE(readDirectoryNames(base)->size(), size_t(2));
}

void TestAtomicFile::inPlace()
{
    QTemporaryDir tmp;
    const QByteArray base = makeScratch(tmp);
    QVERIFY(writeFile(base + "/target", "0123456789ABCDEFGHIJ"));
    const auto ino = statOf(base + "/target").st_ino;
    auto root = SafeRoot::open(base);
    QVERIFY_RESULT(root);
    AtomicFileOptions opts;
    opts.inPlace = true;
    opts.sparse = true; // ignored in place: zeros must overwrite
    auto f = AtomicFile::create(*root, "target", opts);
    QVERIFY_RESULT(f);
    QVERIFY_RESULT(f->seek(4)); // a matched block already in place
    QVERIFY_RESULT(f->write(QByteArray("xy\0\0", 4)));
    QVERIFY_RESULT(f->seek(12));
    QVERIFY(tempFilesIn(base, ".").empty());
    WantedMetadata want;
    want.mtimeSec = 1000000000;
    f->setMetadata(want, MetaField::Mtime);
    QVERIFY_RESULT(f->commit());
    QCOMPARE(readFile(base + "/target"), QByteArray("0123xy\0\0"
                                                    "89AB",
                                                    12));
    const struct stat st = statOf(base + "/target");
    QCOMPARE(st.st_ino, ino);
    QCOMPARE(qint64(st.st_mtim.tv_sec), qint64(1000000000));
    QVERIFY(!f->seek(-1));
}

void TestAtomicFile::keepAsPartial()
{
    QTemporaryDir tmp;
    const QByteArray base = makeScratch(tmp);
    QVERIFY(::mkdir(QByteArray(base + "/d").constData(), 0755) == 0);
    QVERIFY(writeFile(base + "/d/f", "old"));
    auto root = SafeRoot::open(base);
    QVERIFY_RESULT(root);
    WantedMetadata want;
    want.mode = 0644;
    want.mtimeSec = 1000000000;
    {
        // --partial: the partial data takes the target name.
        auto f = AtomicFile::create(*root, "d/f");
        QVERIFY_RESULT(f);
        QVERIFY_RESULT(f->write("partial"));
        f->setMetadata(want, MetaFields(MetaField::Perms) | MetaField::Mtime);
        QVERIFY_RESULT(f->keepAsPartial("d/f"));
        QCOMPARE(readFile(base + "/d/f"), QByteArray("partial"));
        const struct stat st = statOf(base + "/d/f");
        QCOMPARE(st.st_mode & 07777, 0644u);
        QVERIFY(st.st_mtim.tv_sec != 1000000000); // next run must not skip it
    }
    {
        // --partial-dir: made on demand, mode 0700.
        auto f = AtomicFile::create(*root, "d/f");
        QVERIFY_RESULT(f);
        QVERIFY_RESULT(f->write("again"));
        QVERIFY_RESULT(f->keepAsPartial("d/.~tmp~/f"));
        QCOMPARE(readFile(base + "/d/.~tmp~/f"), QByteArray("again"));
        QCOMPARE(statOf(base + "/d/.~tmp~").st_mode & 07777, 0700u);
        QCOMPARE(readFile(base + "/d/f"), QByteArray("partial"));
    }
    QVERIFY(tempFilesIn(base + "/d", ".f.").empty());
}

void TestAtomicFile::tempDirElsewhere()
{
    QTemporaryDir tmp;
    const QByteArray base = makeScratch(tmp);
    QVERIFY(::mkdir(QByteArray(base + "/dest").constData(), 0755) == 0);
    QVERIFY(::mkdir(QByteArray(base + "/tmpd").constData(), 0755) == 0);
    auto root = SafeRoot::open(base + "/dest");
    QVERIFY_RESULT(root);
    AtomicFileOptions opts;
    opts.tempDir = base + "/tmpd";
    auto f = AtomicFile::create(*root, "file", opts);
    QVERIFY_RESULT(f);
    QVERIFY_RESULT(f->write("via tempdir"));
    QCOMPARE(tempFilesIn(base + "/tmpd", "file.").size(), size_t(1));
    QVERIFY(f->tempPath().startsWith(QByteArray(base + "/tmpd/file.")));
    QVERIFY(readDirectoryNames(base + "/dest")->empty());
    QVERIFY_RESULT(f->commit());
    QCOMPARE(readFile(base + "/dest/file"), QByteArray("via tempdir"));
    QVERIFY(readDirectoryNames(base + "/tmpd")->empty());
}

void TestAtomicFile::refusesSymlinkedParent()
{
    QTemporaryDir tmp;
    const QByteArray base = makeScratch(tmp);
    QVERIFY(::mkdir(QByteArray(base + "/root").constData(), 0755) == 0);
    QVERIFY(::mkdir(QByteArray(base + "/outside").constData(), 0755) == 0);
    QVERIFY(writeFile(base + "/outside/f", "precious"));
    QVERIFY(::symlink("../outside", QByteArray(base + "/root/sub").constData()) == 0);
    QVERIFY(::symlink("../outside/f", QByteArray(base + "/root/lf").constData()) == 0);
    auto root = SafeRoot::open(base + "/root");
    QVERIFY_RESULT(root);
    QVERIFY(!AtomicFile::create(*root, "sub/f"));
    QVERIFY(!AtomicFile::create(*root, "../outside/f"));
    AtomicFileOptions inPlace;
    inPlace.inPlace = true;
    QVERIFY(!AtomicFile::create(*root, "sub/f", inPlace));
    QVERIFY(!AtomicFile::create(*root, "lf", inPlace)); // final symlink not followed
    // Replacing the symlink itself is fine: the link goes, the target stays.
    auto f = AtomicFile::create(*root, "lf");
    QVERIFY_RESULT(f);
    QVERIFY_RESULT(f->write("mine"));
    QVERIFY_RESULT(f->commit());
    QCOMPARE(readFile(base + "/root/lf"), QByteArray("mine"));
    QCOMPARE(readFile(base + "/outside/f"), QByteArray("precious"));
    QCOMPARE(readDirectoryNames(base + "/outside")->size(), size_t(1));
}

void TestAtomicFile::backupBesideFile()
{
    QTemporaryDir tmp;
    const QByteArray base = makeScratch(tmp);
    QVERIFY(writeFile(base + "/f", "v1"));
    QVERIFY(writeFile(base + "/f~", "stale backup"));
    auto root = SafeRoot::open(base);
    QVERIFY_RESULT(root);
    BackupOptions opts; // suffix "~"
    auto linked = backupPath(*root, "f", opts, BackupWay::Link);
    QVERIFY_RESULT(linked);
    QCOMPARE(*linked, BackupOutcome::Linked);
    QCOMPARE(statOf(base + "/f").st_ino, statOf(base + "/f~").st_ino); // replaced stale one
    QCOMPARE(readFile(base + "/f~"), QByteArray("v1"));

    // The receiver then renames the new file over f; the backup keeps v1.
    auto w = AtomicFile::create(*root, "f");
    QVERIFY_RESULT(w);
    QVERIFY_RESULT(w->write("v2"));
    QVERIFY_RESULT(w->commit());
    QCOMPARE(readFile(base + "/f~"), QByteArray("v1"));

    auto moved = backupPath(*root, "f", opts, BackupWay::Rename);
    QVERIFY_RESULT(moved);
    QCOMPARE(*moved, BackupOutcome::Moved);
    QVERIFY(::access(QByteArray(base + "/f").constData(), F_OK) != 0);
    QCOMPARE(readFile(base + "/f~"), QByteArray("v2"));
    auto none = backupPath(*root, "f", opts);
    QVERIFY_RESULT(none);
    QCOMPARE(*none, BackupOutcome::NothingToBackUp);
}

void TestAtomicFile::backupDirMirrorsParents()
{
    QTemporaryDir tmp;
    const QByteArray base = makeScratch(tmp);
    auto root = SafeRoot::open(base);
    QVERIFY_RESULT(root);
    QVERIFY_RESULT(root->mkdirs("a/b", 0755));
    QVERIFY(::chmod(QByteArray(base + "/a/b").constData(), 0750) == 0);
    QVERIFY(writeFile(base + "/a/b/f", "keep me"));
    QVERIFY_RESULT(root->mkdirs("a/b/dir/sub", 0755));

    BackupOptions rel;
    rel.dir = "bak/";
    rel.suffix = "";
    auto r = backupPath(*root, "a/b/f", rel, BackupWay::Link);
    QVERIFY_RESULT(r);
    QCOMPARE(readFile(base + "/bak/a/b/f"), QByteArray("keep me"));
    QCOMPARE(statOf(base + "/bak/a/b").st_mode & 07777, 0750u);
    // A directory is deleted by moving it, contents and all.
    auto d = backupPath(*root, "a/b/dir", rel, BackupWay::Rename);
    QVERIFY_RESULT(d);
    QCOMPARE(*d, BackupOutcome::Moved);
    QVERIFY(S_ISDIR(statOf(base + "/bak/a/b/dir/sub").st_mode));

    BackupOptions abs;
    abs.dir = base + "/elsewhere/deep";
    abs.suffix = ".old";
    auto a = backupPath(*root, "a/b/f", abs, BackupWay::Link);
    QVERIFY_RESULT(a);
    QCOMPARE(readFile(base + "/elsewhere/deep/a/b/f.old"), QByteArray("keep me"));
    QCOMPARE(backupName("x/y", rel), QByteArray("bak/x/y"));
}

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "tst_atomicfile.moc"
