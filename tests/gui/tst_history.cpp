// The history view: a profile's runs newest first, the selected run's
// changes (searchable, filterable by action) and its messages.

#include "historydialog.h"
#include "itemtablemodel.h"
#include "itemtableview.h"
#include "protocol/itemheader.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace qrsync;
using namespace qrsync::ui;

class TestHistory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsRunsAndTheirChanges();
    void emptyHistorySaysSo();
    void itemModelPassesTheTester();
};

static jobs::JobItem item(const QString& path, quint32 iflags)
{
    jobs::JobItem i;
    i.path = path;
    i.iflags = iflags;
    i.action = jobs::itemAction(iflags);
    i.size = 10;
    return i;
}

void TestHistory::listsRunsAndTheirChanges()
{
    QTemporaryDir dir;
    jobs::HistoryStore history(dir.path());
    jobs::Profile p;
    p.id = QStringLiteral("p1");
    p.name = QStringLiteral("Docs");
    const QDateTime t0(QDate(2026, 5, 1), QTime(9, 0), Qt::UTC);
    jobs::RunRecord older;
    older.profileId = p.id;
    older.started = t0;
    older.finished = t0.addSecs(65);
    older.exitCode = 23;
    older.messages = {QStringLiteral("rsync: open \"x\" failed: Permission denied (13)")};
    older.items = {item(QStringLiteral("x"), protocol::kItemIsNew | protocol::kItemTransfer)};
    jobs::RunRecord newer = older;
    newer.started = t0.addDays(1);
    newer.finished = newer.started.addSecs(5);
    newer.exitCode = 0;
    newer.messages.clear();
    newer.filesTransferred = 2;
    newer.items = {
        item(QStringLiteral("a/new.txt"), protocol::kItemIsNew | protocol::kItemTransfer),
        item(QStringLiteral("b.txt"), protocol::kItemTransfer | protocol::kItemReportSize),
        item(QStringLiteral("gone.txt"), protocol::kItemDeleted)};
    QVERIFY(history.append(older));
    QVERIFY(history.append(newer));

    HistoryDialog dialog(history, p);
    QTableWidget* runs = dialog.runTable();
    QCOMPARE(runs->rowCount(), 2);
    QCOMPARE(runs->item(0, 1)->text(), QStringLiteral("Succeeded"));
    QVERIFY(runs->item(1, 1)->text().contains(QLatin1String("23")));
    QCOMPARE(runs->item(1, 4)->text(), QStringLiteral("1:05"));

    // The newest run is selected and its changes shown.
    QTableView* table = dialog.items().table();
    QCOMPARE(table->model()->rowCount(), 3);
    QTest::keyClicks(dialog.items().searchField(), QStringLiteral("new"));
    QCOMPARE(table->model()->rowCount(), 1);
    dialog.items().searchField()->clear();
    QComboBox* action = dialog.items().actionFilter();
    action->setCurrentIndex(action->findData(int(jobs::ItemAction::Deleted)));
    QCOMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, ItemTableModel::PathColumn).data().toString(),
             QStringLiteral("gone.txt"));
    action->setCurrentIndex(0);

    // Selecting the older run shows its change and its error message.
    runs->setCurrentCell(1, 0);
    QCOMPARE(table->model()->rowCount(), 1);
    auto* messages = dialog.findChild<QListWidget*>(QStringLiteral("runMessageList"));
    QCOMPARE(messages->count(), 1);
    QVERIFY(messages->item(0)->text().contains(QLatin1String("Permission denied")));
}

void TestHistory::emptyHistorySaysSo()
{
    QTemporaryDir dir;
    jobs::HistoryStore history(dir.path());
    jobs::Profile p;
    p.id = QStringLiteral("none");
    HistoryDialog dialog(history, p);
    QCOMPARE(dialog.runTable()->rowCount(), 0);
    QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("runSummaryLabel"))
                ->text()
                .contains(QLatin1String("not run")));
}

void TestHistory::itemModelPassesTheTester()
{
    ItemTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append({item(QStringLiteral("a"), protocol::kItemIsNew)});
    model.append({item(QStringLiteral("b"), protocol::kItemDeleted),
                  item(QStringLiteral("c"), protocol::kItemTransfer)});
    QCOMPARE(model.rowCount(), 3);
    // Deletions stand out; sizes sort by value.
    QVERIFY(model.index(1, ItemTableModel::PathColumn).data(Qt::FontRole).value<QFont>().bold());
    QCOMPARE(model.index(2, ItemTableModel::SizeColumn).data(ItemTableModel::SortRole).toLongLong(),
             10);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestHistory)
#include "tst_history.moc"
