// File-list codec (filelist.md §3-4): round trip under every config
// combination, split points, truncation, and malformed input.

#include "protocol/filelistdecoder.h"
#include "protocol/filelistencoder.h"
#include "protocol/reader.h"
#include "testsupport.h"

#include <QTest>

using namespace qrsync::protocol;
using qrsync::test::fromHex;
using qrsync::test::toHex;

Q_DECLARE_METATYPE(qrsync::protocol::FileListConfig)

namespace qrsync::protocol {
// Lets QCOMPARE print entries.
char* toString(const FileEntry& e)
{
    const QString s =
        QStringLiteral("{%1 mode=%2 size=%3 mtime=%4.%5 atime=%6 crtime=%7 uid=%8(%9) gid=%10(%11) "
                       "rdev=%12:%13 link=%14 sum=%15 top=%16 nocontent=%17 hl=%18/%19/%20}")
            .arg(QString::fromLatin1(e.name.left(40)))
            .arg(e.mode, 0, 8)
            .arg(e.size)
            .arg(e.mtime)
            .arg(e.mtimeNsec)
            .arg(e.atime)
            .arg(e.crtime)
            .arg(e.uid)
            .arg(QString::fromLatin1(e.userName))
            .arg(e.gid)
            .arg(QString::fromLatin1(e.groupName))
            .arg(e.rdevMajor)
            .arg(e.rdevMinor)
            .arg(QString::fromLatin1(e.linkTarget))
            .arg(QString::fromLatin1(e.checksum.toHex()))
            .arg(e.topDir)
            .arg(e.noContentDir)
            .arg(e.hardLinked)
            .arg(e.hardLinkFirst)
            .arg(e.hardLinkLeader);
    return qstrdup(qPrintable(s));
}
} // namespace qrsync::protocol

