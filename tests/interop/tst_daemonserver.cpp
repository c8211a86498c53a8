// Stock rsync clients against `qrsync --daemon` (issue 5), in both listener
// modes: the event-loop listener (default) and the thread-per-connection
// fallback (--no-async=daemon). Each test starts its own daemon on
// 127.0.0.1 with a temporary rsyncd.conf and stops it by PID.

#include "processrunner.h"
#include "qrsyncdaemonfixture.h"
#include "treebuilder.h"
#include "treesnapshot.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace qrsync::test;

namespace {

const QString kRsync = QStringLiteral("/usr/bin/rsync");

// A raw client connection for the cases stock's client cannot stage: a
// silent client, a client holding a connection slot.
class RawClient
{
public:
    explicit RawClient(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(port);
        if (::connect(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
            ::close(m_fd);
            m_fd = -1;
        }
    }
    ~RawClient()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool connected() const { return m_fd >= 0; }
    void send(const QByteArray& b)
    {
        [[maybe_unused]] auto n = ::send(m_fd, b.constData(), b.size(), MSG_NOSIGNAL);
    }
    // Reads until `needle` shows up, EOF, or the timeout; returns all read.
    QByteArray readUntil(const QByteArray& needle, int timeoutMs, bool* eof = nullptr)
    {
        QElapsedTimer t;
        t.start();
        while (!m_in.contains(needle) && t.elapsed() < timeoutMs) {
            pollfd p{m_fd, POLLIN, 0};
            if (::poll(&p, 1, 100) <= 0)
                continue;
            char buf[4096];
            const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
            if (n <= 0) {
                if (eof)
                    *eof = true;
                break;
            }
            m_in.append(buf, n);
        }
        return m_in;
    }

private:
    int m_fd = -1;
    QByteArray m_in;
};

QProcessEnvironment envWith(const QString& key, const QString& value)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(key, value);
    return env;
}

} // namespace

