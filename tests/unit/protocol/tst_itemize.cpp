// %i itemize strings (delta.md §7) against stock: itemize.tsv holds the lines
// stock printed for pushes of prepared trees (make-itemize.py); the iflags
// are decoded from the same runs' server-to-client captures, so each row
// checks itemizeString() on exactly the flags stock printed from.

#include "framingcapture.h"
#include "protocol/itemize.h"
#include "testsupport.h"

#include <QTest>

using namespace qrsync::protocol;
using qrsync::test::readTestData;

class TestItemize : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stockRuns_data();
    void stockRuns();
    void rules_data();
    void rules();
};

namespace {

struct Row
{
    QByteArray options;
    FileKind kind;
    QByteArray item;
    QByteArray name;
};

FileKind kindFromText(const QByteArray& s)
{
    if (s == "dir")
        return FileKind::Directory;
    if (s == "symlink")
        return FileKind::Symlink;
    if (s == "device")
        return FileKind::CharDevice;
    if (s == "special")
        return FileKind::Fifo;
    return FileKind::Regular;
}

QMap<QByteArray, QList<Row>> loadTable()
{
    QMap<QByteArray, QList<Row>> table;
    const QByteArray text = readTestData(QStringLiteral("protocol/framing/itemize.tsv"));
    for (const QByteArray& line : text.split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QList<QByteArray> cols = line.split('\t');
        if (cols.size() != 5)
            continue;
        table[cols[0]].append(Row{cols[1], kindFromText(cols[2]), cols[3], cols[4]});
    }
    return table;
}

} // namespace

void TestItemize::stockRuns_data()
{
    QTest::addColumn<QByteArray>("scenario");
    const auto table = loadTable();
    QVERIFY(table.size() >= 10);
    for (auto it = table.begin(); it != table.end(); ++it)
        QTest::newRow(it.key().constData()) << it.key();
}

void TestItemize::stockRuns()
{
    QFETCH(QByteArray, scenario);
    const QList<Row> rows = loadTable().value(scenario);
    const QByteArray raw =
        readTestData(QStringLiteral("protocol/framing/itemize/%1/server-to-client.bin")
                         .arg(QString::fromLatin1(scenario)));
    QVERIFY(!raw.isEmpty());
    const auto c = qrsync::test::splitCapture(raw, true, false);
    QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
    const auto w = qrsync::test::walkGeneratorStream(c.data, c.version);
    QVERIFY2(w.error.isEmpty(), qPrintable(w.error));

    ItemizeContext ctx;
    ctx.sent = true; // pushes: the client sender prints '<'
    ctx.preserveTimes = rows.first().options.contains('a') || rows.first().options.contains('t');
    qsizetype next = 0;
    QList<QByteArray> deleted;
    for (const Row& row : rows) {
        if (row.item.startsWith('*')) {
            QCOMPARE(itemizeString(kItemDeleted, row.kind, ctx), row.item);
            deleted.append(row.name);
            continue;
        }
        QVERIFY2(next < w.records.size(), "fewer item records than printed lines");
        const quint16 iflags = w.records[next++].header.iflags;
        QCOMPARE(itemizeString(iflags, row.kind, ctx), row.item);
        // Pulled, the same flags show '>' in the first column.
        if (row.item.startsWith('<'))
            QCOMPARE(
                itemizeString(iflags, row.kind, ItemizeContext{false, ctx.preserveTimes, true}),
                '>' + row.item.mid(1));
    }
    QCOMPARE(next, w.records.size());
    // Deletions travel as MSG_DELETED; a directory keeps its trailing NUL.
    QList<QByteArray> messages;
    for (const Frame& f : c.frames) {
        if (f.tag == MsgTag::Deleted)
            messages.append(f.body.endsWith('\0') ? f.body.chopped(1) + '/' : f.body);
    }
    QCOMPARE(messages, deleted);
}

void TestItemize::rules_data()
{
    QTest::addColumn<quint32>("iflags");
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("preserveTimes");
    QTest::addColumn<bool>("symlinkTimes");
    QTest::addColumn<QByteArray>("expected");
    const int f = int(FileKind::Regular), L = int(FileKind::Symlink), d = int(FileKind::Directory);
    QTest::newRow("received new") << (kItemTransfer | kItemIsNew) << f << true << true
                                  << QByteArray(">f+++++++++");
    QTest::newRow("missing data") << (kItemTransfer | kItemMissingData) << f << true << true
                                  << QByteArray(">f?????????");
    QTest::newRow("atime u") << kItemReportAtime << f << true << true << QByteArray(".f......u..");
    QTest::newRow("crtime n") << kItemReportCrtime << f << true << true
                              << QByteArray(".f......n..");
    QTest::newRow("both b") << (kItemReportAtime | kItemReportCrtime) << f << true << true
                            << QByteArray(".f......b..");
    QTest::newRow("acl xattr") << (kItemReportAcl | kItemReportXattr) << d << true << true
                               << QByteArray(".d.......ax");
    QTest::newRow("checksum c") << (kItemTransfer | kItemReportChange | kItemReportTime) << f
                                << true << true << QByteArray(">fc.t......");
    QTest::newRow("symlink time fail") << (kItemReportTime | kItemReportTimeFail) << L << true
                                       << true << QByteArray(".L..T......");
    QTest::newRow("symlink no receiver times")
        << kItemReportTime << L << true << false << QByteArray(".L..T......");
    QTest::newRow("transfer keeps dots")
        << quint32(kItemTransfer) << f << true << true << QByteArray(">f.........");
    QTest::newRow("hard link blank")
        << (kItemLocalChange | kItemXnameFollows) << f << true << true << QByteArray("hf         ");
    QTest::newRow("block device") << (kItemLocalChange | kItemIsNew) << int(FileKind::BlockDevice)
                                  << true << true << QByteArray("cD+++++++++");
    QTest::newRow("socket") << (kItemLocalChange | kItemIsNew) << int(FileKind::Socket) << true
                            << true << QByteArray("cS+++++++++");
}

void TestItemize::rules()
{
    QFETCH(quint32, iflags);
    QFETCH(int, kind);
    QFETCH(bool, preserveTimes);
    QFETCH(bool, symlinkTimes);
    QFETCH(QByteArray, expected);
    QCOMPARE(
        itemizeString(iflags, FileKind(kind), ItemizeContext{false, preserveTimes, symlinkTimes}),
        expected);
}

QTEST_GUILESS_MAIN(TestItemize)
#include "tst_itemize.moc"
