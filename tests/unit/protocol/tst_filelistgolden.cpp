// File-list codec against stock rsync 3.5.0 captures (tests/data/protocol/
// filelist/README.md): every list of each push is decoded out of the
// client's data stream, checked against the tree make-captures.sh built, and
// re-encoded to the identical bytes.

#include "protocol/filelistdecoder.h"
#include "protocol/filelistencoder.h"
#include "protocol/reader.h"
#include "testsupport.h"

#include <QTest>

#include <map>

using namespace qrsync::protocol;
using qrsync::test::readTestData;
using qrsync::test::toHex;

namespace {

// make-captures.sh times (TZ=UTC).
constexpr qint64 kT1 = 1704164645; // .123456789
constexpr qint64 kT2 = 1706933106;
constexpr qint64 kT3 = 1709528767; // .5

// What the raw start of a captured push tells us (handshake.md §4-6), and
// the client's data stream: MSG_DATA bodies joined (framing.md §3).
struct Capture
{
    int protocol = 0;
    quint32 compatFlags = 0;
    QByteArray data;
    QString error;
};

Capture parseCapture(const QString& dir)
{
    Capture cap;
    const QByteArray up = readTestData(dir + QStringLiteral("/client-to-server.bin"));
    const QByteArray down = readTestData(dir + QStringLiteral("/server-to-client.bin"));
    Reader s(down);
    qint32 serverVersion = 0;
    qint32 compat = 0;
    s.i32(serverVersion);
    s.varint(compat);
    Reader c(up);
    qint32 clientVersion = 0;
    c.i32(clientVersion);
    if (!s.ok() || !c.ok()) {
        cap.error = QStringLiteral("short capture");
        return cap;
    }
    cap.protocol = std::min(serverVersion, clientVersion);
    cap.compatFlags = quint32(compat);
    // CF_VARINT_FLIST_FLAGS: the client's checksum-name vstring (no -z).
    if (cap.compatFlags & 0x80) {
        QByteArray names;
        c.vstring(names);
    }
    // Multiplexed from here: a 4-byte LE header, tag = byte 3 - 7, length
    // in the low 24 bits.
    while (c.ok() && c.remaining() > 0) {
        qint32 header = 0;
        QByteArrayView body;
        c.i32(header);
        const int tag = int(quint32(header) >> 24) - 7;
        c.bytes(header & 0xFFFFFF, body);
        if (c.ok() && tag == 0)
            cap.data.append(body);
    }
    if (!c.ok())
        cap.error = QStringLiteral("broken multiplexing");
    return cap;
}

// A negative ndx in the data stream (framing.md §2), enough for the sub-list
// markers and NDX_FLIST_EOF; prevNeg is the direction's predecessor.
bool readNegativeNdx(Reader& r, qint32& prevNeg, qint32& ndx)
{
    quint8 b = 0;
    if (!r.u8(b) || b != 0xFF || !r.u8(b))
        return false;
    qint32 v = 0;
    if (b == 0xFE) {
        quint8 b2 = 0, b3 = 0;
        r.u8(b2);
        r.u8(b3);
        if (b2 & 0x80) {
            quint8 b4 = 0, b5 = 0;
            r.u8(b4);
            r.u8(b5);
            v = (qint32(b2 & 0x7F) << 24) | b3 | (qint32(b4) << 8) | (qint32(b5) << 16);
        } else {
            v = prevNeg + ((qint32(b2) << 8) | b3);
        }
    } else {
        v = prevNeg + b;
    }
    prevNeg = v;
    ndx = -v;
    return r.ok();
}

struct List
{
    qint32 ndxStart = 0;
    QByteArray wire; // entries and end marker as captured
    std::vector<FileEntry> entries;
    qint32 ioError = 0;
};

} // namespace

class TestFileListGolden : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void capture_data();
    void capture();
};

void TestFileListGolden::capture_data()
{
    QTest::addColumn<QString>("dir");
    QTest::addColumn<bool>("hardLinks");
    QTest::addColumn<bool>("checksum");
    QTest::newRow("-a") << "push-a" << false << false;
    QTest::newRow("-a --protocol=30") << "push-p30" << false << false;
    QTest::newRow("-a byte flags") << "push-novarint" << false << false;
    QTest::newRow("-ac --no-i-r") << "push-ac" << false << true;
    QTest::newRow("-aH") << "push-aH" << true << false;
    QTest::newRow("-aH --protocol=31") << "push-p31-aH" << true << false;
    QTest::newRow("--no-i-r ids") << "push-noir" << false << false;
    QTest::newRow("-aD") << "push-aD" << false << false;
    QTest::newRow("-aD --protocol=30") << "push-aD-p30" << false << false;
}

