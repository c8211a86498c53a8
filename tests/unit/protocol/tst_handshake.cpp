// Handshake pieces (handshake.md §3-§5, §7): the -e. letters, compat flags
// and the rule a server applies, version exchange and the seed.

#include "protocol/handshake.h"
#include "testsupport.h"

#include <QTest>

using namespace qrsync::protocol;
using qrsync::test::fromHex;
using qrsync::test::toHex;

class TestHandshake : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void capabilityLetters();
    void capabilityParse_data();
    void capabilityParse();
    void compatGolden();
    void compatRoundTrip();
    void incRecurseRule_data();
    void incRecurseRule();
    void switches();
    void version_data();
    void version();
    void versionWire();
    void seed();
};

void TestHandshake::capabilityLetters()
{
    QCOMPARE(ClientCapabilities::stock().toLetters(), QByteArray(".iLsfxCIvu"));
    QCOMPARE(ClientCapabilities::parse(".iLsfxCIvu"), ClientCapabilities::stock());
    QCOMPARE(ClientCapabilities{}.toLetters(), QByteArray("."));
}

void TestHandshake::capabilityParse_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("normalised");
    QTest::newRow("any order") << QByteArray(".vuiL") << QByteArray(".iLvu");
    QTest::newRow("pre-release prefix") << QByteArray("31.12iLsf") << QByteArray(".iLsf");
    QTest::newRow("unknown letters") << QByteArray(".iQZf") << QByteArray(".if");
    QTest::newRow("legacy V") << QByteArray(".iV") << QByteArray(".iV");
    QTest::newRow("empty") << QByteArray("") << QByteArray(".");
}

void TestHandshake::capabilityParse()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, normalised);
    QCOMPARE(ClientCapabilities::parse(text).toLetters(), normalised);
}

void TestHandshake::compatGolden()
{
    // Stock to stock, recursive: 0x1FF, sent as varint 81 ff (verified).
    CompatInputs in;
    in.client = ClientCapabilities::stock();
    in.recursive = true;
    const CompatFlags f = serverCompatFlags(in);
    QCOMPARE(f.toWire(), 0x1FF);
    QByteArray out;
    encodeCompatFlags(out, f);
    QCOMPARE(toHex(out), toHex(fromHex("81ff")));
    auto d = decodeCompatFlags(out);
    QVERIFY(d.isOk());
    QCOMPARE(d.value(), f);
    QVERIFY(decodeCompatFlags(out.first(1)).isNeedMore());
    // A `V` client gets one byte.
    out.clear();
    encodeCompatFlags(out, f, true);
    QCOMPARE(toHex(out), toHex(fromHex("ff")));
}

void TestHandshake::compatRoundTrip()
{
    for (qint32 bits = 0; bits < 0x200; ++bits) {
        const CompatFlags f = CompatFlags::fromWire(bits);
        QCOMPARE(f.toWire(), bits);
        QByteArray out;
        encodeCompatFlags(out, f);
        QCOMPARE(decodeCompatFlags(out).value(), f);
    }
    // Unknown bits survive a round trip.
    QCOMPARE(CompatFlags::fromWire(0x1FF | 0x400).toWire(), 0x5FF);
    QCOMPARE(CompatFlags::fromWire(0x400).unknownBits, 0x400);
}

void TestHandshake::incRecurseRule_data()
{
    QTest::addColumn<CompatInputs>("in");
    QTest::addColumn<bool>("incRecurse");
    CompatInputs base;
    base.client = ClientCapabilities::stock();
    base.recursive = true;
    QTest::newRow("receiver, plain -r") << base << true;
    auto row = [&](const char* tag, auto change, bool expected) {
        CompatInputs in = base;
        change(in);
        QTest::newRow(tag) << in << expected;
    };
    row(
        "no -r", [](CompatInputs& i) { i.recursive = false; }, false);
    row(
        "--use-qsort", [](CompatInputs& i) { i.useQsort = true; }, false);
    row(
        "client without i", [](CompatInputs& i) { i.client.incRecurse = false; }, false);
    row(
        "receiver --delete-before", [](CompatInputs& i) { i.deleteBefore = true; }, false);
    row(
        "receiver --delete-after", [](CompatInputs& i) { i.deleteAfter = true; }, false);
    row(
        "receiver --delay-updates", [](CompatInputs& i) { i.delayUpdates = true; }, false);
    row(
        "receiver -m", [](CompatInputs& i) { i.pruneEmptyDirs = true; }, false);
    row(
        "sender --delete-after",
        [](CompatInputs& i) {
            i.serverIsSender = true;
            i.deleteAfter = true;
        },
        true);
}

