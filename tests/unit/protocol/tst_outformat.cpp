// --out-format expansion against stock: outformat.tsv holds stock's output
// for a fixed tree (make-outformat.sh); the fields below describe that tree.

#include "protocol/itemheader.h"
#include "protocol/outformat.h"
#include "testsupport.h"

#include <QTest>

#include <cstdlib>
#include <ctime>

using namespace qrsync::protocol;
using qrsync::test::readTestData;

class TestOutFormat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void stock_data();
    void stock();
    void numbers();
    void permissions();
};

namespace {

OutFormatFields fieldsFor(const QByteArray& name)
{
    OutFormatFields f;
    f.operation = "send";
    f.mtime = 1704164645; // 2024-01-02 03:04:05 UTC
    f.gid = 0u;
    f.itemize.sent = false;   // local copy
    f.bytesTransferred = 999; // non-transfers must print 0
    f.bytesChecksummed = 999;
    if (name == "./" || name == "sub/") {
        f.kind = FileKind::Directory;
        f.name = name.chopped(1);
        f.length = 4096;
        f.mode = name == "./" ? 0755 : 01775;
        f.iflags = kItemLocalChange | kItemIsNew;
    } else if (name == "link") {
        f.kind = FileKind::Symlink;
        f.name = name;
        f.length = 5;
        f.mode = 0777;
        f.symlinkTarget = "a.txt";
        f.iflags = kItemLocalChange | kItemIsNew;
    } else if (name == "a.txt") {
        f.name = name;
        f.length = 6;
        f.mode = 0640;
        f.iflags = kItemTransfer | kItemIsNew;
        f.checksumHex = "b1946ac92492d2347c6235b4d2611184"; // md5 of "hello\n"
        f.bytesTransferred = 49;
        f.bytesChecksummed = 16;
    } else {
        f.name = name;
        f.length = 1234567;
        f.mode = 04755;
        f.iflags = kItemTransfer | kItemIsNew;
        f.checksumHex = "ec20dd727de8b769905be6e835ef9198";
        f.bytesTransferred = 1234758;
        f.bytesChecksummed = 16;
    }
    f.path = "/tmp/src/" + f.name;
    return f;
}

} // namespace

void TestOutFormat::initTestCase()
{
    // %M is local time; the table was made with TZ=UTC.
    qputenv("TZ", "UTC");
    tzset();
}

void TestOutFormat::stock_data()
{
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("expected");
    const QByteArray text = readTestData(QStringLiteral("protocol/framing/outformat.tsv"));
    int rows = 0;
    for (const QByteArray& line : text.split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QList<QByteArray> cols = line.split('\t');
        QCOMPARE(cols.size(), 3);
        QTest::addRow("%s | %s", cols[0].constData(), cols[1].constData())
            << cols[0] << cols[1] << cols[2];
        ++rows;
    }
    QVERIFY(rows >= 30);
}

void TestOutFormat::stock()
{
    QFETCH(QByteArray, format);
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, expected);
    QCOMPARE(formatOutLine(format, fieldsFor(name)), expected);
}

void TestOutFormat::numbers()
{
    QCOMPARE(formatBigNumber(0, 0), QByteArray("0"));
    QCOMPARE(formatBigNumber(-1234567, 1), QByteArray("-1,234,567"));
    QCOMPARE(formatBigNumber(999, 2), QByteArray("999"));
    QCOMPARE(formatBigNumber(1000, 2), QByteArray("1.00K"));
    QCOMPARE(formatBigNumber(5LL << 40, 3), QByteArray("5.00T"));
    QCOMPARE(formatBigNumber(1234567, 1, '.'), QByteArray("1.234.567"));
    QCOMPARE(formatBigNumber(std::numeric_limits<qint64>::min(), 0),
             QByteArray("-9223372036854775808"));
}

void TestOutFormat::permissions()
{
    QCOMPARE(permissionString(0644), QByteArray("rw-r--r--"));
    QCOMPARE(permissionString(06000), QByteArray("--S--S---"));
    QCOMPARE(permissionString(07777), QByteArray("rwsrwsrwt"));
    QCOMPARE(permissionString(01000), QByteArray("--------T"));
    OutFormatFields f;
    f.gid.reset();
    f.uid = 7;
    f.pid = 42;
    f.now = 0;
    f.authUser = "alice";
    f.moduleName = "pub";
    QCOMPARE(formatOutLine("%G %4U %-4p| %u@%m %t", f),
             QByteArray("DEFAULT    7 42  | alice@pub 1970/01/01 00:00:00"));
}

QTEST_GUILESS_MAIN(TestOutFormat)
#include "tst_outformat.moc"
