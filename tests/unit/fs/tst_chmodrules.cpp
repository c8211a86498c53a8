// ChmodRules against stock rsync: every row of tests/data/fs/chmod/
// expectations.txt is a --chmod rule set that stock rsync 3.5.0 applied to
// files and directories of known modes (capture.sh), or refused.

#include "fs/chmodrules.h"
#include "testsupport.h"

#include <QTest>

using namespace qrsync;
using qrsync::fs::ChmodRules;

namespace {

struct Expectation
{
    quint32 sourceMode = 0;
    quint32 resultMode = 0;
    QByteArray entry;
};

} // namespace

Q_DECLARE_METATYPE(std::vector<Expectation>)

class TestChmodRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stockResults_data();
    void stockResults();
    void stockRefusals_data();
    void stockRefusals();
    void leavesSymlinksAndTypeBitsAlone();
    void xLooksAtModeBeforeAnyRule();
};

void TestChmodRules::stockResults_data()
{
    QTest::addColumn<quint32>("umask");
    QTest::addColumn<QStringList>("values");
    QTest::addColumn<std::vector<Expectation>>("expected");

    const QByteArray data = test::readTestData(QStringLiteral("fs/chmod/expectations.txt"));
    QVERIFY(!data.isEmpty());
    int rows = 0;
    for (const QByteArray& line : data.split('\n')) {
        if (line.isEmpty())
            continue;
        const QList<QByteArray> fields = line.split(' ');
        QVERIFY(fields.size() >= 3);
        if (fields.at(2) == "invalid")
            continue;
        std::vector<Expectation> expected;
        for (qsizetype i = 2; i < fields.size(); ++i) {
            const QList<QByteArray> kv = fields.at(i).split(':');
            QCOMPARE(kv.size(), 2);
            const QByteArray& name = kv.at(0);
            const quint32 type = name.startsWith('d') ? 0040000 : 0100000;
            bool ok1 = false;
            bool ok2 = false;
            expected.push_back(
                {type | name.mid(1).toUInt(&ok1, 8), type | kv.at(1).toUInt(&ok2, 8), name});
            QVERIFY(ok1 && ok2);
        }
        QTest::addRow("%s %s", fields.at(0).constData(), fields.at(1).constData())
            << fields.at(0).toUInt(nullptr, 8)
            << QString::fromLatin1(fields.at(1)).split(QLatin1Char('|')) << expected;
        ++rows;
    }
    QVERIFY(rows > 50);
}

void TestChmodRules::stockResults()
{
    QFETCH(quint32, umask);
    QFETCH(QStringList, values);
    QFETCH(std::vector<Expectation>, expected);

    const auto rules = ChmodRules::parse(values, umask);
    QVERIFY_RESULT(rules);
    for (const Expectation& e : expected) {
        const quint32 got = rules->apply(e.sourceMode);
        if (got != e.resultMode)
            QFAIL(qPrintable(QStringLiteral("%1: got %2, stock %3")
                                 .arg(QString::fromLatin1(e.entry))
                                 .arg(got, 0, 8)
                                 .arg(e.resultMode, 0, 8)));
    }
}

void TestChmodRules::stockRefusals_data()
{
    QTest::addColumn<QStringList>("values");
    QTest::addColumn<QString>("stockMessage");

    const QByteArray data = test::readTestData(QStringLiteral("fs/chmod/expectations.txt"));
    const QList<QByteArray> messages =
        test::readTestData(QStringLiteral("fs/chmod/messages.txt")).split('\n');
    qsizetype next = 0;
    for (const QByteArray& line : data.split('\n')) {
        const QList<QByteArray> fields = line.split(' ');
        if (fields.size() != 4 || fields.at(2) != "invalid")
            continue;
        QCOMPARE(fields.at(3), QByteArray("1")); // RERR_SYNTAX
        QVERIFY(next < messages.size());
        QTest::addRow("'%s'", fields.at(1).constData())
            << QString::fromLatin1(fields.at(1)).split(QLatin1Char('|'))
            << QString::fromLatin1(messages.at(next++));
    }
    QVERIFY(next >= 10);
}

void TestChmodRules::stockRefusals()
{
    QFETCH(QStringList, values);
    QFETCH(QString, stockMessage);

    const auto rules = ChmodRules::parse(values, 022);
    QVERIFY(!rules);
    QCOMPARE(rules.error().code, ExitCode::Syntax);
    QCOMPARE(QStringLiteral("rsync: ") + rules.error().message, stockMessage);
    QCOMPARE(rules.error().context, values.constLast());
}

void TestChmodRules::leavesSymlinksAndTypeBitsAlone()
{
    const auto rules = ChmodRules::parse({QStringLiteral("a=rwx")}, 022);
    QVERIFY_RESULT(rules);
    QCOMPARE(rules->apply(0120777), 0120777u); // flist.c skips symlinks
    QCOMPARE(rules->apply(0), 0u);
    QCOMPARE(rules->apply(0010600), 0010777u); // fifo: F rules and type kept
    QCOMPARE(rules->apply(0060600), 0060777u);
    const auto none = ChmodRules::parse({}, 022);
    QVERIFY_RESULT(none);
    QVERIFY(none->isEmpty());
    QCOMPARE(none->apply(0100640), 0100640u);
}

void TestChmodRules::xLooksAtModeBeforeAnyRule()
{
    // "u+x" first does not make the later X count the file as executable.
    const auto rules = ChmodRules::parse({QStringLiteral("u+x,go+X")}, 022);
    QVERIFY_RESULT(rules);
    QCOMPARE(rules->apply(0100600), 0100700u);
    QCOMPARE(rules->apply(0100610), 0100711u);
}

QTEST_GUILESS_MAIN(TestChmodRules)
#include "tst_chmodrules.moc"
