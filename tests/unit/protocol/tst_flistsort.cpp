// File-list order and duplicate cleaning (filelist.md §6, flist.c
// f_name_cmp, flist_sort_and_clean), against the example in the notes and
// the order stock rsync itemizes random trees in (tests/data/protocol/
// filelist/sort/make-trees.py).

#include "protocol/filelistsort.h"
#include "testsupport.h"

#include <QTest>

#include <algorithm>
#include <random>

using namespace qrsync::protocol;
using qrsync::test::readTestData;

namespace {

FileEntry entry(const char* name, bool dir)
{
    FileEntry e;
    e.name = name;
    e.mode = dir ? 040755 : 0100644;
    return e;
}

QByteArrayList names(const std::vector<FileEntry>& v)
{
    QByteArrayList out;
    for (const FileEntry& e : v)
        out.append(e.name);
    return out;
}

void shuffle(std::vector<FileEntry>& v, unsigned seed)
{
    std::mt19937 rng(seed);
    std::shuffle(v.begin(), v.end(), rng);
}

} // namespace

class TestFlistSort : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void siblingFastPathAgreesWithWalk();
    void notesExample();
    void pairs_data();
    void pairs();
    void stockOrder_data();
    void stockOrder();
    void duplicates();
    void dirFlagsMerge();
};

void TestFlistSort::notesExample()
{
    std::vector<FileEntry> v{entry("c", true),      entry("a/b/y", false), entry("a", true),
                             entry("z.txt", false), entry("a/x", false),   entry(".", true),
                             entry("a/b", true),    entry("b.txt", false)};
    for (unsigned seed = 0; seed < 20; ++seed) {
        shuffle(v, seed);
        sortFileList(v);
        QCOMPARE(names(v),
                 (QByteArrayList{".", "b.txt", "z.txt", "a", "a/x", "a/b", "a/b/y", "c"}));
    }
}

void TestFlistSort::pairs_data()
{
    QTest::addColumn<QByteArray>("first");
    QTest::addColumn<bool>("firstDir");
    QTest::addColumn<QByteArray>("second");
    QTest::addColumn<bool>("secondDir");
    QTest::newRow("top dir first") << QByteArray(".") << true << QByteArray("+") << false;
    QTest::newRow("file before dir") << QByteArray("z") << false << QByteArray("a") << true;
    QTest::newRow("dir as a/ after a.b/")
        << QByteArray("a.b/c") << false << QByteArray("a/b") << false;
    QTest::newRow("dir a/ after dir a.b/") << QByteArray("a.b") << true << QByteArray("a") << true;
    QTest::newRow("file a before file a.b")
        << QByteArray("a") << false << QByteArray("a.b") << false;
    QTest::newRow("dir before its contents")
        << QByteArray("a") << true << QByteArray("a/0") << false;
    QTest::newRow("contents before later dir")
        << QByteArray("a/z/z") << false << QByteArray("b") << true;
    QTest::newRow("unsigned bytes") << QByteArray("z") << false << QByteArray("\xc3\xa9") << false;
    QTest::newRow("file and dir of one name")
        << QByteArray("x") << false << QByteArray("x") << true;
}

void TestFlistSort::pairs()
{
    QFETCH(QByteArray, first);
    QFETCH(bool, firstDir);
    QFETCH(QByteArray, second);
    QFETCH(bool, secondDir);
    const FileEntry a = entry(first.constData(), firstDir);
    const FileEntry b = entry(second.constData(), secondDir);
    QVERIFY(compareFileEntries(a, b) < 0);
    QVERIFY(compareFileEntries(b, a) > 0);
    QCOMPARE(compareFileEntries(a, a), 0);
}

void TestFlistSort::stockOrder_data()
{
    QTest::addColumn<int>("seed");
    for (int seed = 1; seed <= 5; ++seed)
        QTest::addRow("tree-%d", seed) << seed;
}

