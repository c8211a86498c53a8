// The filter tester answers with the engine's filter module: which rule
// decides a path, including a folder above it, and parse errors by index.

#include "jobs/filtertester.h"
#include "testsupport.h"

#include <QTest>

using namespace qrsync::jobs;

class TestFilterTester : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void verdicts_data();
    void verdicts();
    void reportsTheRuleThatDoesNotParse();
};

void TestFilterTester::verdicts_data()
{
    QTest::addColumn<QStringList>("rules");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("isDir");
    QTest::addColumn<bool>("included");
    QTest::addColumn<int>("ruleIndex");
    QTest::addColumn<QString>("decidedAt");

    const QStringList rules{QStringLiteral("+ keep.tmp"), QStringLiteral("- *.tmp"),
                            QStringLiteral("- /cache/"), QStringLiteral("+ /docs/***"),
                            QStringLiteral("- /docs/*")};
    QTest::newRow("no match is included")
        << rules << QStringLiteral("notes.txt") << false << true << -1 << QString();
    QTest::newRow("wildcard exclude") << rules << QStringLiteral("a/b/c.tmp") << false << false << 1
                                      << QStringLiteral("a/b/c.tmp");
    QTest::newRow("first match wins") << rules << QStringLiteral("x/keep.tmp") << false << true << 0
                                      << QStringLiteral("x/keep.tmp");
    QTest::newRow("anchored dir") << rules << QStringLiteral("cache") << true << false << 2
                                  << QStringLiteral("cache/");
    QTest::newRow("trailing slash means folder")
        << rules << QStringLiteral("cache/") << false << false << 2 << QStringLiteral("cache/");
    QTest::newRow("dir rule ignores a file")
        << rules << QStringLiteral("cache") << false << true << -1 << QString();
    QTest::newRow("inside an excluded folder") << rules << QStringLiteral("cache/img/a.png")
                                               << false << false << 2 << QStringLiteral("cache/");
    QTest::newRow("anchored only at the root")
        << rules << QStringLiteral("sub/cache/a") << false << true << -1 << QString();
    QTest::newRow("triple star includes below") << rules << QStringLiteral("docs/a/b.txt") << false
                                                << true << 3 << QStringLiteral("docs/a/b.txt");
    QTest::newRow("leading slash ignored")
        << rules << QStringLiteral("/x.tmp") << false << false << 1 << QStringLiteral("x.tmp");
    QTest::newRow("no rules") << QStringList() << QStringLiteral("a") << false << true << -1
                              << QString();
    QTest::newRow("exclude all but")
        << QStringList{QStringLiteral("+ */"), QStringLiteral("+ *.jpg"), QStringLiteral("- *")}
        << QStringLiteral("a/b/c.png") << false << false << 2 << QStringLiteral("a/b/c.png");
}

void TestFilterTester::verdicts()
{
    QFETCH(QStringList, rules);
    QFETCH(QString, path);
    QFETCH(bool, isDir);
    QFETCH(bool, included);
    QFETCH(int, ruleIndex);
    QFETCH(QString, decidedAt);
    const FilterVerdict v = testFilterPath(rules, path, isDir);
    QVERIFY(v.valid);
    QCOMPARE(v.included, included);
    QCOMPARE(v.ruleIndex, ruleIndex);
    QCOMPARE(v.decidedAt, decidedAt);
    if (ruleIndex >= 0)
        QCOMPARE(v.ruleText, rules[ruleIndex]);
}

void TestFilterTester::reportsTheRuleThatDoesNotParse()
{
    const FilterVerdict v = testFilterPath({QStringLiteral("- ok"), QStringLiteral("? what")},
                                           QStringLiteral("a"), false);
    QVERIFY(!v.valid);
    QCOMPARE(v.errorRule, 1);
    QVERIFY(!v.error.isEmpty());
}

QTEST_GUILESS_MAIN(TestFilterTester)
#include "tst_filtertester.moc"
