// Checksum / compression name negotiation (handshake.md §6): default lists
// as captured from stock, env overrides, the choice rule and its failure.

#include "protocol/negotiation.h"
#include "testsupport.h"

#include <QTest>

using namespace qrsync::protocol;
using qrsync::test::fromHex;
using qrsync::test::toHex;

class TestNegotiation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultListsGolden();
    void overrides_data();
    void overrides();
    void choice_data();
    void choice();
    void failure();
    void wireLimits();
    void digestLengths();
};

void TestNegotiation::defaultListsGolden()
{
    // Verified push: the client sends 1e "xxh128 … sha1", the server 23
    // "xxh128 … sha1 none" (tests/data/protocol/framing captures).
    QByteArray client;
    QVERIFY(encodeNameList(client, offeredNameList(NameKind::Checksum, false)));
    QCOMPARE(toHex(client.first(1)), QStringLiteral("1e"));
    QCOMPARE(client.sliced(1), QByteArray("xxh128 xxh3 xxh64 md5 md4 sha1"));
    QByteArray server;
    QVERIFY(encodeNameList(server, offeredNameList(NameKind::Checksum, true)));
    QCOMPARE(toHex(server.first(1)), QStringLiteral("23"));
    QCOMPARE(server.sliced(1), QByteArray("xxh128 xxh3 xxh64 md5 md4 sha1 none"));
    QCOMPARE(offeredNameList(NameKind::Compression, false), QByteArray("zstd lz4 zlibx zlib"));
    QCOMPARE(offeredNameList(NameKind::Compression, true), QByteArray("zstd lz4 zlibx zlib none"));
    auto d = decodeNameList(server);
    QVERIFY(d.isOk());
    QCOMPARE(d.value(), server.sliced(1));
    for (qsizetype n = 0; n < server.size(); ++n)
        QVERIFY(decodeNameList(server.first(n)).isNeedMore());
}

void TestNegotiation::overrides_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("server");
    QTest::addColumn<QByteArray>("env");
    QTest::addColumn<QByteArray>("list");
    const int cs = int(NameKind::Checksum);
    const int cz = int(NameKind::Compression);
    QTest::newRow("plain") << cs << false << QByteArray("md5") << QByteArray("md5");
    QTest::newRow("case and alias")
        << cs << false << QByteArray("  XXHASH\tMD5 xxh64 ") << QByteArray("xxh64 md5");
    QTest::newRow("unknown dropped")
        << cs << false << QByteArray("blake3 md4") << QByteArray("md4");
    QTest::newRow("nothing valid") << cs << false << QByteArray("blake3") << QByteArray("INVALID");
    QTest::newRow("blank means default")
        << cs << true << QByteArray("   ") << QByteArray("xxh128 xxh3 xxh64 md5 md4 sha1 none");
    QTest::newRow("client part of &")
        << cs << false << QByteArray("md5 sha1&xxh3") << QByteArray("md5 sha1");
    QTest::newRow("server part of &")
        << cs << true << QByteArray("md5 sha1&xxh3") << QByteArray("xxh3");
    QTest::newRow("server no none appended")
        << cz << true << QByteArray("zlib") << QByteArray("zlib");
    QTest::newRow("client may offer none")
        << cz << false << QByteArray("none zstd") << QByteArray("none zstd");
}

void TestNegotiation::overrides()
{
    QFETCH(int, kind);
    QFETCH(bool, server);
    QFETCH(QByteArray, env);
    QFETCH(QByteArray, list);
    QCOMPARE(offeredNameList(NameKind(kind), server, QByteArrayView(env)), list);
}

void TestNegotiation::choice_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QByteArray>("client");
    QTest::addColumn<QByteArray>("server");
    QTest::addColumn<QByteArray>("chosen");
    const int cs = int(NameKind::Checksum);
    const int cz = int(NameKind::Compression);
    QTest::newRow("stock") << cs << offeredNameList(NameKind::Checksum, false)
                           << offeredNameList(NameKind::Checksum, true) << QByteArray("xxh128");
    QTest::newRow("stock compress")
        << cz << offeredNameList(NameKind::Compression, false)
        << offeredNameList(NameKind::Compression, true) << QByteArray("zstd");
    QTest::newRow("client order wins")
        << cs << QByteArray("md5 xxh3") << QByteArray("xxh3 md5") << QByteArray("md5");
    QTest::newRow("alias and case")
        << cs << QByteArray("XXHASH") << QByteArray("xxh64 none") << QByteArray("xxh64");
    QTest::newRow("skip missing") << cz << QByteArray("zstd lz4 zlib") << QByteArray("zlib none")
                                  << QByteArray("zlib");
}

void TestNegotiation::choice()
{
    QFETCH(int, kind);
    QFETCH(QByteArray, client);
    QFETCH(QByteArray, server);
    QFETCH(QByteArray, chosen);
    auto r = chooseName(NameKind(kind), client, server);
    QVERIFY_RESULT(r);
    QCOMPARE(*r, chosen);
}

void TestNegotiation::failure()
{
    auto r = chooseName(NameKind::Checksum, "md5", "xxh3 none");
    QVERIFY(!r);
    QCOMPARE(r.error().code, qrsync::ExitCode::Unsupported);
    QCOMPARE(r.error().message, QStringLiteral("Failed to negotiate a checksum choice."));
    auto z = chooseName(NameKind::Compression, "INVALID", "zstd none");
    QVERIFY(!z);
    QCOMPARE(z.error().message, QStringLiteral("Failed to negotiate a compress choice."));
}

void TestNegotiation::wireLimits()
{
    QByteArray out;
    QVERIFY(!encodeNameList(out, QByteArray(256, 'a')));
    QVERIFY(encodeNameList(out, QByteArray(255, 'a')));
    QVERIFY(decodeNameList(out).isOk());
    // A 256-byte list is refused from its two length bytes.
    QVERIFY(decodeNameList(fromHex("8100")).isError());
}

void TestNegotiation::digestLengths()
{
    QCOMPARE(checksumDigestLength("xxh128"), 16);
    QCOMPARE(checksumDigestLength("xxh3"), 8);
    QCOMPARE(checksumDigestLength("xxh64"), 8);
    QCOMPARE(checksumDigestLength("md5"), 16);
    QCOMPARE(checksumDigestLength("md4"), 16);
    QCOMPARE(checksumDigestLength("sha1"), 20);
    QCOMPARE(checksumDigestLength("none"), 0);
    QCOMPARE(checksumDigestLength("blake3"), -1);
}

QTEST_GUILESS_MAIN(TestNegotiation)
#include "tst_negotiation.moc"
