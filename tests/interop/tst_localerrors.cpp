// Local-copy failures compared with stock rsync (foundation acceptance):
// missing sources, unwritable destinations, unreadable sources, bad
// options and a transfer killed with SIGKILL. Each case runs stock rsync
// the same way in a twin workspace and expects the same exit code, the same
// messages (program names, role tags and temp-name suffixes aside) and the
// same resulting tree.

#include "processrunner.h"
#include "rsyncoutput.h"
#include "treebuilder.h"
#include "treesnapshot.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <sys/stat.h>
#include <unistd.h>

using namespace qrsync::test;

namespace {

constexpr quint32 kNobody = 65534;
constexpr qint64 kBigSize = 256ll << 20;
const char* const kSetpriv = "/usr/bin/setpriv";

QProcessEnvironment baseEnv()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    return env;
}

QString joined(const QList<QByteArray>& l)
{
    QStringList s;
    for (const QByteArray& b : l)
        s << QString::fromUtf8(b);
    return s.join(QLatin1Char('\n'));
}

// Entries of a directory, hidden ones included.
QStringList entriesOf(const QByteArray& dir)
{
    return QDir(QFile::decodeName(dir))
        .entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                   QDir::Name);
}

// The name rsync gives a file while it is being received:
// receiver.c get_tmpname() makes ".NAME.XXXXXX" for mkstemp().
bool isTempNameOf(const QString& entry, const QString& name)
{
    const QRegularExpression re(
        QStringLiteral("^\\.%1\\.[A-Za-z0-9]{6}$").arg(QRegularExpression::escape(name)));
    return re.match(entry).hasMatch();
}

} // namespace

class TestLocalErrors : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void errorParity_data();
    void errorParity();
    void unsupportedOption();
    void killDuringLargeFile_data();
    void killDuringLargeFile();

private:
    void prepare(const QString& setup, const QByteArray& ws);
    RunResult run(const QString& program, const QStringList& args, const QByteArray& ws,
                  bool asNobody);

    QString m_rsync;
    QString m_qrsync;
};

void TestLocalErrors::initTestCase()
{
    m_rsync = QStringLiteral("/usr/bin/rsync");
    m_qrsync = builtBinary(QStringLiteral("qrsync"));
    QVERIFY2(QFile::exists(m_rsync), "stock rsync is needed (scripts/install-deps.sh installs it)");
    QVERIFY2(QFile::exists(m_qrsync), "build qrsync first");
}

RunResult TestLocalErrors::run(const QString& program, const QStringList& args,
                               const QByteArray& ws, bool asNobody)
{
    QStringList full;
    for (QString a : args)
        full << a.replace(QLatin1String("WS"), QFile::decodeName(ws));
    if (!asNobody)
        return runProcess(program, full, baseEnv(), 120000, QFile::decodeName(ws));
    full.prepend(program);
    full.prepend(QStringLiteral("--clear-groups"));
    full.prepend(QStringLiteral("--regid=%1").arg(kNobody));
    full.prepend(QStringLiteral("--reuid=%1").arg(kNobody));
    return runProcess(QString::fromLatin1(kSetpriv), full, baseEnv(), 120000,
                      QFile::decodeName(ws));
}

// Every workspace holds src/ = {a, sub/b} with fixed times; the setup adds
// what the case is about. All of it is owned by root (the test runs as
// root) and readable by everyone unless the case says otherwise.
void TestLocalErrors::prepare(const QString& setup, const QByteArray& ws)
{
    QVERIFY(QDir().mkpath(QFile::decodeName(ws)));
    ::chmod(ws.constData(), 0755);
    TreeBuilder src(ws + "/src");
    src.file("a", "alpha\n");
    src.dir("sub");
    src.file("sub/b", "beta\n");
    src.setMtime("a", 1700000001, 0);
    src.setMtime("sub/b", 1700000002, 0);
    if (setup == QLatin1String("unreadable-source")) {
        src.file("secret", "root only\n", 0600);
        src.setMtime("secret", 1700000003, 0);
        // nobody creates dst/ here.
        QVERIFY(::chown(ws.constData(), kNobody, kNobody) == 0);
    }
    src.setMtime("sub", 1700000000, 0);
    src.setMtime(".", 1700000000, 0);
    if (setup == QLatin1String("unwritable-dst")) {
        // Same time as src/, so neither program needs to touch dst/ itself.
        TreeBuilder dst(ws + "/dst");
        dst.setMtime(".", 1700000000, 0);
    } else if (setup == QLatin1String("unwritable-parent")) {
        TreeBuilder par(ws + "/par");
        par.setMtime(".", 1700000000, 0);
    }
}

