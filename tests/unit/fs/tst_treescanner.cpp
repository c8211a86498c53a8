// TreeScanner (rsync's listing order, pruning, -L/-k/-x, errors that do not
// stop the walk, including an unreadable directory seen by a real
// unprivileged user), plus MappedFile, IdNameCache and HardLinkMap.

#include "fs/directory.h"
#include "fs/hardlinkmap.h"
#include "fs/idnamecache.h"
#include "fs/mappedfile.h"
#include "fs/treescanner.h"
#include "fstestutil.h"
#include "testsupport.h"

#include <QTest>

#include <sys/stat.h>

using namespace qrsync;
using namespace qrsync::fs;
using qrsync::test::makeScratch;
using qrsync::test::writeFile;

namespace {

void mkdirOrFail(const QByteArray& p)
{
    ::mkdir(p.constData(), 0755);
}

std::vector<QByteArray> scanNames(TreeScanner& scanner, const QByteArray& root,
                                  const QByteArray& rootName, const ScanVisitor& extra = {})
{
    std::vector<QByteArray> out;
    auto r = scanner.scan(root, rootName, [&](const ScanEntry& e) {
        out.push_back(e.path);
        return extra ? extra(e) : true;
    });
    if (!r)
        out.push_back("<root failed>");
    return out;
}

} // namespace

class TestTreeScanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsInRsyncOrder();
    void pruneSkipsContents();
    void nonRecursiveListsRootOnly();
    void symlinkOptions();
    void oneFileSystem();
    void unreadableDirectoryAsNobody();
    void missingRootAndDirectory();
    void mappedFile();
    void idNames();
    void hardLinkMap();
};

void TestTreeScanner::listsInRsyncOrder()
{
    QTemporaryDir tmp;
    const QByteArray src = makeScratch(tmp);
    mkdirOrFail(src + "/d1");
    mkdirOrFail(src + "/d2");
    mkdirOrFail(src + "/d1/inner");
    for (const char* f : {"/a", "/d1/x", "/d1/inner/deep", "/d2/y", "/z\nnl"})
        QVERIFY(writeFile(src + f, "x"));

    TreeScanner scanner;
    const auto names = scanNames(scanner, src, ".");
    QVERIFY(scanner.errors().empty());
    QCOMPARE(scanner.ioError(), 0u);
    // Expected: ".", then the root's entries in readdir order, then each
    // subdirectory's entries (all of d1 before d1/inner's), depth first.
    std::vector<QByteArray> expected{"."};
    const auto top = *readDirectoryNames(src);
    expected.insert(expected.end(), top.begin(), top.end());
    for (const QByteArray& t : top) {
        if (t != "d1" && t != "d2")
            continue;
        const auto inner = readDirectoryNames(src + '/' + t);
        for (const QByteArray& n : inner.value())
            expected.push_back(t + '/' + n);
        if (t == "d1")
            expected.push_back("d1/inner/deep");
    }
    QCOMPARE(names, expected);

    // A root named "src" prefixes every path.
    TreeScanner named;
    const auto prefixed = scanNames(named, src, "src");
    QCOMPARE(prefixed.size(), expected.size());
    QCOMPARE(prefixed.front(), QByteArray("src"));
    for (size_t i = 1; i < prefixed.size(); ++i)
        QCOMPARE(prefixed[i], "src/" + expected[i]);
}

void TestTreeScanner::pruneSkipsContents()
{
    QTemporaryDir tmp;
    const QByteArray src = makeScratch(tmp);
    mkdirOrFail(src + "/skip");
    mkdirOrFail(src + "/keep");
    QVERIFY(writeFile(src + "/skip/hidden", "x"));
    QVERIFY(writeFile(src + "/keep/shown", "x"));
    TreeScanner scanner;
    const auto names =
        scanNames(scanner, src, ".", [](const ScanEntry& e) { return e.path != "skip"; });
    QVERIFY(std::count(names.begin(), names.end(), QByteArray("skip")) == 1);
    QVERIFY(std::count(names.begin(), names.end(), QByteArray("skip/hidden")) == 0);
    QVERIFY(std::count(names.begin(), names.end(), QByteArray("keep/shown")) == 1);
}

void TestTreeScanner::nonRecursiveListsRootOnly()
{
    QTemporaryDir tmp;
    const QByteArray src = makeScratch(tmp);
    mkdirOrFail(src + "/d");
    QVERIFY(writeFile(src + "/d/f", "x"));
    QVERIFY(writeFile(src + "/g", "x"));
    ScanOptions opts;
    opts.recursive = false;
    TreeScanner scanner(opts);
    auto names = scanNames(scanner, src, ".");
    std::sort(names.begin(), names.end());
    QCOMPARE(names, (std::vector<QByteArray>{".", "d", "g"}));
}

