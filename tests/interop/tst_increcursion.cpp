// Incremental recursion (filelist.md §7) with qrsync sending: stock pulling
// from `qrsync --server --sender`, and qrsync pushing to stock's server.
// Each case must end exactly as stock to stock does (tree and itemized
// lines), and stock's receiver must really have taken the list in
// per-directory pieces: its --debug=flist2 names every sub-list it reads.
// The tree is large enough (about 2,400 entries in 90 directories) for the
// sender to keep lists in flight ahead of the generator and for lists to be
// freed while others wait, and hard links cross lists. Pushing with the
// server's debug output on also floods our client with messages, which once
// stranded its input behind a full message queue.

#include "remotesync.h"
#include "treebuilder.h"

#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace qrsync::test;

namespace {

constexpr int kTopDirs = 30;
constexpr int kFilesPerDir = 25;

void buildWideTree(TreeBuilder& t)
{
    t.dir(".");
    t.file("top.txt", "top\n");
    for (int d = 0; d < kTopDirs; ++d) {
        const QByteArray dir = "d" + QByteArray::number(d);
        t.dir(dir);
        t.dir(dir + "/inner");
        t.dir(dir + "/inner/deepest");
        for (int f = 0; f < kFilesPerDir; ++f) {
            const QByteArray name = "/f" + QByteArray::number(f);
            t.randomFile(dir + name, 200 + f * 7, quint32(d * 100 + f));
            t.randomFile(dir + "/inner" + name, 90 + f, quint32(d * 1000 + f));
            if (f % 5 == 0)
                t.file(dir + "/inner/deepest" + name, "deep " + QByteArray::number(f) + '\n');
        }
        t.symlink(dir + "/link", "../top.txt");
    }
    // Hard-link groups whose members land in different lists.
    t.hardLink("d3/inner/to-top", "top.txt");
    t.hardLink("d17/inner/deepest/to-top", "top.txt");
    t.hardLink("d29/f1-again", "d2/f1");
}

// A second state: files changed, added and deleted in several directories,
// a directory replaced by a file, one removed with its contents.
void changeWideTree(TreeBuilder& t)
{
    t.append("d1/f3", 40, 9);
    t.file("d5/inner/new.txt", "new\n");
    t.remove("d7/f4");
    t.remove("d9/inner/deepest/f0");
    t.remove("d9/inner/deepest/f5");
    t.remove("d9/inner/deepest/f10");
    t.remove("d9/inner/deepest/f15");
    t.remove("d9/inner/deepest/f20");
    t.remove("d9/inner/deepest");
    t.file("d9/inner/deepest", "now a file\n");
    t.setMtime("d11/f2", 1600000000, 5);
}

int subListsRead(const QByteArray& output)
{
    // flist.c recv_file_list with inc_recurse: one line per sub-list from
    // the receiver (stock's generator repeats it).
    return int(output.count("[receiver] receiving flist for dir"));
}

} // namespace

class TestIncRecursion : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void matchesStock_data();
    void matchesStock();
    void stockReceivesSubLists_data();
    void stockReceivesSubLists();
    void noIncRecursiveSendsOneList();

private:
    RemoteSync pairing(bool qrsyncSends, Direction direction, const QStringList& options) const;

    QTemporaryDir m_dir;
    QByteArray m_src;
    QByteArray m_changed;
};

void TestIncRecursion::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_src = QFile::encodeName(m_dir.filePath(QStringLiteral("src")));
    m_changed = QFile::encodeName(m_dir.filePath(QStringLiteral("changed")));
    TreeBuilder a(m_src);
    buildWideTree(a);
    // Whole seconds apart: the quick check compares seconds, and the second
    // state must not look unchanged because it was made in the same one.
    QThread::msleep(1100);
    TreeBuilder b(m_changed);
    buildWideTree(b);
    changeWideTree(b);
    // And a second after the last change: a receiver restores a directory's
    // time only when it differs in whole seconds from what its writes left.
    QThread::msleep(1100);
}

RemoteSync TestIncRecursion::pairing(bool qrsyncSends, Direction direction,
                                     const QStringList& options) const
{
    // qrsync is the sending side: the client of a push, the server of a pull.
    RemoteSync how;
    how.rsh = loopbackRsh();
    how.direction = direction;
    how.options = options;
    const bool qrsyncIsClient = qrsyncSends && direction == Direction::Push;
    const bool qrsyncIsServer = qrsyncSends && direction == Direction::Pull;
    how.client = qrsyncIsClient ? qrsyncUnderTest() : stockRsync();
    how.serverPath = qrsyncIsServer ? qrsyncUnderTest() : stockRsync();
    return how;
}

