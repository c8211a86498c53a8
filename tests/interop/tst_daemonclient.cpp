// The rsync:// client against stock `rsync --daemon` (issue 5, part A).
//
// One stock daemon on 127.0.0.1 (tests/support/rsyncdaemonfixture.h) serves
// every case: a read-only module `pub` with a rich tree, a writable `rw`, a
// module `priv` with auth users and a secrets file (mode 600), one with
// `max connections = 1`, one with `hosts deny = 127.0.0.1`, and a motd.
// Each case runs the same command with qrsync and with stock rsync against
// that daemon and compares what matters: exit code, stdout, the normalised
// stderr lines and the resulting trees. Transfers run at protocols 30-32
// with both receiver drivers (QRSYNC_ASYNC_RECEIVER=0 and the default).

#include "processrunner.h"
#include "remotesync.h"
#include "rsyncdaemonfixture.h"
#include "rsyncoutput.h"
#include "treebuilder.h"
#include "treesnapshot.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace qrsync::test;

namespace {

const QByteArray kMotd = "Welcome to the qrsync test daemon\nSecond line\n";
const QByteArray kPassword = "sesame";

struct Pair
{
    RunResult qrsync;
    RunResult stock;
};

QProcessEnvironment cleanEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("RSYNC_PASSWORD"));
    env.remove(QStringLiteral("QRSYNC_ASYNC_RECEIVER"));
    env.insert(QStringLiteral("USER"), QStringLiteral("alice"));
    return env;
}

// A TCP connection held open in the middle of a module session, so the
// daemon counts it against `max connections`.
class HeldConnection
{
public:
    explicit HeldConnection(quint16 port, const QByteArray& module)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0)
            return;
        const QByteArray hello = "@RSYNCD: 32.0 sha512 sha256 sha1 md5 md4\n" + module + '\n';
        if (::write(m_fd, hello.constData(), size_t(hello.size())) != hello.size())
            return;
        // Read until the daemon accepted us: it holds the slot from then on.
        QByteArray got;
        char buf[512];
        while (!got.contains("@RSYNCD: OK\n")) {
            const ssize_t n = ::read(m_fd, buf, sizeof buf);
            if (n <= 0)
                return;
            got.append(buf, n);
        }
        m_ok = true;
    }
    ~HeldConnection()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool ok() const { return m_ok; }

private:
    int m_fd = -1;
    bool m_ok = false;
};

} // namespace

class TestDaemonClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void listModules_data();
    void listModules();
    void pull_data();
    void pull();
    void push_data();
    void push();
    void authentication_data();
    void authentication();
    void passwordFileChecks_data();
    void passwordFileChecks();
    void refusals_data();
    void refusals();
    void overRemoteShell_data();
    void overRemoteShell();
    void notYetSupported_data();
    void notYetSupported();
    void maxConnections();
    void connectionRefused();

private:
    Pair runBoth(const QStringList& args, const QProcessEnvironment& env = cleanEnvironment());
    void compareOutcome(const Pair& p, bool compareStdout = true);

    RsyncDaemonFixture m_daemon;
    QTemporaryDir m_work;
    QString m_secrets;
};

