// Planning incremental recursion on the sending side (filelist.md §5, §7):
// the lists, their order, their indices and directory numbers follow the
// walk stock's sender makes of its directory table, and hard-link groups
// are renumbered by their first member in the new transmission order.
// The directory numbers are those stock 3.5.0's receiver announced for the
// same tree (--debug=flist2: "receiving flist for dir" 1, 3, 4, then 2).

#include "protocol/fileentry.h"
#include "session/incrementallists.h"

#include <QTest>

using namespace qrsync;
using namespace qrsync::session;

namespace {

protocol::FileEntry dir(const char* name)
{
    protocol::FileEntry e;
    e.name = name;
    e.mode = protocol::kModeDirectory | 0755;
    return e;
}

protocol::FileEntry file(const char* name)
{
    protocol::FileEntry e;
    e.name = name;
    e.mode = protocol::kModeRegular | 0644;
    return e;
}

QList<QByteArray> names(const std::vector<protocol::FileEntry>& entries,
                        const std::vector<size_t>& indices)
{
    QList<QByteArray> out;
    for (size_t i : indices)
        out << entries[i].name;
    return out;
}

// The scan of "src/" in readdir-like order: each directory's entries, then
// its subdirectories' contents.
std::vector<protocol::FileEntry> scannedTree()
{
    return {dir("."),          file("x"),       dir("e"),      dir("a"),
            dir("a/b"),        file("a/y"),     file("a/b/z"), dir("a/b/c"),
            file("a/b/xlink"), file("a/b/c/w"), file("e/v"),   file("e/sl")};
}

} // namespace

class TestIncrementalLists : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsFollowTheDirectoryWalk();
    void indicesLeaveASlotPerList();
    void hardLinksAreRenumberedInSendingOrder();
    void singleFileHasOneList();
    void orphanEntriesAreRefused();
};

void TestIncrementalLists::listsFollowTheDirectoryWalk()
{
    auto entries = scannedTree();
    const auto lists = planIncrementalLists(entries);
    QVERIFY(lists);
    QCOMPARE(lists->size(), size_t(5));
    // First list: the top entries, sorted ("." first, files before dirs).
    QCOMPARE(names(entries, (*lists)[0].sorted), (QList<QByteArray>{".", "x", "a", "e"}));
    QCOMPARE((*lists)[0].dirIndex, -1);
    // The directory table: ".", "a", "e" (sorted), then each list's dirs.
    // Stock walks a (table 1), its child a/b (3), a/b/c (4), then e (2).
    QCOMPARE((*lists)[1].dirIndex, 1);
    QCOMPARE(names(entries, (*lists)[1].sorted), (QList<QByteArray>{"a/y", "a/b"}));
    QCOMPARE((*lists)[2].dirIndex, 3);
    QCOMPARE(names(entries, (*lists)[2].sorted),
             (QList<QByteArray>{"a/b/xlink", "a/b/z", "a/b/c"}));
    QCOMPARE((*lists)[3].dirIndex, 4);
    QCOMPARE(names(entries, (*lists)[3].sorted), (QList<QByteArray>{"a/b/c/w"}));
    QCOMPARE((*lists)[4].dirIndex, 2);
    QCOMPARE(names(entries, (*lists)[4].sorted), (QList<QByteArray>{"e/sl", "e/v"}));
    // Within a list the scan's order is kept for transmission.
    QCOMPARE(names(entries, (*lists)[4].sent), (QList<QByteArray>{"e/v", "e/sl"}));
}

void TestIncrementalLists::indicesLeaveASlotPerList()
{
    auto entries = scannedTree();
    const auto lists = planIncrementalLists(entries);
    QVERIFY(lists);
    // filelist.md §5: the first list starts at 1; each later one one past
    // the end of the previous (the slot before it names its directory).
    QCOMPARE((*lists)[0].ndxStart, 1);
    QCOMPARE((*lists)[1].ndxStart, 6);
    QCOMPARE((*lists)[2].ndxStart, 9);
    QCOMPARE((*lists)[3].ndxStart, 13);
    QCOMPARE((*lists)[4].ndxStart, 15);
    // Slot 0 stands for "." (index 1); list 1's slot for "a" (index 3).
    QCOMPARE((*lists)[0].parentNdx, 1);
    QCOMPARE((*lists)[1].parentNdx, 3);
    QCOMPARE((*lists)[2].parentNdx, 7);  // a/b, second in list 1
    QCOMPARE((*lists)[3].parentNdx, 11); // a/b/c, third in list 2
    QCOMPARE((*lists)[4].parentNdx, 4);  // e
}

void TestIncrementalLists::hardLinksAreRenumberedInSendingOrder()
{
    // Groups are numbered by the member sent first: x still leads its
    // group, but a/b/z now goes out before its scan leader e/v.
    auto entries = scannedTree();
    auto link = [&](const char* name, bool first, qint32 leader) {
        for (auto& e : entries) {
            if (e.name == name) {
                e.hardLinked = true;
                e.hardLinkFirst = first;
                e.hardLinkLeader = leader;
            }
        }
    };
    // Scan order indices: x = 1, a/b/z = 6, a/b/xlink = 8, e/v = 10.
    link("e/v", true, -1); // scan leader of group {e/v, a/b/z}
    link("a/b/z", false, 10);
    link("x", true, -1); // group {x, a/b/xlink}
    link("a/b/xlink", false, 1);
    const auto lists = planIncrementalLists(entries);
    QVERIFY(lists);
    auto find = [&](const char* name) -> const protocol::FileEntry& {
        return *std::find_if(entries.begin(), entries.end(),
                             [&](const protocol::FileEntry& e) { return e.name == name; });
    };
    // x is sent second in the first list: global transmission index 2.
    QVERIFY(find("x").hardLinkFirst);
    QVERIFY(!find("a/b/xlink").hardLinkFirst);
    QCOMPARE(find("a/b/xlink").hardLinkLeader, 2);
    // a/b/z goes out (list 2, sent first: index 9) before e/v (list 4):
    // it leads now, and e/v names it.
    QVERIFY(find("a/b/z").hardLinkFirst);
    QVERIFY(!find("e/v").hardLinkFirst);
    QCOMPARE(find("e/v").hardLinkLeader, 9);
}

void TestIncrementalLists::singleFileHasOneList()
{
    std::vector<protocol::FileEntry> entries{file("only")};
    const auto lists = planIncrementalLists(entries);
    QVERIFY(lists);
    QCOMPARE(lists->size(), size_t(1));
    QCOMPARE((*lists)[0].parentNdx, -1); // no "." to stand for
}

void TestIncrementalLists::orphanEntriesAreRefused()
{
    // An entry whose directory is not in the list (implied directories of
    // -R) cannot be placed in any list.
    std::vector<protocol::FileEntry> entries{dir("."), file("missing/child")};
    QVERIFY(!planIncrementalLists(entries));
}

QTEST_GUILESS_MAIN(TestIncrementalLists)
#include "tst_incrementallists.moc"
