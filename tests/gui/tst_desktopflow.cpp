// The acceptance path, through the widgets: create a local mirror
// profile with a filter in the profile dialog, preview it and compare the
// table with the trees' real differences, run it from the preview, check
// the destination and the history entry; then cancel a large run from the
// run view and check that no partial file is left.

#include "filtereditor.h"
#include "itemtablemodel.h"
#include "itemtableview.h"
#include "jobs/jobrunner.h"
#include "jobs/runrecord.h"
#include "mainwindow.h"
#include "previewdialog.h"
#include "profiledialog.h"
#include "profilelistmodel.h"
#include "runview.h"
#include "treebuilder.h"
#include "treesnapshot.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace qrsync;
using namespace qrsync::ui;
using qrsync::test::TreeBuilder;
using qrsync::test::TreeSnapshot;

class TestDesktopFlow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void createPreviewRunAndRecord();
    void cancelLeavesNoPartialFile();
    void escapeMidRunCancelsInsteadOfHiding();
    void errorsAreListedAndRecorded();

private:
    AppPaths paths() const;
    QString createProfile(MainWindow& window, const QString& name, const QStringList& excludes);
    QByteArray src() const { return QFile::encodeName(m_dir->path()) + "/src"; }
    QByteArray dst() const { return QFile::encodeName(m_dir->path()) + "/dst"; }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestDesktopFlow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestDesktopFlow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

AppPaths TestDesktopFlow::paths() const
{
    return AppPaths{m_dir->path() + QStringLiteral("/config"),
                    m_dir->path() + QStringLiteral("/data")};
}

// What a mirror must do to regular files, read off the two trees: new
// where only the source has a file, changed where size, time or content
// differ, deleted where only the destination has one. `excluded` stands
// for the profile's filter.
static QMap<QString, jobs::ItemAction>
fileDifferences(const TreeSnapshot& source, const TreeSnapshot& destination,
                const std::function<bool(const QByteArray&)>& excluded)
{
    QMap<QString, jobs::ItemAction> out;
    for (auto it = source.entries().cbegin(); it != source.entries().cend(); ++it) {
        if (it.value().type != 'f' || excluded(it.key()))
            continue;
        const auto there = destination.entries().constFind(it.key());
        if (there == destination.entries().cend())
            out.insert(QString::fromUtf8(it.key()), jobs::ItemAction::New);
        else if (there->size != it->size || there->mtimeSec != it->mtimeSec ||
                 there->contentHash != it->contentHash)
            out.insert(QString::fromUtf8(it.key()), jobs::ItemAction::Changed);
    }
    for (auto it = destination.entries().cbegin(); it != destination.entries().cend(); ++it) {
        if (it.value().type == 'f' && !source.entries().contains(it.key()))
            out.insert(QString::fromUtf8(it.key()), jobs::ItemAction::Deleted);
    }
    return out;
}

// Fills in the profile dialog as a user would, returns the new profile's id.
QString TestDesktopFlow::createProfile(MainWindow& window, const QString& name,
                                       const QStringList& excludes)
{
    window.newProfile();
    auto* dialog = window.findChild<ProfileDialog*>();
    if (!dialog)
        return {};
    auto* nameEdit = dialog->findChild<QLineEdit*>(QStringLiteral("nameEdit"));
    nameEdit->clear();
    QTest::keyClicks(nameEdit, name);
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("sourceEdit")),
                     QFile::decodeName(src()) + QLatin1Char('/'));
    dialog->findChild<QPushButton*>(QStringLiteral("sourceAddButton"))->click();
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("destinationEdit")),
                     QFile::decodeName(dst()));
    dialog->findChild<QRadioButton*>(QStringLiteral("mirrorRadio"))->click();
    auto* editor = dialog->findChild<FilterEditor*>();
    for (const QString& pattern : excludes) {
        auto* kind = editor->findChild<QComboBox*>(QStringLiteral("filterKindCombo"));
        kind->setCurrentIndex(kind->findText(QStringLiteral("Exclude")));
        QTest::keyClicks(editor->findChild<QLineEdit*>(QStringLiteral("filterPatternEdit")),
                         pattern);
        editor->findChild<QPushButton*>(QStringLiteral("filterAddButton"))->click();
    }
    dialog->findChild<QDialogButtonBox*>(QStringLiteral("profileButtons"))
        ->button(QDialogButtonBox::Save)
        ->click();
    if (dialog->result() != QDialog::Accepted)
        qWarning("dialog refused: %s", qPrintable(dialog->errorText()));
    return dialog->savedProfile().id;
}