namespace {

void owner(FileEntry& e, quint32 uid, quint32 gid);

// Entries are root's unless owner() says otherwise: one id, one name.
FileEntry make(QByteArray name, quint32 mode, qint64 size = 0, qint64 mtime = 1700000000)
{
    FileEntry e;
    owner(e, 0, 0);
    e.name = std::move(name);
    e.mode = mode;
    e.size = size;
    e.mtime = mtime;
    return e;
}

void owner(FileEntry& e, quint32 uid, quint32 gid)
{
    e.uid = uid;
    e.gid = gid;
    static const QHash<quint32, QByteArray> names{{0, "root"}, {1000, "alice"}, {33, "www"}};
    e.userName = names.value(uid);
    e.groupName = names.value(gid);
}

// Two lists of varied entries; the second holds a hard link to a leader in
// the first. Hard-link members in the same list carry the leader's
// attributes, as they would coming from one inode.
std::vector<std::vector<FileEntry>> makeLists(qint32 firstNdx)
{
    std::vector<FileEntry> a;
    FileEntry top = make(".", 040755, 4096);
    top.topDir = true;
    owner(top, 0, 0);
    a.push_back(top);
    FileEntry f = make("file.txt", 0100644, 5, 1700000001);
    f.mtimeNsec = 123456789;
    f.atime = 1600000000;
    f.crtime = 1700000001; // == mtime
    f.checksum = QByteArray(16, '\x5a');
    owner(f, 1000, 33);
    a.push_back(f);
    FileEntry big = make("big.bin", 0100600, 0x123456789LL, 1700000001);
    big.atime = 1600000000; // same atime
    big.crtime = 1500000000;
    big.checksum = QByteArray("short"); // padded with zeros
    owner(big, 1000, 1000);
    a.push_back(big);
    FileEntry lead = make("hl-a", 0100644, 7, 1699999999);
    lead.hardLinked = lead.hardLinkFirst = true;
    lead.checksum = QByteArray(16, '\x01');
    owner(lead, 1234, 5678); // no names
    a.push_back(lead);
    FileEntry member = lead;
    member.name = "hl-b";
    member.hardLinkFirst = false;
    member.hardLinkLeader = firstNdx + 3;
    a.push_back(member);
    FileEntry link = make("link", 0120777, 8, 1700000002);
    link.linkTarget = "file.txt";
    owner(link, 0, 0);
    a.push_back(link);
    FileEntry chr = make("null", 020666, 0, 1700000002);
    chr.rdevMajor = 1;
    chr.rdevMinor = 3;
    a.push_back(chr);
    FileEntry chr2 = chr;
    chr2.name = "zero";
    chr2.rdevMinor = 0x12345; // same major
    a.push_back(chr2);
    FileEntry blk = make("loop0", 060660, 0, 1700000002);
    blk.rdevMajor = 7;
    blk.rdevMinor = 0;
    a.push_back(blk);
    a.push_back(make("fifo", 010644, 0, 0));
    a.push_back(make("sock", 0140755, 0, -5)); // negative time
    FileEntry implied = make("implied", 040755, 4096);
    implied.topDir = implied.noContentDir = true;
    a.push_back(implied);
    FileEntry nocontent = make("dir", 040700, 4096);
    nocontent.noContentDir = true;
    a.push_back(nocontent);
    a.push_back(make("zero-flags", 040700, 4096)); // same mode/time as above: flags 0
    a.push_back(make("zero-flags/x", 0100644, 0, 1700000000));
    a.push_back(make("zero-flags/y", 0100644, 0, 1700000000)); // all SAME_*

    std::vector<FileEntry> b;
    const QByteArray longDir = QByteArray(250, 'd') + '/' + QByteArray(250, 'e');
    b.push_back(make(longDir, 040755, 4096)); // l2 > 255
    FileEntry deep = make(longDir + '/' + QByteArray(200, 'f'), 0100644, 9);
    owner(deep, 33, 33);
    b.push_back(deep); // l1 capped at 255, long l2 again
    FileEntry cross = make("sub/hl-c", 0100644, 7, 1699999999);
    cross.hardLinked = true;
    cross.hardLinkLeader = firstNdx + 3; // the leader is in the first list
    cross.checksum = QByteArray(16, '\x01');
    owner(cross, 1234, 5678);
    b.push_back(cross);
    FileEntry raw = make(QByteArray("sub/\xff\xfe raw"), 0100755, 1);
    raw.mtimeNsec = 999999999;
    b.push_back(raw);
    return {a, b};
}

// What survives the wire under `c`.
FileEntry expected(FileEntry e, const FileListConfig& c)
{
    const bool names = c.incRecurse && !c.numericIds;
    if (!c.preserveUid || !names)
        e.userName.clear();
    if (!c.preserveGid || !names)
        e.groupName.clear();
    if (!c.preserveUid)
        e.uid = 0;
    if (!c.preserveGid)
        e.gid = 0;
    if (c.protocol < 31)
        e.mtimeNsec = 0;
    if (!c.preserveAtimes || e.isDir())
        e.atime = 0;
    if (!c.preserveCrtimes)
        e.crtime = 0;
    if (!(c.preserveDevices && e.isDevice()))
        e.rdevMajor = e.rdevMinor = 0;
    if (!c.preserveLinks)
        e.linkTarget.clear();
    if (!c.alwaysChecksum || !e.isRegular())
        e.checksum.clear();
    else
        e.checksum = e.checksum.leftJustified(c.checksumLength, '\0', true);
    if (!c.preserveHardLinks || e.isDir()) {
        e.hardLinked = e.hardLinkFirst = false;
        e.hardLinkLeader = -1;
    }
    return e;
}

struct Encoded
{
    QByteArray wire;
    std::vector<qsizetype> listEnds; // offsets where each list's end marker ends
};

Encoded encodeAll(const FileListConfig& c, const std::vector<std::vector<FileEntry>>& lists,
                  qint32 firstNdx)
{
    Encoded out;
    FileListEncoder enc(c);
    qint32 ndx = firstNdx;
    for (const auto& list : lists) {
        enc.beginList(ndx);
        for (const FileEntry& e : list)
            enc.encodeEntry(e, out.wire);
        enc.encodeEnd(out.wire, 0);
        out.listEnds.push_back(out.wire.size());
        ndx += qint32(list.size()) + 1;
    }
    return out;
}

} // namespace

class TestFileList : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void endMarker_data();
    void endMarker();
    void malformed_data();
    void malformed();
    void relativePaths();
    void cleanNames();
};

void TestFileList::roundTrip_data()
{
    QTest::addColumn<FileListConfig>("config");
    for (int protocol = 30; protocol <= 32; ++protocol) {
        for (bool varint : {true, false}) {
            for (int set = 0; set < 4; ++set) {
                FileListConfig c;
                c.protocol = protocol;
                c.varintFlags = varint;
                const bool all = set != 0;
                c.preserveUid = c.preserveGid = all;
                c.preserveLinks = c.preserveDevices = c.preserveSpecials = all;
                c.preserveHardLinks = set >= 2;
                c.preserveAtimes = set == 3;
                c.preserveCrtimes = set == 3 && varint; // needs varint flags
                c.alwaysChecksum = set == 3;
                c.incRecurse = set == 1 || set == 3;
                c.numericIds = set == 2;
                c.id0Names = varint;
                const char* sets[] = {"none", "-a inc", "-aH numeric", "-aHUNc inc"};
                QTest::addRow("p%d %s %s", protocol, varint ? "varint" : "bytes", sets[set]) << c;
            }
        }
    }
}