void TestDaemonClient::initTestCase()
{
    QVERIFY(m_work.isValid());
    m_daemon.addGlobal(QStringLiteral("motd file = ") +
                       m_daemon.writeFile(QStringLiteral("motd"), kMotd, 0644));
    m_secrets = m_daemon.writeFile(QStringLiteral("secrets"), "alice:" + kPassword + "\n", 0600);
    m_daemon.addModule(QStringLiteral("pub"), {QStringLiteral("comment = Public files"),
                                               QStringLiteral("read only = yes")});
    // Symlinks land as sent ("use chroot = no" would munge them otherwise).
    m_daemon.addModule(QStringLiteral("rw"),
                       {QStringLiteral("comment = Writable"), QStringLiteral("read only = no"),
                        QStringLiteral("munge symlinks = no")});
    m_daemon.addModule(QStringLiteral("priv"), {QStringLiteral("auth users = alice"),
                                                QStringLiteral("secrets file = ") + m_secrets,
                                                QStringLiteral("read only = no")});
    m_daemon.addModule(
        QStringLiteral("limited"),
        {QStringLiteral("max connections = 1"),
         QStringLiteral("lock file = ") + m_daemon.directory() + QStringLiteral("/limited.lock")});
    m_daemon.addModule(QStringLiteral("denied"), {QStringLiteral("hosts deny = 127.0.0.1")});
    m_daemon.addModule(QStringLiteral("hidden"), {QStringLiteral("list = no")});
    TreeBuilder pub(QFile::encodeName(m_daemon.modulePath(QStringLiteral("pub"))));
    pub.buildRichTree(300000);
    TreeBuilder priv(QFile::encodeName(m_daemon.modulePath(QStringLiteral("priv"))));
    priv.file("secret.txt", "top secret\n");
    priv.setMtime("secret.txt", 1600000000, 0);
    const QString error = m_daemon.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

Pair TestDaemonClient::runBoth(const QStringList& args, const QProcessEnvironment& env)
{
    Pair p;
    p.qrsync = runProcess(qrsyncUnderTest(), args, env, 120000, m_work.path());
    p.stock = runProcess(stockRsync(), args, env, 120000, m_work.path());
    return p;
}

void TestDaemonClient::compareOutcome(const Pair& p, bool compareStdout)
{
    const QByteArray ws = QFile::encodeName(m_work.path());
    QVERIFY2(!p.qrsync.crashed && !p.qrsync.timedOut, qPrintable(p.qrsync.describe()));
    QCOMPARE(p.qrsync.exitCode, p.stock.exitCode);
    // The daemon hangs up after a fatal error; whether the writing side
    // then sees a reset first is a race (stock's client often prints it).
    auto messages = [&](const QByteArray& err) {
        QList<QByteArray> m = normalizedMessages(err, ws);
        m.removeIf(
            [](const QByteArray& line) { return line.contains("Connection reset by peer"); });
        return m;
    };
    QCOMPARE(messages(p.qrsync.err), messages(p.stock.err));
    if (compareStdout)
        QCOMPARE(p.qrsync.out, p.stock.out);
}

void TestDaemonClient::listModules_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("rsync://host/") << QStringList{m_daemon.url()};
    QTest::newRow("host:: --port") << QStringList{QStringLiteral("--port=%1").arg(m_daemon.port()),
                                                  QStringLiteral("127.0.0.1::")};
    QTest::newRow("--no-motd") << QStringList{QStringLiteral("--no-motd"), m_daemon.url()};
    QTest::newRow("-q") << QStringList{QStringLiteral("-q"), m_daemon.url()};
    QTest::newRow("module contents") << QStringList{m_daemon.url(QStringLiteral("pub/"))};
    QTest::newRow("module without slash") << QStringList{m_daemon.url(QStringLiteral("pub"))};
    QTest::newRow("protocol 30") << QStringList{QStringLiteral("--protocol=30"), m_daemon.url()};
    QTest::newRow("--address=127.0.0.1")
        << QStringList{QStringLiteral("--address=127.0.0.1"), m_daemon.url()};
}

void TestDaemonClient::listModules()
{
    QFETCH(QStringList, args);
    const Pair p = runBoth(args);
    QCOMPARE(p.stock.exitCode, 0);
    compareOutcome(p);
    if (!args.contains(QStringLiteral("-q")) && !args.contains(QStringLiteral("--no-motd")))
        QVERIFY(p.qrsync.out.startsWith(kMotd));
    if (args.last().endsWith(QLatin1String("/")) && !args.last().contains(QLatin1String("pub"))) {
        const bool shown =
            !args.contains(QStringLiteral("-q")) && !args.contains(QStringLiteral("--no-motd"));
        QCOMPARE(p.qrsync.out.contains("pub            \tPublic files\n"), shown);
        QVERIFY(!p.qrsync.out.contains("hidden"));
    }
}

void TestDaemonClient::pull_data()
{
    QTest::addColumn<int>("protocol");
    QTest::addColumn<bool>("asyncReceiver");
    for (int protocol : {30, 31, 32}) {
        for (bool async : {true, false}) {
            QTest::addRow("p%d/%s", protocol, async ? "event-loop" : "blocking")
                << protocol << async;
        }
    }
}