void TestLocalErrors::errorParity_data()
{
    QTest::addColumn<QString>("setup");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<bool>("asNobody");
    QTest::addColumn<int>("expectedExit");
    // Normalised (see normalizedMessages()) lines stderr must contain.
    QTest::addColumn<QByteArrayList>("expectedMessages");
    // Directories made by the run itself, whose times are "now".
    QTest::addColumn<QByteArrayList>("volatileDirs");
    // Paths (relative to the workspace) that must hold a copy of src/a.
    QTest::addColumn<QByteArrayList>("copiesOfA");

    const QByteArray partial = "PROG error: some files/attrs were not transferred (see previous "
                               "errors) (code 23)";
    // flist.c send_file_list(): a name with a directory part is reached by
    // change_dir() first, so a missing parent fails there, not in link_stat.
    QTest::newRow("missing-parent")
        << QString() << QStringList{"-a", "/nonexistent/src", "dst/"} << false << 23
        << QByteArrayList{"PROG: change_dir \"/nonexistent\" failed: No such file or directory (2)",
                          partial}
        << QByteArrayList{"dst"} << QByteArrayList{};
    // flist.c full_fname(): relative names are shown from the current
    // directory, so both rows name "WS/missing".
    QTest::newRow("missing-absolute")
        << QString() << QStringList{"-a", "WS/missing", "dst/"} << false << 23
        << QByteArrayList{"PROG: link_stat \"WS/missing\" failed: No such file or directory (2)",
                          partial}
        << QByteArrayList{"dst"} << QByteArrayList{};
    QTest::newRow("missing-relative")
        << QString() << QStringList{"-a", "missing", "dst/"} << false << 23
        << QByteArrayList{"PROG: link_stat \"WS/missing\" failed: No such file or directory (2)",
                          partial}
        << QByteArrayList{"dst"} << QByteArrayList{};
    QTest::newRow("missing-and-existing")
        << QString() << QStringList{"-a", "missing", "src", "dst/"} << false << 23
        << QByteArrayList{"PROG: link_stat \"WS/missing\" failed: No such file or directory (2)",
                          partial}
        << QByteArrayList{"dst"} << QByteArrayList{"dst/src/a"};
    QTest::newRow("unwritable-dst")
        << QStringLiteral("unwritable-dst") << QStringList{"-a", "src/", "dst/"} << true << 23
        << QByteArrayList{"PROG: mkstemp \"WS/dst/.a.XXXXXX\" failed: Permission denied (13)",
                          "PROG: recv_generator: mkdir \"WS/dst/sub\" failed: Permission denied "
                          "(13)",
                          partial}
        << QByteArrayList{} << QByteArrayList{};
    QTest::newRow("unwritable-parent")
        << QStringLiteral("unwritable-parent") << QStringList{"-a", "src/", "par/dst/"} << true
        << 11
        << QByteArrayList{"PROG: mkdir \"WS/par/dst\" failed: Permission denied (13)",
                          "PROG error: error in file IO (code 11)"}
        << QByteArrayList{} << QByteArrayList{};
    QTest::newRow("unreadable-source")
        << QStringLiteral("unreadable-source") << QStringList{"-a", "src/", "dst/"} << true << 23
        << QByteArrayList{"PROG: send_files failed to open \"WS/src/secret\": Permission denied "
                          "(13)",
                          partial}
        << QByteArrayList{} << QByteArrayList{"dst/a"};
    QTest::newRow("unknown-option")
        << QString() << QStringList{"--bogus-option", "a", "b"} << false << 1
        << QByteArrayList{"PROG: --bogus-option: unknown option",
                          "PROG error: syntax or usage error (code 1)"}
        << QByteArrayList{} << QByteArrayList{};
}

