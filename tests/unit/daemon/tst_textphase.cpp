// The daemon's text phase, server side, fed bytes in memory: what it
// answers and where it ends (Ready with the arguments, or Closed).

#include "daemon/textphase.h"

#include <QTemporaryDir>
#include <QTest>

using namespace qrsync;
using namespace qrsync::daemon;

namespace {

DaemonConfig config()
{
    auto c = parseDaemonConfig("[pub]\npath = /srv/pub\ncomment = Public\n"
                               "[hidden]\npath = /srv/h\nlist = no\n"
                               "[nopath]\ncomment = x\n"
                               "[lan]\npath = /srv/lan\nhosts allow = 10.0.0.0/8\n"
                               "[auth]\npath = /srv/a\nauth users = alice\n",
                               QStringLiteral("t.conf"));
    return *c;
}

PeerInfo loopback()
{
    return {QStringLiteral("127.0.0.1"), QStringLiteral("localhost")};
}

QByteArray feed(TextPhase& t, const QByteArray& bytes)
{
    t.receive(bytes);
    t.advance();
    return t.takeOutgoing();
}

// Each argument NUL-terminated, then the terminating empty one.
QByteArray nulList(std::initializer_list<const char*> args)
{
    QByteArray out;
    for (const char* a : args)
        out += QByteArray(a) + '\0';
    return out + '\0';
}

} // namespace