void TestDaemonClient::pull()
{
    QFETCH(int, protocol);
    QFETCH(bool, asyncReceiver);
    const QString tag =
        QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char('/'), QLatin1Char('-'));
    const QString qDst = m_work.filePath(QStringLiteral("pull-q-") + tag);
    const QString sDst = m_work.filePath(QStringLiteral("pull-s-") + tag);
    QProcessEnvironment env = cleanEnvironment();
    if (!asyncReceiver)
        env.insert(QStringLiteral("QRSYNC_ASYNC_RECEIVER"), QStringLiteral("0"));
    const QStringList common{QStringLiteral("-a"), QStringLiteral("-H"), QStringLiteral("-i"),
                             QStringLiteral("--protocol=%1").arg(protocol),
                             QStringLiteral("--debug=async")};
    const RunResult q = runProcess(
        qrsyncUnderTest(), common + QStringList{m_daemon.url(QStringLiteral("pub/")), qDst}, env);
    QVERIFY2(q.exitCode == 0, qPrintable(q.describe()));
    QVERIFY2(q.err.contains(asyncReceiver ? "receiver=event-loop" : "receiver=blocking"),
             q.err.constData());
    QStringList stockArgs = common;
    stockArgs.removeAll(QStringLiteral("--debug=async"));
    const RunResult s = runProcess(
        stockRsync(), stockArgs + QStringList{m_daemon.url(QStringLiteral("pub/")), sDst}, env);
    QCOMPARE(s.exitCode, 0);
    CompareOptions options;
    options.nanoseconds = protocol >= 31;
    const QStringList diff =
        TreeSnapshot::diff(TreeSnapshot::take(QFile::encodeName(sDst)),
                           TreeSnapshot::take(QFile::encodeName(qDst)), options);
    QVERIFY2(diff.isEmpty(), qPrintable(diff.join(QLatin1Char('\n'))));
    // And against the module itself: the pull is complete.
    const QStringList fromSource = TreeSnapshot::diff(
        TreeSnapshot::take(QFile::encodeName(m_daemon.modulePath(QStringLiteral("pub")))),
        TreeSnapshot::take(QFile::encodeName(qDst)), options);
    QVERIFY2(fromSource.isEmpty(), qPrintable(fromSource.join(QLatin1Char('\n'))));
    // Both itemize the same changes (stdout after the motd).
    QList<QByteArray> qLines = lines(QByteArray(q.out).replace(QFile::encodeName(qDst), "DST"));
    QList<QByteArray> sLines = lines(QByteArray(s.out).replace(QFile::encodeName(sDst), "DST"));
    std::sort(qLines.begin(), qLines.end());
    std::sort(sLines.begin(), sLines.end());
    QCOMPARE(qLines, sLines);
}

void TestDaemonClient::push_data()
{
    pull_data();
}

void TestDaemonClient::push()
{
    QFETCH(int, protocol);
    QFETCH(bool, asyncReceiver);
    const QString tag =
        QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char('/'), QLatin1Char('-'));
    const QString src = m_daemon.modulePath(QStringLiteral("pub")) + QLatin1Char('/');
    QProcessEnvironment env = cleanEnvironment();
    if (!asyncReceiver)
        env.insert(QStringLiteral("QRSYNC_ASYNC_RECEIVER"), QStringLiteral("0"));
    const QStringList common{QStringLiteral("-a"), QStringLiteral("-H"), QStringLiteral("--delete"),
                             QStringLiteral("--protocol=%1").arg(protocol)};
    // Twice: a first copy, then a changed source (a new and a rewritten
    // file, a deleted one) to exercise the delta and --delete paths.
    QTemporaryDir changed;
    for (int round = 0; round < 2; ++round) {
        QString from = src;
        if (round == 1) {
            QVERIFY(runProcess(stockRsync(),
                               {QStringLiteral("-aH"), src, changed.path() + QLatin1Char('/')})
                        .exitCode == 0);
            TreeBuilder t(QFile::encodeName(changed.path()));
            t.file("new-file.txt", "new\n");
            t.randomFile("rewritten.bin", 200000, 7);
            from = changed.path() + QLatin1Char('/');
        }
        const RunResult q = runProcess(
            qrsyncUnderTest(),
            common +
                QStringList{from, m_daemon.url(QStringLiteral("rw/q-") + tag + QLatin1Char('/'))},
            env);
        QVERIFY2(q.exitCode == 0, qPrintable(q.describe()));
        const RunResult s = runProcess(
            stockRsync(),
            common +
                QStringList{from, m_daemon.url(QStringLiteral("rw/s-") + tag + QLatin1Char('/'))},
            env);
        QVERIFY2(s.exitCode == 0, qPrintable(s.describe()));
        CompareOptions options;
        options.nanoseconds = protocol >= 31;
        options.rootEntry = false;
        const QByteArray rw = QFile::encodeName(m_daemon.modulePath(QStringLiteral("rw")));
        const QStringList diff =
            TreeSnapshot::diff(TreeSnapshot::take(rw + "/s-" + tag.toUtf8()),
                               TreeSnapshot::take(rw + "/q-" + tag.toUtf8()), options);
        QVERIFY2(diff.isEmpty(), qPrintable(diff.join(QLatin1Char('\n'))));
        const QStringList fromSource =
            TreeSnapshot::diff(TreeSnapshot::take(QFile::encodeName(from)),
                               TreeSnapshot::take(rw + "/q-" + tag.toUtf8()), options);
        // Only the absolute symlink differs: a daemon without chroot strips
        // its leading '/' (sanitize_paths), for stock's client as for ours.
        const QStringList expected{
            QStringLiteral("abs-link: link target expected /etc/hostname, got etc/hostname")};
        QVERIFY2(fromSource == expected, qPrintable(fromSource.join(QLatin1Char('\n'))));
    }
}

