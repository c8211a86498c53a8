// --list-only lines against stock rsync 3.5.0 captures (tests/data/session/
// listonly/, made by capture.sh under TZ=UTC): each captured line is rebuilt
// from what the test knows of the capture's tree and must match byte for
// byte. The test runs with TZ=UTC too.

#include "session/listline.h"
#include "testsupport.h"

#include <QDateTime>
#include <QHash>
#include <QTest>
#include <QTimeZone>

#include <ctime>
#include <limits>

using namespace qrsync;
using namespace qrsync::session;
using qrsync::protocol::FileEntry;

namespace {

qint64 utc(const char* text)
{
    QDateTime t =
        QDateTime::fromString(QString::fromLatin1(text), QStringLiteral("yyyy-MM-dd hh:mm:ss"));
    t.setTimeZone(QTimeZone::utc());
    return t.toSecsSinceEpoch();
}

// The tree capture.sh builds.
QHash<QByteArray, FileEntry> captureTree()
{
    const qint64 t = utc("2024-01-02 03:04:05");
    const qint64 later = utc("2030-05-06 07:08:09");
    struct Row
    {
        const char* name;
        quint32 mode;
        qint64 size;
        qint64 mtime;
        qint64 atime;
        const char* target;
    };
    const Row rows[] = {
        {".", 040755, 4096, t, t, ""},
        {"big", 0100644, 3000000000, t, t, ""},
        {"exec", 0100755, 10, t, later, ""},
        {"fifo", 0010640, 0, t, t, ""},
        {"file", 0100644, 5, utc("1999-12-31 23:59:59"), utc("1999-12-31 23:59:59"), ""},
        {"huge", 0100600, 123456789012, t, t, ""},
        {"link", 0120777, 4, utc("2038-02-03 04:05:06"), 0, "file"},
        {"loop", 0060660, 0, t, t, ""},
        {"none", 0100000, 1, t, t, ""},
        {"null", 0020666, 0, t, t, ""},
        {"setgid-nox", 0102644, 1, t, t, ""},
        {"setuid", 0104755, 1, t, t, ""},
        {"sock", 0140755, 0, t, t, ""},
        {"sticky-nox", 0101644, 1, t, t, ""},
        {"dir", 040755, 4096, t, later, ""},
        {"dir/inner", 0100600, 1, t, t, ""},
        {"dir/uplink", 0120777, 18, t, 0, "../some/where/else"},
        {"sticky", 041777, 4096, t, t, ""},
    };
    QHash<QByteArray, FileEntry> tree;
    for (const Row& r : rows) {
        FileEntry e;
        e.name = r.name;
        e.mode = r.mode;
        e.size = r.size;
        e.mtime = r.mtime;
        e.atime = r.atime;
        e.linkTarget = r.target;
        tree.insert(e.name, e);
    }
    return tree;
}

} // namespace

class TestListLine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void stockCaptures_data();
    void stockCaptures();
    void permissionStrings_data();
    void permissionStrings();
    void timeIsLocal();
    void timeOutOfRange();
};

void TestListLine::initTestCase()
{
    qputenv("TZ", "UTC");
    tzset();
}

void TestListLine::stockCaptures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("human");
    QTest::addColumn<bool>("links");
    QTest::addColumn<bool>("atimes");
    QTest::addColumn<int>("lines");

    QTest::newRow("-a") << "a.txt" << 1 << true << false << 18;
    QTest::newRow("-a --no-h") << "a-noh.txt" << 0 << true << false << 18;
    QTest::newRow("-a -h") << "a-h.txt" << 2 << true << false << 18;
    QTest::newRow("-a -hh") << "a-hh.txt" << 3 << true << false << 18;
    QTest::newRow("-r (no -l: no targets)") << "r.txt" << 1 << false << false << 18;
    QTest::newRow("-a --atimes") << "atimes.txt" << 1 << true << true << 18;
    QTest::newRow("--delete-missing-args") << "missing.txt" << 1 << false << false << 1;
    QTest::newRow("--delete-missing-args --no-h --atimes")
        << "missing-noh-atimes.txt" << 0 << false << true << 1;
}