void TestTreeScanner::symlinkOptions()
{
    QTemporaryDir tmp;
    const QByteArray src = makeScratch(tmp);
    mkdirOrFail(src + "/real");
    QVERIFY(writeFile(src + "/real/f", "x"));
    QVERIFY(::symlink("real", QByteArray(src + "/dirlink").constData()) == 0);
    QVERIFY(::symlink("nowhere", QByteArray(src + "/dangling").constData()) == 0);
    QVERIFY(::symlink(".", QByteArray(src + "/real/loop").constData()) == 0);

    auto collect = [&](ScanOptions opts, TreeScanner*& keep) {
        static std::vector<std::unique_ptr<TreeScanner>> scanners;
        scanners.push_back(std::make_unique<TreeScanner>(opts));
        keep = scanners.back().get();
        std::map<QByteArray, FileStat> seen;
        (void)keep->scan(src, ".", [&](const ScanEntry& e) {
            seen[e.path] = e.stat;
            return true;
        });
        return seen;
    };
    TreeScanner* s = nullptr;
    auto plain = collect({}, s);
    QVERIFY(plain.at("dirlink").isSymlink());
    QCOMPARE(plain.at("dirlink").linkTarget, QByteArray("real"));
    QVERIFY(plain.at("dangling").isSymlink());
    QVERIFY(!plain.count("dirlink/f"));
    QVERIFY(s->errors().empty());

    ScanOptions k;
    k.copyDirlinks = true;
    auto dirlinks = collect(k, s);
    QVERIFY(dirlinks.at("dirlink").isDirectory());
    QVERIFY(dirlinks.count("dirlink/f"));
    QVERIFY(dirlinks.at("dangling").isSymlink()); // -k keeps a dangling link

    ScanOptions l;
    l.followSymlinks = true;
    auto follow = collect(l, s);
    QVERIFY(follow.at("dirlink").isDirectory());
    QVERIFY(!follow.count("dangling"));
    bool noReferent = false;
    bool loop = false;
    for (const Error& e : s->errors()) {
        noReferent =
            noReferent || e.message == QStringLiteral("symlink has no referent: \"dangling\"");
        loop = loop || e.message.contains(QLatin1String("directory loop"));
    }
    QVERIFY(noReferent);
    QVERIFY(loop); // real/loop -> real: listed, not entered again
    QVERIFY(s->ioError() & IoErrorGeneral);
}

void TestTreeScanner::oneFileSystem()
{
    struct stat rootSt, procSt;
    if (::stat("/", &rootSt) != 0 || ::stat("/proc", &procSt) != 0 ||
        rootSt.st_dev == procSt.st_dev)
        QSKIP("needs /proc mounted on its own file system");
    for (int count : {0, 1, 2}) {
        ScanOptions opts;
        opts.recursive = false;
        opts.oneFileSystem = count;
        TreeScanner scanner(opts);
        auto root = scanner.openRoot("/", "/");
        QVERIFY_RESULT(root);
        const auto kids = scanner.children(*root);
        auto proc = std::find_if(kids.begin(), kids.end(),
                                 [](const ScanEntry& e) { return e.path == "/proc"; });
        if (count == 2) {
            QVERIFY(proc == kids.end());
            continue;
        }
        QVERIFY(proc != kids.end());
        QCOMPARE(proc->mountPoint, count == 1);
        if (count == 1)
            QVERIFY(scanner.children(*proc).empty());
    }
}

void TestTreeScanner::unreadableDirectoryAsNobody()
{
    // The golden line: stock rsync 3.5.0 as nobody on a mode-000 directory.
    QByteArray golden;
    for (const QByteArray& l : test::readTestData(QStringLiteral("fs/messages.txt")).split('\n'))
        if (l.contains("opendir"))
            golden = l.mid(l.indexOf("opendir"));
    QVERIFY(!golden.isEmpty());
    const QString expected =
        QString::fromUtf8(golden).replace(QLatin1String("\"PATH\""), QLatin1String("\"locked\""));

    QTemporaryDir tmp;
    const QByteArray src = makeScratch(tmp);
    mkdirOrFail(src + "/locked");
    mkdirOrFail(src + "/open");
    QVERIFY(writeFile(src + "/locked/unseen", "x"));
    QVERIFY(writeFile(src + "/open/f", "x"));
    QVERIFY(writeFile(src + "/top", "x"));
    QVERIFY(::chmod(QByteArray(src + "/locked").constData(), 0) == 0);

    const int status = test::runAsNobody([&]() -> int {
        TreeScanner scanner;
        std::vector<QByteArray> names;
        if (!scanner.scan(src, ".", [&](const ScanEntry& e) {
                names.push_back(e.path);
                return true;
            }))
            return 1;
        auto has = [&](const char* n) {
            return std::find(names.begin(), names.end(), QByteArray(n)) != names.end();
        };
        if (!has("locked") || has("locked/unseen"))
            return 2;
        if (!has("open/f") || !has("top")) // the scan went on
            return 3;
        if (scanner.errors().size() != 1 || scanner.errors()[0].message != expected)
            return 4;
        if (scanner.errors()[0].code != ExitCode::Partial || scanner.ioError() != IoErrorGeneral)
            return 5;
        return 0;
    });
    QCOMPARE(status, 0);

    // Root reads it anyway: proof that the child's failure was permissions.
    TreeScanner asRoot;
    const auto names = scanNames(asRoot, src, ".");
    QVERIFY(std::count(names.begin(), names.end(), QByteArray("locked/unseen")) == 1);
    QVERIFY(asRoot.errors().empty());
}