class TstDaemonServer : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QByteArray m_src;  // the read-only module's tree
    QString m_outside; // a directory beside the modules, never to be touched

    QString path(const QString& rel) const { return m_tmp.filePath(rel); }

    // Modules: pub (read only, listed), rw (writable), hidden (unlisted),
    // auth (alice, password "secret"), deny (hosts deny loopback), slots
    // (max connections 1), refuse (refuses --checksum), esc (use chroot =
    // no, with a symlink pointing out).
    QString config(const QString& rw, const QString& extraGlobal = {}) const
    {
        return QStringLiteral("uid = root\ngid = root\n") + extraGlobal +
               QStringLiteral("[pub]\npath = %1\ncomment = public files\n"
                              "[rw]\npath = %2\nread only = no\n"
                              "[hidden]\npath = %1\nlist = no\n"
                              "[auth]\npath = %1\nauth users = alice\nsecrets file = %3\n"
                              "[deny]\npath = %1\nhosts deny = 127.0.0.0/8\n"
                              "[slots]\npath = %1\nmax connections = 1\nlock file = %4\n"
                              "[refuse]\npath = %1\nrefuse options = checksum\n"
                              "[esc]\npath = %5\nuse chroot = no\nread only = no\n")
                   .arg(QString::fromUtf8(m_src), rw, path(QStringLiteral("secrets")),
                        path(QStringLiteral("slots.lock")), path(QStringLiteral("esc")));
    }

    void startDaemon(QrsyncDaemonFixture& d, const QString& rw, const QString& extraGlobal = {})
    {
        const QString err =
            d.start(config(rw, extraGlobal), QTest::currentDataTag() == QLatin1String("threads"));
        if (!err.isEmpty())
            QFAIL(qPrintable(err));
    }

    QString freshDir(const QString& name)
    {
        const QString p = path(name + QString::number(++m_counter));
        QDir().mkpath(p);
        return p;
    }
    int m_counter = 0;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QFile::exists(kRsync));
        m_src = QFile::encodeName(path(QStringLiteral("src")));
        TreeBuilder tree(m_src);
        tree.dir("");
        tree.file("a.txt", "alpha\n");
        tree.dir("sub");
        tree.randomFile("sub/big.bin", 300 * 1024, 7);
        tree.file("sub/c.txt", "gamma\n", 0600);
        tree.symlink("link", "a.txt");
        // Times in the past: stock's receiver leaves a time that is in the
        // same second as its own new copy alone (a fresh tree would flake).
        for (const char* rel : {"a.txt", "sub/big.bin", "sub/c.txt", "link", "sub", ""})
            tree.setMtime(rel, 1600000000, 123456789);
        QFile secrets(path(QStringLiteral("secrets")));
        QVERIFY(secrets.open(QIODevice::WriteOnly));
        secrets.write("alice:secret\n");
        secrets.close();
        ::chmod(QFile::encodeName(secrets.fileName()).constData(), 0600);
        // The escape module: a symlink to a directory outside it.
        m_outside = path(QStringLiteral("outside"));
        QDir().mkpath(m_outside);
        QFile secret(m_outside + QStringLiteral("/secret"));
        QVERIFY(secret.open(QIODevice::WriteOnly));
        secret.write("not for clients\n");
        secret.close();
        QDir().mkpath(path(QStringLiteral("esc")));
        QVERIFY(QFile::link(m_outside, path(QStringLiteral("esc/out"))));
    }

    void modes_data()
    {
        QTest::addColumn<bool>("threads");
        QTest::newRow("events") << false;
        QTest::newRow("threads") << true;
    }

    void listPullPush_data() { modes_data(); }
    void listPullPush()
    {
        QrsyncDaemonFixture d;
        const QString rw = freshDir(QStringLiteral("rw"));
        startDaemon(d, rw);

        const RunResult list = runProcess(kRsync, {d.url()});
        QVERIFY2(list.exitCode == 0, qPrintable(list.describe()));
        QVERIFY2(list.out.contains("pub            \tpublic files\n"), list.out.constData());
        QVERIFY(list.out.contains("rw             \t\n"));
        QVERIFY2(!list.out.contains("hidden"), list.out.constData());

        for (int protocol : {30, 31, 32}) {
            const QString dst = freshDir(QStringLiteral("pull"));
            const RunResult pull = runProcess(
                kRsync, {QStringLiteral("-a"), QStringLiteral("--protocol=%1").arg(protocol),
                         d.url(QStringLiteral("pub/")), dst + '/'});
            QVERIFY2(pull.exitCode == 0, qPrintable(pull.describe()));
            CompareOptions cmp;
            cmp.nanoseconds = protocol >= 31;
            const QStringList diff = TreeSnapshot::diff(
                TreeSnapshot::take(m_src), TreeSnapshot::take(QFile::encodeName(dst)), cmp);
            QVERIFY2(diff.isEmpty(),
                     qPrintable(QStringLiteral("protocol %1: ").arg(protocol) + diff.join('\n')));

            const RunResult push = runProcess(
                kRsync,
                {QStringLiteral("-a"), QStringLiteral("--protocol=%1").arg(protocol),
                 QFile::decodeName(m_src) + '/', d.url(QStringLiteral("rw/p%1/").arg(protocol))});
            QVERIFY2(push.exitCode == 0, qPrintable(push.describe()));
            const QStringList pushDiff = TreeSnapshot::diff(
                TreeSnapshot::take(m_src),
                TreeSnapshot::take(QFile::encodeName(rw + QStringLiteral("/p%1").arg(protocol))),
                cmp);
            QVERIFY2(pushDiff.isEmpty(), qPrintable(pushDiff.join('\n')));
        }
        // --secluded-args: the real arguments come as a second list.
        const QString secluded = freshDir(QStringLiteral("secluded"));
        const RunResult s = runProcess(
            kRsync, {QStringLiteral("-as"), d.url(QStringLiteral("pub/sub")), secluded + '/'});
        QVERIFY2(s.exitCode == 0, qPrintable(s.describe()));
        QVERIFY(QFile::exists(secluded + QStringLiteral("/sub/c.txt")));
        // A single file by name, and the unlisted module by name.
        const QString one = freshDir(QStringLiteral("one"));
        const RunResult file =
            runProcess(kRsync, {d.url(QStringLiteral("hidden/sub/c.txt")), one + '/'});
        QVERIFY2(file.exitCode == 0, qPrintable(file.describe()));
        QVERIFY(QFile::exists(one + QStringLiteral("/c.txt")));
    }

    void authentication_data() { modes_data(); }
    void authentication()
    {
        QrsyncDaemonFixture d;
        startDaemon(d, freshDir(QStringLiteral("rw")));
        const QString url = QStringLiteral("rsync://alice@127.0.0.1:%1/auth/").arg(d.port());
        for (int protocol : {30, 32}) {
            const QString dst = freshDir(QStringLiteral("auth"));
            const RunResult ok =
                runProcess(kRsync,
                           {QStringLiteral("-a"), QStringLiteral("--protocol=%1").arg(protocol),
                            url, dst + '/'},
                           envWith(QStringLiteral("RSYNC_PASSWORD"), QStringLiteral("secret")));
            QVERIFY2(ok.exitCode == 0, qPrintable(ok.describe()));
            QVERIFY(QFile::exists(dst + QStringLiteral("/sub/big.bin")));
        }
        const QString dst = freshDir(QStringLiteral("auth"));
        const RunResult bad =
            runProcess(kRsync, {QStringLiteral("-a"), url, dst + '/'},
                       envWith(QStringLiteral("RSYNC_PASSWORD"), QStringLiteral("wrong")));
        QCOMPARE(bad.exitCode, 5);
        QVERIFY2(bad.err.contains("@ERROR: auth failed on module auth"), bad.err.constData());
        QVERIFY(!QFile::exists(dst + QStringLiteral("/a.txt")));
        QVERIFY(d.log().contains(
            "auth failed on module auth from localhost (127.0.0.1) for alice: password mismatch"));
        // A user not in auth users.
        const RunResult who =
            runProcess(kRsync,
                       {QStringLiteral("-a"),
                        QStringLiteral("rsync://bob@127.0.0.1:%1/auth/").arg(d.port()), dst + '/'},
                       envWith(QStringLiteral("RSYNC_PASSWORD"), QStringLiteral("secret")));
        QCOMPARE(who.exitCode, 5);
    }

    void refusals_data() { modes_data(); }
    void refusals()
    {
        QrsyncDaemonFixture d;
        startDaemon(d, freshDir(QStringLiteral("rw")));
        const QString dst = freshDir(QStringLiteral("ref"));

        const RunResult ro =
            runProcess(kRsync, {QStringLiteral("-a"), QFile::decodeName(m_src) + '/',
                                d.url(QStringLiteral("pub/x/"))});
        QCOMPARE(ro.exitCode, 1);
        QVERIFY2(ro.err.contains("ERROR: module is read only"), ro.err.constData());
        QVERIFY(!QFile::exists(QFile::decodeName(m_src) + QStringLiteral("/x")));

        const RunResult denied =
            runProcess(kRsync, {QStringLiteral("-a"), d.url(QStringLiteral("deny/")), dst + '/'});
        QCOMPARE(denied.exitCode, 5);
        QVERIFY2(denied.err.contains("@ERROR: access denied to deny from localhost (127.0.0.1)"),
                 denied.err.constData());

        const RunResult unknown =
            runProcess(kRsync, {QStringLiteral("-a"), d.url(QStringLiteral("nosuch/")), dst + '/'});
        QCOMPARE(unknown.exitCode, 5);
        QVERIFY(unknown.err.contains("@ERROR: Unknown module 'nosuch'"));

        const RunResult refused = runProcess(
            kRsync, {QStringLiteral("-ac"), d.url(QStringLiteral("refuse/")), dst + '/'});
        QVERIFY(refused.exitCode != 0);
        QVERIFY2(refused.err.contains("The server is configured to refuse --checksum (-c)"),
                 refused.err.constData());
        QVERIFY(!QFile::exists(dst + QStringLiteral("/a.txt")));
        // Without the refused option the module serves.
        const RunResult plain =
            runProcess(kRsync, {QStringLiteral("-a"), d.url(QStringLiteral("refuse/")), dst + '/'});
        QVERIFY2(plain.exitCode == 0, qPrintable(plain.describe()));
    }

    void maxConnections_data() { modes_data(); }
    void maxConnections()
    {
        QrsyncDaemonFixture d;
        startDaemon(d, freshDir(QStringLiteral("rw")));
        {
            RawClient holder(d.port());
            QVERIFY(holder.connected());
            holder.readUntil("\n", 5000);
            holder.send("@RSYNCD: 32.0 md5\nslots\n");
            QVERIFY(holder.readUntil("@RSYNCD: OK\n", 5000).contains("@RSYNCD: OK\n"));
            const RunResult full =
                runProcess(kRsync, {QStringLiteral("-a"), d.url(QStringLiteral("slots/")),
                                    freshDir(QStringLiteral("mc")) + '/'});
            QCOMPARE(full.exitCode, 5);
            QVERIFY2(full.err.contains("@ERROR: max connections (1) reached -- try again later"),
                     full.err.constData());
        }
        // The slot is freed with its connection.
        QElapsedTimer t;
        t.start();
        RunResult again;
        do {
            again = runProcess(kRsync, {QStringLiteral("-a"), d.url(QStringLiteral("slots/")),
                                        freshDir(QStringLiteral("mc")) + '/'});
        } while (again.exitCode != 0 && t.elapsed() < 5000);
        QVERIFY2(again.exitCode == 0, qPrintable(again.describe()));
    }

    void silentClientTimesOut_data() { modes_data(); }
    void silentClientTimesOut()
    {
        QrsyncDaemonFixture d;
        startDaemon(d, freshDir(QStringLiteral("rw")), QStringLiteral("timeout = 3\n"));
        RawClient silent(d.port());
        QVERIFY(silent.connected());
        QElapsedTimer t;
        t.start();
        // Served meanwhile, without waiting for the silent one.
        const RunResult pull =
            runProcess(kRsync, {QStringLiteral("-a"), d.url(QStringLiteral("pub/")),
                                freshDir(QStringLiteral("to")) + '/'});
        QVERIFY2(pull.exitCode == 0, qPrintable(pull.describe()));
        QVERIFY2(t.elapsed() < 2500,
                 qPrintable(QStringLiteral("pull took %1 ms").arg(t.elapsed())));
        bool eof = false;
        silent.readUntil("never", 10000, &eof);
        QVERIFY2(eof, "the silent client was not dropped");
        QVERIFY(t.elapsed() >= 2500);
        QVERIFY(d.log().contains("timeout in the daemon handshake from localhost (127.0.0.1)"));
    }

    void killedPushLeavesNoFile_data() { modes_data(); }
    void killedPushLeavesNoFile()
    {
        QrsyncDaemonFixture d;
        const QString rw = freshDir(QStringLiteral("rw"));
        startDaemon(d, rw);
        const QString srcDir = freshDir(QStringLiteral("bigsrc"));
        TreeBuilder(QFile::encodeName(srcDir)).randomFile("huge.bin", 40 * 1024 * 1024, 3);
        QProcess client;
        client.start(kRsync, {QStringLiteral("-a"), QStringLiteral("--bwlimit=4000"), srcDir + '/',
                              d.url(QStringLiteral("rw/"))});
        QVERIFY(client.waitForStarted());
        // Wait for the temporary file to appear, then kill the client.
        QElapsedTimer t;
        t.start();
        bool sawTemp = false;
        while (!sawTemp && t.elapsed() < 20000) {
            for (const QString& n : QDir(rw).entryList(QDir::Files | QDir::Hidden))
                sawTemp = sawTemp || n.startsWith(QLatin1String(".huge.bin."));
            QThread::msleep(50);
        }
        QVERIFY2(sawTemp, "no temporary file appeared");
        ::kill(pid_t(client.processId()), SIGKILL);
        client.waitForFinished();
        // The daemon drops the partial file; nothing has the final name.
        t.restart();
        QStringList left;
        do {
            QThread::msleep(100);
            left = QDir(rw).entryList(QDir::Files | QDir::Hidden);
        } while (!left.isEmpty() && t.elapsed() < 15000);
        QVERIFY2(left.isEmpty(), qPrintable(left.join(' ')));
        // And the next client is served.
        TreeBuilder(QFile::encodeName(srcDir)).remove("huge.bin");
        TreeBuilder(QFile::encodeName(srcDir)).file("small.txt", "ok\n");
        const RunResult next =
            runProcess(kRsync, {QStringLiteral("-a"), srcDir + '/', d.url(QStringLiteral("rw/"))});
        QVERIFY2(next.exitCode == 0, qPrintable(next.describe()));
        QVERIFY(QFile::exists(rw + QStringLiteral("/small.txt")));
        QVERIFY(!QFile::exists(rw + QStringLiteral("/huge.bin")));
    }

    void escapesAreRefused_data() { modes_data(); }
    void escapesAreRefused()
    {
        QrsyncDaemonFixture d;
        startDaemon(d, freshDir(QStringLiteral("rw")));
        const QString dst = freshDir(QStringLiteral("esc"));
        // Through the module's own symlink to the outside: refused.
        const RunResult viaLink = runProcess(
            kRsync, {QStringLiteral("-a"), d.url(QStringLiteral("esc/out/")), dst + '/'});
        QVERIFY(viaLink.exitCode != 0);
        QVERIFY2(viaLink.err.contains("leads out of the module"), viaLink.err.constData());
        QVERIFY(!QFile::exists(dst + QStringLiteral("/secret")));
        // "..": sanitized to stay inside the module, so nothing is found.
        const RunResult dotdot =
            runProcess(kRsync, {QStringLiteral("-a"),
                                d.url(QStringLiteral("esc/../outside/secret")), dst + '/'});
        QVERIFY(dotdot.exitCode != 0);
        QVERIFY(!QFile::exists(dst + QStringLiteral("/secret")));
        // A push through the symlink: refused, nothing written outside.
        const QString src = freshDir(QStringLiteral("escsrc"));
        TreeBuilder(QFile::encodeName(src)).file("planted", "x\n");
        const RunResult push = runProcess(
            kRsync, {QStringLiteral("-a"), src + '/', d.url(QStringLiteral("esc/out/"))});
        QVERIFY(push.exitCode != 0);
        QVERIFY(!QFile::exists(m_outside + QStringLiteral("/planted")));
        // A pushed tree whose symlink points out, then a file "through" it:
        // the symlink may be stored, but nothing is written through it.
        const QString src2 = freshDir(QStringLiteral("escsrc"));
        TreeBuilder t2(QFile::encodeName(src2));
        t2.symlink("dir", QFile::encodeName(m_outside));
        runProcess(kRsync, {QStringLiteral("-a"), src2 + '/', d.url(QStringLiteral("esc/up/"))});
        const QString src3 = freshDir(QStringLiteral("escsrc"));
        TreeBuilder t3(QFile::encodeName(src3));
        t3.dir("dir");
        t3.file("dir/planted2", "y\n");
        runProcess(kRsync, {QStringLiteral("-r"), src3 + '/', d.url(QStringLiteral("esc/up/"))});
        QVERIFY(!QFile::exists(m_outside + QStringLiteral("/planted2")));
        // -L would follow symlinks out: refused.
        const RunResult follow =
            runProcess(kRsync, {QStringLiteral("-aL"), d.url(QStringLiteral("esc/")),
                                freshDir(QStringLiteral("escL")) + '/'});
        QVERIFY(follow.exitCode != 0);
        QVERIFY2(follow.err.contains("refuses --copy-links"), follow.err.constData());
    }

    void xferExec_data() { modes_data(); }
    void xferExec()
    {
        const QString env = path(QStringLiteral("pre%1.env").arg(++m_counter));
        const QString post = path(QStringLiteral("post%1.env").arg(m_counter));
        const QString extra =
            QStringLiteral("[hooked]\npath = %1\n"
                           "pre-xfer exec = env | grep ^RSYNC_ | sort > %2\n"
                           "post-xfer exec = echo \"$RSYNC_EXIT_STATUS $RSYNC_REQUEST\" > %3\n"
                           "[vetoed]\npath = %1\npre-xfer exec = echo not today; exit 3\n")
                .arg(QFile::decodeName(m_src), env, post);
        QrsyncDaemonFixture d;
        const QString err = d.start(config(freshDir(QStringLiteral("rw"))) + extra,
                                    QTest::currentDataTag() == QLatin1String("threads"));
        QVERIFY2(err.isEmpty(), qPrintable(err));
        const QString dst = freshDir(QStringLiteral("hook"));
        const RunResult ok = runProcess(
            kRsync, {QStringLiteral("-a"), d.url(QStringLiteral("hooked/sub")), dst + '/'});
        QVERIFY2(ok.exitCode == 0, qPrintable(ok.describe()));
        QFile pre(env);
        QVERIFY(pre.open(QIODevice::ReadOnly));
        const QByteArray vars = pre.readAll();
        for (const char* line :
             {"RSYNC_MODULE_NAME=hooked\n", "RSYNC_HOST_ADDR=127.0.0.1\n",
              "RSYNC_HOST_NAME=localhost\n", "RSYNC_REQUEST=hooked/sub\n", "RSYNC_ARG0=rsyncd\n",
              "RSYNC_ARG1=--server\n", "RSYNC_USER_NAME=\n"})
            QVERIFY2(vars.contains(line), vars.constData());
        QElapsedTimer t;
        t.start();
        while (!QFile::exists(post) && t.elapsed() < 5000)
            QThread::msleep(50);
        QFile postFile(post);
        QVERIFY(postFile.open(QIODevice::ReadOnly));
        QCOMPARE(postFile.readAll(), QByteArray("0 hooked/sub\n"));

        const RunResult vetoed =
            runProcess(kRsync, {QStringLiteral("-a"), d.url(QStringLiteral("vetoed/")),
                                dst + QStringLiteral("/v/")});
        QCOMPARE(vetoed.exitCode, 4);
        QVERIFY2(vetoed.err.contains("pre-xfer exec returned failure (768):\nnot today\n"),
                 vetoed.err.constData());
        QVERIFY(!QFile::exists(dst + QStringLiteral("/v/a.txt")));
    }

    void detachesWithPidFile()
    {
        // Without --no-detach the daemon forks and the command returns; the
        // pid file names the process that serves, and SIGTERM removes it.
        QTemporaryDir dir;
        const QString pidFile = dir.filePath(QStringLiteral("d.pid"));
        QFile conf(dir.filePath(QStringLiteral("c.conf")));
        QVERIFY(conf.open(QIODevice::WriteOnly));
        conf.write(QStringLiteral("pid file = %1\nuid = root\ngid = root\n[pub]\npath = %2\n")
                       .arg(pidFile, QFile::decodeName(m_src))
                       .toUtf8());
        conf.close();
        const quint16 port = freeLoopbackPort();
        const RunResult start = runProcess(
            builtBinary(QStringLiteral("qrsync")),
            {QStringLiteral("--daemon"), QStringLiteral("--config=") + conf.fileName(),
             QStringLiteral("--address=127.0.0.1"), QStringLiteral("--port=%1").arg(port),
             QStringLiteral("--log-file=") + dir.filePath(QStringLiteral("log"))},
            QProcessEnvironment::systemEnvironment(), 10000);
        QCOMPARE(start.exitCode, 0);
        QVERIFY(waitForListener(port, 10000));
        QFile pf(pidFile);
        QElapsedTimer t;
        t.start();
        while (!pf.exists() && t.elapsed() < 5000)
            QThread::msleep(50);
        QVERIFY(pf.open(QIODevice::ReadOnly));
        const pid_t pid = pid_t(pf.readAll().trimmed().toLongLong());
        pf.close();
        QVERIFY(pid > 0);
        const RunResult list =
            runProcess(kRsync, {QStringLiteral("rsync://127.0.0.1:%1/").arg(port)});
        QVERIFY2(list.out.contains("pub"), qPrintable(list.describe()));
        QCOMPARE(::kill(pid, SIGTERM), 0);
        t.restart();
        while (::kill(pid, 0) == 0 && t.elapsed() < 10000)
            QThread::msleep(50);
        QVERIFY(::kill(pid, 0) != 0);
        QVERIFY(!QFile::exists(pidFile));
    }

    void sigtermStopsCleanly()
    {
        QrsyncDaemonFixture d;
        const QString err = d.start(config(freshDir(QStringLiteral("rw"))), false);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        d.stop();
        QVERIFY(d.log().contains("qrsync daemon stopping"));
        QVERIFY(!waitForListener(d.port(), 200));
    }

    void badConfigIsRefused()
    {
        QTemporaryDir dir;
        QFile conf(dir.filePath(QStringLiteral("c.conf")));
        QVERIFY(conf.open(QIODevice::WriteOnly));
        conf.write("uid = root\ngid = root\n[m]\npath = /tmp\nexclude = *.o\n");
        conf.close();
        const RunResult r = runProcess(builtBinary(QStringLiteral("qrsync")),
                                       {QStringLiteral("--daemon"), QStringLiteral("--no-detach"),
                                        QStringLiteral("--config=") + conf.fileName(),
                                        QStringLiteral("--port=%1").arg(freeLoopbackPort())});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QByteArray(conf.fileName().toUtf8() +
                                           ":5: parameter \"exclude\" is not supported yet")),
                 r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TstDaemonServer)
#include "tst_daemonserver.moc"
