// The built-in SSH client (issue 6) against OpenSSH's sshd on 127.0.0.1
// running stock `rsync --server` (SshdFixture starts both and stops them by
// PID). The client reads an OpenSSH config written by the fixture (Host
// alias, HostName, Port, User, IdentityFile, UserKnownHostsFile) through
// --ssh-config, since libssh finds ~/.ssh through the password database.
//
// Rows: push and pull in both modes of the ssh async path; ssh:// URLs;
// key, agent and passphrase logins; unknown, accepted and changed host
// keys; a wrong key; sshd killed mid-transfer. The last case runs 32
// transfers from this process on one event loop through the engine
// (startRemoteTransfer + EventLoopChannelDriver) and reports the thread
// count, which must not grow with the number of connections.

#include "processrunner.h"
#include "remotesync.h"
#include "sshdfixture.h"
#include "treesnapshot.h"

#include "options/commandline.h"
#include "session/channeldriver.h"
#include "session/remotetransfer.h"
#include "transport/sshchannel.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace qrsync;
using namespace qrsync::test;

namespace {

const QString kAlias = QStringLiteral("qrsync-test-host");

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QByteArray data(size, Qt::Uninitialized);
    QRandomGenerator gen(seed);
    gen.fillRange(reinterpret_cast<quint32*>(data.data()), size / 4);
    return data;
}

bool writeFile(const QString& path, const QByteArray& data)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

int threadCount()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.startsWith("Threads:"))
            return line.mid(8).trimmed().toInt();
    }
    return -1;
}

QString fingerprintOf(const QString& pubFile)
{
    const RunResult r = runProcess(QStringLiteral("/usr/bin/ssh-keygen"),
                                   {QStringLiteral("-l"), QStringLiteral("-f"), pubFile});
    return QString::fromLatin1(r.out.split(' ').value(1));
}

} // namespace

class TestBuiltinSsh : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void transfer_data();
    void transfer();
    void agentLogin();
    void passphraseKey();
    void unknownHostRefusedThenAccepted();
    void changedHostKeyRefused();
    void wrongKey();
    void unreachableHost();
    void remoteCommandFails();
    void connectTimeout_data();
    void connectTimeout();
    void sshdKilledMidTransfer_data();
    void sshdKilledMidTransfer();
    void manyConnectionsOneThread();

private:
    // qrsync with the built-in client and the fixture's config.
    RunResult qrsync(const QStringList& args, const QString& config,
                     const QProcessEnvironment& env = {});
    QProcessEnvironment baseEnv() const;
    QString freshDir(const QString& name);
    QStringList treeDiff(const QString& expected, const QString& actual) const;

    SshdFixture m_sshd;
    QTemporaryDir m_tmp;
    QString m_qrsync;
    QString m_src;
    QString m_bigSrc;
    QString m_config;     // trusted host, the fixture's key
    QString m_knownHosts; // holds the fixture's host key
    int m_dirs = 0;
};

QProcessEnvironment TestBuiltinSsh::baseEnv() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    // Only what a test hands over: no agent, no askpass of the caller's.
    env.remove(QStringLiteral("SSH_AUTH_SOCK"));
    env.remove(QStringLiteral("SSH_ASKPASS"));
    env.remove(QStringLiteral("QRSYNC_ASYNC_SSH"));
    return env;
}

RunResult TestBuiltinSsh::qrsync(const QStringList& args, const QString& config,
                                 const QProcessEnvironment& env)
{
    QStringList all{QStringLiteral("--ssh-config=") + config};
    all << args;
    return runProcess(m_qrsync, all, env.isEmpty() ? baseEnv() : env, 120000);
}

QString TestBuiltinSsh::freshDir(const QString& name)
{
    const QString dir = m_tmp.filePath(QStringLiteral("%1-%2").arg(name).arg(++m_dirs));
    QDir(dir).removeRecursively();
    return dir;
}

QStringList TestBuiltinSsh::treeDiff(const QString& expected, const QString& actual) const
{
    CompareOptions how;
    how.rootEntry = false;
    return TreeSnapshot::diff(TreeSnapshot::take(QFile::encodeName(expected)),
                              TreeSnapshot::take(QFile::encodeName(actual)), how);
}