void TestDaemonClient::authentication_data()
{
    QTest::addColumn<QString>("how"); // env, file, env-wrong, file-wrong, none
    QTest::addColumn<bool>("pushing");
    QTest::addColumn<int>("expectedExit");
    QTest::newRow("RSYNC_PASSWORD, pull") << QStringLiteral("env") << false << 0;
    QTest::newRow("RSYNC_PASSWORD, push") << QStringLiteral("env") << true << 0;
    QTest::newRow("--password-file, pull") << QStringLiteral("file") << false << 0;
    QTest::newRow("--password-file wins over RSYNC_PASSWORD")
        << QStringLiteral("file+wrong-env") << false << 0;
    QTest::newRow("wrong RSYNC_PASSWORD") << QStringLiteral("env-wrong") << false << 5;
    QTest::newRow("wrong --password-file") << QStringLiteral("file-wrong") << true << 5;
    QTest::newRow("user from the URL, protocol 30") << QStringLiteral("env-p30") << false << 0;
    QTest::newRow("no password, no terminal") << QStringLiteral("none") << false << 5;
}

void TestDaemonClient::authentication()
{
    QFETCH(QString, how);
    QFETCH(bool, pushing);
    QFETCH(int, expectedExit);
    QProcessEnvironment env = cleanEnvironment();
    QStringList args{QStringLiteral("-a")};
    if (how.startsWith(QLatin1String("env")))
        env.insert(QStringLiteral("RSYNC_PASSWORD"), how == QLatin1String("env-wrong")
                                                         ? QStringLiteral("nope")
                                                         : QString::fromLatin1(kPassword));
    if (how == QLatin1String("file+wrong-env"))
        env.insert(QStringLiteral("RSYNC_PASSWORD"), QStringLiteral("nope"));
    if (how.startsWith(QLatin1String("file"))) {
        const QString file =
            m_daemon.writeFile(QStringLiteral("pw-") + how,
                               how == QLatin1String("file-wrong") ? QByteArray("nope\n")
                                                                  : QByteArray(kPassword + "\n"),
                               0600);
        args << QStringLiteral("--password-file=") + file;
    }
    if (how == QLatin1String("env-p30"))
        args << QStringLiteral("--protocol=30");
    // The user comes from USER (alice) or the URL.
    const QString user = how == QLatin1String("env-p30") ? QStringLiteral("alice@") : QString();
    const QString url = QStringLiteral("rsync://") + user +
                        QStringLiteral("127.0.0.1:%1/priv/").arg(m_daemon.port());
    QString qTarget;
    QString sTarget;
    if (pushing) {
        const QString src = m_work.filePath(QStringLiteral("auth-src"));
        TreeBuilder t(QFile::encodeName(src));
        t.file("pushed.txt", "pushed\n");
        qTarget = url + QStringLiteral("q-") + how;
        sTarget = url + QStringLiteral("s-") + how;
        const RunResult q =
            runProcess(qrsyncUnderTest(), args + QStringList{src + QLatin1Char('/'), qTarget}, env);
        const RunResult s =
            runProcess(stockRsync(), args + QStringList{src + QLatin1Char('/'), sTarget}, env);
        compareOutcome({q, s}, false);
        QCOMPARE(q.exitCode, expectedExit);
        const QString landed = m_daemon.modulePath(QStringLiteral("priv")) + QStringLiteral("/q-") +
                               how + QStringLiteral("/pushed.txt");
        QCOMPARE(QFile::exists(landed), expectedExit == 0);
        return;
    }
    const QString qDst = m_work.filePath(QStringLiteral("auth-q-") + how);
    const QString sDst = m_work.filePath(QStringLiteral("auth-s-") + how);
    // Without a password both prompt on the terminal (getpass()); setsid
    // takes the terminal away, so the prompt reads the closed stdin.
    auto run = [&](const QString& program, const QString& dst) {
        const QStringList all = args + QStringList{url, dst};
        if (how == QLatin1String("none"))
            return runProcess(QStringLiteral("setsid"),
                              QStringList{QStringLiteral("-w"), program} + all, env);
        return runProcess(program, all, env);
    };
    const RunResult q = run(qrsyncUnderTest(), qDst);
    const RunResult s = run(stockRsync(), sDst);
    compareOutcome({q, s});
    QCOMPARE(q.exitCode, expectedExit);
    QCOMPARE(QFile::exists(qDst + QStringLiteral("/secret.txt")), expectedExit == 0);
    if (expectedExit == 5)
        QVERIFY(q.err.contains("@ERROR: auth failed on module priv\n"));
}