void TestDesktopFlow::createPreviewRunAndRecord()
{
    TreeBuilder tree(src());
    tree.dir("");
    tree.dir("docs");
    tree.randomFile("docs/new.txt", 1500, 1);
    tree.randomFile("changed.bin", 4000, 2);
    tree.file("same.txt", "same");
    tree.setMtime("same.txt", 1600000000, 0);
    tree.file("debug.log", "excluded by the filter");
    TreeBuilder out(dst());
    out.dir("");
    out.randomFile("changed.bin", 100, 9);
    out.file("same.txt", "same");
    out.setMtime("same.txt", 1600000000, 0);
    out.file("stale.txt", "only at the destination");

    MainWindow window(paths());
    window.show();
    const QString id = createProfile(window, QStringLiteral("Work"), {QStringLiteral("*.log")});
    QVERIFY(!id.isEmpty());
    const jobs::Profile profile = *jobs::ProfileStore(paths().configDir).findById(id);
    QCOMPARE(profile.filterRules, QStringList{QStringLiteral("- *.log")});
    QCOMPARE(window.currentProfile()->id, id);

    // The trees' real differences, file by file (the filter applied).
    const TreeSnapshot before = TreeSnapshot::take(dst());
    const QMap<QString, jobs::ItemAction> expected =
        fileDifferences(TreeSnapshot::take(src()), before,
                        [](const QByteArray& path) { return path.endsWith(".log"); });
    // The trees were built to hold one of each kind.
    QCOMPARE(expected, (QMap<QString, jobs::ItemAction>{
                           {QStringLiteral("docs/new.txt"), jobs::ItemAction::New},
                           {QStringLiteral("changed.bin"), jobs::ItemAction::Changed},
                           {QStringLiteral("stale.txt"), jobs::ItemAction::Deleted},
                       }));

    window.previewProfile();
    PreviewDialog* preview = window.previewWindow();
    QVERIFY(preview);
    QTRY_VERIFY_WITH_TIMEOUT(preview->isFinished(), 30000);
    QMap<QString, jobs::ItemAction> shown;
    const ItemTableModel& rows = preview->items().model();
    for (const jobs::JobItem& item : rows.items()) {
        if (!item.isDirectory)
            shown.insert(item.path, item.action);
    }
    QCOMPARE(shown, expected);
    const auto docs =
        std::find_if(rows.items().cbegin(), rows.items().cend(),
                     [](const jobs::JobItem& i) { return i.path == QLatin1String("docs/"); });
    QVERIFY(docs != rows.items().cend());
    QCOMPARE(docs->action, jobs::ItemAction::New);
    // The preview changed nothing, and deletions stand out.
    QVERIFY(TreeSnapshot::diff(before, TreeSnapshot::take(dst())).isEmpty());
    for (int r = 0; r < rows.rowCount(); ++r) {
        const bool deleted = rows.items()[r].action == jobs::ItemAction::Deleted;
        QCOMPARE(rows.index(r, ItemTableModel::PathColumn).data(Qt::FontRole).value<QFont>().bold(),
                 deleted);
    }
    QVERIFY2(preview->totalsText().contains(QLatin1String("2 files to send")),
             qPrintable(preview->totalsText()));
    QVERIFY2(preview->totalsText().contains(QLatin1String("1 deletion")),
             qPrintable(preview->totalsText()));
    // The search field filters the table.
    QTest::keyClicks(preview->items().searchField(), QStringLiteral("stale"));
    QCOMPARE(preview->items().table()->model()->rowCount(), 1);

    // "Run this" starts the real run; its record lands in the history.
    QSignalSpy recorded(&window, &MainWindow::runRecorded);
    auto* runThis = preview->findChild<QPushButton*>(QStringLiteral("runThisButton"));
    QVERIFY(runThis->isEnabled());
    runThis->click();
    QVERIFY(window.runWindow());
    QVERIFY(recorded.wait(30000));
    const auto record = recorded.first().at(0).value<jobs::RunRecord>();
    QCOMPARE(record.exitCode, 0);
    QCOMPARE(record.filesTransferred, 2);
    QCOMPARE(record.bytesTransferred, 5500);
    QCOMPARE(record.deletions, 1);

    // The destination is the source without the excluded file.
    QVERIFY(QFile::exists(QFile::decodeName(dst() + "/docs/new.txt")));
    QVERIFY(!QFile::exists(QFile::decodeName(dst() + "/stale.txt")));
    QVERIFY(!QFile::exists(QFile::decodeName(dst() + "/debug.log")));
    const TreeSnapshot source = TreeSnapshot::take(src());
    const TreeSnapshot copied = TreeSnapshot::take(dst());
    for (const QByteArray& rel :
         {QByteArray("docs/new.txt"), QByteArray("changed.bin"), QByteArray("same.txt")})
        QCOMPARE(copied.entries()[rel].contentHash, source.entries()[rel].contentHash);

    // The run view ended in a finished state at 100%.
    RunView* view = window.runWindow();
    QVERIFY(view->isFinished());
    QCOMPARE(view->findChild<QProgressBar*>(QStringLiteral("overallProgress"))->value(), 100);
    QVERIFY(view->findChild<QPushButton*>(QStringLiteral("closeButton"))->isEnabled());

    // The history on disk holds the same record, with its items.
    const QList<jobs::RunRecord> history = jobs::HistoryStore(paths().dataDir).list(id, true);
    QCOMPARE(history.size(), 1);
    QCOMPARE(history[0].exitCode, 0);
    QCOMPARE(history[0].origin, QStringLiteral("desktop"));
    QStringList paths;
    for (const jobs::JobItem& item : history[0].items)
        paths << item.path;
    for (const QString& path : expected.keys())
        QVERIFY2(paths.contains(path), qPrintable(path));
    // And the main list shows it as the last run.
    const int row = window.profileModel().rowOf(id);
    QVERIFY(window.profileModel()
                .index(row, ProfileListModel::LastRunColumn)
                .data()
                .toString()
                .startsWith(QLatin1String("Succeeded")));
}