// Encodes two lists, then decodes them whole, split at every byte and
// from every prefix (which must give NeedMore and leave the decoder as it
// was).
void TestFileList::roundTrip()
{
    QFETCH(FileListConfig, config);
    const qint32 firstNdx = config.incRecurse ? 1 : 0;
    const auto lists = makeLists(firstNdx);
    const Encoded enc = encodeAll(config, lists, firstNdx);

    FileListDecoder dec(config);
    qsizetype pos = 0;
    qint32 ndx = firstNdx;
    for (size_t l = 0; l < lists.size(); ++l) {
        dec.beginList(ndx);
        for (size_t i = 0; i <= lists[l].size(); ++i) {
            const QByteArrayView rest = QByteArrayView(enc.wire).sliced(pos);
            // Every strict prefix of the item: NeedMore, nothing consumed,
            // and a sensible hint.
            Decode<FileListItem> whole = Decode<FileListItem>::needMore(0);
            for (qsizetype cut = 0; cut <= rest.size(); ++cut) {
                whole = dec.next(rest.first(cut));
                if (whole.isOk())
                    break;
                QVERIFY2(whole.isNeedMore(), qPrintable(whole.errorMessage()));
                QCOMPARE(whole.consumed(), 0);
                QVERIFY(whole.atLeast() > cut);
            }
            QVERIFY(whole.isOk());
            pos += whole.consumed();
            if (i == lists[l].size()) {
                QVERIFY(whole.value().isEnd());
                QCOMPARE(whole.value().ioError, 0);
                QCOMPARE(pos, enc.listEnds[l]);
            } else {
                QVERIFY(!whole.value().isEnd());
                QCOMPARE(whole.value().entry, expected(lists[l][i], config));
            }
        }
        ndx += qint32(lists[l].size()) + 1;
    }
    QCOMPARE(pos, enc.wire.size());

    // Re-encoding the decoded entries gives the same bytes.
    std::vector<std::vector<FileEntry>> decoded;
    for (const auto& list : lists) {
        decoded.emplace_back();
        for (const FileEntry& e : list)
            decoded.back().push_back(expected(e, config));
    }
    QCOMPARE(toHex(encodeAll(config, decoded, firstNdx).wire), toHex(enc.wire));
}

void TestFileList::endMarker_data()
{
    QTest::addColumn<FileListConfig>("config");
    QTest::addColumn<qint32>("ioError");
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<qint32>("decoded");
    FileListConfig varint;
    FileListConfig bytes;
    bytes.varintFlags = false;
    FileListConfig unsafe30 = bytes;
    unsafe30.protocol = 30;
    FileListConfig safe30 = unsafe30;
    safe30.safeFlist = true;
    QTest::newRow("varint") << varint << 0 << fromHex("00 00") << 0;
    QTest::newRow("varint io_error") << varint << 1 << fromHex("00 01") << 1;
    QTest::newRow("varint masked") << varint << 0x13 << fromHex("00 13") << 3;
    QTest::newRow("bytes") << bytes << 0 << fromHex("00") << 0;
    QTest::newRow("bytes io_error") << bytes << 2 << fromHex("04 10 02") << 2;
    QTest::newRow("p30 unsafe: MSG_IO_ERROR instead") << unsafe30 << 1 << fromHex("00") << 0;
    QTest::newRow("p30 safe") << safe30 << 1 << fromHex("04 10 01") << 1;
}

void TestFileList::endMarker()
{
    QFETCH(FileListConfig, config);
    QFETCH(qint32, ioError);
    QFETCH(QByteArray, wire);
    QFETCH(qint32, decoded);
    FileListEncoder enc(config);
    QByteArray out;
    enc.encodeEnd(out, ioError);
    QCOMPARE(toHex(out), toHex(wire));
    FileListDecoder dec(config);
    auto d = dec.next(out);
    QVERIFY(d.isOk());
    QVERIFY(d.value().isEnd());
    QCOMPARE(d.value().ioError, decoded);
    QCOMPARE(d.consumed(), out.size());
}