void TestBuiltinSsh::initTestCase()
{
    m_qrsync = qrsyncUnderTest();
    QVERIFY2(QFile::exists(m_qrsync), "build qrsync first");
    QVERIFY(m_tmp.isValid());
    const QString error = m_sshd.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));

    m_src = m_tmp.filePath(QStringLiteral("src"));
    for (int i = 0; i < 12; ++i) {
        QVERIFY(writeFile(QStringLiteral("%1/d%2/f%3").arg(m_src).arg(i % 3).arg(i),
                          randomBytes(1000 + i * 37000, quint32(i))));
    }
    QVERIFY(writeFile(m_src + QStringLiteral("/big"), randomBytes(1600000, 99)));
    // Times in the past: stock rsync (over OpenSSH too) sometimes leaves a
    // directory written within the same second with the time of the copy.
    const RunResult touched =
        runProcess(QStringLiteral("/usr/bin/find"),
                   {m_src, QStringLiteral("-exec"), QStringLiteral("touch"), QStringLiteral("-d"),
                    QStringLiteral("@1700000000"), QStringLiteral("{}"), QStringLiteral("+")});
    QVERIFY2(touched.exitCode == 0, qPrintable(touched.describe()));
    m_bigSrc = m_tmp.filePath(QStringLiteral("bigsrc"));
    QVERIFY(writeFile(m_bigSrc + QStringLiteral("/huge"), randomBytes(24 * 1024 * 1024, 7)));

    m_knownHosts = m_tmp.filePath(QStringLiteral("known_hosts"));
    QVERIFY(writeFile(m_knownHosts, m_sshd.knownHostsLine()));
    m_config = m_sshd.writeClientConfig(m_tmp.filePath(QStringLiteral("ssh_config")), kAlias,
                                        m_sshd.path(QStringLiteral("id_ed25519")), m_knownHosts);
    QVERIFY(!m_config.isEmpty());
}

void TestBuiltinSsh::transfer_data()
{
    QTest::addColumn<bool>("push");
    QTest::addColumn<bool>("eventLoop");
    QTest::addColumn<bool>("url");
    for (const bool eventLoop : {true, false}) {
        for (const bool push : {true, false}) {
            for (const bool url : {false, true}) {
                QTest::newRow(qPrintable(QStringLiteral("%1/%2/%3")
                                             .arg(eventLoop ? "event-loop" : "blocking")
                                             .arg(push ? "push" : "pull")
                                             .arg(url ? "ssh-url" : "host-path")))
                    << push << eventLoop << url;
            }
        }
    }
}

// Two runs into one destination: the second must find nothing to do,
// which takes the delta exchange through the channel as well.
void TestBuiltinSsh::transfer()
{
    QFETCH(bool, push);
    QFETCH(bool, eventLoop);
    QFETCH(bool, url);
    const QString dst = freshDir(QStringLiteral("dst"));
    const QString remotePrefix =
        url ? QStringLiteral("ssh://%1").arg(kAlias) : QStringLiteral("%1:").arg(kAlias);
    QStringList args{QStringLiteral("-a"), QStringLiteral("--delete"),
                     QStringLiteral("--debug=async"), QStringLiteral("-i")};
    if (!url)
        args << QStringLiteral("--ssh=builtin");
    if (!eventLoop)
        args << QStringLiteral("--no-async=ssh");
    const QString local = m_src + QLatin1Char('/');
    const QString remote = remotePrefix + m_src + QLatin1Char('/');
    const QString localDst = dst + QLatin1Char('/');
    const QString remoteDst = remotePrefix + dst + QLatin1Char('/');
    args << (push ? local : remote) << (push ? remoteDst : localDst);

    const RunResult first = qrsync(args, m_config);
    QVERIFY2(first.exitCode == 0, qPrintable(first.describe()));
    const QByteArray mode = eventLoop ? "ssh=event-loop" : "ssh=blocking";
    QVERIFY2(first.err.contains(mode), first.err.constData());
    QVERIFY2(first.out.contains(">f+++++++++ big") || first.out.contains("<f+++++++++ big"),
             first.out.constData());
    const QStringList problems = treeDiff(m_src, dst);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));

    const RunResult second = qrsync(args, m_config);
    QVERIFY2(second.exitCode == 0, qPrintable(second.describe()));
    QVERIFY2(!second.out.contains("f+++"), second.out.constData());
    // The environment switch does what --no-async=ssh does.
    if (!eventLoop) {
        QProcessEnvironment env = baseEnv();
        env.insert(QStringLiteral("QRSYNC_ASYNC_SSH"), QStringLiteral("0"));
        QStringList viaEnv = args;
        viaEnv.removeAll(QStringLiteral("--no-async=ssh"));
        const RunResult third = qrsync(viaEnv, m_config, env);
        QVERIFY2(third.exitCode == 0 && third.err.contains("ssh=blocking"),
                 qPrintable(third.describe()));
    }
}