void TestLocalErrors::errorParity()
{
    QFETCH(QString, setup);
    QFETCH(QStringList, args);
    QFETCH(bool, asNobody);
    QFETCH(int, expectedExit);
    QFETCH(QByteArrayList, expectedMessages);
    QFETCH(QByteArrayList, volatileDirs);
    QFETCH(QByteArrayList, copiesOfA);

    if (asNobody && (::geteuid() != 0 || !QFile::exists(QString::fromLatin1(kSetpriv))))
        QSKIP("needs root and setpriv to run the copy as nobody");
    if (args.contains(QLatin1String("/nonexistent/src")))
        QVERIFY2(!QFile::exists(QStringLiteral("/nonexistent")), "/nonexistent exists here");

    // nobody must reach the workspaces: QTemporaryDir makes a 0700 dir.
    QTemporaryDir tmp(QStringLiteral("/tmp/qrsync-localerrors-XXXXXX"));
    QVERIFY(tmp.isValid());
    const QByteArray base = QFile::encodeName(tmp.path());
    QVERIFY(::chmod(base.constData(), 0755) == 0);
    const QByteArray wsStock = base + "/stock";
    const QByteArray wsOurs = base + "/ours";
    prepare(setup, wsStock);
    prepare(setup, wsOurs);

    const RunResult stock = run(m_rsync, args, wsStock, asNobody);
    const RunResult ours = run(m_qrsync, args, wsOurs, asNobody);
    qDebug().noquote() << "stock:" << stock.describe();
    qDebug().noquote() << "qrsync:" << ours.describe();

    // The expectations hold for stock rsync, which validates the row.
    QVERIFY2(stock.exitCode == expectedExit, qPrintable(stock.describe()));
    const QList<QByteArray> stockMessages = normalizedMessages(stock.err, wsStock);
    for (const QByteArray& m : expectedMessages) {
        QVERIFY2(stockMessages.contains(m),
                 qPrintable(QStringLiteral("stock lacks \"%1\":\n%2")
                                .arg(QString::fromUtf8(m), joined(stockMessages))));
    }

    // qrsync: gather every difference, so one run shows all that is wrong.
    QVERIFY2(!ours.crashed && !ours.timedOut, qPrintable(ours.describe()));
    QStringList problems;
    if (ours.exitCode != stock.exitCode)
        problems << QStringLiteral("exit code: stock %1, qrsync %2")
                        .arg(stock.exitCode)
                        .arg(ours.exitCode);
    for (const QByteArray& rel : copiesOfA) {
        if (fileSha1(wsStock + '/' + rel) != fileSha1(wsStock + "/src/a"))
            QFAIL(qPrintable(QStringLiteral("stock did not copy src/a to ") +
                             QString::fromUtf8(rel)));
        if (fileSha1(wsOurs + '/' + rel) != fileSha1(wsOurs + "/src/a"))
            problems << QStringLiteral("src/a was not copied to ") + QString::fromUtf8(rel);
    }
    // "Nothing written" for the unwritable cases (the tree diff covers it
    // too, but say it plainly).
    const QByteArray guarded = setup == QLatin1String("unwritable-dst")      ? "dst"
                               : setup == QLatin1String("unwritable-parent") ? "par"
                                                                             : QByteArray();
    if (!guarded.isEmpty() && !entriesOf(wsOurs + '/' + guarded).isEmpty())
        problems << QStringLiteral("written into %1/: %2")
                        .arg(QString::fromUtf8(guarded),
                             entriesOf(wsOurs + '/' + guarded).join(QLatin1Char(' ')));
    CompareOptions compare;
    compare.rootEntry = false; // the workspace, not part of the transfer
    compare.volatileDirTimesUnder = volatileDirs;
    const QStringList treeProblems =
        TreeSnapshot::diff(TreeSnapshot::take(wsStock), TreeSnapshot::take(wsOurs), compare);
    if (!treeProblems.isEmpty())
        problems << QLatin1String("tree differs from stock's:\n  ") +
                        treeProblems.join(QLatin1String("\n  "));
    // dst/ itself is volatile there, but the copy below it is not.
    if (copiesOfA.contains("dst/src/a")) {
        const QStringList copyProblems = TreeSnapshot::diff(
            TreeSnapshot::take(wsOurs + "/src"), TreeSnapshot::take(wsOurs + "/dst/src"));
        if (!copyProblems.isEmpty())
            problems << QLatin1String("dst/src differs from src:\n  ") +
                            copyProblems.join(QLatin1String("\n  "));
    }
    const QList<QByteArray> ourMessages = normalizedMessages(ours.err, wsOurs);
    for (const QByteArray& m : expectedMessages) {
        if (!ourMessages.contains(m))
            problems << QStringLiteral("stderr lacks: ") + QString::fromUtf8(m);
    }
    if (ourMessages != stockMessages)
        problems << QStringLiteral("messages differ\n--- stock\n%1\n--- qrsync\n%2")
                        .arg(joined(stockMessages), joined(ourMessages));
    // QTest cuts long failure messages; print the whole list first.
    if (!problems.isEmpty())
        qWarning().noquote() << problems.join(QLatin1Char('\n'));
    QVERIFY2(problems.isEmpty(), qPrintable(problems.value(0)));
}

