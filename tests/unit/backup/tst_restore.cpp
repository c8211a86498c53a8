// Restore (backup/snapshotbrowser.h, backup/restore.h): three real snapshot
// runs with a file changed in between, then the browser's folder listing
// and a file's versions, and restores of a file and a folder through the
// job runner (preview, then run) to the original place and to another
// folder: content and metadata come back, nothing else at the target
// changes, nothing is deleted, and paths through a symlink are refused.

#include "backup/backuprun.h"
#include "backup/restore.h"
#include "backup/snapshotbrowser.h"
#include "jobs/jobrunner.h"
#include "jobs/profilestore.h"
#include "testsupport.h"
#include "treebuilder.h"
#include "treesnapshot.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace qrsync;
using namespace qrsync::backup;

namespace {

const QString kS1 = QStringLiteral("2026-11-25T100000");
const QString kS2 = QStringLiteral("2026-11-25T110000");
const QString kS3 = QStringLiteral("2026-11-25T120000");

QByteArray contentOf(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

struct stat statOf(const QString& path)
{
    struct stat st
    {};
    lstat(QFile::encodeName(path).constData(), &st);
    return st;
}

QStringList names(const QList<SnapshotEntry>& entries)
{
    QStringList out;
    for (const SnapshotEntry& e : entries)
        out.append(e.name);
    return out;
}

} // namespace

class TestRestore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void listsSnapshotsAndFolders();
    void versionsAcrossThreeSnapshots();
    void restoresAFileToItsOriginalPlace();
    void restoresAFolderToItsOriginalPlace();
    void restoresToAnotherFolder();
    void originalPlaceOfAFolderSource();
    void refusesUnsafeRequests();

private:
    jobs::Profile profile() const;
    QList<jobs::JobItem> run(const RestoreRequest& request, jobs::JobRunner::Mode mode);
    QString src() const { return m_dir->path() + "/src"; }
    QString dest() const { return m_dir->path() + "/dest"; }
    QString snap(const QString& name) const { return dest() + "/" + name; }
    std::unique_ptr<QTemporaryDir> m_dir;
    jobs::Profile m_profile;
};

void TestRestore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    test::TreeBuilder t(QFile::encodeName(src()));
    t.dir("");
    t.file("same.txt", "unchanged\n");
    t.file("edit.txt", "version 1\n", 0600);
    t.setMtime("edit.txt", 1700000000, 0);
    t.dir("sub");
    t.randomFile("sub/big.bin", 200000, 7);
    t.file("sub/note.txt", "note\n");
    t.symlink("sub/link", "../same.txt");
    t.symlink("dirlink", "sub");

    const QString config = m_dir->path() + "/config";
    jobs::Profile p;
    p.name = QStringLiteral("Home snapshots");
    p.sources = {src() + "/"};
    p.destination = dest();
    p.snapshots.enabled = true;
    auto saved = jobs::ProfileStore(config).save(p);
    QVERIFY_RESULT(saved);
    m_profile = *saved;

    BackupRunOptions o;
    o.headless.configDir = config;
    o.headless.dataDir = m_dir->path() + "/data";
    o.stateDir = m_dir->path() + "/state";
    const QDateTime day(QDate(2026, 11, 25), QTime(10, 0, 0));
    for (int i = 0; i < 3; ++i) {
        if (i == 1) {
            t.file("edit.txt", "version 2, longer\n", 0644);
            t.setMtime("edit.txt", 1700003600, 0);
            t.file("new.txt", "new\n");
        }
        if (i == 2)
            t.remove("new.txt");
        o.now = [when = day.addSecs(3600 * i)] { return when; };
        auto made = runProfile(p.name, o);
        QVERIFY_RESULT(made);
        QCOMPARE(int(made->run.result.exitCode), 0);
    }
}

jobs::Profile TestRestore::profile() const
{
    return m_profile;
}

QList<jobs::JobItem> TestRestore::run(const RestoreRequest& request, jobs::JobRunner::Mode mode)
{
    auto transfer = restoreOptions(m_profile, jobs::AppSettings{}, request);
    if (!transfer)
        qFatal("restoreOptions: %s", qPrintable(transfer.error().toString()));
    jobs::JobRunner runner;
    QSignalSpy done(&runner, &jobs::JobRunner::result);
    if (!runner.start(*transfer, mode) || !done.wait(60000))
        qFatal("the restore did not finish");
    const auto result = done.first().first().value<jobs::JobResult>();
    if (!result.succeeded())
        qFatal("the restore failed with %d", int(result.exitCode));
    return runner.items();
}