void TestHandshake::incRecurseRule()
{
    QFETCH(CompatInputs, in);
    QFETCH(bool, incRecurse);
    const CompatFlags f = serverCompatFlags(in);
    QCOMPARE(f.incRecurse, incRecurse);
    QCOMPARE(f.toWire() & ~CompatFlags::kIncRecurse, 0x1FE);
}

void TestHandshake::switches()
{
    auto s30 = deriveSwitches(CompatFlags::fromWire(0x1FF & ~CompatFlags::kSafeFlist), 30);
    QVERIFY_RESULT(s30);
    QVERIFY(!s30->safeFlist);
    QVERIFY(!s30->xattrOptim);
    auto s31 = deriveSwitches(CompatFlags::fromWire(0x0), 31);
    QVERIFY(s31->safeFlist);
    QVERIFY(s31->xattrOptim);
    QVERIFY(!s31->negotiateNames);
    auto full = deriveSwitches(CompatFlags::fromWire(0x1FF), 32);
    QVERIFY(full->incRecurse && full->negotiateNames && full->properSeedOrder && full->id0Names &&
            full->inplacePartial && !full->xattrOptim);
    auto crtimes = deriveSwitches(CompatFlags::fromWire(0x7F), 31, true);
    QVERIFY(!crtimes);
    QCOMPARE(crtimes.error().code, qrsync::ExitCode::Protocol);
}

void TestHandshake::version_data()
{
    QTest::addColumn<int>("remote");
    QTest::addColumn<int>("used"); // 0: refused
    QTest::newRow("same") << 32 << 32;
    QTest::newRow("older 31") << 31 << 31;
    QTest::newRow("older 30") << 30 << 30;
    QTest::newRow("newer") << 40 << 32;
    QTest::newRow("29 too old for us") << 29 << 0;
    QTest::newRow("shell noise") << 0x6c6c6548 << 0;
    QTest::newRow("19") << 19 << 0;
    QTest::newRow("41") << 41 << 0;
    QTest::newRow("negative") << -5 << 0;
}

void TestHandshake::version()
{
    QFETCH(int, remote);
    QFETCH(int, used);
    auto r = negotiateProtocol(kProtocolVersion, remote, false);
    if (used) {
        QVERIFY_RESULT(r);
        QCOMPARE(*r, used);
        return;
    }
    QVERIFY(!r);
    QCOMPARE(r.error().code, qrsync::ExitCode::Protocol);
    if (remote < kStockMinProtocol || remote > kStockMaxProtocol)
        QCOMPARE(r.error().message,
                 QStringLiteral("protocol version mismatch -- is your shell clean?"));
}

void TestHandshake::versionWire()
{
    // Verified: 20 00 00 00 each way.
    QByteArray out;
    encodeVersion(out, kProtocolVersion);
    QCOMPARE(toHex(out), toHex(fromHex("20000000")));
    QCOMPARE(decodeVersion(out).value(), 32);
    for (qsizetype n = 0; n < 4; ++n)
        QVERIFY(decodeVersion(out.first(n)).isNeedMore());
}

void TestHandshake::seed()
{
    QByteArray out;
    encodeChecksumSeed(out, 1);
    QCOMPARE(toHex(out), toHex(fromHex("01000000")));
    QCOMPARE(decodeChecksumSeed(out).value(), 1);
    QCOMPARE(defaultChecksumSeed(0x12345678, 0x10), qint32(0x12345678 ^ 0x400));
    QCOMPARE(defaultChecksumSeed(0x100000000LL + 5, 0), 5);
}

QTEST_GUILESS_MAIN(TestHandshake)
#include "tst_handshake.moc"
