// Local-copy parity with stock rsync (foundation acceptance): the same
// options on the same source give the same tree (metadata included), the
// same itemized lines and the same exit code, in all four combinations of
// the receiver and workers async switches. Then a no-change re-run and a
// change set.

#include "processrunner.h"
#include "treebuilder.h"
#include "treesnapshot.h"

#include <QDir>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace qrsync::test;

namespace {

struct Combo
{
    const char* tag;
    bool receiver;
    bool workers;
};
constexpr Combo kCombos[] = {
    {"async", true, true},
    {"sync-receiver", false, true},
    {"inline-workers", true, false},
    {"all-fallback", false, false},
};

QProcessEnvironment envFor(bool receiver, bool workers)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QRSYNC_ASYNC_RECEIVER"),
               receiver ? QStringLiteral("1") : QStringLiteral("0"));
    env.insert(QStringLiteral("QRSYNC_ASYNC_WORKERS"),
               workers ? QStringLiteral("1") : QStringLiteral("0"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    return env;
}

QList<QByteArray> sortedLines(const QByteArray& out)
{
    QList<QByteArray> l = lines(out);
    std::sort(l.begin(), l.end());
    return l;
}

QString joined(const QList<QByteArray>& l)
{
    QStringList s;
    for (const QByteArray& b : l)
        s << QString::fromUtf8(b);
    return s.join(QLatin1Char('\n'));
}

} // namespace

class TestLocalParity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void parity_data();
    void parity();
    void listOnly_data();
    void listOnly();
    void progressOutput_data();
    void progressOutput();
    void removeSourceFiles_data();
    void removeSourceFiles();

private:
    // Runs `program OPTIONS src/ ws/dst/` inside workspace ws; returns the result.
    RunResult sync(const QString& program, const QStringList& options, const QByteArray& src,
                   const QByteArray& workspace, const QProcessEnvironment& env);
    void prepareWorkspace(const QByteArray& ws, const QByteArray& src, const QString& setup);
    void compareRun(const char* stage, const RunResult& stock, const RunResult& ours,
                    const QByteArray& wsStock, const QByteArray& wsOurs, bool dirTimes = true,
                    bool times = true);

    QString m_rsync;
    QString m_qrsync;
};

void TestLocalParity::initTestCase()
{
    m_rsync = QStringLiteral("/usr/bin/rsync");
    m_qrsync = builtBinary(QStringLiteral("qrsync"));
    QVERIFY2(QFile::exists(m_rsync), "stock rsync is needed (scripts/install-deps.sh installs it)");
    QVERIFY2(QFile::exists(m_qrsync), "build qrsync first");
}