void TestDesktopFlow::cancelLeavesNoPartialFile()
{
    TreeBuilder tree(src());
    tree.dir("");
    constexpr int kFiles = 24;
    for (int i = 0; i < kFiles; ++i)
        tree.randomFile(QByteArray("big") + QByteArray::number(i), 8 << 20, quint32(i + 1));
    MainWindow window(paths());
    window.show();
    const QString id = createProfile(window, QStringLiteral("Big"), {});
    QVERIFY(!id.isEmpty());
    QSignalSpy recorded(&window, &MainWindow::runRecorded);
    window.runProfile();
    RunView* view = window.runWindow();
    QVERIFY(view);
    auto* cancel = view->findChild<QPushButton*>(QStringLiteral("cancelButton"));
    // Press Cancel as soon as data moves. A local copy is fast, so the
    // test listens to the run's own runner at a short interval rather
    // than polling the widgets.
    auto* runner = view->findChild<jobs::JobRunner*>();
    QVERIFY(runner);
    runner->setProgressInterval(5);
    connect(
        runner, &jobs::JobRunner::progressChanged, cancel, [cancel](const jobs::JobProgress& p) {
            if (p.phase == jobs::JobPhase::Transferring && p.bytesDone > 0 && cancel->isEnabled())
                cancel->click();
        });
    QVERIFY(recorded.wait(30000));
    const auto record = recorded.first().at(0).value<jobs::RunRecord>();
    QVERIFY(!cancel->isEnabled());
    QVERIFY2(record.cancelled, "the run completed despite Cancel");
    QCOMPARE(record.exitCode, int(ExitCode::Signal));
    QVERIFY2(view->findChild<QLabel*>(QStringLiteral("phaseLabel"))
                 ->text()
                 .contains(QLatin1String("Cancelled")),
             qPrintable(view->findChild<QLabel*>(QStringLiteral("phaseLabel"))->text()));

    const TreeSnapshot source = TreeSnapshot::take(src());
    const TreeSnapshot copied = TreeSnapshot::take(dst());
    int present = 0;
    for (auto it = copied.entries().cbegin(); it != copied.entries().cend(); ++it) {
        if (it.key() == ".")
            continue;
        QVERIFY2(source.entries().contains(it.key()), it.key().constData()); // no temp file
        QCOMPARE(it.value().contentHash, source.entries()[it.key()].contentHash);
        ++present;
    }
    QVERIFY(present < kFiles);
    QCOMPARE(jobs::HistoryStore(paths().dataDir).latest(id)->cancelled, true);
}

