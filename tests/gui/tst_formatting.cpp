// How numbers, durations, results and itemized changes read in the UI.

#include "formatting.h"
#include "protocol/itemheader.h"

#include <QTest>

using namespace qrsync;
using namespace qrsync::ui;

class TestFormatting : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void durations_data();
    void durations();
    void results();
    void changes_data();
    void changes();
};

void TestFormatting::durations_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << qint64(0) << QStringLiteral("0:00");
    QTest::newRow("minutes") << qint64(125) << QStringLiteral("2:05");
    QTest::newRow("hours") << qint64(3723) << QStringLiteral("1:02:03");
    QTest::newRow("unknown") << qint64(-1) << QStringLiteral("unknown");
}

void TestFormatting::durations()
{
    QFETCH(qint64, seconds);
    QFETCH(QString, text);
    QCOMPARE(Formatting::duration(seconds), text);
}

void TestFormatting::results()
{
    QCOMPARE(Formatting::exitCode(0, false), QStringLiteral("Succeeded"));
    QCOMPARE(Formatting::exitCode(20, true), QStringLiteral("Cancelled"));
    QCOMPARE(Formatting::exitCode(23, false), QStringLiteral("Partly done (code 23)"));
    QVERIFY(Formatting::exitCode(11, false).startsWith(QLatin1String("Failed (code 11: ")));
    QCOMPARE(Formatting::bytes(1536), QStringLiteral("1.5 KiB"));
}

void TestFormatting::changes_data()
{
    using namespace protocol;
    QTest::addColumn<quint32>("iflags");
    QTest::addColumn<bool>("dir");
    QTest::addColumn<QString>("text");
    QTest::newRow("new file") << (kItemIsNew | kItemTransfer) << false
                              << QStringLiteral("new file");
    QTest::newRow("new folder") << kItemIsNew << true << QStringLiteral("new folder");
    QTest::newRow("deleted") << kItemDeleted << false << QStringLiteral("file removed");
    QTest::newRow("size and time") << (kItemTransfer | kItemReportSize | kItemReportTime) << false
                                   << QStringLiteral("size, modification time");
    QTest::newRow("content only") << (kItemTransfer | kItemReportChange) << false
                                  << QStringLiteral("content");
    QTest::newRow("owner and group")
        << (kItemReportOwner | kItemReportGroup) << false << QStringLiteral("owner, group");
    QTest::newRow("folder time") << kItemReportTime << true << QStringLiteral("modification time");
}

void TestFormatting::changes()
{
    QFETCH(quint32, iflags);
    QFETCH(bool, dir);
    QFETCH(QString, text);
    jobs::JobItem item;
    item.iflags = iflags;
    item.action = jobs::itemAction(iflags);
    item.isDirectory = dir;
    QCOMPARE(Formatting::changes(item), text);
}

QTEST_MAIN(TestFormatting)
#include "tst_formatting.moc"