void TestLocalParity::parity_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("setup");
    QTest::addColumn<qint64>("bigFile");
    QTest::addColumn<bool>("receiver");
    QTest::addColumn<bool>("workers");

    struct Case
    {
        const char* tag;
        QStringList options;
        const char* setup;
        qint64 bigFile;
    };
    const QList<Case> cases = {
        {"a", {QStringLiteral("-a")}, "", 100ll << 20},
        {"aH", {QStringLiteral("-aH")}, "", 0},
        {"aH-delete", {QStringLiteral("-aH"), QStringLiteral("--delete")}, "stale", 0},
        {"filters",
         {QStringLiteral("-a"), QStringLiteral("--delete"), QStringLiteral("--exclude=*.bin"),
          QStringLiteral("--include=sub/***"), QStringLiteral("--exclude=odd/")},
         "stale",
         0},
        {"link-dest", {QStringLiteral("-a"), QStringLiteral("--link-dest=../prev")}, "prev", 0},
        {"backup-dir",
         {QStringLiteral("-a"), QStringLiteral("--delete"), QStringLiteral("-b"),
          QStringLiteral("--backup-dir=../bak")},
         "stale",
         0},
        {"chmod", {QStringLiteral("-a"), QStringLiteral("--chmod=D750,Fgo-w,u+x")}, "", 0},
        {"compress-zstd", {QStringLiteral("-az")}, "", 0},
        {"compress-zlib-delta",
         {QStringLiteral("-a"), QStringLiteral("--zc=zlib"), QStringLiteral("--no-whole-file")},
         "",
         0},
        {"dry-run", {QStringLiteral("-an"), QStringLiteral("--delete")}, "stale", 0},
        {"update-existing",
         {QStringLiteral("-a"), QStringLiteral("-u"), QStringLiteral("--existing")},
         "stale",
         0},
        {"ignore-existing",
         {QStringLiteral("-a"), QStringLiteral("--ignore-existing")},
         "stale",
         0},
        {"size-only", {QStringLiteral("-a"), QStringLiteral("--size-only")}, "stale", 0},
        {"ignore-times", {QStringLiteral("-aI")}, "", 0},
        {"size-limits",
         {QStringLiteral("-a"), QStringLiteral("--max-size=4k"), QStringLiteral("--min-size=1")},
         "",
         0},
        {"backup-suffix", {QStringLiteral("-ab"), QStringLiteral("--suffix=.old")}, "stale", 0},
        {"delete-after-excluded",
         {QStringLiteral("-a"), QStringLiteral("--delete-after"),
          QStringLiteral("--delete-excluded"), QStringLiteral("--exclude=*.txt")},
         "stale",
         0},
        {"delete-before", {QStringLiteral("-a"), QStringLiteral("--delete-before")}, "stale", 0},
        {"delete-delay", {QStringLiteral("-a"), QStringLiteral("--delete-delay")}, "stale", 0},
        {"compare-dest",
         {QStringLiteral("-a"), QStringLiteral("--compare-dest=../prev")},
         "prev",
         0},
        {"copy-dest", {QStringLiteral("-a"), QStringLiteral("--copy-dest=../prev")}, "prev", 0},
        {"copy-links", {QStringLiteral("-rtL")}, "", 0},
        {"dirs-only", {QStringLiteral("-dlt")}, "", 0},
        {"no-perms-times", {QStringLiteral("-rl")}, "", 0},
        {"inplace",
         {QStringLiteral("-a"), QStringLiteral("--inplace"), QStringLiteral("--no-W")},
         "stale",
         0},
        {"sparse", {QStringLiteral("-aS")}, "", 0},
        {"out-format", {QStringLiteral("-a"), QStringLiteral("--out-format=%o %n %l %B")}, "", 0},
        {"cvs-exclude", {QStringLiteral("-aC"), QStringLiteral("-F")}, "", 0},
        {"checksum-no-W",
         {QStringLiteral("-a"), QStringLiteral("-c"), QStringLiteral("--no-whole-file")},
         "",
         0},
    };
    for (const Case& c : cases) {
        for (const Combo& combo : kCombos) {
            QTest::newRow(qPrintable(
                QStringLiteral("%1/%2").arg(QLatin1String(c.tag), QLatin1String(combo.tag))))
                << c.options << QString::fromLatin1(c.setup) << c.bigFile << combo.receiver
                << combo.workers;
        }
    }
}