// An option stock rsync has but qrsync refuses (for now) must stop the run
// with a syntax error naming it, not be ignored.
void TestLocalErrors::unsupportedOption()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QByteArray ws = QFile::encodeName(tmp.path());
    prepare(QString(), ws);
    const QStringList args = {QStringLiteral("-a"), QStringLiteral("--fuzzy"),
                              QStringLiteral("src/"), QStringLiteral("WS/stock/")};
    const RunResult stock = run(m_rsync, args, ws, false);
    QVERIFY2(stock.exitCode == 0, qPrintable("stock should accept --fuzzy: " + stock.describe()));

    QStringList oursArgs = args;
    oursArgs.last() = QStringLiteral("WS/ours/");
    const RunResult ours = run(m_qrsync, oursArgs, ws, false);
    QVERIFY2(!ours.crashed, qPrintable(ours.describe()));
    QCOMPARE(ours.exitCode, 1);
    QVERIFY2(ours.err.contains("--fuzzy") && ours.err.contains("not supported yet"),
             qPrintable(ours.describe()));
    QVERIFY2(!QFile::exists(QFile::decodeName(ws + "/ours")), "qrsync copied anyway");
}

void TestLocalErrors::killDuringLargeFile_data()
{
    QTest::addColumn<bool>("stock");
    QTest::addColumn<QString>("asyncReceiver");
    // The stock row checks that the test interrupts a real copy and that its
    // expectations are rsync's.
    QTest::newRow("stock") << true << QStringLiteral("1");
    QTest::newRow("async-receiver") << false << QStringLiteral("1");
    QTest::newRow("blocking-receiver") << false << QStringLiteral("0");
}