void TestTreeScanner::missingRootAndDirectory()
{
    QTemporaryDir tmp;
    const QByteArray src = makeScratch(tmp);
    TreeScanner scanner;
    auto r = scanner.scan(src + "/none", "none", [](const ScanEntry&) { return true; });
    QVERIFY(!r);
    QVERIFY(r.error().message.startsWith(QLatin1String("link_stat \"")));
    QVERIFY(r.error().message.endsWith(QLatin1String("No such file or directory (2)")));
    auto names = readDirectoryNames(src + "/none");
    QVERIFY(!names);
    QVERIFY(names.error().message.startsWith(QLatin1String("opendir \"")));
}

void TestTreeScanner::mappedFile()
{
    QTemporaryDir tmp;
    const QByteArray dir = makeScratch(tmp);
    QByteArray content(3 * 4096 + 17, Qt::Uninitialized);
    for (qsizetype i = 0; i < content.size(); ++i)
        content[i] = char(i * 7);
    QVERIFY(writeFile(dir + "/f", content));
    QVERIFY(writeFile(dir + "/empty", {}));

    auto m = MappedFile::open(dir + "/f");
    QVERIFY_RESULT(m);
    QVERIFY(m->isMapped());
    QCOMPARE(m->data().toByteArray(), content);
    auto r = MappedFile::open(dir + "/f", MappedFile::Mode::Read);
    QVERIFY_RESULT(r);
    QVERIFY(!r->isMapped());
    QCOMPARE(r->data().toByteArray(), content);
    MappedFile moved = std::move(*m);
    QCOMPARE(moved.size(), qint64(content.size()));

    auto e = MappedFile::open(dir + "/empty");
    QVERIFY_RESULT(e);
    QCOMPARE(e->size(), qint64(0));
    QVERIFY(e->data().isEmpty());

    // procfs reports size 0 but has content: the read() fallback gets it.
    auto proc = MappedFile::open("/proc/self/status");
    QVERIFY_RESULT(proc);
    QVERIFY(proc->data().startsWith("Name:"));

    // 256 MiB (sparse, so cheap on disk): mapped whole, last byte reachable.
    const QByteArray big = dir + "/big";
    QVERIFY(writeFile(big, {}));
    QVERIFY(::truncate(big.constData(), qint64(256) << 20) == 0);
    auto b = MappedFile::open(big);
    QVERIFY_RESULT(b);
    QCOMPARE(b->size(), qint64(256) << 20);
    QCOMPARE(b->data().at(b->size() - 1), '\0');
    QVERIFY(!MappedFile::open(dir + "/missing"));
}

void TestTreeScanner::idNames()
{
    IdNameCache cache;
    QCOMPARE(cache.userName(0), std::optional<QByteArray>("root"));
    QCOMPARE(cache.groupName(0), std::optional<QByteArray>("root"));
    QCOMPARE(cache.uidForName("root"), std::optional<quint32>(0));
    QCOMPARE(cache.gidForName("root"), std::optional<quint32>(0));
    QCOMPARE(cache.uidForName("nobody"), std::optional<quint32>(65534));
    QCOMPARE(cache.userName(65534), std::optional<QByteArray>("nobody"));
    QCOMPARE(cache.userName(3999999), std::nullopt);
    QCOMPARE(cache.userName(3999999), std::nullopt); // cached miss
    QCOMPARE(cache.uidForName("no-such-user-qrsync"), std::nullopt);
}

void TestTreeScanner::hardLinkMap()
{
    QTemporaryDir tmp;
    const QByteArray dir = makeScratch(tmp);
    QVERIFY(writeFile(dir + "/a", "x"));
    QVERIFY(::link(QByteArray(dir + "/a").constData(), QByteArray(dir + "/b").constData()) == 0);
    QVERIFY(writeFile(dir + "/c", "x"));
    HardLinkMap map;
    qint32 index = 10;
    std::map<QByteArray, HardLinkMap::Membership> got;
    for (const char* n : {"a", "c", "b"}) {
        struct stat st;
        QVERIFY(::lstat(QByteArray(dir + '/' + n).constData(), &st) == 0);
        got.emplace(n, map.add(st.st_dev, st.st_ino, index++));
    }
    QVERIFY(got.at("a").isLeader);
    QCOMPARE(got.at("a").leader, 10);
    QVERIFY(!got.at("b").isLeader);
    QCOMPARE(got.at("b").leader, 10);
    QVERIFY(got.at("c").isLeader);
    QCOMPARE(map.size(), size_t(2));
    QCOMPARE(map.leaderOf(1, 2), std::nullopt);
}

QTEST_GUILESS_MAIN(TestTreeScanner)
#include "tst_treescanner.moc"