void TestLocalParity::prepareWorkspace(const QByteArray& ws, const QByteArray& src,
                                       const QString& setup)
{
    QDir().mkpath(QString::fromLocal8Bit(ws));
    if (setup == QLatin1String("stale")) {
        TreeBuilder dst(ws + "/dst");
        dst.dir("sub");
        dst.file("stale.txt", "old\n");
        dst.file("sub/stale2", "old\n");
        dst.dir("stale-dir");
        dst.file("stale-dir/x", "x\n");
        dst.file("small.txt", "previous version\n");
        // Fixed times: entries the transfer leaves alone must match in both
        // workspaces.
        for (const char* rel :
             {"stale.txt", "sub/stale2", "stale-dir/x", "small.txt", "stale-dir", "sub", "."})
            dst.setMtime(rel, 1600000000, 0);
    } else if (setup == QLatin1String("prev")) {
        const RunResult r =
            runProcess(m_rsync, {QStringLiteral("-a"), QString::fromLocal8Bit(src + '/'),
                                 QString::fromLocal8Bit(ws + "/prev/")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        TreeBuilder prev(ws + "/prev");
        prev.file("small.txt", "differs in prev\n");
        prev.setMtime("small.txt", 1600000000, 0);
    }
}

RunResult TestLocalParity::sync(const QString& program, const QStringList& options,
                                const QByteArray& src, const QByteArray& workspace,
                                const QProcessEnvironment& env)
{
    QStringList args = options;
    args << QStringLiteral("-i") << QString::fromLocal8Bit(src + '/')
         << QString::fromLocal8Bit(workspace + "/dst/");
    return runProcess(program, args, env, 300000, QString::fromLocal8Bit(workspace));
}

void TestLocalParity::compareRun(const char* stage, const RunResult& stock, const RunResult& ours,
                                 const QByteArray& wsStock, const QByteArray& wsOurs, bool dirTimes,
                                 bool times)
{
    QVERIFY2(!ours.crashed && !ours.timedOut,
             qPrintable(QLatin1String(stage) + QLatin1String(": ") + ours.describe()));
    QVERIFY2(stock.exitCode == ours.exitCode,
             qPrintable(QStringLiteral("%1: stock %2, qrsync %3")
                            .arg(QLatin1String(stage), stock.describe(), ours.describe())));
    CompareOptions compare;
    compare.rootEntry = false; // the workspace itself, not part of the transfer
    compare.dirTimes = dirTimes;
    compare.times = times;
    // Backup trees, and sources that --remove-source-files empties.
    compare.volatileDirTimesUnder = {QByteArrayLiteral("bak"), QByteArrayLiteral("src")};
    const QStringList problems =
        TreeSnapshot::diff(TreeSnapshot::take(wsStock), TreeSnapshot::take(wsOurs), compare);
    QVERIFY2(problems.isEmpty(),
             qPrintable(QLatin1String(stage) + QLatin1String(": tree differs:\n") +
                        problems.join(QLatin1Char('\n'))));
    // Paths that name the workspace differ between the two runs by design.
    const QList<QByteArray> want = sortedLines(QByteArray(stock.out).replace(wsStock, "WS"));
    const QList<QByteArray> got = sortedLines(QByteArray(ours.out).replace(wsOurs, "WS"));
    QList<QByteArray> onlyStock, onlyOurs;
    std::set_difference(want.begin(), want.end(), got.begin(), got.end(),
                        std::back_inserter(onlyStock));
    std::set_difference(got.begin(), got.end(), want.begin(), want.end(),
                        std::back_inserter(onlyOurs));
    QVERIFY2(want == got,
             qPrintable(QStringLiteral(
                            "%1: itemized output differs\n--- only stock\n%2\n--- only qrsync\n%3")
                            .arg(QLatin1String(stage), joined(onlyStock), joined(onlyOurs))));
}

void TestLocalParity::parity()
{
    QFETCH(QStringList, options);
    QFETCH(QString, setup);
    QFETCH(qint64, bigFile);
    QFETCH(bool, receiver);
    QFETCH(bool, workers);

    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QByteArray base = QFile::encodeName(tmp.path());
    const QByteArray src = base + "/src";
    const QByteArray wsStock = base + "/stock";
    const QByteArray wsOurs = base + "/ours";
    TreeBuilder tree(src);
    tree.buildRichTree(bigFile);
    prepareWorkspace(wsStock, src, setup);
    prepareWorkspace(wsOurs, src, setup);
    const QProcessEnvironment env = envFor(receiver, workers);
    // -b without --backup-dir implies --omit-dir-times: directory times are
    // then whenever each tool touched them.
    // Without -t (or -a) times are whenever each tool wrote the file.
    const bool timesKept = std::any_of(options.cbegin(), options.cend(), [](const QString& o) {
        return !o.startsWith(QLatin1String("--")) && o.startsWith(QLatin1Char('-')) &&
               (o.contains(QLatin1Char('a')) || o.contains(QLatin1Char('t')));
    });
    const bool dirTimes =
        timesKept && !(options.contains(QStringLiteral("-ab")) ||
                       (options.contains(QStringLiteral("-b")) &&
                        !options.join(QLatin1Char(' ')).contains(QLatin1String("--backup-dir"))));

    const RunResult stock1 = sync(m_rsync, options, src, wsStock, env);
    const RunResult ours1 =
        sync(m_qrsync, options + QStringList{QStringLiteral("--debug=async")}, src, wsOurs, env);
    compareRun("first run", stock1, ours1, wsStock, wsOurs, dirTimes, timesKept);
    // The engine reports the implementation each switch selected.
    const QByteArray used = QByteArrayLiteral("async paths used: receiver=") +
                            (receiver ? "event-loop+pipelined-writes" : "blocking-in-order") +
                            " workers=" + (workers ? "pool" : "inline");
    QVERIFY2(ours1.err.contains(used), ours1.err.constData());

    const RunResult stock2 = sync(m_rsync, options, src, wsStock, env);
    const RunResult ours2 = sync(m_qrsync, options, src, wsOurs, env);
    compareRun("no-change run", stock2, ours2, wsStock, wsOurs, dirTimes, timesKept);
    // A second run has nothing to do (where stock agrees: -n and -I do).
    if (stock2.out.isEmpty())
        QVERIFY2(ours2.out.isEmpty(), qPrintable(QString::fromUtf8(ours2.out)));

    tree.applyChangeSet();
    const RunResult stock3 = sync(m_rsync, options, src, wsStock, env);
    const RunResult ours3 = sync(m_qrsync, options, src, wsOurs, env);
    compareRun("change-set run", stock3, ours3, wsStock, wsOurs, dirTimes, timesKept);
}

void TestLocalParity::listOnly_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("source"); // relative to the temp dir
    QTest::newRow("-a contents") << QStringList{QStringLiteral("--list-only"), QStringLiteral("-a")}
                                 << QStringLiteral("src/");
    QTest::newRow("no destination, -r")
        << QStringList{QStringLiteral("-r")} << QStringLiteral("src");
    QTest::newRow("no -r: one level")
        << QStringList{QStringLiteral("--list-only")} << QStringLiteral("src/");
    QTest::newRow("filtered") << QStringList{QStringLiteral("-a"), QStringLiteral("--exclude=odd/"),
                                             QStringLiteral("--list-only")}
                              << QStringLiteral("src/");
}

void TestLocalParity::listOnly()
{
    QFETCH(QStringList, options);
    QFETCH(QString, source);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    TreeBuilder tree(QFile::encodeName(tmp.path()) + "/src");
    tree.buildRichTree(0);
    QProcessEnvironment env = envFor(true, true);
    env.insert(QStringLiteral("TZ"), QStringLiteral("UTC"));
    const QStringList args = options + QStringList{source};
    const RunResult stock = runProcess(m_rsync, args, env, 60000, tmp.path());
    const RunResult ours = runProcess(m_qrsync, args, env, 60000, tmp.path());
    QCOMPARE(ours.exitCode, stock.exitCode);
    QCOMPARE(QString::fromUtf8(ours.out), QString::fromUtf8(stock.out));
}

void TestLocalParity::progressOutput_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::newRow("--progress") << QStringList{QStringLiteral("-a"), QStringLiteral("--progress")};
    QTest::newRow("-ai --progress")
        << QStringList{QStringLiteral("-ai"), QStringLiteral("--progress")};
    QTest::newRow("progress2") << QStringList{QStringLiteral("-a"),
                                              QStringLiteral("--info=progress2")};
    QTest::newRow("-v") << QStringList{QStringLiteral("-av")};
}