void TestDaemonClient::passwordFileChecks_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("mode");
    QTest::addColumn<bool>("ownedByNobody");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("other-readable")
        << QStringLiteral("pw644") << 0644 << false << kPassword
        << QByteArray("ERROR: password file must not be other-accessible");
    QTest::newRow("not root's") << QStringLiteral("pwnobody") << 0600 << true << kPassword
                                << QByteArray("ERROR: password file must be owned by root when "
                                              "running as root");
    QTest::newRow("empty") << QStringLiteral("pwempty") << 0600 << false << QByteArray()
                           << QByteArray("ERROR: failed to read a password from");
    QTest::newRow("missing") << QStringLiteral("") << 0 << false << QByteArray()
                             << QByteArray("could not open password file");
    QTest::newRow("first line only, after blank lines")
        << QStringLiteral("pwlines") << 0600 << false << QByteArray("\n\nsesame\nother\n")
        << QByteArray();
}

void TestDaemonClient::passwordFileChecks()
{
    QFETCH(QString, name);
    QFETCH(int, mode);
    QFETCH(bool, ownedByNobody);
    QFETCH(QByteArray, content);
    QFETCH(QByteArray, message);
    QString file = m_work.filePath(QStringLiteral("missing-password-file"));
    if (!name.isEmpty()) {
        file = m_work.filePath(name);
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(content.isEmpty() ? QByteArray() : content + (content.endsWith('\n') ? "" : "\n"));
        f.close();
        QVERIFY(::chmod(QFile::encodeName(file).constData(), mode_t(mode)) == 0);
        if (ownedByNobody)
            QVERIFY(::chown(QFile::encodeName(file).constData(), 65534, 65534) == 0);
    }
    const QStringList args{QStringLiteral("--password-file=") + file,
                           m_daemon.url(QStringLiteral("priv/"))};
    const Pair p = runBoth(args);
    compareOutcome(p);
    if (message.isEmpty()) {
        QCOMPARE(p.qrsync.exitCode, 0);
        QVERIFY(p.qrsync.out.contains("secret.txt"));
    } else {
        QCOMPARE(p.qrsync.exitCode, 1);
        QVERIFY2(p.qrsync.err.contains(message), p.qrsync.err.constData());
    }
    // A module without auth users never reads the file.
    const RunResult open = runProcess(
        qrsyncUnderTest(),
        {QStringLiteral("--password-file=") + file, m_daemon.url(QStringLiteral("pub/"))},
        cleanEnvironment());
    QCOMPARE(open.exitCode, 0);
}