void TestDesktopFlow::escapeMidRunCancelsInsteadOfHiding()
{
    TreeBuilder tree(src());
    tree.dir("");
    for (int i = 0; i < 24; ++i)
        tree.randomFile(QByteArray("big") + QByteArray::number(i), 8 << 20, quint32(i + 1));
    MainWindow window(paths());
    window.show();
    QVERIFY(!createProfile(window, QStringLiteral("Big"), {}).isEmpty());
    QSignalSpy recorded(&window, &MainWindow::runRecorded);
    window.runProfile();
    RunView* view = window.runWindow();
    QVERIFY(view);
    QVERIFY(QTest::qWaitForWindowExposed(view));
    auto* runner = view->findChild<jobs::JobRunner*>();
    runner->setProgressInterval(5);
    bool pressed = false;
    connect(runner, &jobs::JobRunner::progressChanged, view, [&](const jobs::JobProgress& p) {
        if (!pressed && p.phase == jobs::JobPhase::Transferring && p.bytesDone > 0) {
            pressed = true;
            QTest::keyClick(view, Qt::Key_Escape);
        }
    });
    QVERIFY(recorded.wait(30000));
    QVERIFY(pressed);
    QVERIFY(recorded.first().at(0).value<jobs::RunRecord>().cancelled);
    // The view stayed to show the outcome; now Escape closes it.
    QVERIFY(view->isVisible());
    QTest::keyClick(view, Qt::Key_Escape);
    QTRY_VERIFY(!window.runWindow());
}

void TestDesktopFlow::errorsAreListedAndRecorded()
{
    TreeBuilder tree(src());
    tree.dir("");
    tree.file("ok.txt", "fine");
    // A second source that does not exist: rsync copies what it can and
    // ends with code 23 (some files were not transferred).
    jobs::Profile p;
    p.name = QStringLiteral("Partial");
    p.sources = {QFile::decodeName(src()) + QLatin1Char('/'),
                 m_dir->path() + QStringLiteral("/missing")};
    p.destination = QFile::decodeName(dst());
    const QString id = jobs::ProfileStore(paths().configDir).save(p)->id;

    MainWindow window(paths());
    window.selectProfile(id);
    QSignalSpy recorded(&window, &MainWindow::runRecorded);
    window.runProfile();
    RunView* view = window.runWindow();
    QVERIFY(view);
    QVERIFY(recorded.wait(30000));
    const auto record = recorded.first().at(0).value<jobs::RunRecord>();
    QCOMPARE(record.exitCode, int(ExitCode::Partial));
    QVERIFY(!record.messages.isEmpty());
    QVERIFY2(record.messages.join(u'\n').contains(QLatin1String("missing")),
             qPrintable(record.messages.join(u'\n')));
    auto* errors = view->findChild<QListWidget*>(QStringLiteral("errorList"));
    QVERIFY(errors->count() >= 1);
    QVERIFY(errors->item(0)->text().contains(QLatin1String("missing")));
    QVERIFY2(view->findChild<QLabel*>(QStringLiteral("phaseLabel"))
                 ->text()
                 .contains(QLatin1String("23")),
             qPrintable(view->findChild<QLabel*>(QStringLiteral("phaseLabel"))->text()));
    QVERIFY(QFile::exists(QFile::decodeName(dst() + "/ok.txt")));
    // The main list shows the partial result.
    QVERIFY(window.profileModel()
                .index(window.profileModel().rowOf(id), ProfileListModel::LastRunColumn)
                .data()
                .toString()
                .contains(QLatin1String("23")));
}

QTEST_MAIN(TestDesktopFlow)
#include "tst_desktopflow.moc"
