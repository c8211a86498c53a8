// The uid/gid lists after a non-inc-recursion file list (filelist.md §4):
// the verified stock bytes, the encoder's order and naming, round trip and
// truncation.

#include "protocol/filelistencoder.h"
#include "protocol/idlist.h"
#include "testsupport.h"

#include <QTest>

using namespace qrsync::protocol;
using qrsync::test::fromHex;
using qrsync::test::toHex;

namespace {

FileListConfig listConfig(bool id0Names)
{
    FileListConfig c;
    c.preserveUid = c.preserveGid = true;
    c.id0Names = id0Names;
    return c;
}

FileEntry owned(const char* name, quint32 uid, quint32 gid)
{
    FileEntry e;
    e.name = name;
    e.mode = 0100644;
    e.uid = uid;
    e.gid = gid;
    return e;
}

} // namespace

class TestIdList : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void verified();
    void encoderOrder();
    void withoutId0Names();
    void absent();
    void truncation();
};

void TestIdList::verified()
{
    // filelist.md §4: --no-i-r, one file owned by 1234:5678 (no names).
    const QByteArray wire = fromHex("00 04 726f6f74 00 04 726f6f74");
    FileListEncoder enc(listConfig(true));
    QByteArray entries;
    enc.encodeEntry(owned(".", 0, 0), entries);
    enc.encodeEntry(owned("x", 1234, 5678), entries);
    QByteArray out;
    enc.encodeIdLists(out, {{0, "root"}}, {{0, "root"}});
    QCOMPARE(toHex(out), toHex(wire));
    auto d = decodeIdLists(wire, listConfig(true));
    QVERIFY(d.isOk());
    QCOMPARE(d.consumed(), wire.size());
    QCOMPARE(d.value().users, (std::vector<IdName>{{0, "root"}}));
    QCOMPARE(d.value().groups, (std::vector<IdName>{{0, "root"}}));
}

void TestIdList::encoderOrder()
{
    // uidlist.c add_to_list prepends: the most recently met id comes first.
    FileListEncoder enc(listConfig(true));
    QByteArray entries;
    enc.encodeEntry(owned("a", 1000, 100), entries);
    enc.encodeEntry(owned("b", 1001, 100), entries);
    enc.encodeEntry(owned("c", 1000, 0), entries);
    enc.encodeEntry(owned("d", 1002, 101), entries); // 1002 has no name
    QByteArray out;
    enc.encodeIdLists(out, {{1000, "alice"}, {1001, "bob"}, {0, "root"}},
                      {{100, "users"}, {101, "staff"}, {0, "wheel"}});
    const QByteArray want = fromHex("83 e9 03 626f62"     // 1001 bob
                                    "83 e8 05 616c696365" // 1000 alice
                                    "00 04 726f6f74"      // 0 root
                                    "65 05 7374616666"    // 101 staff
                                    "64 05 7573657273"    // 100 users
                                    "00 05 776865656c");  // 0 wheel
    QCOMPARE(toHex(out), toHex(want));
    auto d = decodeIdLists(out, listConfig(true));
    QVERIFY(d.isOk());
    QCOMPARE(d.value().users, (std::vector<IdName>{{1001, "bob"}, {1000, "alice"}, {0, "root"}}));
    QCOMPARE(d.value().groups, (std::vector<IdName>{{101, "staff"}, {100, "users"}, {0, "wheel"}}));
}

void TestIdList::withoutId0Names()
{
    IdList lists{{{5, "five"}, {0, "zero"}, {6, {}}}, {}};
    QByteArray out;
    encodeIdLists(out, lists, listConfig(false), "root", "root");
    QCOMPARE(toHex(out), toHex(fromHex("05 04 66697665 00 00")));
    auto d = decodeIdLists(out, listConfig(false));
    QVERIFY(d.isOk());
    QCOMPARE(d.value(), (IdList{{{5, "five"}}, {}}));
}

void TestIdList::absent()
{
    FileListConfig inc = listConfig(true);
    inc.incRecurse = true;
    FileListConfig numeric = listConfig(true);
    numeric.numericIds = true;
    for (const FileListConfig& c : {inc, numeric, FileListConfig()}) {
        QVERIFY(!hasIdLists(c));
        QByteArray out;
        encodeIdLists(out, IdList{{{5, "five"}}, {}}, c, "root", "root");
        QVERIFY(out.isEmpty());
        auto d = decodeIdLists(fromHex("05 04"), c);
        QVERIFY(d.isOk());
        QCOMPARE(d.consumed(), 0);
    }
}

void TestIdList::truncation()
{
    QByteArray out;
    encodeIdLists(out, IdList{{{1000, "alice"}}, {{100, "users"}}}, listConfig(true), "root",
                  "root");
    for (qsizetype cut = 0; cut < out.size(); ++cut) {
        auto d = decodeIdLists(QByteArrayView(out).first(cut), listConfig(true));
        QVERIFY(d.isNeedMore());
        QVERIFY(d.atLeast() > cut);
    }
    QVERIFY(decodeIdLists(out, listConfig(true)).isOk());
}

QTEST_GUILESS_MAIN(TestIdList)
#include "tst_idlist.moc"
