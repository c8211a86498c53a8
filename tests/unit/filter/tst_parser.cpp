// Rule parsing: the stored form of each rule (its canonical text, which is
// also its wire form) and rsync's messages for bad rules. Expected error
// texts are stock rsync 3.5.0's, e.g. `rsync -r --filter='-q foo' a/ b/`.

#include "filter/filterlist.h"
#include "filter/wildmatch.h"

#include "testsupport.h"

#include <QTest>

using namespace qrsync;
using namespace qrsync::filter;

class TestParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void filterRule_data()
    {
        QTest::addColumn<QByteArray>("rule");
        QTest::addColumn<QList<QByteArray>>("texts");
        using L = QList<QByteArray>;
        QTest::newRow("exclude") << QByteArray("- *.o") << L{"- *.o"};
        QTest::newRow("include dir") << QByteArray("+ /keep/") << L{"+ /keep/"};
        QTest::newRow("long exclude") << QByteArray("exclude foo") << L{"- foo"};
        QTest::newRow("long include") << QByteArray("include foo") << L{"+ foo"};
        QTest::newRow("underscore") << QByteArray("-_foo bar") << L{"- foo bar"};
        QTest::newRow("keyword underscore") << QByteArray("exclude_x") << L{"- x"};
        QTest::newRow("comma short") << QByteArray("-,s x") << L{"-s x"};
        QTest::newRow("comma long") << QByteArray("include,/! x") << L{"+/! x"};
        QTest::newRow("hide") << QByteArray("H x") << L{"-s x"};
        QTest::newRow("show") << QByteArray("show x") << L{"+s x"};
        QTest::newRow("protect") << QByteArray("P x") << L{"-r x"};
        QTest::newRow("risk") << QByteArray("risk x") << L{"+r x"};
        QTest::newRow("perishable xattr") << QByteArray("-xp user.*") << L{"-xp user.*"};
        QTest::newRow("dir-merge") << QByteArray("dir-merge .f") << L{": .f"};
        QTest::newRow("dir-merge mods") << QByteArray(":nw+ .f") << L{":nw+ .f"};
        QTest::newRow("dir-merge cvs") << QByteArray(":C") << L{":C .cvsignore"};
        QTest::newRow("exclude-self") << QByteArray(":e .f") << L{"- .f", ": .f"};
        QTest::newRow("exclude-self path") << QByteArray(":e sub/.f") << L{"- .f", ": sub/.f"};
        QTest::newRow("clear") << QByteArray("clear") << L{};
        QTest::newRow("trailing space kept") << QByteArray("- a ") << L{"- a "};
        QTest::newRow("dir-only root") << QByteArray("- /") << L{"- /"};
    }

    void filterRule()
    {
        QFETCH(QByteArray, rule);
        QFETCH(QList<QByteArray>, texts);
        FilterList list;
        QVERIFY_RESULT(list.addFilter("- before"));
        QVERIFY_RESULT(list.addFilter(rule));
        QList<QByteArray> actual;
        for (const Rule& r : list.rules())
            actual << r.text();
        if (rule == "clear")
            QCOMPARE(actual, texts);
        else
            QCOMPARE(actual.mid(1), texts);
    }

    void badRule_data()
    {
        QTest::addColumn<QByteArray>("rule");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown") << QByteArray("z foo")
                                 << QStringLiteral("Unknown filter rule: z foo");
        QTest::newRow("unknown keyword")
            << QByteArray("excludes foo") << QStringLiteral("Unknown filter rule: excludes foo");
        QTest::newRow("bad modifier")
            << QByteArray("-q foo")
            << QStringLiteral("invalid modifier 'q' at position 1 in filter rule: -q foo");
        QTest::newRow("side twice")
            << QByteArray("hide,r x")
            << QStringLiteral("invalid modifier 'r' at position 5 in filter rule: hide,r x");
        QTest::newRow("negated merge")
            << QByteArray(":! x")
            << QStringLiteral("invalid modifier '!' at position 1 in filter rule: :! x");
        QTest::newRow("n on exclude")
            << QByteArray("-n x")
            << QStringLiteral("invalid modifier 'n' at position 1 in filter rule: -n x");
        QTest::newRow("empty") << QByteArray("-")
                               << QStringLiteral("unexpected end of filter rule: -");
        QTest::newRow("empty with space")
            << QByteArray("+ ") << QStringLiteral("unexpected end of filter rule: + ");
        QTest::newRow("clear trailing")
            << QByteArray("! x") << QStringLiteral("'!' rule has trailing characters: ! x");
    }

    void badRule()
    {
        QFETCH(QByteArray, rule);
        QFETCH(QString, message);
        FilterList list;
        auto r = list.addFilter(rule);
        QVERIFY(!r);
        QCOMPARE(r.error().code, ExitCode::Syntax);
        QCOMPARE(r.error().message, message);
    }

    void badRuleInFileHidesText()
    {
        FilterList list;
        auto r = list.addExcludeFrom("*.o\n\n# c\n+ ok\n-q secret\n", "ex.txt");
        QVERIFY(r); // OLD_PREFIXES: "-q secret" is just a pattern there
        auto merge = list.addFilter(". m", [](const QByteArray&) {
            return Result<std::optional<QByteArray>>(QByteArray("- a\nz secret\n"));
        });
        QVERIFY(!merge);
        QCOMPARE(merge.error().message,
                 QStringLiteral("Unknown filter rule: <rule from m line 2>"));
        auto missing = list.addFilter("merge nope", [](const QByteArray&) {
            return Result<std::optional<QByteArray>>(std::optional<QByteArray>());
        });
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, ExitCode::FileIo);
    }

    void oldPrefixes()
    {
        FilterList list;
        QVERIFY_RESULT(list.addExclude("+ a"));
        QVERIFY_RESULT(list.addExclude("- b"));
        QVERIFY_RESULT(list.addInclude("c/"));
        QVERIFY_RESULT(list.addExclude("!d"));
        QCOMPARE(list.rules().size(), 4);
        QCOMPARE(list.rules()[0].text(), QByteArray("+ a"));
        QCOMPARE(list.rules()[1].text(), QByteArray("- b"));
        QCOMPARE(list.rules()[2].text(), QByteArray("+ c/"));
        QCOMPARE(list.rules()[3].text(), QByteArray("- !d"));
        QVERIFY_RESULT(list.addExclude("!")); // a lone "!" clears
        QVERIFY(list.rules().isEmpty());
    }

    void rsyncFilterOption()
    {
        FilterList list;
        QVERIFY_RESULT(list.addRsyncFilterOption());
        QVERIFY_RESULT(list.addRsyncFilterOption());
        QVERIFY_RESULT(list.addRsyncFilterOption());
        QCOMPARE(list.rules().size(), 2);
        QCOMPARE(list.rules()[0].text(), QByteArray(": /.rsync-filter"));
        QCOMPARE(list.rules()[1].text(), QByteArray("- .rsync-filter"));
        // A second dir-merge of the same base name is dropped.
        QVERIFY_RESULT(list.addFilter("dir-merge sub/.rsync-filter"));
        QCOMPARE(list.rules().size(), 2);
    }

    void deleteExcludedMakesSenderSide()
    {
        ParseOptions options;
        options.deleteExcluded = true;
        FilterList list(options);
        QVERIFY_RESULT(list.addExclude("*.o"));
        QVERIFY_RESULT(list.addFilter("P keep"));
        QVERIFY_RESULT(list.addFilter(": .f"));
        QCOMPARE(list.rules()[0].text(), QByteArray("-s *.o"));
        QCOMPARE(list.rules()[1].text(), QByteArray("-r keep"));
        QCOMPARE(list.rules()[2].text(), QByteArray(": .f"));
    }

    void wildmatch_data()
    {
        QTest::addColumn<QByteArray>("pattern");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("match");
        auto row = [](const char* p, const char* t, bool m) {
            QTest::addRow("%s ~ %s", p, t) << QByteArray(p) << QByteArray(t) << m;
        };
        row("foo", "foo", true);
        row("foo", "bar", false);
        row("*", "a/b", false);
        row("**", "a/b", true);
        row("a*c", "abbc", true);
        row("a*c", "ab/c", false);
        row("a**c", "ab/c", true);
        row("?", "/", false);
        row("a?c", "abc", true);
        row("[a-c]x", "bx", true);
        row("[!a-c]x", "bx", false);
        row("[^a-c]x", "dx", true);
        row("[]]", "]", true);
        row("[a-]", "-", true);
        row("[[:alpha:]][[:digit:]]", "a1", true);
        row("[[:upper:]]", "a", false);
        row("[[:xdigit:]]", "F", true);
        row("[[:space:][:punct:]]", ";", true);
        row("[[:bogus:]]", "a", false);
        row("[a/]", "/", false);
        row("[a", "a", false);
        row("\\*", "*", true);
        row("\\*", "x", false);
        row("foo\\", "foo", false);
        row("*/***", "a/b/c", true);
        row("**/foo", "x/y/foo", true);
        row("*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac", false);
        row("[[:alpha:]", "[", false);
        row("[[:alpha]", "[", true);
    }

    void wildmatch()
    {
        QFETCH(QByteArray, pattern);
        QFETCH(QByteArray, text);
        QFETCH(bool, match);
        QCOMPARE(wildMatch(pattern, text), match);
    }

    void anchoring()
    {
        QVERIFY(wildMatchAt("b/c", "a/b/c", MatchAnchor{2}));
        QVERIFY(!wildMatchAt("b/c", "b/c", MatchAnchor{3}));
        QVERIFY(wildMatchAt("b/*", "a/b/c", MatchAnchor{-1}));
        QVERIFY(!wildMatchAt("x/*", "a/b/c", MatchAnchor{-1}));
        QVERIFY(literalMatchAt("b/c", "a/b/c", MatchAnchor{2}));
        QVERIFY(!literalMatchAt("b/c", "a/bb/c", MatchAnchor{2}));
    }
};

QTEST_GUILESS_MAIN(TestParser)
#include "tst_parser.moc"