void TestRestore::listsSnapshotsAndFolders()
{
    SnapshotBrowser browser(dest());
    auto snapshots = browser.snapshots();
    QVERIFY_RESULT(snapshots);
    QCOMPARE(snapshots->size(), 3);
    QCOMPARE(snapshots->at(0).name, kS3);
    QCOMPARE(snapshots->at(2).name, kS1);

    auto top = browser.entries(kS2, QString());
    QVERIFY_RESULT(top);
    // Folders first, then by name; the symlink is listed, not followed.
    QCOMPARE(names(*top), (QStringList{"sub", "dirlink", "edit.txt", "new.txt", "same.txt"}));
    QCOMPARE(top->at(0).kind, SnapshotEntry::Kind::Folder);
    QCOMPARE(top->at(1).kind, SnapshotEntry::Kind::Symlink);
    QCOMPARE(top->at(2).size, qint64(18));
    QCOMPARE(top->at(2).mtime.toSecsSinceEpoch(), qint64(1700003600));

    auto sub = browser.entries(kS1, QStringLiteral("sub"));
    QVERIFY_RESULT(sub);
    QCOMPARE(names(*sub), (QStringList{"big.bin", "link", "note.txt"}));
    QCOMPARE(sub->at(0).size, qint64(200000));
    QCOMPARE(sub->at(1).kind, SnapshotEntry::Kind::Symlink);
    // Listing through the symlink to a folder is refused.
    QVERIFY(!browser.entries(kS1, QStringLiteral("dirlink")));
    QVERIFY(!browser.entries(kS1, QStringLiteral("../")));
    QVERIFY(!browser.entries(QStringLiteral("2020-01-01T000000"), QString()));
}

void TestRestore::versionsAcrossThreeSnapshots()
{
    SnapshotBrowser browser(dest());
    auto edit = browser.versions(QStringLiteral("edit.txt"));
    QVERIFY_RESULT(edit);
    QCOMPARE(edit->size(), 2);
    QCOMPARE(edit->at(0).snapshots, (QStringList{kS3, kS2}));
    QCOMPARE(edit->at(0).size, qint64(18));
    QCOMPARE(edit->at(0).mtime.toSecsSinceEpoch(), qint64(1700003600));
    QCOMPARE(edit->at(1).snapshots, QStringList{kS1});
    QCOMPARE(edit->at(1).size, qint64(10));
    QCOMPARE(edit->at(1).mtime.toSecsSinceEpoch(), qint64(1700000000));

    auto same = browser.versions(QStringLiteral("same.txt"));
    QVERIFY_RESULT(same);
    QCOMPARE(same->size(), 1);
    QCOMPARE(same->at(0).snapshots, (QStringList{kS3, kS2, kS1}));

    auto added = browser.versions(QStringLiteral("new.txt"));
    QVERIFY_RESULT(added);
    QCOMPARE(added->size(), 1);
    QCOMPARE(added->at(0).snapshots, QStringList{kS2});

    auto big = browser.versions(QStringLiteral("sub/big.bin"));
    QVERIFY_RESULT(big);
    QCOMPARE(big->size(), 1);
    QCOMPARE(big->at(0).snapshots.size(), 3);
}