// The lines a person watches: names, progress layout and counters. Rates,
// times and protocol byte counts vary run to run and are masked; stock runs
// with --no-i-r, the file-list mode qrsync uses for local copies.
void TestLocalParity::progressOutput()
{
    QFETCH(QStringList, options);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    TreeBuilder tree(QFile::encodeName(tmp.path()) + "/src");
    tree.buildRichTree(3 << 20);
    const QProcessEnvironment env = envFor(true, true);
    const RunResult stock =
        runProcess(m_rsync,
                   options + QStringList{QStringLiteral("--no-i-r"), QStringLiteral("src/"),
                                         QStringLiteral("dst-stock/")},
                   env, 120000, tmp.path());
    const RunResult ours = runProcess(
        m_qrsync, options + QStringList{QStringLiteral("src/"), QStringLiteral("dst-ours/")}, env,
        120000, tmp.path());
    QCOMPARE(ours.exitCode, stock.exitCode);
    auto mask = [](QByteArray text, const QByteArray& dest) {
        text.replace(dest, "DEST");
        QString t = QString::fromUtf8(text);
        t.replace(QRegularExpression(QStringLiteral(" +[0-9.,]+[kMG]B/s")),
                  QStringLiteral(" RATE"));
        t.replace(QRegularExpression(QStringLiteral("[0-9]+:[0-9]{2}:[0-9]{2}")),
                  QStringLiteral("TIME"));
        t.replace(QRegularExpression(QStringLiteral("sent .* bytes/sec")), QStringLiteral("SENT"));
        t.replace(QRegularExpression(QStringLiteral("speedup is [0-9.,]+")),
                  QStringLiteral("speedup is N"));
        // In-flight lines of a large file depend on timing; keep last lines.
        QStringList lines;
        for (const QString& line : t.split(QLatin1Char('\n'))) {
            const QStringList pieces = line.split(QLatin1Char('\r'));
            lines << pieces.first() +
                         (pieces.size() > 1 ? QStringLiteral("|") + pieces.last() : QString());
        }
        return lines.join(QLatin1Char('\n'));
    };
    QCOMPARE(mask(ours.out, "dst-ours"), mask(stock.out, "dst-stock"));
}