void TestIncRecursion::matchesStock_data()
{
    QTest::addColumn<int>("direction");
    QTest::addColumn<QStringList>("options");
    const QStringList base{QStringLiteral("-a"), QStringLiteral("--delete")};
    for (Direction d : {Direction::Pull, Direction::Push}) {
        const char* dir = d == Direction::Pull ? "pull" : "push";
        QTest::addRow("%s", dir) << int(d) << base;
        QTest::addRow("%s protocol 30", dir) << int(d) << base + QStringList{"--protocol=30"};
        QTest::addRow("%s -z", dir) << int(d) << base + QStringList{"-z"};
        QTest::addRow("%s numeric-ids", dir) << int(d) << base + QStringList{"--numeric-ids"};
        QTest::addRow("%s delete-delay", dir)
            << int(d) << QStringList{QStringLiteral("-a"), QStringLiteral("--delete-delay")};
        QTest::addRow("%s hard links", dir) << int(d) << base + QStringList{"-H"};
    }
}

void TestIncRecursion::matchesStock()
{
    QFETCH(int, direction);
    QFETCH(QStringList, options);
    const auto d = Direction(direction);
    const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), '-');
    const QByteArray wantDst = QFile::encodeName(m_dir.filePath(tag + QStringLiteral("-stock")));
    const QByteArray gotDst = QFile::encodeName(m_dir.filePath(tag + QStringLiteral("-qrsync")));
    const RemoteSync stock = pairing(false, d, options);
    const RemoteSync ours = pairing(true, d, options);
    CompareOptions asSource;
    asSource.nanoseconds = !options.contains(QStringLiteral("--protocol=30"));
    // With -H stock's receiver makes the links of a group whose data went
    // to a later list at the end, after it restored the times of their
    // directories: those directory times depend on timing, for stock to
    // stock too (seen on "." about one run in four).
    asSource.dirTimes = !options.contains(QStringLiteral("-H"));
    asSource.hardLinks = options.contains(QStringLiteral("-H"));
    // The initial copy, then the changed tree over it.
    for (const QByteArray& source : {m_src, m_changed}) {
        const QString stage =
            source == m_src ? QStringLiteral("initial") : QStringLiteral("changes");
        SyncOutcome want = outcomeOf(runRemoteSync(stock, source, wantDst), wantDst);
        const SyncOutcome got = outcomeOf(runRemoteSync(ours, source, gotDst), gotDst);
        QVERIFY2(want.run.exitCode == 0, qPrintable(want.run.describe()));
        // Exit code and itemized lines as stock to stock; the tree as the
        // source.
        want.tree = got.tree;
        QStringList diff = compareOutcomes(stage, want, got);
        for (const QString& p : TreeSnapshot::diff(TreeSnapshot::take(source), got.tree, asSource))
            diff << stage + QStringLiteral(": tree: ") + p;
        QVERIFY2(diff.isEmpty(), qPrintable(diff.join(QLatin1Char('\n'))));
    }
}

void TestIncRecursion::stockReceivesSubLists_data()
{
    QTest::addColumn<int>("direction");
    QTest::addRow("stock client pulls from qrsync --server") << int(Direction::Pull);
    QTest::addRow("qrsync client pushes to stock --server") << int(Direction::Push);
}

void TestIncRecursion::stockReceivesSubLists()
{
    QFETCH(int, direction);
    const auto d = Direction(direction);
    RemoteSync how = pairing(true, d, {QStringLiteral("-aH")});
    // Stock's receiver reports each sub-list it reads: on the client's
    // stderr when it pulls, through the server's messages when we push.
    if (d == Direction::Pull)
        how.options << QStringLiteral("--debug=flist2");
    else
        how.serverPath = stockRsync() + QStringLiteral(" --debug=flist2");
    const QByteArray dst =
        QFile::encodeName(m_dir.filePath(QStringLiteral("sublists-%1").arg(direction)));
    const RunResult r = runRemoteSync(how, m_src, dst);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    // One sub-list per directory below the top: 30 × (d, inner, deepest).
    QCOMPARE(subListsRead(r.out + r.err), kTopDirs * 3);
    const SyncOutcome check =
        outcomeOf(runProcess(stockRsync(), {QStringLiteral("-anciH"), QStringLiteral("--delete"),
                                            QFile::decodeName(m_src) + QLatin1Char('/'),
                                            QFile::decodeName(dst) + QLatin1Char('/')}),
                  dst);
    QVERIFY2(check.itemized.isEmpty(), qPrintable(QStringLiteral("destination differs:\n") +
                                                  QString::fromUtf8(check.run.out)));
}

void TestIncRecursion::noIncRecursiveSendsOneList()
{
    // --no-inc-recursive: our client no longer offers `i`, and the stock
    // server's receiver takes one list.
    RemoteSync how = pairing(true, Direction::Push,
                             {QStringLiteral("-aH"), QStringLiteral("--no-inc-recursive")});
    how.serverPath = stockRsync() + QStringLiteral(" --debug=flist2");
    const QByteArray dst = QFile::encodeName(m_dir.filePath(QStringLiteral("no-ir")));
    const RunResult r = runRemoteSync(how, m_src, dst);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(subListsRead(r.out + r.err), 0);
    QVERIFY(QFile::exists(QFile::decodeName(dst) + QStringLiteral("/d29/inner/deepest/f20")));
}

QTEST_GUILESS_MAIN(TestIncRecursion)
#include "tst_increcursion.moc"
