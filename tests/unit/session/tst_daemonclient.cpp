// The client's daemon text phase (session/daemonclient.h) replayed against
// stock daemons' bytes (tests/data/protocol/daemon): fed what the daemon
// sent, it must write exactly what stock's client wrote, up to the binary
// session, whether the bytes come whole or one at a time.

#include "session/daemonclient.h"
#include "session/handshake.h"
#include "testsupport.h"

#include <QTest>

using namespace qrsync;
using namespace qrsync::session;
using qrsync::test::readTestData;

namespace {

QByteArray capture(const QString& name, const char* direction)
{
    return readTestData(
        QStringLiteral("protocol/daemon/%1/%2.bin").arg(name, QLatin1String(direction)));
}

struct Replay
{
    QByteArray written;
    QList<QByteArray> text;
    DaemonClientHandshake::State state = DaemonClientHandshake::State::Running;
    std::optional<Error> error;
    qsizetype consumed = 0;
};

// Feeds `fromDaemon` in pieces of `step` bytes; answers a password request
// with `password`.
Replay replay(DaemonClientSettings settings, const QByteArray& fromDaemon, qsizetype step,
              const QByteArray& password)
{
    using State = DaemonClientHandshake::State;
    DaemonClientHandshake hs(std::move(settings));
    Replay r;
    QByteArray buffer;
    qsizetype fed = 0;
    for (;;) {
        auto used = hs.advance(buffer, r.written);
        r.text += hs.takeTextLines();
        if (!used) {
            r.error = used.error();
            break;
        }
        buffer.remove(0, *used);
        r.consumed += *used;
        if (hs.state() == State::NeedPassword) {
            if (auto ok = hs.setPassword(password, r.written); !ok) {
                r.error = ok.error();
                break;
            }
            continue;
        }
        if (hs.state() != State::Running)
            break;
        if (fed >= fromDaemon.size()) {
            r.error = hs.receiveEof();
            break;
        }
        const QByteArray piece = fromDaemon.mid(fed, step);
        fed += piece.size();
        buffer += piece;
    }
    r.state = hs.state();
    return r;
}

DaemonClientSettings pullSettings(const QByteArray& module, int protocol = 32)
{
    DaemonClientSettings s;
    s.protocol = protocol;
    s.module = module;
    s.user = "alice";
    s.serverArgs = {"--server", "--sender", "-logDtpre.iLsfxCIvu", ".", module + '/'};
    return s;
}

} // namespace

class TestDaemonClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replaysStock_data();
    void replaysStock();
    void failures_data();
    void failures();
    void pathArguments();
};

void TestDaemonClient::replaysStock_data()
{
    QTest::addColumn<QString>("capture");
    QTest::addColumn<QByteArray>("module");
    QTest::addColumn<int>("protocol");
    QTest::addColumn<QByteArray>("password");
    QTest::addColumn<int>("state");
    for (qsizetype step : {qsizetype(1), qsizetype(7), qsizetype(1 << 20)}) {
        QTest::addRow("list/%lld", static_cast<long long>(step))
            << QStringLiteral("list") << QByteArray() << 32 << QByteArray()
            << int(DaemonClientHandshake::State::Listed);
        QTest::addRow("pull-anon/%lld", static_cast<long long>(step))
            << QStringLiteral("pull-anon") << QByteArray("pub") << 32 << QByteArray()
            << int(DaemonClientHandshake::State::Ready);
        QTest::addRow("pull-anon-p30/%lld", static_cast<long long>(step))
            << QStringLiteral("pull-anon-p30") << QByteArray("pub") << 30 << QByteArray()
            << int(DaemonClientHandshake::State::Ready);
        QTest::addRow("pull-auth/%lld", static_cast<long long>(step))
            << QStringLiteral("pull-auth") << QByteArray("priv") << 32 << QByteArray("sesame")
            << int(DaemonClientHandshake::State::Ready);
        QTest::addRow("auth-fail/%lld", static_cast<long long>(step))
            << QStringLiteral("auth-fail") << QByteArray("priv") << 32 << QByteArray("wrong")
            << int(DaemonClientHandshake::State::Failed);
        QTest::addRow("unknown-module/%lld", static_cast<long long>(step))
            << QStringLiteral("unknown-module") << QByteArray("nosuch") << 32 << QByteArray()
            << int(DaemonClientHandshake::State::Failed);
    }
}