void TestRestore::restoresAFileToItsOriginalPlace()
{
    test::TreeBuilder t(QFile::encodeName(src()));
    t.file("edit.txt", "a local edit\n");
    t.file("unrelated.txt", "keep me\n");
    t.setMtime("unrelated.txt", 1600000000, 0);
    const struct stat unrelatedBefore = statOf(src() + "/unrelated.txt");

    const RestoreRequest request{kS1, {QStringLiteral("edit.txt")}, QString()};
    auto where = restoreDestination(m_profile, request);
    QVERIFY_RESULT(where);
    QCOMPARE(*where, src());
    // The preview names what would be overwritten and changes nothing.
    const auto preview = run(request, jobs::JobRunner::Mode::Preview);
    QCOMPARE(preview.size(), 1);
    QCOMPARE(preview.first().path, QStringLiteral("edit.txt"));
    QCOMPARE(preview.first().action, jobs::ItemAction::Changed);
    QCOMPARE(contentOf(src() + "/edit.txt"), QByteArray("a local edit\n"));

    const auto done = run(request, jobs::JobRunner::Mode::Run);
    QCOMPARE(done.size(), 1);
    QCOMPARE(contentOf(src() + "/edit.txt"), QByteArray("version 1\n"));
    const struct stat restored = statOf(src() + "/edit.txt");
    QCOMPARE(qint64(restored.st_mtim.tv_sec), qint64(1700000000));
    QCOMPARE(restored.st_mode & 07777, mode_t(0600));
    // A copy, not a link into the snapshot.
    QVERIFY(restored.st_ino != statOf(snap(kS1) + "/edit.txt").st_ino);
    QCOMPARE(contentOf(src() + "/unrelated.txt"), QByteArray("keep me\n"));
    QCOMPARE(statOf(src() + "/unrelated.txt").st_mtim.tv_sec, unrelatedBefore.st_mtim.tv_sec);
    QCOMPARE(statOf(src() + "/unrelated.txt").st_ino, unrelatedBefore.st_ino);
    QCOMPARE(contentOf(snap(kS1) + "/edit.txt"), QByteArray("version 1\n"));
}

void TestRestore::restoresAFolderToItsOriginalPlace()
{
    test::TreeBuilder t(QFile::encodeName(src()));
    t.remove("sub/big.bin");
    t.file("sub/note.txt", "changed note\n");
    t.file("sub/extra.txt", "made after the snapshot\n");

    const RestoreRequest request{kS3, {QStringLiteral("sub")}, QString()};
    const auto preview = run(request, jobs::JobRunner::Mode::Preview);
    QStringList paths;
    for (const jobs::JobItem& item : preview) {
        QVERIFY(item.action != jobs::ItemAction::Deleted);
        paths.append(item.path);
    }
    QVERIFY2(paths.contains("sub/big.bin") && paths.contains("sub/note.txt"),
             qPrintable(paths.join(' ')));
    QVERIFY(!QFile::exists(src() + "/sub/big.bin"));

    run(request, jobs::JobRunner::Mode::Run);
    QCOMPARE(contentOf(src() + "/sub/big.bin"), contentOf(snap(kS3) + "/sub/big.bin"));
    QCOMPARE(contentOf(src() + "/sub/note.txt"), QByteArray("note\n"));
    QCOMPARE(QFileInfo(src() + "/sub/link").symLinkTarget(), src() + "/same.txt");
    // Never deleted: what the snapshot does not have stays.
    QCOMPARE(contentOf(src() + "/sub/extra.txt"), QByteArray("made after the snapshot\n"));
}

void TestRestore::restoresToAnotherFolder()
{
    const QString target = m_dir->path() + "/elsewhere";
    test::TreeBuilder t(QFile::encodeName(target));
    t.dir("");
    t.file("other.txt", "someone else's\n");
    t.dir("sub");
    t.file("sub/mine.txt", "mine\n");
    const struct stat otherBefore = statOf(target + "/other.txt");

    const RestoreRequest folder{kS1, {QStringLiteral("sub")}, target};
    const auto preview = run(folder, jobs::JobRunner::Mode::Preview);
    QVERIFY(!preview.isEmpty());
    QVERIFY(!QFile::exists(target + "/sub/big.bin"));
    run(folder, jobs::JobRunner::Mode::Run);
    test::CompareOptions cmp;
    cmp.hardLinks = false; // the snapshot's files are linked across snapshots
    cmp.rootEntry = false;
    cmp.nanoseconds = false;
    auto restored = test::TreeSnapshot::take(QFile::encodeName(target + "/sub"));
    auto expected = test::TreeSnapshot::take(QFile::encodeName(snap(kS1) + "/sub"));
    QStringList diff = test::TreeSnapshot::diff(expected, restored, cmp);
    // The one difference allowed: the file that was already there.
    QCOMPARE(diff.size(), 1);
    QVERIFY2(diff.first().contains("mine.txt"), qPrintable(diff.first()));
    QCOMPARE(contentOf(target + "/sub/mine.txt"), QByteArray("mine\n"));

    const RestoreRequest files{
        kS1, {QStringLiteral("edit.txt"), QStringLiteral("same.txt")}, target};
    run(files, jobs::JobRunner::Mode::Run);
    QCOMPARE(contentOf(target + "/edit.txt"), QByteArray("version 1\n"));
    QCOMPARE(qint64(statOf(target + "/edit.txt").st_mtim.tv_sec), qint64(1700000000));
    QCOMPARE(contentOf(target + "/same.txt"), QByteArray("unchanged\n"));
    QCOMPARE(contentOf(target + "/other.txt"), QByteArray("someone else's\n"));
    QCOMPARE(statOf(target + "/other.txt").st_ino, otherBefore.st_ino);
    QCOMPARE(statOf(target + "/other.txt").st_mtim.tv_sec, otherBefore.st_mtim.tv_sec);
    // The source was not touched by restores elsewhere.
    QCOMPARE(contentOf(src() + "/edit.txt"), QByteArray("version 2, longer\n"));
}