void TestDaemonClient::refusals_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("expectedExit");
    QTest::addColumn<QByteArray>("message");
    const QString src = m_work.filePath(QStringLiteral("refusal-src")) + QLatin1Char('/');
    QDir().mkpath(src);
    QTest::newRow("push to a read-only module")
        << QStringList{QStringLiteral("-a"), src, m_daemon.url(QStringLiteral("pub/x/"))} << 1
        << QByteArray("ERROR: module is read only");
    QTest::newRow("hosts deny") << QStringList{m_daemon.url(QStringLiteral("denied/"))} << 5
                                << QByteArray("@ERROR: access denied to denied from ");
    QTest::newRow("unknown module") << QStringList{m_daemon.url(QStringLiteral("nosuch/")),
                                                   m_work.filePath(QStringLiteral("x"))}
                                    << 5 << QByteArray("@ERROR: Unknown module 'nosuch'");
    QTest::newRow("path starting with /")
        << QStringList{QStringLiteral("--port=%1").arg(m_daemon.port()),
                       QStringLiteral("127.0.0.1::/etc"), m_work.filePath(QStringLiteral("y"))}
        << 5 << QByteArray("ERROR: The remote path must start with a module name not a /");
    // TEST-NET-1 is no address of ours: no socket can be bound, nothing is
    // sent, and stock prints only its exit line.
    QTest::newRow("--address not local")
        << QStringList{QStringLiteral("--address=192.0.2.1"), m_daemon.url()} << 10 << QByteArray();
}

void TestDaemonClient::overRemoteShell_data()
{
    // -e with a daemon location: the remote shell runs `rsync --server
    // --daemon .` (here stock, told where the fixture's config is) and the
    // same text phase runs over its pipes.
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("password");
    QTest::addColumn<int>("expectedExit");
    const QString src = m_work.filePath(QStringLiteral("rsh-src")) + QLatin1Char('/');
    TreeBuilder t(QFile::encodeName(src));
    t.file("one.txt", "one\n");
    t.randomFile("two.bin", 50000, 3);
    QTest::newRow("list") << QStringList{QStringLiteral("localhost::")} << QString() << 0;
    QTest::newRow("pull") << QStringList{QStringLiteral("-a"),
                                         QStringLiteral("localhost::pub/sub/"),
                                         QStringLiteral("DST")}
                          << QString() << 0;
    QTest::newRow("push") << QStringList{QStringLiteral("-a"), src,
                                         QStringLiteral("localhost::rw/DSTNAME/")}
                          << QString() << 0;
    QTest::newRow("auth") << QStringList{QStringLiteral("-a"),
                                         QStringLiteral("alice@localhost::priv/"),
                                         QStringLiteral("DST")}
                          << QStringLiteral("sesame") << 0;
    QTest::newRow("wrong password")
        << QStringList{QStringLiteral("-a"), QStringLiteral("alice@localhost::priv/"),
                       QStringLiteral("DST")}
        << QStringLiteral("nope") << 5;
}

void TestDaemonClient::overRemoteShell()
{
    QFETCH(QStringList, args);
    QFETCH(QString, password);
    QFETCH(int, expectedExit);
    QProcessEnvironment env = cleanEnvironment();
    if (!password.isEmpty())
        env.insert(QStringLiteral("RSYNC_PASSWORD"), password);
    const QStringList shell{QStringLiteral("-e"), loopbackRsh(),
                            QStringLiteral("--rsync-path=") + stockRsync() +
                                QStringLiteral(" --config=") + m_daemon.directory() +
                                QStringLiteral("/rsyncd.conf")};
    const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-');
    auto withDst = [&](const QString& who) {
        QStringList a = args;
        for (QString& arg : a) {
            arg.replace(QStringLiteral("DSTNAME"), who + QStringLiteral("-rsh-") + tag);
            if (arg == QLatin1String("DST"))
                arg = m_work.filePath(who + QStringLiteral("-rsh-") + tag);
        }
        return shell + a;
    };
    Pair p;
    p.qrsync = runProcess(qrsyncUnderTest(), withDst(QStringLiteral("q")), env);
    p.stock = runProcess(stockRsync(), withDst(QStringLiteral("s")), env);
    QCOMPARE(p.stock.exitCode, expectedExit);
    compareOutcome(p);
    if (expectedExit != 0 || args.size() < 2)
        return;
    // Both ends hold the same tree afterwards.
    const bool push = args.last().contains(QLatin1String("DSTNAME"));
    const QByteArray root = push ? QFile::encodeName(m_daemon.modulePath(QStringLiteral("rw")))
                                 : QFile::encodeName(m_work.path());
    CompareOptions options;
    options.rootEntry = false;
    const QStringList diff =
        TreeSnapshot::diff(TreeSnapshot::take(root + "/s-rsh-" + tag.toUtf8()),
                           TreeSnapshot::take(root + "/q-rsh-" + tag.toUtf8()), options);
    QVERIFY2(diff.isEmpty(), qPrintable(diff.join(QLatin1Char('\n'))));
    QVERIFY(!TreeSnapshot::take(root + "/q-rsh-" + tag.toUtf8()).entries().isEmpty());
}