void TestDaemonClient::replaysStock()
{
    QFETCH(QString, capture);
    QFETCH(QByteArray, module);
    QFETCH(int, protocol);
    QFETCH(QByteArray, password);
    QFETCH(int, state);
    const QByteArray s2c = ::capture(capture, "server-to-client");
    const QByteArray c2s = ::capture(capture, "client-to-server");
    QVERIFY(!s2c.isEmpty() && !c2s.isEmpty());
    const qsizetype step = QByteArray(QTest::currentDataTag()).split('/').last().toLongLong();
    const Replay r = replay(pullSettings(module, protocol), s2c, step, password);
    QCOMPARE(int(r.state), state);
    // Byte for byte what stock's client wrote before the binary session.
    QVERIFY2(c2s.startsWith(r.written), qPrintable(QString::fromLatin1(r.written.toHex(' '))));
    if (r.state == DaemonClientHandshake::State::Ready) {
        // The rest is the binary session: the checksum list vstring first.
        QCOMPARE(c2s.at(r.written.size()), char(0x1e));
        // Nothing of it was consumed: the compat flags follow "@RSYNCD: OK".
        QCOMPARE(s2c.mid(r.consumed, 2), QByteArray("\x81\xff"));
    } else {
        QCOMPARE(r.written, c2s);
    }
    // The motd reaches the caller line by line (the daemon's "\n" after it
    // is an empty line, as stock prints it).
    QVERIFY(r.text.size() >= 3);
    QCOMPARE(r.text.at(0), QByteArray("Welcome to the test daemon"));
    QCOMPARE(r.text.at(2), QByteArray());
    if (capture == QLatin1String("unknown-module")) {
        QVERIFY(r.error);
        QCOMPARE(r.error->code, ExitCode::StartClient);
        QCOMPARE(r.error->message, QStringLiteral("@ERROR: Unknown module 'nosuch'"));
    }
    if (capture == QLatin1String("auth-fail"))
        QCOMPARE(r.error->message, QStringLiteral("@ERROR: auth failed on module priv"));
}

void TestDaemonClient::failures_data()
{
    QTest::addColumn<QByteArray>("fromDaemon");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    QTest::newRow("silence") << QByteArray() << int(ExitCode::StartClient)
                             << QStringLiteral("did not see server greeting");
    QTest::newRow("not rsync") << QByteArray("SSH-2.0-OpenSSH_9.2\n") << int(ExitCode::StartClient)
                               << QStringLiteral("server sent \"SSH-2.0-OpenSSH_9.2\" rather "
                                                 "than greeting");
    QTest::newRow("no digest list at 32")
        << QByteArray("@RSYNCD: 32.0\n") << int(ExitCode::StartClient)
        << QStringLiteral("the server omitted the digest name list: @RSYNCD: 32.0");
    QTest::newRow("hang-up after the greeting")
        << QByteArray("@RSYNCD: 32.0 md5\n") << int(ExitCode::StartClient)
        << QStringLiteral("didn't get server startup line");
    QTest::newRow("protocol 29 daemon")
        << QByteArray("@RSYNCD: 29.0\n") << int(ExitCode::Protocol)
        << QStringLiteral("the daemon speaks protocol 29; qrsync speaks protocols 30 to 32");
    QTest::newRow("no common auth digest")
        << QByteArray("@RSYNCD: 32.0 blake9\n@RSYNCD: AUTHREQD abc\n") << int(ExitCode::Unsupported)
        << QStringLiteral("Failed to negotiate a daemon auth checksum choice.\nServer list: "
                          "blake9\nClient list: sha512 sha256 sha1 md5 md4");
}

void TestDaemonClient::failures()
{
    QFETCH(QByteArray, fromDaemon);
    QFETCH(int, code);
    QFETCH(QString, message);
    const Replay r = replay(pullSettings("pub"), fromDaemon, 1 << 20, "pw");
    QCOMPARE(int(r.state), int(DaemonClientHandshake::State::Failed));
    QVERIFY(r.error);
    QCOMPARE(int(r.error->code), code);
    QCOMPARE(r.error->message, message);
}

void TestDaemonClient::pathArguments()
{
    const QStringList paths = {QStringLiteral("mod"), QStringLiteral("mod/sub/"),
                               QStringLiteral("-odd"), QStringLiteral("mod/a mod/b")};
    const QList<QByteArray> expected = {"mod/", "mod/sub/", "./-odd", "mod/a[ ]mod/b"};
    QCOMPARE(daemonPathArguments(paths, QStringLiteral("mod")), expected);
    QCOMPARE(daemonModuleOf(QStringLiteral("mod/x/y")), QStringLiteral("mod"));
    QCOMPARE(daemonModuleOf(QStringLiteral("mod")), QStringLiteral("mod"));
    QCOMPARE(daemonModuleOf(QString()), QString());
}

QTEST_GUILESS_MAIN(TestDaemonClient)
#include "tst_daemonclient.moc"
