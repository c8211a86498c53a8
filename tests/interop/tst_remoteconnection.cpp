// How the client reaches the remote side (issue 4, deliverable 1): the
// remote-shell argv for users, IPv6 hosts and --rsync-path, RSYNC_RSH,
// --timeout expiry (exit 30), --bwlimit, and the usage errors stock
// rsync gives for impossible address combinations.

#include "processrunner.h"
#include "remotesync.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <tuple>

using namespace qrsync::test;

namespace {

void writeExecutable(const QString& path, const QByteArray& text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
    f.close();
    QVERIFY(f.setPermissions(f.permissions() | QFileDevice::ExeOwner));
}

void writeFile(const QString& path, const QByteArray& data)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
}

} // namespace

class TestRemoteConnection : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_src;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_src = m_dir.filePath(QStringLiteral("src"));
        writeFile(m_src + QStringLiteral("/a.txt"), "alpha\n");
        writeFile(m_src + QStringLiteral("/sub/b.bin"), QByteArray(300 * 1024, 'b'));
    }

    void remoteShellArgv()
    {
        // A remote shell that records its argv, then behaves as the loopback.
        const QString log = m_dir.filePath(QStringLiteral("argv.log"));
        const QString rec = m_dir.filePath(QStringLiteral("rec-rsh"));
        writeExecutable(rec, QByteArray("#!/bin/sh\nprintf '%s\\n' \"$@\" > ") +
                                 QFile::encodeName(log) + "\nexec " +
                                 QFile::encodeName(loopbackRsh()) + " \"$@\"\n");
        const QString dst = m_dir.filePath(QStringLiteral("argv-dst"));
        const RunResult r = runProcess(
            qrsyncUnderTest(), {QStringLiteral("-a"), QStringLiteral("-e"), rec + " -p 2222",
                                QStringLiteral("--rsync-path=") + stockRsync(), m_src + "/",
                                QStringLiteral("someone@[::1]:") + dst + "/"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QFile f(log);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> argv = lines(f.readAll());
        // do_cmd(): shell words, -l USER, the host without brackets, the
        // rsync path, then the server arguments: stock's for a push with -a,
        // 'i' included (our sender speaks incremental recursion).
        const QList<QByteArray> expected{"-p",       "2222",
                                         "-l",       "someone",
                                         "::1",      QFile::encodeName(stockRsync()),
                                         "--server", "-logDtpre.iLsfxCIvu",
                                         ".",        QFile::encodeName(dst) + "/"};
        QCOMPARE(argv, expected);
        QVERIFY(QFile::exists(dst + QStringLiteral("/sub/b.bin")));
    }

    void rsyncRshEnvironment()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("RSYNC_RSH"), loopbackRsh());
        const QString dst = m_dir.filePath(QStringLiteral("env-dst"));
        const RunResult r = runProcess(
            qrsyncUnderTest(),
            {QStringLiteral("-a"), QStringLiteral("localhost:") + m_src + "/", dst + "/"}, env);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY(QFile::exists(dst + QStringLiteral("/a.txt")));
    }

    void timeoutExpires_data()
    {
        QTest::addColumn<QString>("asyncSwitch");
        QTest::newRow("event-loop") << QStringLiteral("--async=receiver");
        QTest::newRow("blocking") << QStringLiteral("--no-async=receiver");
    }

    void timeoutExpires()
    {
        // A remote shell that never answers: stock ends with exit 30 and
        // "[sender] io timeout after N seconds -- exiting".
        QFETCH(QString, asyncSwitch);
        const QString hang = m_dir.filePath(QStringLiteral("hang-rsh"));
        writeExecutable(hang, "#!/bin/sh\nexec sleep 60\n");
        const RunResult r = runProcess(
            qrsyncUnderTest(),
            {asyncSwitch, QStringLiteral("-a"), QStringLiteral("--timeout=1"), QStringLiteral("-e"),
             hang, m_src + "/", QStringLiteral("h:") + m_dir.filePath(QStringLiteral("never"))},
            QProcessEnvironment::systemEnvironment(), 30000);
        QVERIFY(!r.timedOut);
        QCOMPARE(r.exitCode, 30);
        QVERIFY2(r.err.contains("[sender] io timeout after 1 seconds -- exiting"),
                 r.err.constData());
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("never"))));
    }

    void bandwidthLimit()
    {
        // 300 KiB at 100 KiB/s cannot finish in much under 3 s (the first
        // burst is a tenth of a second's worth); an ignored limit would take
        // a few milliseconds. Only the lower bound is checked.
        const QString dst = m_dir.filePath(QStringLiteral("bw-dst"));
        QElapsedTimer t;
        t.start();
        const RunResult r =
            runProcess(qrsyncUnderTest(),
                       {QStringLiteral("-a"), QStringLiteral("--bwlimit=100"), QStringLiteral("-e"),
                        loopbackRsh(), QStringLiteral("--rsync-path=") + stockRsync(),
                        m_src + "/sub/b.bin", QStringLiteral("localhost:") + dst + "/"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(t.elapsed() >= 2500, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(QFileInfo(dst + QStringLiteral("/b.bin")).size(), qint64(300 * 1024));
    }

    void listingAndEmptyLists_data()
    {
        QTest::addColumn<QString>("client");
        QTest::addColumn<QString>("server");
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<bool>("withDestination");
        const QString q = qrsyncUnderTest();
        const QString s = stockRsync();
        for (const auto& [tag, client, server] :
             {std::tuple{"qrsync-client", q, s}, std::tuple{"qrsync-server", s, q}}) {
            // A lone remote source lists it (top level, or all with -r).
            QTest::newRow(qPrintable(QStringLiteral("%1/list").arg(QLatin1String(tag))))
                << client << server << QStringList{} << false;
            QTest::newRow(qPrintable(QStringLiteral("%1/list -r").arg(QLatin1String(tag))))
                << client << server << QStringList{QStringLiteral("-r")} << false;
            // Without -r a directory is skipped: the list is empty and both
            // ends stop at once.
            QTest::newRow(qPrintable(QStringLiteral("%1/empty list").arg(QLatin1String(tag))))
                << client << server << QStringList{} << true;
        }
    }

    void listingAndEmptyLists()
    {
        QFETCH(QString, client);
        QFETCH(QString, server);
        QFETCH(QStringList, options);
        QFETCH(bool, withDestination);
        auto run = [&](const QString& c, const QString& srv, const QString& dst) {
            QStringList args = options;
            args << QStringLiteral("-e") << loopbackRsh() << QStringLiteral("--rsync-path=") + srv
                 << QStringLiteral("localhost:") + m_src + QLatin1Char('/');
            if (!dst.isEmpty())
                args << dst;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
            env.insert(QStringLiteral("TZ"), QStringLiteral("UTC"));
            return runProcess(c, args, env, 30000);
        };
        const QString dst =
            withDestination
                ? m_dir.filePath(QStringLiteral("empty-") + QFileInfo(client).fileName())
                : QString();
        const RunResult mine = run(client, server, dst);
        const RunResult ref = run(stockRsync(), stockRsync(),
                                  withDestination ? dst + QStringLiteral("-ref") : QString());
        QVERIFY2(!mine.timedOut, "the run hung");
        QCOMPARE(mine.exitCode, ref.exitCode);
        QCOMPARE(mine.out, ref.out);
        if (withDestination) {
            QVERIFY(mine.out.contains("skipping directory ."));
            QVERIFY(!QFileInfo::exists(dst));
        } else {
            QVERIFY(mine.out.contains("a.txt"));
        }
    }

    void oldProtocolPeers()
    {
        // A stock server held to protocol 29: our client refuses it with a
        // clear message and exit 2, and creates nothing.
        const QString dst = m_dir.filePath(QStringLiteral("p29"));
        const RunResult client = runProcess(
            qrsyncUnderTest(),
            {QStringLiteral("-a"), QStringLiteral("-e"), loopbackRsh(),
             QStringLiteral("--rsync-path=") + stockRsync() + QStringLiteral(" --protocol=29"),
             m_src + "/", QStringLiteral("localhost:") + dst + "/"});
        QCOMPARE(client.exitCode, 2);
        QVERIFY2(client.err.contains("protocol 29 is older than the minimum supported (30)"),
                 client.err.constData());
        QVERIFY(!QFileInfo::exists(dst));
        // A stock client held to 29 against our server: the server says why
        // on stderr (the client shows it), the client sees the link close.
        const RunResult server =
            runProcess(stockRsync(),
                       {QStringLiteral("-a"), QStringLiteral("--protocol=29"), QStringLiteral("-e"),
                        loopbackRsh(), QStringLiteral("--rsync-path=") + qrsyncUnderTest(),
                        m_src + "/", QStringLiteral("localhost:") + dst + "/"});
        QCOMPARE(server.exitCode, 12);
        QVERIFY2(server.err.contains("protocol 29 is older than the minimum supported (30)"),
                 server.err.constData());
        QVERIFY(!QFileInfo::exists(dst));
        // And our own client will not try.
        const RunResult refused = runProcess(
            qrsyncUnderTest(), {QStringLiteral("--protocol=29"), m_src + "/", dst + "/"});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY(refused.err.contains("--protocol=29 is not supported"));
    }

    void pullVerboseAndProgress()
    {
        // What a pulling client prints (stock without incremental
        // recursion, as we pull): "receiving file list", then each name
        // before its progress line; rates and times aside, line by line.
        auto run = [&](const QString& client, const QStringList& extra, const QString& dst) {
            QStringList args{QStringLiteral("-a")};
            args << extra << QStringLiteral("-e") << loopbackRsh()
                 << QStringLiteral("localhost:") + m_src + QLatin1Char('/') << dst + "/";
            return runProcess(client, args);
        };
        auto normalized = [](const QByteArray& out) {
            QStringList kept;
            static const QRegularExpression rate(QStringLiteral("\\s+[0-9.]+[kMG]B/s\\s+\\S+"));
            for (const QString& piece :
                 QString::fromUtf8(out).split(QRegularExpression(QStringLiteral("[\r\n]")))) {
                if (piece.isEmpty() || piece.startsWith(QLatin1String("sent ")) ||
                    piece.startsWith(QLatin1String("total size")) ||
                    piece.startsWith(QLatin1String("created directory")))
                    continue;
                kept << QString(piece).replace(rate, QStringLiteral(" RATE")).simplified();
            }
            return kept;
        };
        for (const QStringList& extra :
             {QStringList{QStringLiteral("-v")}, QStringList{QStringLiteral("--progress")}}) {
            const QString tag = extra.first();
            const RunResult mine = run(qrsyncUnderTest(), extra, m_dir.filePath("pv-q" + tag));
            const RunResult ref =
                run(stockRsync(), QStringList(extra) << QStringLiteral("--no-inc-recursive"),
                    m_dir.filePath("pv-s" + tag));
            QVERIFY2(mine.exitCode == 0, qPrintable(mine.describe()));
            QCOMPARE(normalized(mine.out), normalized(ref.out));
            QVERIFY(mine.out.startsWith("receiving file list ... "));
            QVERIFY(mine.out.contains("sub/b.bin"));
            if (tag == QLatin1String("--progress"))
                QVERIFY(mine.out.contains("100%") && mine.out.contains("to-chk=0/"));
        }
    }

    void secludedArgs_data()
    {
        QTest::addColumn<QString>("client");
        QTest::addColumn<QString>("server");
        QTest::addColumn<bool>("push");
        const QString q = qrsyncUnderTest();
        const QString s = stockRsync();
        QTest::newRow("qrsync-client/push") << q << s << true;
        QTest::newRow("qrsync-client/pull") << q << s << false;
        QTest::newRow("qrsync-server/push") << s << q << true;
        QTest::newRow("qrsync-server/pull") << s << q << false;
    }

    void secludedArgs()
    {
        // -s: the command line ends after the option word; the paths (with
        // a space here, which must not be split) travel through the pipe.
        QFETCH(QString, client);
        QFETCH(QString, server);
        QFETCH(bool, push);
        const QString src = m_dir.filePath(QStringLiteral("sec src"));
        writeFile(src + QStringLiteral("/f g.txt"), "spaced\n");
        const QString dst = m_dir.filePath(QStringLiteral("sec dst ")) +
                            QFileInfo(client).fileName() + (push ? "-push" : "-pull");
        QStringList args{QStringLiteral("-a"), QStringLiteral("-s"), QStringLiteral("-e"),
                         loopbackRsh(), QStringLiteral("--rsync-path=") + server};
        if (push)
            args << src + "/" << QStringLiteral("localhost:") + dst + "/";
        else
            args << QStringLiteral("localhost:") + src + "/" << dst + "/";
        const RunResult r =
            runProcess(client, args, QProcessEnvironment::systemEnvironment(), 30000);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QFile f(dst + QStringLiteral("/f g.txt"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("spaced\n"));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("message");
        // Stock races its child's exit against the closed connection here
        // and sometimes reports 12 instead; ours reports the exec failure.
        QTest::addColumn<int>("stockAlsoExits");
        QTest::newRow("both remote")
            << QStringList{"-a", "h:/a", "j:/b"} << 1
            << QByteArray("The source and destination cannot both be remote.") << 1;
        QTest::newRow("rsh missing")
            << QStringList{"-a", "-e", "/nonexistent/rsh", "/tmp", "h:/x"} << 14
            << QByteArray("Failed to exec /nonexistent/rsh: No such file "
                          "or directory (2)")
            << 12;
        QTest::newRow("unterminated quote")
            << QStringList{"-a", "-e", "ssh 'x", "/tmp", "h:/x"} << 1
            << QByteArray("Missing trailing-' in remote-shell command.") << 1;
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, message);
        const RunResult mine = runProcess(qrsyncUnderTest(), args);
        QCOMPARE(mine.exitCode, exitCode);
        QVERIFY2(mine.err.contains(message), mine.err.constData());
        QFETCH(int, stockAlsoExits);
        const RunResult stock = runProcess(stockRsync(), args);
        QVERIFY2(stock.exitCode == exitCode || stock.exitCode == stockAlsoExits,
                 qPrintable(stock.describe()));
        QVERIFY2(stock.err.contains(message), stock.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestRemoteConnection)
#include "tst_remoteconnection.moc"