void TestFileList::malformed_data()
{
    QTest::addColumn<FileListConfig>("config");
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<QString>("message");
    const FileListConfig c; // protocol 32, varint flags, nothing preserved
    auto one = [&](FileEntry e, const FileListConfig& cfg = FileListConfig()) {
        FileListEncoder enc(cfg);
        QByteArray out;
        enc.encodeEntry(e, out);
        return out;
    };
    const QString unsafe = QStringLiteral("ABORTING due to unsafe pathname from sender");
    QTest::newRow("..") << c << one(make("..", 040755)) << unsafe;
    QTest::newRow("a/../b") << c << one(make("a/../b", 0100644)) << unsafe;
    QTest::newRow("leading /") << c << one(make("/etc/passwd", 0100644)) << unsafe;
    QTest::newRow("NUL in name") << c << one(make(QByteArray("a\0b", 3), 0100644)) << unsafe;
    // flags 0x04 (zero-avoidance), l2 = 0.
    QTest::newRow("empty name") << c << fromHex("04 00 00 00 00 00 00 a4 81 00 00") << unsafe;
    // SAME_NAME with l1 = 3 on the first entry.
    QTest::newRow("l1 past previous name")
        << c << fromHex("20 03 01 61") << QStringLiteral("overflow: xflags=0x20 l1=3 l2=1");
    // LONG_NAME, l2 = 4096.
    QTest::newRow("name too long") << c << fromHex("40 90 00") << QStringLiteral("overflow:");
    QTest::newRow("mode 0") << c << one(make("x", 0))
                            << QStringLiteral("invalid file mode 00 for x");
    QTest::newRow("mode 0170644") << c << one(make("x", 0170644))
                                  << QStringLiteral("invalid file mode 0170644 for x");
    // SAME_MODE on the first entry inherits mode 0.
    QTest::newRow("first entry SAME_MODE")
        << c << fromHex("02 01 78 00 00 00 00 00 00 00") << QStringLiteral("invalid file mode");
    FileEntry nsec = make("x", 0100644);
    nsec.mtimeNsec = 1000000000;
    QTest::newRow("nsec") << c << one(nsec) << QStringLiteral("modtime_nsec out of range");
    QTest::newRow("negative size")
        << c << one(make("x", 0100644, -1)) << QStringLiteral("Offset underflow");
    QTest::newRow(". not a dir") << c << one(make(".", 0100644))
                                 << QStringLiteral("rejecting non-directory transfer-root");
    FileListConfig links;
    links.preserveLinks = true;
    FileEntry target = make("l", 0120777, 4096);
    target.linkTarget = QByteArray(4096, 'x');
    QTest::newRow("symlink target 4096")
        << links << one(target, links) << QStringLiteral("overflow: linkname_len=4096");
    // HLINKED, leader 0, but the list is empty.
    QTest::newRow("hard-link leader out of range")
        << c << fromHex("82 02 01 78 00")
        << QStringLiteral("hard-link reference out of range: 0 (0)");
    FileListConfig unsafe30;
    unsafe30.protocol = 30;
    unsafe30.varintFlags = false;
    QTest::newRow("io_error end without safe flist")
        << unsafe30 << fromHex("04 10 01") << QStringLiteral("Invalid flist flag: 1004");
}

void TestFileList::malformed()
{
    QFETCH(FileListConfig, config);
    QFETCH(QByteArray, wire);
    QFETCH(QString, message);
    FileListDecoder dec(config);
    auto d = dec.next(wire);
    QVERIFY2(d.isError(),
             qPrintable(d.isOk() ? QStringLiteral("accepted") : QStringLiteral("short")));
    QVERIFY2(d.errorMessage().contains(message), qPrintable(d.errorMessage()));
    // Every prefix is NeedMore or the same error: never a crash.
    for (qsizetype cut = 0; cut < wire.size(); ++cut) {
        FileListDecoder fresh(config);
        auto p = fresh.next(QByteArrayView(wire).first(cut));
        QVERIFY(!p.isOk());
    }
}

void TestFileList::relativePaths()
{
    FileListConfig c;
    c.relativePaths = true;
    FileListEncoder enc(c);
    QByteArray out;
    enc.encodeEntry(make("/abs/./x//y/", 0100644), out);
    FileListDecoder dec(c);
    auto d = dec.next(out);
    QVERIFY(d.isOk());
    QCOMPARE(d.value().entry.name, QByteArray("/abs/x/y")); // clean_fname
}

void TestFileList::cleanNames()
{
    const std::pair<const char*, const char*> cases[] = {
        {".", "."},     {"./", "."}, {"a/./b", "a/b"}, {"a//b/", "a/b"},     {"./a", "a"},
        {"a/.", "a/."}, {"/", "/"},  {"//x", "/x"},    {".a/..b", ".a/..b"},
    };
    for (const auto& [in, want] : cases) {
        QByteArray out;
        QVERIFY2(cleanFileName(in, out), in);
        QCOMPARE(out, QByteArray(want));
    }
    for (const char* bad : {"..", "../a", "a/..", "a/../b", "/.."}) {
        QByteArray out;
        QVERIFY2(!cleanFileName(bad, out), bad);
    }
}

QTEST_GUILESS_MAIN(TestFileList)
#include "tst_filelist.moc"
