// An interrupted local copy (SIGINT in the middle of a large file) exits
// with 20 and leaves what stock rsync leaves: nothing under the final name
// by default, the partial data under the final name with --partial, or in
// the partial dir with --partial-dir; the next run completes, using the
// partial data as its basis. Both receiver modes, and stock for reference.

#include "processrunner.h"
#include "treebuilder.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/stat.h>

using namespace qrsync::test;

namespace {

constexpr qint64 kBigSize = 256ll << 20;

qint64 sizeOf(const QByteArray& path)
{
    struct stat st;
    return ::stat(path.constData(), &st) == 0 ? st.st_size : -1;
}

// The temp file rsync writes beside its target, if there is one.
QString tempFileIn(const QString& dir)
{
    const QStringList names =
        QDir(dir).entryList({QStringLiteral(".big.bin.*")}, QDir::Files | QDir::Hidden);
    return names.isEmpty() ? QString() : dir + QLatin1Char('/') + names.first();
}

} // namespace

class TestLocalInterrupt : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void interrupt_data();
    void interrupt();
};

void TestLocalInterrupt::interrupt_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("receiver");
    QTest::addColumn<QString>("partialOption");
    const QString ours = builtBinary(QStringLiteral("qrsync"));
    for (const char* partial : {"", "--partial", "--partial-dir=.rsync-partial"}) {
        QTest::newRow(qPrintable(QStringLiteral("stock %1").arg(QLatin1String(partial))))
            << QStringLiteral("/usr/bin/rsync") << QStringLiteral("1")
            << QString::fromLatin1(partial);
        for (const char* mode : {"1", "0"}) {
            QTest::newRow(qPrintable(QStringLiteral("qrsync receiver=%1 %2")
                                         .arg(QLatin1String(mode), QLatin1String(partial))))
                << ours << QString::fromLatin1(mode) << QString::fromLatin1(partial);
        }
    }
}

void TestLocalInterrupt::interrupt()
{
    QFETCH(QString, program);
    QFETCH(QString, receiver);
    QFETCH(QString, partialOption);

    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QByteArray base = QFile::encodeName(tmp.path());
    TreeBuilder src(base + "/src");
    src.randomFile("big.bin", kBigSize, 5);
    const QString dst = tmp.path() + QStringLiteral("/dst");
    QDir().mkpath(dst);

    QStringList args{QStringLiteral("-a"), QStringLiteral("--no-whole-file")};
    if (!partialOption.isEmpty())
        args << partialOption;
    args << QStringLiteral("src/") << QStringLiteral("dst/");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QRSYNC_ASYNC_RECEIVER"), receiver);
    // Slow the copy down enough to interrupt it mid-file.
    args.prepend(QStringLiteral("--bwlimit=100M"));
    const bool limited = program.endsWith(QLatin1String("/rsync"));
    if (!limited)
        args.removeFirst(); // qrsync refuses --bwlimit for now; the file is big enough

    // In its own process group, so the signal reaches every process of the
    // run as a terminal's Ctrl-C would (stock rsync is three processes).
    QProcess p;
    p.setProcessEnvironment(env);
    p.setWorkingDirectory(tmp.path());
    p.start(QStringLiteral("/usr/bin/setsid"), QStringList{program} + args);
    QVERIFY(p.waitForStarted());
    // Wait until data is being written, then interrupt.
    QString temp;
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < 30000) {
        temp = tempFileIn(dst);
        if (!temp.isEmpty() && sizeOf(QFile::encodeName(temp)) > (8 << 20))
            break;
        QTest::qWait(5);
    }
    QVERIFY2(!temp.isEmpty(), "the copy never started writing");
    ::kill(-pid_t(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 20);
    // Stock's receiver may still be tidying up after its parent exited.
    for (int i = 0; i < 100 && !tempFileIn(dst).isEmpty(); ++i)
        QTest::qWait(50);

    const QByteArray target = QFile::encodeName(dst) + "/big.bin";
    const QByteArray partialInDir = QFile::encodeName(dst) + "/.rsync-partial/big.bin";
    QVERIFY2(tempFileIn(dst).isEmpty(), "the temp file was left behind");
    if (partialOption.isEmpty()) {
        QCOMPARE(sizeOf(target), qint64(-1));
    } else if (partialOption == QLatin1String("--partial")) {
        const qint64 kept = sizeOf(target);
        QVERIFY2(kept > 0 && kept < kBigSize, qPrintable(QString::number(kept)));
    } else {
        QCOMPARE(sizeOf(target), qint64(-1));
        const qint64 kept = sizeOf(partialInDir);
        QVERIFY2(kept > 0 && kept < kBigSize, qPrintable(QString::number(kept)));
    }

    // The next run completes; the partial data served as its basis.
    args.removeAll(QStringLiteral("--bwlimit=100M"));
    args.insert(args.size() - 2, QStringLiteral("--stats"));
    const RunResult again = runProcess(program, args, env, 120000, tmp.path());
    QVERIFY2(again.exitCode == 0, qPrintable(again.describe()));
    QCOMPARE(sizeOf(target), kBigSize);
    const RunResult cmp =
        runProcess(QStringLiteral("/usr/bin/cmp"),
                   {QString::fromLocal8Bit(base + "/src/big.bin"), QFile::decodeName(target)});
    QCOMPARE(cmp.exitCode, 0);
    QCOMPARE(sizeOf(partialInDir), qint64(-1));
    if (!partialOption.isEmpty())
        QVERIFY2(again.out.contains("Matched data: ") && !again.out.contains("Matched data: 0 "),
                 again.out.constData());
}

QTEST_GUILESS_MAIN(TestLocalInterrupt)
#include "tst_localinterrupt.moc"