void TestDaemonClient::notYetSupported_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("-s") << QStringList{QStringLiteral("-s"), m_daemon.url(QStringLiteral("pub/"))}
                        << QByteArray("--secluded-args (-s) with an rsync daemon");
}

void TestDaemonClient::notYetSupported()
{
    // Refused before connecting, with a clear message and exit 1 (stock
    // supports it; qrsync does not yet).
    QFETCH(QStringList, args);
    QFETCH(QByteArray, message);
    const RunResult q = runProcess(qrsyncUnderTest(), args, cleanEnvironment());
    QCOMPARE(q.exitCode, 1);
    QVERIFY2(q.err.contains(message), q.err.constData());
    QVERIFY(q.err.contains("not supported yet"));
}

void TestDaemonClient::refusals()
{
    QFETCH(QStringList, args);
    QFETCH(int, expectedExit);
    QFETCH(QByteArray, message);
    const Pair p = runBoth(args);
    QCOMPARE(p.stock.exitCode, expectedExit);
    compareOutcome(p);
    QVERIFY2(p.qrsync.err.contains(message), p.qrsync.err.constData());
}

void TestDaemonClient::maxConnections()
{
    HeldConnection held(m_daemon.port(), "limited");
    QVERIFY2(held.ok(), "the first connection was not accepted");
    const Pair p = runBoth({m_daemon.url(QStringLiteral("limited/"))});
    QCOMPARE(p.stock.exitCode, 5);
    compareOutcome(p);
    QVERIFY2(p.qrsync.err.startsWith("@ERROR: max connections (1) reached -- try again later\n"),
             p.qrsync.err.constData());
}

void TestDaemonClient::connectionRefused()
{
    // A port nobody listens on: the daemon's, after it stopped.
    RsyncDaemonFixture gone;
    QVERIFY(gone.start().isEmpty());
    const quint16 port = gone.port();
    gone.stop();
    const Pair p = runBoth({QStringLiteral("rsync://127.0.0.1:%1/pub/").arg(port)});
    QCOMPARE(p.stock.exitCode, 10);
    compareOutcome(p);
    QVERIFY2(p.qrsync.err.contains(
                 "failed to connect to 127.0.0.1 (127.0.0.1): Connection refused (111)"),
             p.qrsync.err.constData());
    // --contimeout: a listener whose backlog is full never completes the
    // handshake, so the connect waits for the timeout (exit 35, stock's
    // exit line only). Nothing leaves the loopback.
    {
        const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        QVERIFY(::bind(listener, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        QVERIFY(::listen(listener, 0) == 0);
        QVERIFY(::getsockname(listener, reinterpret_cast<sockaddr*>(&a), &len) == 0);
        QList<int> fillers;
        for (int i = 0; i < 3; ++i) {
            const int c = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            ::connect(c, reinterpret_cast<sockaddr*>(&a), sizeof a);
            fillers << c;
        }
        QTest::qWait(200);
        const QString url = QStringLiteral("rsync://127.0.0.1:%1/x/").arg(ntohs(a.sin_port));
        const Pair t = runBoth({QStringLiteral("--contimeout=1"), url});
        for (int c : fillers)
            ::close(c);
        ::close(listener);
        QCOMPARE(t.stock.exitCode, 35);
        compareOutcome(t);
    }
    // --contimeout is accepted and a refused connection still fails at once.
    const RunResult q = runProcess(
        qrsyncUnderTest(),
        {QStringLiteral("--contimeout=5"), QStringLiteral("rsync://127.0.0.1:%1/pub/").arg(port)},
        cleanEnvironment());
    QCOMPARE(q.exitCode, 10);
}

QTEST_GUILESS_MAIN(TestDaemonClient)
#include "tst_daemonclient.moc"
