// The raw start of a session (handshake.md §4-§7): a client and a server
// Handshake wired together in memory agree on the protocol, compat flags,
// checksum, compression and seed, byte by byte as well as in one piece,
// and refuse what stock refuses.

#include "session/handshake.h"

#include "testsupport.h"

#include <QTest>

#include <cstring>

using namespace qrsync;
using namespace qrsync::session;

namespace {

struct Pair
{
    Handshake client;
    Handshake server;
    QByteArray toServer; // written by the client, not yet arrived
    QByteArray toClient;
    QByteArray atServer; // arrived, not yet consumed
    QByteArray atClient;
    std::optional<Error> error;

    // Delivers `chunk` bytes per side and round (0: all that is written)
    // until both are done or a side fails.
    void run(qsizetype chunk)
    {
        for (int round = 0; round < 10000 && !(client.done() && server.done()); ++round) {
            deliver(toClient, atClient, chunk);
            deliver(toServer, atServer, chunk);
            if (!step(client, atClient, toServer) || !step(server, atServer, toClient))
                return;
        }
    }

    static void deliver(QByteArray& wire, QByteArray& arrived, qsizetype chunk)
    {
        const qsizetype n = chunk > 0 ? std::min(chunk, wire.size()) : wire.size();
        arrived.append(wire.left(n));
        wire.remove(0, n);
    }

    bool step(Handshake& h, QByteArray& arrived, QByteArray& out)
    {
        auto used = h.advance(arrived, out);
        if (!used) {
            error = used.error();
            return false;
        }
        arrived.remove(0, *used);
        return true;
    }
};

HandshakeSettings clientSettings()
{
    HandshakeSettings s;
    s.side = HandshakeSettings::Side::Client;
    return s;
}

HandshakeSettings serverSettings()
{
    HandshakeSettings s;
    s.side = HandshakeSettings::Side::Server;
    s.compatFlags = protocol::CompatFlags::kVarintFlistFlags |
                    protocol::CompatFlags::kChecksumSeedFix | protocol::CompatFlags::kSafeFlist;
    s.seed = 0x12345678;
    return s;
}

} // namespace

class TestHandshake : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void agrees_data();
    void agrees();
    void refusesOldProtocol();
    void failedNegotiation();
    void versionSettledByDaemonGreeting();
    void daemonServerSideStartsAtCompatFlags();
};

void TestHandshake::agrees_data()
{
    QTest::addColumn<int>("clientProtocol");
    QTest::addColumn<bool>("compress");
    QTest::addColumn<QByteArray>("forcedChecksum");
    QTest::addColumn<QByteArray>("forcedCompression");
    QTest::addColumn<qsizetype>("chunk");
    QTest::addColumn<int>("protocol");
    QTest::addColumn<checksum::ChecksumType>("checksum");
    QTest::addColumn<protocol::CompressionType>("compression");
    for (qsizetype chunk : {qsizetype(0), qsizetype(1)}) {
        const QByteArray tag = chunk ? " byte by byte" : " in one piece";
        QTest::newRow(QByteArray("defaults" + tag).constData())
            << 32 << false << QByteArray() << QByteArray() << chunk << 32
            << checksum::ChecksumType::Xxh128 << protocol::CompressionType::None;
        QTest::newRow(QByteArray("-z" + tag).constData())
            << 32 << true << QByteArray() << QByteArray() << chunk << 32
            << checksum::ChecksumType::Xxh128 << protocol::CompressionType::Zstd;
        QTest::newRow(QByteArray("--protocol=30" + tag).constData())
            << 30 << false << QByteArray() << QByteArray() << chunk << 30
            << checksum::ChecksumType::Xxh128 << protocol::CompressionType::None;
        QTest::newRow(QByteArray("--cc=md5 -z" + tag).constData())
            << 32 << true << QByteArray("md5") << QByteArray() << chunk << 32
            << checksum::ChecksumType::Md5 << protocol::CompressionType::Zstd;
        QTest::newRow(QByteArray("--zc=zlib" + tag).constData())
            << 32 << true << QByteArray() << QByteArray("zlib") << chunk << 32
            << checksum::ChecksumType::Xxh128 << protocol::CompressionType::Zlib;
    }
}

void TestHandshake::agrees()
{
    QFETCH(int, clientProtocol);
    QFETCH(bool, compress);
    QFETCH(QByteArray, forcedChecksum);
    QFETCH(QByteArray, forcedCompression);
    QFETCH(qsizetype, chunk);
    QFETCH(int, protocol);
    QFETCH(checksum::ChecksumType, checksum);
    QFETCH(protocol::CompressionType, compression);

    HandshakeSettings c = clientSettings();
    HandshakeSettings s = serverSettings();
    for (HandshakeSettings* h : {&c, &s}) {
        h->compress = compress;
        h->forcedChecksum = forcedChecksum;
        h->forcedCompression = forcedCompression;
    }
    c.protocol = clientProtocol;
    Pair pair{Handshake(c), Handshake(s), {}, {}, {}, {}, {}};
    pair.run(chunk);
    QVERIFY2(!pair.error, pair.error ? qPrintable(pair.error->message) : "");
    QVERIFY(pair.client.done());
    QVERIFY(pair.server.done());
    QVERIFY(pair.toClient.isEmpty() && pair.atClient.isEmpty());
    QVERIFY(pair.toServer.isEmpty() && pair.atServer.isEmpty());
    for (const Handshake* h : {&pair.client, &pair.server}) {
        QCOMPARE(h->config().protocol, protocol);
        QCOMPARE(h->config().checksum, checksum);
        QCOMPARE(h->config().compression, compression);
        QCOMPARE(h->config().seed, 0x12345678);
        QCOMPARE(h->config().compatFlags, s.compatFlags);
    }
}