void TestLocalErrors::killDuringLargeFile()
{
    QFETCH(bool, stock);
    QFETCH(QString, asyncReceiver);

    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QByteArray base = QFile::encodeName(tmp.path());
    TreeBuilder src(base + "/src");
    src.randomFile("big.bin", kBigSize, 1000);
    src.setMtime("big.bin", 1700000000, 0);
    src.setMtime(".", 1700000000, 0);
    TreeBuilder dst(base + "/dst");
    dst.randomFile("big.bin", kBigSize, 5000);
    dst.setMtime("big.bin", 1600000000, 0);
    const QByteArray oldHash = fileSha1(base + "/dst/big.bin");
    const QByteArray newHash = fileSha1(base + "/src/big.bin");
    QVERIFY(!oldHash.isEmpty() && oldHash != newHash);

    QProcessEnvironment env = baseEnv();
    env.insert(QStringLiteral("QRSYNC_ASYNC_RECEIVER"), asyncReceiver);
    const QString program = stock ? m_rsync : m_qrsync;
    const QStringList args = {QStringLiteral("-a"), QString::fromLocal8Bit(base + "/src/"),
                              QString::fromLocal8Bit(base + "/dst/")};

    // Stock rsync forks its roles; a process group lets one kill() reach
    // them all, as a crash or an OOM kill of the whole job would.
    QProcess p;
    p.setProcessEnvironment(env);
    p.setChildProcessModifier([] { ::setpgid(0, 0); });
    p.start(program, args);
    QVERIFY2(p.waitForStarted(10000), qPrintable(p.errorString()));
    const pid_t pid = pid_t(p.processId());

    // Kill once the temp file exists and has data: the copy is under way.
    QElapsedTimer timer;
    timer.start();
    QString temp;
    bool finishedEarly = false;
    while (timer.elapsed() < 60000) {
        for (const QString& e : entriesOf(base + "/dst")) {
            if (isTempNameOf(e, QStringLiteral("big.bin")) &&
                QFileInfo(QFile::decodeName(base + "/dst/") + e).size() > 0)
                temp = e;
        }
        if (!temp.isEmpty())
            break;
        if (p.waitForFinished(1)) {
            finishedEarly = true;
            break;
        }
    }
    QVERIFY2(!finishedEarly,
             qPrintable(QStringLiteral("the copy ended before the kill: exit %1, %2")
                            .arg(p.exitCode())
                            .arg(QString::fromUtf8(p.readAllStandardError()))));
    QVERIFY2(!temp.isEmpty(), "no temp file appeared within 60 s");
    QVERIFY(::kill(-pid, SIGKILL) == 0);
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitStatus(), QProcess::CrashExit);
    // Forked roles may still be on their way out; give them a moment.
    for (int i = 0; i < 200 && ::kill(-pid, 0) == 0; ++i)
        QTest::qSleep(10);
    qDebug().noquote() << "killed with" << temp << "of"
                       << QFileInfo(QFile::decodeName(base + "/dst/") + temp).size() << "bytes";

    // The old version is untouched under its name; only temp files are new.
    QCOMPARE(fileSha1(base + "/dst/big.bin"), oldHash);
    QCOMPARE(QFileInfo(QFile::decodeName(base + "/dst/big.bin")).size(), kBigSize);
    QStringList leftovers;
    for (const QString& e : entriesOf(base + "/dst")) {
        if (e == QLatin1String("big.bin"))
            continue;
        QVERIFY2(isTempNameOf(e, QStringLiteral("big.bin")),
                 qPrintable(QStringLiteral("unexpected entry after the kill: ") + e));
        leftovers << e;
    }

    // A normal re-run completes the copy.
    const RunResult rerun = runProcess(program, args, env, 120000);
    QVERIFY2(rerun.exitCode == 0 && !rerun.crashed, qPrintable(rerun.describe()));
    QCOMPARE(fileSha1(base + "/dst/big.bin"), newHash);
    for (const QString& e : entriesOf(base + "/dst")) {
        QVERIFY2(e == QLatin1String("big.bin") || leftovers.contains(e),
                 qPrintable(QStringLiteral("unexpected entry after the re-run: ") + e));
    }
    // rsync does not clean up another run's temp files (only --delete
    // would); drop them and compare the rest.
    for (const QString& e : leftovers)
        QVERIFY(QFile::remove(QFile::decodeName(base + "/dst/") + e));
    CompareOptions compare;
    compare.rootEntry = false; // removing the leftovers touched dst/ itself
    const QStringList problems = TreeSnapshot::diff(TreeSnapshot::take(base + "/src"),
                                                    TreeSnapshot::take(base + "/dst"), compare);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestLocalErrors)
#include "tst_localerrors.moc"