void TestFileListGolden::capture()
{
    QFETCH(QString, dir);
    QFETCH(bool, hardLinks);
    QFETCH(bool, checksum);
    const Capture cap = parseCapture(QStringLiteral("protocol/filelist/") + dir);
    QVERIFY2(cap.error.isEmpty(), qPrintable(cap.error));

    FileListConfig config;
    config.protocol = cap.protocol;
    config.varintFlags = cap.compatFlags & 0x80;
    config.incRecurse = cap.compatFlags & 0x01;
    config.safeFlist = cap.compatFlags & 0x08;
    config.id0Names = cap.compatFlags & 0x100;
    config.preserveUid = config.preserveGid = true; // -a as root
    config.preserveLinks = config.preserveDevices = config.preserveSpecials = true;
    config.preserveHardLinks = hardLinks;
    config.alwaysChecksum = checksum;
    config.checksumLength = 16; // xxh128, the negotiated file checksum

    // Decode: the first list, then (inc-recursion) the sub-lists up to
    // NDX_FLIST_EOF, each starting at prev.ndxStart + prev.count + 1.
    FileListDecoder decoder(config);
    std::vector<List> lists;
    QByteArrayView rest(cap.data);
    qint32 ndxStart = config.incRecurse ? 1 : 0;
    qint32 prevNeg = 1;
    QByteArray idListWire;
    IdList idLists;
    while (true) {
        decoder.beginList(ndxStart);
        List list;
        list.ndxStart = ndxStart;
        qsizetype used = 0;
        while (true) {
            auto d = decoder.next(rest.sliced(used));
            QVERIFY2(d.isOk(),
                     qPrintable(d.isError() ? d.errorMessage() : QStringLiteral("short")));
            used += d.consumed();
            if (d.value().isEnd()) {
                list.ioError = d.value().ioError;
                break;
            }
            list.entries.push_back(d.value().entry);
        }
        QCOMPARE(decoder.entries(), list.entries);
        list.wire = rest.first(used).toByteArray();
        rest = rest.sliced(used);
        ndxStart += qint32(list.entries.size()) + 1;
        lists.push_back(std::move(list));
        if (!config.incRecurse) {
            auto ids = decoder.nextIdLists(rest);
            QVERIFY(ids.isOk());
            idLists = ids.value();
            idListWire = rest.first(ids.consumed()).toByteArray();
            break;
        }
        Reader r(rest);
        qint32 ndx = 0;
        QVERIFY(readNegativeNdx(r, prevNeg, ndx));
        rest = rest.sliced(r.position());
        if (ndx == -2) // NDX_FLIST_EOF
            break;
        QVERIFY2(ndx <= -101, qPrintable(QString::number(ndx)));
    }

    // Re-encode every list with one encoder: identical bytes.
    FileListEncoder encoder(config);
    for (const List& list : lists) {
        encoder.beginList(list.ndxStart);
        QByteArray out;
        for (const FileEntry& e : list.entries)
            encoder.encodeEntry(e, out);
        encoder.encodeEnd(out, list.ioError);
        QCOMPARE(toHex(out), toHex(list.wire));
    }
    if (!config.incRecurse) {
        QByteArray out;
        encoder.encodeIdLists(out, {{0, "root"}}, {{0, "root"}});
        QCOMPARE(toHex(out), toHex(idListWire));
        QCOMPARE(idLists.users, (std::vector<IdName>{{0, "root"}}));
        QCOMPARE(idLists.groups, (std::vector<IdName>{{0, "root"}}));
    }

    // The decoded tree.
    std::map<QByteArray, FileEntry> tree;
    std::map<QByteArray, qint32> ndxOf; // transmission-order index
    for (const List& list : lists) {
        for (size_t i = 0; i < list.entries.size(); ++i) {
            QVERIFY(list.entries[i].userName == (config.incRecurse ? "root" : "") ||
                    list.entries[i].uid != 0);
            tree[list.entries[i].name] = list.entries[i];
            ndxOf[list.entries[i].name] = list.ndxStart + qint32(i);
        }
    }
    const bool nsec = config.protocol >= 31;
    auto check = [&](const QByteArray& name, quint32 mode, qint64 size, qint64 mtime, quint32 ns) {
        QVERIFY2(tree.count(name), name.constData());
        const FileEntry& e = tree[name];
        QCOMPARE(e.mode, mode);
        if (size >= 0)
            QCOMPARE(e.size, size);
        QCOMPARE(e.mtime, mtime);
        QCOMPARE(e.mtimeNsec, nsec ? ns : 0u);
    };
    QVERIFY(tree.count("."));
    QVERIFY(tree["."].isDir());
    if (dir == "push-a" || dir == "push-p30" || dir == "push-novarint" || dir == "push-ac") {
        QCOMPARE(tree.size(), size_t(12));
        check(".", 040755, -1, kT2, 0);
        QVERIFY(tree["."].topDir);
        check("a.txt", 0100644, 5, kT1, 123456789);
        check("b.bin", 0100600, 3000, kT2, 0);
        check("link", 0120777, 5, kT1, 123456789);
        QCOMPARE(tree["link"].linkTarget, QByteArray("a.txt"));
        check("sub", 040755, -1, kT2, 0);
        check("sub/c.txt", 0100644, 7, kT3, 500000000);
        check("sub/deep", 040755, -1, kT2, 0);
        check("sub/deep/d.txt", 0100644, 5, kT2, 0);
        check("empty", 040700, -1, kT2, 0);
        const QByteArray a(250, 'A'), b(250, 'B'), c(250, 'C');
        check(QByteArray(a + "/" + b + "/" + c), 0100644, 1, kT2, 0);
        for (const auto& [name, e] : tree) {
            QCOMPARE(e.uid, 0u);
            QCOMPARE(e.gid, 0u);
            QCOMPARE(e.checksum.size(), checksum && e.isRegular() ? 16 : 0);
            if (checksum && e.isRegular())
                QVERIFY(e.checksum != QByteArray(16, '\0'));
        }
        // With inc-recursion the sub-directories' contents came in sub-lists.
        QCOMPARE(lists.size(), size_t(config.incRecurse ? 6 : 1));
    } else if (dir == "push-aH" || dir == "push-p31-aH") {
        QCOMPARE(tree.size(), size_t(8));
        QCOMPARE(lists.size(), size_t(2));
        // f1/f1b in the first list: one leads, the other is abbreviated.
        const FileEntry& f1 = tree["f1"];
        const FileEntry& f1b = tree["f1b"];
        QVERIFY(f1.hardLinked && f1b.hardLinked);
        QVERIFY(f1.hardLinkFirst != f1b.hardLinkFirst);
        const QByteArray lead = f1.hardLinkFirst ? "f1" : "f1b";
        const FileEntry& member = f1.hardLinkFirst ? f1b : f1;
        QCOMPARE(member.hardLinkLeader, ndxOf[lead]);
        QCOMPARE(member.size, 3);
        QCOMPARE(member.mode, 0100644u);
        // sub/f1c: its leader is in the earlier list, so it came in full.
        QVERIFY(tree["sub/f1c"].hardLinked && !tree["sub/f1c"].hardLinkFirst);
        QCOMPARE(tree["sub/f1c"].hardLinkLeader, ndxOf[lead]);
        QVERIFY(ndxOf[lead] < lists[1].ndxStart);
        QVERIFY(tree["sub/g"].hardLinkFirst != tree["sub/g2"].hardLinkFirst);
        QVERIFY(!tree["solo"].hardLinked);
        QVERIFY(!tree["sub"].hardLinked);
    } else if (dir == "push-noir") {
        QCOMPARE(tree.size(), size_t(4));
        check("sub/theirs", 0100644, 1, kT1, 123456789);
        QCOMPARE(tree["sub/theirs"].uid, 1234u);
        QCOMPARE(tree["sub/theirs"].gid, 5678u);
        QCOMPARE(tree["mine"].uid, 0u);
    } else if (dir == "push-aD" || dir == "push-aD-p30") {
        QCOMPARE(tree.size(), size_t(6));
        check("fifo", 010644, 0, kT1, 123456789);
        check("chr", 020644, 0, kT1, 123456789);
        check("chr2", 020644, 0, kT1, 123456789);
        check("blk", 060644, 0, kT1, 123456789);
        check("reg", 0100644, 1, kT1, 123456789);
        QCOMPARE(tree["chr"].rdevMajor, 1u);
        QCOMPARE(tree["chr"].rdevMinor, 3u);
        QCOMPARE(tree["chr2"].rdevMinor, 5u);
        QCOMPARE(tree["blk"].rdevMajor, 7u);
        QCOMPARE(tree["blk"].rdevMinor, 5u);
        QCOMPARE(tree["fifo"].rdevMajor, 0u);
    } else {
        QFAIL("no expectations for this capture");
    }
}

QTEST_GUILESS_MAIN(TestFileListGolden)
#include "tst_filelistgolden.moc"
