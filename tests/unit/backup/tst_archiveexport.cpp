// Archive export (backup/archiveexport.h): each format extracted by the
// system's own tools (GNU tar for .tar.gz/.tar.zst, bsdtar for .zip) gives
// back the tree with its metadata; progress totals are exact; an export
// stopped part-way leaves nothing under the final name (and an older
// archive there untouched); unsupported formats are refused.

#include "backup/archiveexport.h"
#include "processrunner.h"
#include "testsupport.h"
#include "treebuilder.h"
#include "treesnapshot.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace qrsync;
using namespace qrsync::backup;

class TestArchiveExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void extractsToTheSameTree_data();
    void extractsToTheSameTree();
    void reportsExactProgress();
    void interruptedExportLeavesNoArchive();
    void refusesWhatItCannotDo();
    void cliExports();

private:
    QString src() const { return m_dir->path() + "/snap"; }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestArchiveExport::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    test::TreeBuilder t(QFile::encodeName(src()));
    t.dir("");
    t.file("plain.txt", "hello\n", 0640);
    t.file("empty", "");
    t.file("script.sh", "#!/bin/sh\n", 0755);
    t.randomFile("big.bin", 3 * 1024 * 1024 + 17, 5);
    t.file("with space & ünïcode.txt", "x");
    t.dir("private", 0700);
    t.file("private/secret", "s", 0600);
    t.dir("readonly", 0555);
    t.symlink("rel-link", "plain.txt");
    t.symlink("dangling", "does/not/exist");
    t.symlink("dir-link", "private");
    t.hardLink("hard-1", "plain.txt");
    t.dir("deep");
    QByteArray deep = "deep";
    for (int i = 0; i < 6; ++i) {
        deep += "/a-rather-long-folder-name-" + QByteArray::number(i);
        t.dir(deep);
    }
    t.file(deep + "/file-with-a-long-path.txt", "deep\n");
    t.hardLink("deep/hard-2", "plain.txt");
    t.setMtime("plain.txt", 1700000000, 123456789);
    t.setMtime("big.bin", 1600000000, 0);
    t.setMtime("rel-link", 1500000000, 0);
    t.setMtime("private", 1650000000, 500000000);
    t.chown("script.sh", 1234, 4321);
    t.setMtime("", 1690000000, 0);
}

void TestArchiveExport::extractsToTheSameTree_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("extract"); // the command, run in the target folder
    QTest::addColumn<bool>("hardLinks");
    QTest::addColumn<bool>("nanoseconds");
    QTest::newRow("tar.gz by GNU tar")
        << "export.tar.gz" << QStringList{"tar", "-xzpf"} << true << true;
    QTest::newRow("tgz by bsdtar") << "export.tgz" << QStringList{"bsdtar", "-xpf"} << true << true;
    QTest::newRow("tar.zst by GNU tar")
        << "export.tar.zst" << QStringList{"tar", "--zstd", "-xpf"} << true << true;
    // Zip keeps no hard links (each is a copy) and whole-second times.
    QTest::newRow("zip by bsdtar")
        << "export.zip" << QStringList{"bsdtar", "-xpf"} << false << false;
}

void TestArchiveExport::extractsToTheSameTree()
{
    QFETCH(QString, name);
    QFETCH(QStringList, extract);
    QFETCH(bool, hardLinks);
    QFETCH(bool, nanoseconds);
    const QString archive = m_dir->path() + "/" + name;
    auto summary = exportArchive(src(), archive);
    QVERIFY_RESULT(summary);
    QVERIFY(summary->fileBytes > 3 * 1024 * 1024);

    const QString out = m_dir->path() + "/out";
    QVERIFY(QDir().mkpath(out));
    const QString program = extract.takeFirst();
    const test::RunResult run = test::runProcess(
        program, extract << archive, QProcessEnvironment::systemEnvironment(), 60000, out);
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QCOMPARE(QDir(out).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList{"snap"});

    test::CompareOptions cmp;
    cmp.hardLinks = hardLinks;
    cmp.nanoseconds = nanoseconds;
    const QStringList diff =
        test::TreeSnapshot::diff(test::TreeSnapshot::take(QFile::encodeName(src())),
                                 test::TreeSnapshot::take(QFile::encodeName(out + "/snap")), cmp);
    QVERIFY2(diff.isEmpty(), qPrintable(diff.join('\n')));
    if (!hardLinks) {
        // The copies still hold the data.
        QFile copy(out + "/snap/deep/hard-2");
        QVERIFY(copy.open(QIODevice::ReadOnly));
        QCOMPARE(copy.readAll(), QByteArray("hello\n"));
    }
}

