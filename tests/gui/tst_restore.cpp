// The snapshot browser (ui/snapshotbrowser.h) driven from the main window
// over three real snapshots: pick the oldest snapshot, pick a file changed
// since, see its two versions, restore it to another folder through the
// preview (which lists it), and find the old content there.

#include "backup/backuprun.h"
#include "itemtablemodel.h"
#include "itemtableview.h"
#include "jobs/profilestore.h"
#include "mainwindow.h"
#include "previewdialog.h"
#include "snapshotbrowser.h"
#include "testsupport.h"
#include "treebuilder.h"

#include <QAction>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace qrsync;
using namespace qrsync::ui;

class TestRestoreGui : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void browseAndRestoreToAnotherFolder();
};

void TestRestoreGui::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestRestoreGui::browseAndRestoreToAnotherFolder()
{
    QTemporaryDir dir;
    test::TreeBuilder t(QFile::encodeName(dir.path() + "/src"));
    t.dir("");
    t.file("edit.txt", "version 1\n");
    t.setMtime("edit.txt", 1700000000, 0);
    t.dir("docs");
    t.file("docs/a.txt", "a\n");
    AppPaths paths{dir.path() + "/config", dir.path() + "/data"};
    jobs::Profile p;
    p.name = "Snap";
    p.sources = {dir.path() + "/src/"};
    p.destination = dir.path() + "/dest";
    p.snapshots.enabled = true;
    auto saved = jobs::ProfileStore(paths.configDir).save(p);
    QVERIFY_RESULT(saved);
    jobs::Profile plain;
    plain.name = "Plain";
    plain.sources = {dir.path() + "/src/"};
    plain.destination = dir.path() + "/copy";
    auto savedPlain = jobs::ProfileStore(paths.configDir).save(plain);
    QVERIFY_RESULT(savedPlain);

    backup::BackupRunOptions o;
    o.headless.configDir = paths.configDir;
    o.headless.dataDir = paths.dataDir;
    o.stateDir = dir.path() + "/state";
    const QDateTime day(QDate(2026, 11, 25), QTime(10, 0, 0));
    for (int i = 0; i < 3; ++i) {
        if (i == 1) {
            t.file("edit.txt", "version 2, longer\n");
            t.setMtime("edit.txt", 1700003600, 0);
        }
        o.now = [when = day.addSecs(3600 * i)] { return when; };
        auto made = backup::runProfile(p.name, o);
        QVERIFY_RESULT(made);
        QCOMPARE(int(made->run.result.exitCode), 0);
    }

    MainWindow window(paths);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* action = window.findChild<QAction*>("browseSnapshotsAction");
    QVERIFY(action);
    window.selectProfile(savedPlain->id);
    QVERIFY(!action->isEnabled());
    window.selectProfile(saved->id);
    QVERIFY(action->isEnabled());
    action->trigger();
    auto* browser = window.findChild<SnapshotBrowserDialog*>();
    QVERIFY(browser);
    QVERIFY(QTest::qWaitForWindowExposed(browser));

    QCOMPARE(browser->snapshotList().count(), 3);
    QCOMPARE(browser->currentSnapshot(), QString("2026-11-25T120000")); // newest first
    browser->snapshotList().setCurrentRow(2);
    QCOMPARE(browser->currentSnapshot(), QString("2026-11-25T100000"));
    QCOMPARE(browser->folderTree().topLevelItemCount(), 2); // docs, edit.txt
    QVERIFY(browser->selectPath("docs/a.txt"));
    QCOMPARE(browser->versionList().topLevelItemCount(), 1);
    QVERIFY(browser->selectPath("edit.txt"));
    QCOMPARE(browser->selectedPaths(), QStringList{"edit.txt"});
    QTreeWidget& versions = browser->versionList();
    QCOMPARE(versions.topLevelItemCount(), 2);
    // Newest version first, in two snapshots; the selected snapshot's in bold.
    QCOMPARE(versions.topLevelItem(0)->data(0, Qt::UserRole).toStringList(),
             (QStringList{"2026-11-25T120000", "2026-11-25T110000"}));
    QVERIFY(versions.topLevelItem(0)->text(1).contains("18"));
    QVERIFY(!versions.topLevelItem(0)->font(0).bold());
    QVERIFY(versions.topLevelItem(1)->font(0).bold());
    QVERIFY(browser->findChild<QPushButton*>("restoreToButton")->isEnabled());

    const QString target = dir.path() + "/restored";
    test::TreeBuilder(QFile::encodeName(target)).dir("");
    test::TreeBuilder(QFile::encodeName(target)).file("keep.txt", "keep\n");
    browser->restoreTo(target);
    PreviewDialog* preview = browser->previewWindow();
    QVERIFY(preview);
    QSignalSpy previewed(preview, &PreviewDialog::finished);
    QVERIFY(previewed.wait(30000));
    QVERIFY(!QFile::exists(target + "/edit.txt")); // the preview changed nothing
    const auto items = preview->items().model().items();
    QCOMPARE(items.size(), 1);
    QCOMPARE(items.first().path, QString("edit.txt"));
    QSignalSpy restored(browser, &SnapshotBrowserDialog::restoreFinished);
    auto* runThis = preview->findChild<QPushButton*>("runThisButton");
    QVERIFY(runThis->isEnabled());
    runThis->click();
    QVERIFY(restored.wait(30000));
    QVERIFY(restored.first().first().value<jobs::JobResult>().succeeded());
    QFile file(target + "/edit.txt");
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("version 1\n"));
    QCOMPARE(QFileInfo(target + "/edit.txt").lastModified().toSecsSinceEpoch(), qint64(1700000000));
    QVERIFY(QFile::exists(target + "/keep.txt"));
    QVERIFY2(browser->statusText().contains("Restored"), qPrintable(browser->statusText()));
    // The source was left alone.
    QFile source(dir.path() + "/src/edit.txt");
    QVERIFY(source.open(QIODevice::ReadOnly));
    QCOMPARE(source.readAll(), QByteArray("version 2, longer\n"));
}

QTEST_MAIN(TestRestoreGui)
#include "tst_restore.moc"
