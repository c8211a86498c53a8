// The filter editor's tester shows, for given paths, the rule that decides
// and whether the path is included (data-driven), and edits keep order.

#include "filtereditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>

using qrsync::ui::FilterEditor;

class TestFilterEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsTheMatchingRule_data();
    void showsTheMatchingRule();
    void addRemoveAndReorder();
    void flagsAnInvalidRule();
    void pickedPathsAreRelativeToTheTransferRoot();
};

static const QStringList kRules{QStringLiteral("+ keep.tmp"), QStringLiteral("- *.tmp"),
                                QStringLiteral("- /cache/"), QStringLiteral("- .git/")};

void TestFilterEditor::showsTheMatchingRule_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("folder");
    QTest::addColumn<QString>("expected");
    QTest::newRow("excluded by wildcard")
        << QStringLiteral("a/b.tmp") << false << QStringLiteral("Excluded by rule 2, - *.tmp");
    QTest::newRow("included first")
        << QStringLiteral("keep.tmp") << false << QStringLiteral("Included by rule 1, + keep.tmp");
    QTest::newRow("no rule") << QStringLiteral("notes.txt") << false
                             << QStringLiteral("Included: no rule matches");
    QTest::newRow("folder rule") << QStringLiteral("cache") << true
                                 << QStringLiteral("Excluded by rule 3, - /cache/");
    QTest::newRow("folder rule, file")
        << QStringLiteral("cache") << false << QStringLiteral("Included: no rule matches");
    QTest::newRow("inside excluded folder")
        << QStringLiteral("src/.git/config") << false
        << QStringLiteral("Excluded by rule 4, - .git/, matching src/.git/");
}

void TestFilterEditor::showsTheMatchingRule()
{
    QFETCH(QString, path);
    QFETCH(bool, folder);
    QFETCH(QString, expected);
    FilterEditor editor;
    editor.setRules(kRules);
    editor.findChild<QCheckBox*>(QStringLiteral("filterTestFolderCheck"))->setChecked(folder);
    QTest::keyClicks(editor.findChild<QLineEdit*>(QStringLiteral("filterTestPathEdit")), path);
    // The label is rich text; compare what a reader sees.
    QTextDocument doc;
    doc.setHtml(editor.verdictText());
    QVERIFY2(doc.toPlainText().startsWith(expected), qPrintable(doc.toPlainText()));
}

void TestFilterEditor::addRemoveAndReorder()
{
    FilterEditor editor;
    QSignalSpy changed(&editor, &FilterEditor::rulesChanged);
    auto* kind = editor.findChild<QComboBox*>(QStringLiteral("filterKindCombo"));
    auto* pattern = editor.findChild<QLineEdit*>(QStringLiteral("filterPatternEdit"));
    auto* add = editor.findChild<QPushButton*>(QStringLiteral("filterAddButton"));
    kind->setCurrentIndex(0);
    QTest::keyClicks(pattern, QStringLiteral("*.o"));
    add->click();
    kind->setCurrentIndex(1);
    QTest::keyClicks(pattern, QStringLiteral("important.o"));
    QTest::keyClick(pattern, Qt::Key_Return);
    QCOMPARE(editor.rules(),
             (QStringList{QStringLiteral("- *.o"), QStringLiteral("+ important.o")}));
    QCOMPARE(changed.size(), 2);

    // The include must come first to win: move it up.
    auto* list = editor.findChild<QListWidget*>(QStringLiteral("filterRuleList"));
    list->setCurrentRow(1);
    editor.findChild<QPushButton*>(QStringLiteral("filterUpButton"))->click();
    QCOMPARE(editor.rules(),
             (QStringList{QStringLiteral("+ important.o"), QStringLiteral("- *.o")}));
    QVERIFY(!editor.findChild<QPushButton*>(QStringLiteral("filterUpButton"))->isEnabled());

    editor.findChild<QPushButton*>(QStringLiteral("filterRemoveButton"))->click();
    QCOMPARE(editor.rules(), QStringList{QStringLiteral("- *.o")});
}

void TestFilterEditor::flagsAnInvalidRule()
{
    FilterEditor editor;
    editor.setRules({QStringLiteral("- ok"), QStringLiteral("x nonsense")});
    QVERIFY2(editor.verdictText().contains(QLatin1String("Rule 2 is not valid")),
             qPrintable(editor.verdictText()));
}

void TestFilterEditor::pickedPathsAreRelativeToTheTransferRoot()
{
    QTemporaryDir dir;
    QVERIFY(QDir().mkpath(dir.path() + QStringLiteral("/src/cache/img")));
    QFile file(dir.path() + QStringLiteral("/src/cache/img/a.tmp"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    FilterEditor editor;
    editor.setRules({QStringLiteral("- /cache/"), QStringLiteral("- /src/cache/")});
    auto* path = editor.findChild<QLineEdit*>(QStringLiteral("filterTestPathEdit"));
    auto* folder = editor.findChild<QCheckBox*>(QStringLiteral("filterTestFolderCheck"));
    QVERIFY(!editor.findChild<QPushButton*>(QStringLiteral("filterPickButton"))->isEnabled());

    // "src/": the contents are transferred, paths start below src.
    editor.setSourceRoot(dir.path() + QStringLiteral("/src/"));
    QVERIFY(editor.findChild<QPushButton*>(QStringLiteral("filterPickButton"))->isEnabled());
    editor.testPickedPath(file.fileName());
    QCOMPARE(path->text(), QStringLiteral("cache/img/a.tmp"));
    QVERIFY(!folder->isChecked());
    QVERIFY2(editor.verdictText().contains(QLatin1String("rule 1")),
             qPrintable(editor.verdictText()));

    // "src": the folder itself is transferred, its name leads the path.
    editor.setSourceRoot(dir.path() + QStringLiteral("/src"));
    editor.testPickedPath(dir.path() + QStringLiteral("/src/cache"));
    QCOMPARE(path->text(), QStringLiteral("src/cache"));
    QVERIFY(folder->isChecked());
    QVERIFY2(editor.verdictText().contains(QLatin1String("rule 2")),
             qPrintable(editor.verdictText()));

    // Outside the source: said so, the path is left alone.
    editor.testPickedPath(dir.path());
    QCOMPARE(path->text(), QStringLiteral("src/cache"));
    QVERIFY(editor.verdictText().contains(QLatin1String("not inside")));
}

QTEST_MAIN(TestFilterEditor)
#include "tst_filtereditor.moc"