// The key lives only in an ssh-agent this test starts: the config names no
// identity, and without the agent the same login is refused.
void TestBuiltinSsh::agentLogin()
{
    const QString key = m_tmp.filePath(QStringLiteral("agent_key"));
    QCOMPARE(SshdFixture::generateKey(key), QString());
    QVERIFY(m_sshd.authorize(key + QStringLiteral(".pub")));
    const QString config = m_sshd.writeClientConfig(m_tmp.filePath(QStringLiteral("agent_config")),
                                                    kAlias, {}, m_knownHosts);
    const QString socket = m_tmp.filePath(QStringLiteral("agent.sock"));
    QProcess agent;
    agent.start(QStringLiteral("/usr/bin/ssh-agent"),
                {QStringLiteral("-D"), QStringLiteral("-a"), socket});
    QVERIFY(agent.waitForStarted(10000));
    QElapsedTimer waited;
    waited.start();
    while (!QFile::exists(socket) && waited.elapsed() < 10000)
        QThread::msleep(20);
    QVERIFY2(QFile::exists(socket), "ssh-agent did not create its socket");
    QProcessEnvironment env = baseEnv();
    env.insert(QStringLiteral("SSH_AUTH_SOCK"), socket);
    const RunResult added = runProcess(QStringLiteral("/usr/bin/ssh-add"), {key}, env, 30000);

    const QString dst = freshDir(QStringLiteral("agent"));
    const QStringList args{QStringLiteral("-a"), QStringLiteral("--ssh=builtin"),
                           m_src + QLatin1Char('/'), kAlias + QLatin1Char(':') + dst};
    const RunResult withAgent = qrsync(args, config, env);
    const RunResult withoutAgent = qrsync(args, config, baseEnv());
    ::kill(pid_t(agent.processId()), SIGTERM);
    agent.waitForFinished(5000);

    QVERIFY2(added.exitCode == 0, qPrintable(added.describe()));
    QVERIFY2(withAgent.exitCode == 0, qPrintable(withAgent.describe()));
    QVERIFY(treeDiff(m_src, dst).isEmpty());
    QCOMPARE(withoutAgent.exitCode, 255);
    QVERIFY2(withoutAgent.err.contains("Permission denied (publickey)"),
             withoutAgent.err.constData());
}