void TestListLine::stockCaptures()
{
    QFETCH(QString, file);
    QFETCH(int, human);
    QFETCH(bool, links);
    QFETCH(bool, atimes);
    QFETCH(int, lines);

    const QByteArray capture = test::readTestData(QStringLiteral("session/listonly/") + file);
    QVERIFY(capture.endsWith('\n'));
    const QList<QByteArray> stockLines = capture.chopped(1).split('\n');
    QCOMPARE(stockLines.size(), qsizetype(lines));
    const QHash<QByteArray, FileEntry> tree = captureTree();
    ListLineColumns columns;
    columns.atime = atimes;
    for (const QByteArray& stock : stockLines) {
        QByteArray name = stock;
        if (const qsizetype arrow = name.indexOf(" -> "); arrow >= 0)
            name.truncate(arrow);
        name = name.mid(name.lastIndexOf(' ') + 1);
        FileEntry e;
        if (stock.startsWith("*missing")) {
            e.name = name;
        } else {
            QVERIFY2(tree.contains(name), name.constData());
            e = tree.value(name);
        }
        if (!links)
            e.linkTarget.clear();
        if (atimes && e.isSymlink()) {
            // Reading a link moved its atime to the capture's run time:
            // take it back from the captured column.
            const QByteArray at = stock.mid(stock.indexOf(':') + 6 + 1, 19);
            QDateTime t = QDateTime::fromString(QString::fromLatin1(at),
                                                QStringLiteral("yyyy/MM/dd hh:mm:ss"));
            t.setTimeZone(QTimeZone::utc());
            QVERIFY(t.isValid());
            e.atime = t.toSecsSinceEpoch();
        }
        QCOMPARE(formatListLine(e, human, columns), stock);
    }
}

void TestListLine::permissionStrings_data()
{
    QTest::addColumn<quint32>("mode");
    QTest::addColumn<QByteArray>("text");

    QTest::newRow("file") << 0100644u << QByteArray("-rw-r--r--");
    QTest::newRow("dir setgid") << 042775u << QByteArray("drwxrwsr-x");
    QTest::newRow("setuid no x") << 0104644u << QByteArray("-rwSr--r--");
    QTest::newRow("all specials") << 0107777u << QByteArray("-rwsrwsrwt");
    QTest::newRow("symlink") << 0120777u << QByteArray("lrwxrwxrwx");
    QTest::newRow("block") << 0060600u << QByteArray("brw-------");
    QTest::newRow("char") << 0020620u << QByteArray("crw--w----");
    QTest::newRow("socket") << 0140777u << QByteArray("srwxrwxrwx");
    QTest::newRow("fifo") << 0010000u << QByteArray("p---------");
}

void TestListLine::permissionStrings()
{
    QFETCH(quint32, mode);
    QFETCH(QByteArray, text);
    QCOMPARE(listPermissionString(mode), text);
}

void TestListLine::timeIsLocal()
{
    const qint64 t = utc("2024-01-02 03:04:05");
    qputenv("TZ", "XST-5"); // POSIX TZ: five hours east of UTC, no tzdata needed
    tzset();
    const QByteArray shifted = listTimeString(t);
    qputenv("TZ", "UTC");
    tzset();
    QCOMPARE(shifted, QByteArray("2024/01/02 08:04:05"));
    QCOMPARE(listTimeString(t), QByteArray("2024/01/02 03:04:05"));
    QCOMPARE(listTimeString(-1), QByteArray("1969/12/31 23:59:59"));
}

void TestListLine::timeOutOfRange()
{
    FileEntry e;
    e.name = "f";
    e.mode = 0100644;
    e.mtime = std::numeric_limits<qint64>::max();
    QCOMPARE(formatListLine(e, 1), QByteArray("-rw-r--r--              0 (time out of range) f"));
}

QTEST_GUILESS_MAIN(TestListLine)
#include "tst_listline.moc"