void TestRestore::originalPlaceOfAFolderSource()
{
    jobs::Profile p = m_profile;
    p.sources = {QStringLiteral("/home/u/pics"), QStringLiteral("/srv/docs/")};
    auto pics = originalFolder(p, QStringLiteral("pics/2024/a.jpg"));
    QVERIFY_RESULT(pics);
    QCOMPARE(*pics, QStringLiteral("/home/u"));
    auto docs = originalFolder(p, QStringLiteral("report.odt"));
    QVERIFY_RESULT(docs);
    QCOMPARE(*docs, QStringLiteral("/srv/docs"));
    auto where = restoreDestination(p, {kS1, {QStringLiteral("pics/2024/a.jpg")}, QString()});
    QVERIFY_RESULT(where);
    QCOMPARE(*where, QStringLiteral("/home/u/pics/2024"));

    p.sources = {QStringLiteral("/a/"), QStringLiteral("/b/")};
    QVERIFY(!originalFolder(p, QStringLiteral("x")));
    p.sources = {QStringLiteral("host:/data/")};
    auto remote = originalFolder(p, QStringLiteral("x"));
    QVERIFY(!remote);
    QCOMPARE(remote.error().code, ExitCode::Unsupported);
}

void TestRestore::refusesUnsafeRequests()
{
    const jobs::AppSettings settings;
    // Through a symlinked folder: never followed out of the snapshot.
    QVERIFY(!restoreOptions(m_profile, settings,
                            {kS1, {QStringLiteral("dirlink/big.bin")}, m_dir->path()}));
    QVERIFY(!restoreOptions(m_profile, settings,
                            {kS1, {QStringLiteral("../../src/edit.txt")}, m_dir->path()}));
    QVERIFY(!restoreOptions(
        m_profile, settings,
        {kS1, {QStringLiteral("edit.txt"), QStringLiteral("sub/note.txt")}, m_dir->path()}));
    QVERIFY(!restoreOptions(m_profile, settings, {kS1, {}, m_dir->path()}));
    // Not into the snapshots themselves.
    QVERIFY(!restoreOptions(m_profile, settings, {kS1, {QStringLiteral("edit.txt")}, dest()}));
    QVERIFY(!restoreOptions(m_profile, settings,
                            {kS1, {QStringLiteral("edit.txt")}, snap(kS2) + "/sub"}));
    QVERIFY(!restoreOptions(m_profile, settings, {kS1, {QStringLiteral("nothere")}, QString()}));
    // The symlink itself is restored as a link.
    const QString target = m_dir->path() + "/links";
    QVERIFY(QDir().mkdir(target));
    run({kS1, {QStringLiteral("dirlink")}, target}, jobs::JobRunner::Mode::Run);
    QVERIFY(QFileInfo(target + "/dirlink").isSymLink());
    QVERIFY(!QFile::exists(target + "/big.bin"));
    auto transfer =
        restoreOptions(m_profile, settings, {kS1, {QStringLiteral("edit.txt")}, target});
    QVERIFY_RESULT(transfer);
    QVERIFY(transfer->deleteMode == options::TransferOptions::DeleteMode::None);
    QVERIFY(transfer->links);
}

QTEST_GUILESS_MAIN(TestRestore)
#include "tst_restore.moc"