// A passphrase-protected key: the passphrase comes from SSH_ASKPASS.
void TestBuiltinSsh::passphraseKey()
{
    const QString key = m_tmp.filePath(QStringLiteral("locked_key"));
    QCOMPARE(SshdFixture::generateKey(key, QStringLiteral("open sesame")), QString());
    QVERIFY(m_sshd.authorize(key + QStringLiteral(".pub")));
    const QString config = m_sshd.writeClientConfig(m_tmp.filePath(QStringLiteral("locked_config")),
                                                    kAlias, key, m_knownHosts);
    const QString good = m_tmp.filePath(QStringLiteral("askpass-good.sh"));
    const QString bad = m_tmp.filePath(QStringLiteral("askpass-bad.sh"));
    QVERIFY(writeFile(good, "#!/bin/sh\necho 'open sesame'\n"));
    QVERIFY(writeFile(bad, "#!/bin/sh\necho 'wrong'\n"));
    for (const QString& script : {good, bad})
        QFile::setPermissions(script, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

    const QString dst = freshDir(QStringLiteral("locked"));
    const QStringList args{QStringLiteral("-a"), QStringLiteral("--ssh=builtin"),
                           m_src + QLatin1Char('/'), kAlias + QLatin1Char(':') + dst};
    QProcessEnvironment env = baseEnv();
    env.insert(QStringLiteral("SSH_ASKPASS_REQUIRE"), QStringLiteral("force"));
    env.insert(QStringLiteral("SSH_ASKPASS"), good);
    const RunResult unlocked = qrsync(args, config, env);
    QVERIFY2(unlocked.exitCode == 0, qPrintable(unlocked.describe()));
    QVERIFY(treeDiff(m_src, dst).isEmpty());

    env.insert(QStringLiteral("SSH_ASKPASS"), bad);
    const QString dst2 = freshDir(QStringLiteral("locked"));
    const RunResult refused = qrsync({QStringLiteral("-a"), QStringLiteral("--ssh=builtin"),
                                      m_src + QLatin1Char('/'), kAlias + QLatin1Char(':') + dst2},
                                     config, env);
    QCOMPARE(refused.exitCode, 255);
    QVERIFY2(refused.err.contains("Permission denied"), refused.err.constData());
    QVERIFY(!QFile::exists(dst2));
}

void TestBuiltinSsh::unknownHostRefusedThenAccepted()
{
    const QString knownHosts = m_tmp.filePath(QStringLiteral("empty_known_hosts"));
    QFile::remove(knownHosts);
    const QString config =
        m_sshd.writeClientConfig(m_tmp.filePath(QStringLiteral("new_config")), kAlias,
                                 m_sshd.path(QStringLiteral("id_ed25519")), knownHosts);
    const QString fingerprint = fingerprintOf(m_sshd.path(QStringLiteral("host_ed25519.pub")));
    QVERIFY(fingerprint.startsWith(QLatin1String("SHA256:")));
    const QString dst = freshDir(QStringLiteral("newhost"));
    QStringList args{QStringLiteral("-a"), QStringLiteral("--ssh=builtin"),
                     m_src + QLatin1Char('/'), kAlias + QLatin1Char(':') + dst};

    const RunResult refused = qrsync(args, config);
    QCOMPARE(refused.exitCode, 255);
    QVERIFY2(refused.err.contains(fingerprint.toLatin1()), refused.err.constData());
    QVERIFY2(refused.err.contains("Host key verification failed"), refused.err.constData());
    QVERIFY2(refused.err.contains("--ssh-accept-new"), refused.err.constData());
    QVERIFY(!QFile::exists(dst));
    QVERIFY(!QFile::exists(knownHosts));

    args.prepend(QStringLiteral("--ssh-accept-new"));
    const RunResult accepted = qrsync(args, config);
    QVERIFY2(accepted.exitCode == 0, qPrintable(accepted.describe()));
    QVERIFY(treeDiff(m_src, dst).isEmpty());
    QFile recorded(knownHosts);
    QVERIFY(recorded.open(QIODevice::ReadOnly));
    const QByteArray hostKey = m_sshd.knownHostsLine().split(' ').value(2).trimmed();
    QVERIFY2(recorded.readAll().contains(hostKey), "the accepted key was not recorded");

    // Known now: no flag needed.
    args.removeFirst();
    const RunResult again = qrsync(args, config);
    QVERIFY2(again.exitCode == 0, qPrintable(again.describe()));
}

// Another key recorded for the host, as a hashed entry on line 3: refused
// even with --ssh-accept-new, and the message names the file and line.
void TestBuiltinSsh::changedHostKeyRefused()
{
    const QString other = m_tmp.filePath(QStringLiteral("impostor"));
    QCOMPARE(SshdFixture::generateKey(other), QString());
    QFile pub(other + QStringLiteral(".pub"));
    QVERIFY(pub.open(QIODevice::ReadOnly));
    const QList<QByteArray> fields = pub.readAll().split(' ');
    const QString knownHosts = m_tmp.filePath(QStringLiteral("changed_known_hosts"));
    QVERIFY(writeFile(knownHosts, "# keys\nelsewhere.example ssh-ed25519 " + fields.value(1) +
                                      "\n" + m_sshd.knownHostsLine().split(' ').value(0) +
                                      " ssh-ed25519 " + fields.value(1) + "\n"));
    const RunResult hashed = runProcess(QStringLiteral("/usr/bin/ssh-keygen"),
                                        {QStringLiteral("-H"), QStringLiteral("-f"), knownHosts});
    QVERIFY2(hashed.exitCode == 0, qPrintable(hashed.describe()));
    QFile check(knownHosts);
    QVERIFY(check.open(QIODevice::ReadOnly));
    QVERIFY2(!check.readAll().contains("127.0.0.1"), "ssh-keygen -H left the name in clear");

    const QString config =
        m_sshd.writeClientConfig(m_tmp.filePath(QStringLiteral("changed_config")), kAlias,
                                 m_sshd.path(QStringLiteral("id_ed25519")), knownHosts);
    const QString fingerprint = fingerprintOf(m_sshd.path(QStringLiteral("host_ed25519.pub")));
    const QString dst = freshDir(QStringLiteral("changed"));
    for (const bool acceptNew : {false, true}) {
        QStringList args{QStringLiteral("-a"), QStringLiteral("--ssh=builtin"),
                         m_src + QLatin1Char('/'), kAlias + QLatin1Char(':') + dst};
        if (acceptNew)
            args.prepend(QStringLiteral("--ssh-accept-new"));
        const RunResult r = qrsync(args, config);
        QCOMPARE(r.exitCode, 255);
        QVERIFY2(r.err.contains("REMOTE HOST IDENTIFICATION HAS CHANGED"), r.err.constData());
        QVERIFY2(r.err.contains(fingerprint.toLatin1()), r.err.constData());
        QVERIFY2(r.err.contains((knownHosts + QStringLiteral(":3")).toLocal8Bit()),
                 r.err.constData());
        QVERIFY(!QFile::exists(dst));
    }
}

void TestBuiltinSsh::wrongKey()
{
    const QString key = m_tmp.filePath(QStringLiteral("stranger"));
    QCOMPARE(SshdFixture::generateKey(key), QString());
    const QString config = m_sshd.writeClientConfig(m_tmp.filePath(QStringLiteral("wrong_config")),
                                                    kAlias, key, m_knownHosts);
    const QString dst = freshDir(QStringLiteral("wrong"));
    const RunResult r = qrsync({QStringLiteral("-a"), QStringLiteral("--ssh=builtin"),
                                m_src + QLatin1Char('/'), kAlias + QLatin1Char(':') + dst},
                               config);
    // OpenSSH exits 255 and rsync reports that status (code 255).
    QCOMPARE(r.exitCode, 255);
    QVERIFY2(r.err.contains("root@127.0.0.1: Permission denied (publickey)."), r.err.constData());
    QVERIFY2(r.err.contains("connection unexpectedly closed (0 bytes received so far)"),
             r.err.constData());
    QVERIFY(!QFile::exists(dst));
}

void TestBuiltinSsh::unreachableHost()
{
    // A port nobody listens on: the fixture's, once more, on another
    // address of the loopback network would be a guess; port 1 is reserved.
    const RunResult r =
        qrsync({QStringLiteral("-a"), QStringLiteral("--contimeout=5"), m_src + QLatin1Char('/'),
                QStringLiteral("ssh://root@127.0.0.1:1/tmp/nowhere")},
               m_config);
    QCOMPARE(r.exitCode, 255);
    QVERIFY2(r.err.contains("ssh: connect to host 127.0.0.1 port 1: Connection refused"),
             r.err.constData());
}

// The remote command ends at once without a word: the same report and exit
// code as stock rsync over OpenSSH, and no ssh error of our own on top.
void TestBuiltinSsh::remoteCommandFails()
{
    for (const QString& fake : {QStringLiteral("/bin/false"), QStringLiteral("/bin/true")}) {
        const QString dst = freshDir(QStringLiteral("fails"));
        const RunResult stock =
            runProcess(stockRsync(),
                       {QStringLiteral("-a"), QStringLiteral("-e"), m_sshd.sshCommand(),
                        QStringLiteral("--rsync-path=") + fake, m_src + QLatin1Char('/'),
                        m_sshd.host() + QLatin1Char(':') + dst},
                       baseEnv());
        for (const bool eventLoop : {true, false}) {
            QStringList args{QStringLiteral("-a"), QStringLiteral("--ssh=builtin"),
                             QStringLiteral("--rsync-path=") + fake, m_src + QLatin1Char('/'),
                             kAlias + QLatin1Char(':') + dst};
            if (!eventLoop)
                args.prepend(QStringLiteral("--no-async=ssh"));
            const RunResult ours = qrsync(args, m_config);
            QVERIFY2(ours.exitCode == stock.exitCode,
                     qPrintable(fake + QStringLiteral(": stock ") + stock.describe() +
                                QStringLiteral("\nqrsync ") + ours.describe()));
            QVERIFY2(ours.err.contains("connection unexpectedly closed (0 bytes received so far)"),
                     ours.err.constData());
            QVERIFY2(!ours.err.contains("ssh:") && !ours.err.contains("closed by remote host"),
                     ours.err.constData());
        }
    }
}

void TestBuiltinSsh::connectTimeout_data()
{
    QTest::addColumn<bool>("eventLoop");
    QTest::newRow("event-loop") << true;
    QTest::newRow("blocking") << false;
}

// A server that takes the TCP connection (the kernel's backlog does) but
// never says a word: --contimeout gives up on it.
void TestBuiltinSsh::connectTimeout()
{
    QFETCH(bool, eventLoop);
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    QVERIFY(fd >= 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    QVERIFY(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    QVERIFY(::listen(fd, 4) == 0);
    QVERIFY(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
    const int port = ntohs(a.sin_port);
    QStringList args{QStringLiteral("-a"), QStringLiteral("--contimeout=2"),
                     m_src + QLatin1Char('/'),
                     QStringLiteral("ssh://root@127.0.0.1:%1/tmp/nowhere").arg(port)};
    if (!eventLoop)
        args.prepend(QStringLiteral("--no-async=ssh"));
    QElapsedTimer took;
    took.start();
    const RunResult r = qrsync(args, m_config);
    ::close(fd);
    QCOMPARE(r.exitCode, 255);
    QVERIFY2(r.err.contains(
                 QStringLiteral("ssh: connect to host 127.0.0.1 port %1").arg(port).toLatin1()),
             r.err.constData());
    QVERIFY2(r.err.contains("timed out"), r.err.constData());
    QVERIFY2(took.elapsed() < 20000, "the connect timeout was not honoured");
}

void TestBuiltinSsh::sshdKilledMidTransfer_data()
{
    QTest::addColumn<bool>("push");
    QTest::addColumn<bool>("eventLoop");
    QTest::newRow("event-loop/pull") << false << true;
    QTest::newRow("event-loop/push") << true << true;
    QTest::newRow("blocking/pull") << false << false;
}

// The server's session processes are killed while a 24 MiB file moves at
// 2 MiB/s: a clean error, and no file under its final name.
void TestBuiltinSsh::sshdKilledMidTransfer()
{
    QFETCH(bool, push);
    QFETCH(bool, eventLoop);
    const QString dst = freshDir(QStringLiteral("killed"));
    QVERIFY(QDir().mkpath(dst));
    QStringList args{QStringLiteral("--ssh-config=") + m_config, QStringLiteral("-a"),
                     QStringLiteral("--ssh=builtin"), QStringLiteral("--bwlimit=2048")};
    if (!eventLoop)
        args << QStringLiteral("--no-async=ssh");
    const QString local = m_bigSrc + QLatin1Char('/');
    const QString remote = kAlias + QLatin1Char(':') + m_bigSrc + QLatin1Char('/');
    const QString localDst = dst + QLatin1Char('/');
    const QString remoteDst = kAlias + QLatin1Char(':') + dst + QLatin1Char('/');
    args << (push ? local : remote) << (push ? remoteDst : localDst);
    QProcess client;
    client.setProcessEnvironment(baseEnv());
    client.start(m_qrsync, args);
    QVERIFY(client.waitForStarted(10000));
    // Wait until data lands (a temporary file appears), then cut the server.
    QElapsedTimer waited;
    waited.start();
    while (QDir(dst).entryList(QDir::Files | QDir::Hidden).isEmpty() && waited.elapsed() < 30000)
        QThread::msleep(50);
    QVERIFY2(!QDir(dst).entryList(QDir::Files | QDir::Hidden).isEmpty(),
             "the transfer did not start");
    QThread::msleep(500);
    QVERIFY(m_sshd.killSessions() > 0);
    QVERIFY(client.waitForFinished(60000));
    const QByteArray err = client.readAllStandardError();
    QCOMPARE(client.exitCode(), 255);
    QVERIFY2(err.contains("connection unexpectedly closed") ||
                 err.contains("closed by remote host"),
             err.constData());
    QVERIFY2(!QFile::exists(dst + QStringLiteral("/huge")), "a partial file has its final name");
    QVERIFY2(m_sshd.isRunning(), "the listener itself must survive");
    // Our side leaves no temporary file behind either (the receiver is ours
    // when pulling; a killed stock receiver may not get to clean up).
    if (!push) {
        QElapsedTimer settle;
        settle.start();
        while (!QDir(dst).entryList(QDir::Files | QDir::Hidden).isEmpty() &&
               settle.elapsed() < 2000)
            QThread::msleep(50);
        QVERIFY2(QDir(dst).entryList(QDir::Files | QDir::Hidden).isEmpty(),
                 qPrintable(QDir(dst).entryList(QDir::Files | QDir::Hidden).join(u' ')));
    }
}

// 32 pulls from this process at once, every role on this thread's event
// loop and every SSH connection on the transport's one event-loop thread.
// The receiver and workers paths are switched to their inline modes here:
// their async modes add threads per transfer by design (a write pipeline
// and a checksum pool each), which would hide what the SSH path costs.
void TestBuiltinSsh::manyConnectionsOneThread()
{
    constexpr int kConnections = 32;
    const int threadsBefore = threadCount();
    options::Environment env;
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    struct Run
    {
        QString dst;
        std::unique_ptr<session::RemoteTransfer> transfer;
        std::unique_ptr<session::EventLoopChannelDriver> driver;
        bool done = false;
    };
    std::vector<Run> runs(kConnections);
    int finished = 0;
    QEventLoop loop;
    const session::EventSink sink = [](const session::SessionEvent&) {};
    for (Run& run : runs) {
        run.dst = freshDir(QStringLiteral("many"));
        auto parsed = options::parseCommandLine(
            {QStringLiteral("--ssh-config=") + m_config, QStringLiteral("-a"),
             QStringLiteral("--ssh=builtin"), QStringLiteral("--async=ssh"),
             QStringLiteral("--no-async=receiver,workers"),
             kAlias + QLatin1Char(':') + m_src + QLatin1Char('/'), run.dst + QLatin1Char('/')},
            env);
        QVERIFY2(parsed.has_value(), parsed ? "" : qPrintable(parsed.error().message));
        auto transfer = session::startRemoteTransfer(parsed->options);
        QVERIFY2(transfer.has_value(), transfer ? "" : qPrintable(transfer.error().message));
        run.transfer = std::move(*transfer);
        QCOMPARE(run.transfer->sshUsed(), QByteArray("event-loop"));
        run.driver = std::make_unique<session::EventLoopChannelDriver>(run.transfer->role(),
                                                                       run.transfer->fd(), sink);
        QObject::connect(run.driver.get(), &session::EventLoopChannelDriver::finished, &loop,
                         [&run, &finished, &loop] {
                             run.done = true;
                             if (++finished == kConnections)
                                 loop.quit();
                         });
        run.driver->start();
    }
    int peakThreads = 0;
    int peakSshThreads = 0;
    QTimer sampler;
    QObject::connect(&sampler, &QTimer::timeout, &loop, [&] {
        peakThreads = std::max(peakThreads, threadCount());
        peakSshThreads = std::max(peakSshThreads, transport::SshChannel::eventLoopThreads());
    });
    sampler.start(20);
    QTimer::singleShot(240000, &loop, &QEventLoop::quit);
    loop.exec();
    sampler.stop();
    QCOMPARE(finished, kConnections);

    int failures = 0;
    for (Run& run : runs) {
        const session::LocalTransferResult result = run.transfer->finish(false, sink);
        if (result.exitCode != ExitCode::Ok || !treeDiff(m_src, run.dst).isEmpty()) {
            ++failures;
            qWarning() << run.dst << int(result.exitCode)
                       << (result.error ? result.error->message : QString());
        }
        run.driver.reset();
        run.transfer.reset();
    }
    qInfo("%d concurrent built-in SSH pulls: peak %d threads in the process (%d before), "
          "%d SSH event-loop thread(s)",
          kConnections, peakThreads, threadsBefore, peakSshThreads);
    QCOMPARE(failures, 0);
    QCOMPARE(peakSshThreads, 1);
    // This thread for the roles and one for every SSH connection.
    QVERIFY2(peakThreads - threadsBefore <= 1,
             qPrintable(QStringLiteral("%1 threads for %2 connections")
                            .arg(peakThreads - threadsBefore)
                            .arg(kConnections)));
}

QTEST_GUILESS_MAIN(TestBuiltinSsh)
#include "tst_builtinssh.moc"