void TestHandshake::refusesOldProtocol()
{
    // Protocols below 30 are out of scope: exit 2, as for a version mismatch.
    HandshakeSettings c = clientSettings();
    c.protocol = 29;
    Pair pair{Handshake(c), Handshake(serverSettings()), {}, {}, {}, {}, {}};
    pair.run(0);
    QVERIFY(pair.error);
    QCOMPARE(pair.error->code, ExitCode::Protocol);
}

void TestHandshake::failedNegotiation()
{
    // A client that only offers what the server does not know.
    HandshakeSettings c = clientSettings();
    c.checksumListOverride = QByteArray("sha512");
    HandshakeSettings s = serverSettings();
    s.checksumListOverride = QByteArray("md4");
    Pair pair{Handshake(c), Handshake(s), {}, {}, {}, {}, {}};
    pair.run(0);
    QVERIFY(pair.error);
    QCOMPARE(pair.error->code, ExitCode::Unsupported);
}

void TestHandshake::versionSettledByDaemonGreeting()
{
    // Over a daemon socket the binary session starts at the compat flags
    // (stock 3.5.0 pull, tests/data/protocol/daemon/pull-anon): after
    // "@RSYNCD: OK" the daemon sends flags, its checksum list and the seed;
    // the client sends only its list, right after its arguments.
    const QByteArray s2c =
        test::readTestData(QStringLiteral("protocol/daemon/pull-anon/server-to-client.bin"));
    const QByteArray c2s =
        test::readTestData(QStringLiteral("protocol/daemon/pull-anon/client-to-server.bin"));
    const qsizetype serverStart = s2c.indexOf("@RSYNCD: OK\n") + 12;
    const qsizetype clientStart = c2s.indexOf(QByteArray("pub/\0\0", 6)) + 6;
    QVERIFY(serverStart > 12 && clientStart > 6);
    HandshakeSettings c = clientSettings();
    c.versionSettled = true;
    c.protocol = 32;
    c.offeredIncRecurse = true; // stock's client sent -e.iLsfxCIvu
    Handshake client(c);
    QByteArray out;
    auto used = client.advance(s2c.mid(serverStart), out);
    QVERIFY_RESULT(used);
    QVERIFY(client.done());
    QCOMPARE(client.config().protocol, 32);
    QCOMPARE(client.config().compatFlags, 0x1FFu);
    QCOMPARE(client.config().checksum, checksum::ChecksumType::Xxh128);
    // Flags (2), list (1 + 35), seed (4): no version int on either side.
    QCOMPARE(*used, 2 + 1 + 35 + 4);
    QCOMPARE(out, c2s.mid(clientStart, out.size()));
    QCOMPARE(out, QByteArray("\x1exxh128 xxh3 xxh64 md5 md4 sha1"));
}

void TestHandshake::daemonServerSideStartsAtCompatFlags()
{
    // The daemon's half of the same capture: given the client's bytes
    // after its arguments, a server handshake with the protocol settled
    // writes what stock's daemon wrote after "@RSYNCD: OK" (flags, list
    // with "none", and the seed it chose, taken from the capture).
    const QByteArray s2c =
        test::readTestData(QStringLiteral("protocol/daemon/pull-anon/server-to-client.bin"));
    const QByteArray c2s =
        test::readTestData(QStringLiteral("protocol/daemon/pull-anon/client-to-server.bin"));
    const qsizetype serverStart = s2c.indexOf("@RSYNCD: OK\n") + 12;
    const qsizetype clientStart = c2s.indexOf(QByteArray("pub/\0\0", 6)) + 6;
    const qsizetype serverLength = 2 + 1 + 35 + 4; // flags, list ending in "none", seed
    HandshakeSettings s = serverSettings();
    s.versionSettled = true;
    s.protocol = 32;
    s.compatFlags = 0x1FF;
    qint32 seed = 0;
    const QByteArray seedBytes = s2c.mid(serverStart + serverLength - 4, 4);
    std::memcpy(&seed, seedBytes.constData(), 4); // little-endian, as on the wire
    s.seed = seed;
    Handshake server(s);
    QByteArray out;
    auto used = server.advance(c2s.mid(clientStart, 1 + 30), out);
    QVERIFY_RESULT(used);
    QVERIFY(server.done());
    QCOMPARE(*used, 1 + 30);
    QCOMPARE(server.config().checksum, checksum::ChecksumType::Xxh128);
    QCOMPARE(out, s2c.mid(serverStart, serverLength));
}

QTEST_GUILESS_MAIN(TestHandshake)
#include "tst_handshake.moc"