void TestLocalParity::removeSourceFiles_data()
{
    QTest::addColumn<bool>("receiver");
    QTest::addColumn<bool>("workers");
    for (const Combo& combo : kCombos)
        QTest::newRow(combo.tag) << combo.receiver << combo.workers;
}

// --remove-source-files changes the source, so each tool gets its own
// copy of it; both source and destination must end up alike.
void TestLocalParity::removeSourceFiles()
{
    QFETCH(bool, receiver);
    QFETCH(bool, workers);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QByteArray base = QFile::encodeName(tmp.path());
    const QByteArray wsStock = base + "/stock";
    const QByteArray wsOurs = base + "/ours";
    for (const QByteArray& ws : {wsStock, wsOurs}) {
        TreeBuilder tree(ws);
        TreeBuilder src(ws + "/src");
        src.buildRichTree(0);
        // One file already up to date at the destination: removed too.
        TreeBuilder dst(ws + "/dst");
        dst.file("small.txt", "hello, world\n");
        dst.setMtime("small.txt", 1700000000 + 1000, 123456789 + 1);
    }
    const QProcessEnvironment env = envFor(receiver, workers);
    const QStringList options{QStringLiteral("-a"), QStringLiteral("--remove-source-files")};
    const RunResult stock = sync(m_rsync, options, wsStock + "/src", wsStock, env);
    const RunResult ours = sync(m_qrsync, options, wsOurs + "/src", wsOurs, env);
    compareRun("remove-source-files", stock, ours, wsStock, wsOurs);
}

QTEST_GUILESS_MAIN(TestLocalParity)
#include "tst_localparity.moc"