// Each line of `rsync -ain --no-i-r src/ empty/` is "<11 flags> name";
// directories end in '/', symlinks in " -> target".
void TestFlistSort::stockOrder()
{
    QFETCH(int, seed);
    const QByteArray text =
        readTestData(QStringLiteral("protocol/filelist/sort/tree-%1.txt").arg(seed));
    QVERIFY(!text.isEmpty());
    std::vector<FileEntry> want{entry(".", true)};
    for (const QByteArray& line : text.split('\n')) {
        if (line.isEmpty())
            continue;
        QVERIFY2(line.size() > 12, line.constData());
        QByteArray name = line.mid(12);
        const bool dir = line.startsWith("cd");
        if (dir)
            name.chop(1);
        if (line.startsWith("cL"))
            name = name.left(name.indexOf(" -> "));
        FileEntry e = entry(name.constData(), dir);
        if (line.startsWith("cL"))
            e.mode = 0120777;
        want.push_back(e);
    }
    QVERIFY(want.size() > 30);
    for (unsigned s = 0; s < 5; ++s) {
        std::vector<FileEntry> v = want;
        shuffle(v, s);
        sortFileList(v);
        QCOMPARE(names(v), names(want));
        QVERIFY(std::none_of(v.begin(), v.end(), [](const FileEntry& e) { return e.removed; }));
    }
}

void TestFlistSort::duplicates()
{
    // Transmission order; the kept entry of each pair is marked by its size.
    std::vector<FileEntry> v{entry(".", true), entry("x", false),   entry("f", false),
                             entry("x", true), entry("x/y", false), entry("f", false),
                             entry("g", true), entry("g", true)};
    for (size_t i = 0; i < v.size(); ++i)
        v[i].size = qint64(i);
    sortFileList(v);
    QCOMPARE(names(v), (QByteArrayList{".", "f", "f", "x", "g", "g", "x", "x/y"}));
    std::vector<std::pair<qint64, bool>> got;
    for (const FileEntry& e : v)
        got.emplace_back(e.size, e.removed);
    // f: the first stays; x: the directory beats the file; g: the first dir.
    const std::vector<std::pair<qint64, bool>> want{{0, false}, {2, false}, {5, true},  {1, true},
                                                    {6, false}, {7, true},  {3, false}, {4, false}};
    QCOMPARE(got, want);

    // A sender keeps everything.
    std::vector<FileEntry> w{entry("b", false), entry("b", false)};
    sortFileList(w, DuplicatePolicy::Keep);
    QVERIFY(!w[0].removed && !w[1].removed);
}

void TestFlistSort::dirFlagsMerge()
{
    // An implied dir (-R parent) meets a content dir of the same name: the
    // survivor (the first) becomes a content dir with the top-dir flag.
    FileEntry implied = entry("d", true);
    implied.topDir = implied.noContentDir = true;
    FileEntry content = entry("d", true);
    content.topDir = true;
    std::vector<FileEntry> v{implied, content};
    sortFileList(v);
    QVERIFY(!v[0].removed && v[1].removed);
    QVERIFY(v[0].topDir);
    QVERIFY(!v[0].noContentDir);

    // Two implied dirs stay implied; a no-content dir drops "implied".
    std::vector<FileEntry> w{implied, implied};
    sortFileList(w);
    QVERIFY(w[0].topDir && w[0].noContentDir);
    FileEntry plain = entry("d", true);
    plain.noContentDir = true;
    std::vector<FileEntry> u{implied, plain};
    sortFileList(u);
    QVERIFY(!u[0].topDir && u[0].noContentDir);
}

void TestFlistSort::siblingFastPathAgreesWithWalk()
{
    // Names built from a few characters that matter to the order ('.',
    // '-', '/', digits, high bytes), as files and as directories.
    const QList<QByteArray> parts = {"a", "a.b", "a-b", "ab", "b", "a0", ".x", "\xc3\xa9", "A"};
    QList<FileEntry> entries;
    for (const QByteArray& dir :
         {QByteArray(), QByteArray("d/"), QByteArray("a/"), QByteArray("a.b/")}) {
        for (const QByteArray& leaf : parts) {
            for (bool isDir : {false, true}) {
                FileEntry e;
                e.name = dir + leaf;
                e.mode = isDir ? kModeDirectory | 0755 : kModeRegular | 0644;
                entries << e;
            }
        }
    }
    FileEntry root;
    root.name = ".";
    root.mode = kModeDirectory | 0755;
    entries << root;
    auto sign = [](int v) { return v < 0 ? -1 : v > 0 ? 1 : 0; };
    for (const FileEntry& a : entries) {
        for (const FileEntry& b : entries) {
            QCOMPARE(sign(compareFileEntries(a, b)), sign(compareFileEntriesByWalk(a, b)));
        }
    }
}

QTEST_GUILESS_MAIN(TestFlistSort)
#include "tst_flistsort.moc"