void TestArchiveExport::reportsExactProgress()
{
    QList<jobs::JobProgress> seen;
    ExportOptions how;
    how.progress = [&](const jobs::JobProgress& p) { seen << p; };
    auto summary = exportArchive(src() + "/", m_dir->path() + "/contents.tar.zst", how);
    QVERIFY_RESULT(summary);
    QVERIFY(!seen.isEmpty());
    const jobs::JobProgress& last = seen.last();
    QCOMPARE(last.phase, jobs::JobPhase::Finished);
    QCOMPARE(last.bytesTotal, summary->fileBytes);
    QCOMPARE(last.bytesDone, last.bytesTotal);
    QCOMPARE(last.filesDone, summary->entries);
    QCOMPARE(last.filesTotal, summary->entries);
    QCOMPARE(last.percent(), 100);
    // A trailing '/' archives the contents: no top folder.
    const test::RunResult list =
        test::runProcess("tar", {"--zstd", "-tf", m_dir->path() + "/contents.tar.zst"});
    QVERIFY2(list.exitCode == 0, qPrintable(list.describe()));
    QVERIFY2(list.out.startsWith("big.bin\n"), list.out.constData());
    QVERIFY(!list.out.contains("snap/"));
}

void TestArchiveExport::interruptedExportLeavesNoArchive()
{
    const QString archive = m_dir->path() + "/export.tar.gz";
    {
        QFile older(archive);
        QVERIFY(older.open(QIODevice::WriteOnly));
        older.write("an older archive");
    }
    ExportOptions how;
    int asked = 0;
    // Asked per entry and per block: the fifth time is inside big.bin's data.
    how.stop = [&] { return ++asked > 4; };
    auto summary = exportArchive(src(), archive, how);
    QVERIFY(!summary);
    QCOMPARE(summary.error().code, ExitCode::Signal);
    QFile older(archive);
    QVERIFY(older.open(QIODevice::ReadOnly));
    QCOMPARE(older.readAll(), QByteArray("an older archive"));
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
             (QStringList{"export.tar.gz", "snap"}));

    QFile::remove(archive);
    QVERIFY(!exportArchive(src(), archive, how));
    QVERIFY(!QFile::exists(archive));
}

void TestArchiveExport::refusesWhatItCannotDo()
{
    auto rar = exportArchive(src(), m_dir->path() + "/export.rar");
    QVERIFY(!rar);
    QCOMPARE(rar.error().code, ExitCode::Syntax);
    QVERIFY2(rar.error().message.contains(".tar.zst"), qPrintable(rar.error().message));
    auto inside = exportArchive(src(), src() + "/private/self.zip");
    QVERIFY(!inside);
    QVERIFY(!QFile::exists(src() + "/private/self.zip"));
    auto missing = exportArchive(m_dir->path() + "/nothing", m_dir->path() + "/n.zip");
    QVERIFY(!missing);
    QCOMPARE(missing.error().code, ExitCode::FileSelect);
}

void TestArchiveExport::cliExports()
{
    const QString qrsync = test::builtBinary("qrsync");
    const QString archive = m_dir->path() + "/cli.tar.gz";
    const test::RunResult ok = test::runProcess(qrsync, {"--export-archive=" + archive, src()});
    QVERIFY2(ok.exitCode == 0, qPrintable(ok.describe()));
    QVERIFY2(ok.out.startsWith("exported "), ok.out.constData());
    const test::RunResult list = test::runProcess("tar", {"-tzf", archive});
    QVERIFY(list.out.contains("snap/deep/hard-2\n"));

    const test::RunResult bad =
        test::runProcess(qrsync, {"--export-archive", m_dir->path() + "/x.7z", src()});
    QCOMPARE(bad.exitCode, 1);
    QVERIFY2(bad.err.contains("unsupported archive format"), bad.err.constData());
    QVERIFY(!QFile::exists(m_dir->path() + "/x.7z"));
    const test::RunResult usage = test::runProcess(qrsync, {"--export-archive=a.zip"});
    QCOMPARE(usage.exitCode, 1);
}

QTEST_GUILESS_MAIN(TestArchiveExport)
#include "tst_archiveexport.moc"