class TstTextPhase : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void greetingAndListing()
    {
        const DaemonConfig c = config();
        TextPhase t(c, loopback());
        QCOMPARE(t.takeOutgoing(), QByteArray("@RSYNCD: 32.0 sha512 sha256 sha1 md5 md4\n"));
        // Byte by byte: nothing happens before a whole line.
        const QByteArray in = "@RSYNCD: 32.0 sha512 md5\n#list\n";
        QByteArray out;
        for (char ch : in)
            out += feed(t, QByteArray(1, ch));
        QCOMPARE(out, QByteArray("pub            \tPublic\nnopath         \tx\n"
                                 "lan            \t\nauth           \t\n@RSYNCD: EXIT\n"));
        QVERIFY(t.isClosed());
        QVERIFY(t.takeLog().join('\n').contains(
            QStringLiteral("module-list request from localhost (127.0.0.1)")));
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("in");
        QTest::addColumn<QByteArray>("out");
        QTest::newRow("not a greeting")
            << QByteArray("HELLO\n") << QByteArray("@ERROR: protocol startup error\n");
        QTest::newRow("no subprotocol")
            << QByteArray("@RSYNCD: 31\n")
            << QByteArray("@ERROR: your client omitted the subprotocol value: @RSYNCD: 31\n");
        QTest::newRow("unknown") << QByteArray("@RSYNCD: 32.0 md5\nnosuch\n")
                                 << QByteArray("@ERROR: Unknown module 'nosuch'\n");
        QTest::newRow("command") << QByteArray("@RSYNCD: 32.0 md5\n#frob\n")
                                 << QByteArray("@ERROR: Unknown command '#frob'\n");
        QTest::newRow("denied") << QByteArray("@RSYNCD: 32.0 md5\nlan\n")
                                << QByteArray(
                                       "@ERROR: access denied to lan from localhost (127.0.0.1)\n");
        QTest::newRow("no path") << QByteArray("@RSYNCD: 32.0 md5\nnopath\n")
                                 << QByteArray("@ERROR: no path setting.\n");
        QTest::newRow("no common digest")
            << QByteArray("@RSYNCD: 32.0 blake9\nauth\n")
            << QByteArray("@ERROR: your client does not support one of our "
                          "daemon-auth checksums: sha512 sha256 sha1 md5 md4\n");
        QTest::newRow("old protocol")
            << QByteArray("@RSYNCD: 29\npub\n")
            << QByteArray(
                   "@ERROR: protocol version mismatch -- qrsync needs protocol 30 or newer\n");
    }

    void errors()
    {
        QFETCH(QByteArray, in);
        QFETCH(QByteArray, out);
        const DaemonConfig c = config();
        TextPhase t(c, loopback());
        t.takeOutgoing();
        QCOMPARE(feed(t, in), out);
        QVERIFY(t.isClosed());
    }

    void argumentsThenLeftover()
    {
        const DaemonConfig c = config();
        TextPhase t(c, loopback());
        t.takeOutgoing();
        QCOMPARE(feed(t, "@RSYNCD: 31.0 md5\nhidden\n"), QByteArray("@RSYNCD: OK\n"));
        QCOMPARE(t.state(), TextPhase::State::Arguments);
        feed(t, nulList({"--server", "--sender", "-re.iLsfxCIvu", "--out-format=a\\ b", ".",
                         "hidden/x\\ y"}) +
                    "BIN");
        QVERIFY(t.isReady());
        QCOMPARE(t.protocol(), 31);
        QCOMPARE(t.arguments(), QStringList({"--server", "--sender", "-re.iLsfxCIvu",
                                             "--out-format=a b", ".", "hidden/x\\ y"}));
        QCOMPARE(t.takeLeftover(), QByteArray("BIN"));
        QCOMPARE(t.module().name, QStringLiteral("hidden"));
    }

    void secludedArguments()
    {
        const DaemonConfig c = config();
        TextPhase t(c, loopback());
        t.takeOutgoing();
        feed(t, "@RSYNCD: 32.0 md5\npub\n");
        feed(t, nulList({"--server", "-s", "."}));
        QCOMPARE(t.state(), TextPhase::State::SecludedArguments);
        feed(t, nulList({"rsync", "--sender", "-re.iLsfxCIvu", ".", "pub/a b"}));
        QVERIFY(t.isReady());
        QCOMPARE(t.arguments(),
                 QStringList({"--server", "-s", ".", "--sender", "-re.iLsfxCIvu", ".", "pub/a b"}));
    }

    void authentication()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("s")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("alice:pw\n");
        f.close();
        f.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
        DaemonConfig c = config();
        c.modules.back().secretsFile = f.fileName();
        for (const bool good : {true, false}) {
            TextPhase t(c, loopback());
            t.takeOutgoing();
            const QByteArray out = feed(t, "@RSYNCD: 32.0 sha256 md5\nauth\n");
            QVERIFY2(out.startsWith("@RSYNCD: AUTHREQD "), out.constData());
            const QByteArray challenge = out.mid(18).trimmed();
            const QByteArray response = protocol::authResponse(protocol::AuthDigest::Sha256,
                                                               good ? "pw" : "nope", challenge);
            const QByteArray answer = feed(t, "alice " + response + '\n');
            if (good) {
                QCOMPARE(answer, QByteArray("@RSYNCD: OK\n"));
                QCOMPARE(t.authUser(), QStringLiteral("alice"));
            } else {
                QCOMPARE(answer, QByteArray("@ERROR: auth failed on module auth\n"));
                QVERIFY(t.isClosed());
            }
        }
    }

    void reverseLookupOff()
    {
        auto c =
            parseDaemonConfig("reverse lookup = no\n[lan]\npath = /srv\nhosts allow = 10.0.0.0/8\n",
                              QStringLiteral("t.conf"));
        QVERIFY(c);
        TextPhase t(*c, {QStringLiteral("127.0.0.1"), QStringLiteral("UNDETERMINED")});
        t.takeOutgoing();
        QCOMPARE(feed(t, "@RSYNCD: 32.0 md5\nlan\n"),
                 QByteArray("@ERROR: access denied to lan from UNDETERMINED (127.0.0.1)\n"));
        QCOMPARE(c->listenBacklog, 1024);
    }

    void eofCloses()
    {
        const DaemonConfig c = config();
        TextPhase t(c, loopback());
        t.takeOutgoing();
        t.receive("@RSYNCD: 32.0 md5\npu");
        t.receiveEof();
        t.advance();
        QVERIFY(t.isClosed());
    }
};

QTEST_GUILESS_MAIN(TstTextPhase)
#include "tst_textphase.moc"
