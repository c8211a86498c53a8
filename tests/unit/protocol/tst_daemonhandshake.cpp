// The daemon text phase (daemonhandshake.h) and its authentication
// (daemonauth.h), checked against stock rsync 3.5.0 client <-> daemon
// captures in tests/data/protocol/daemon (make-captures.sh).

#include "protocol/daemonauth.h"
#include "protocol/daemonhandshake.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QTest>

using namespace qrsync::protocol;
using qrsync::test::readTestData;

namespace {

QByteArray capture(const char* name, const char* direction)
{
    return readTestData(QStringLiteral("protocol/daemon/%1/%2.bin")
                            .arg(QLatin1String(name), QLatin1String(direction)));
}

// Reads the daemon's side of a capture up to and including the first
// reply that ends the text phase; returns the replies in order.
QList<DaemonReply> daemonReplies(QByteArrayView s2c, qsizetype* used = nullptr)
{
    QList<DaemonReply> out;
    auto g = decodeDaemonGreeting(s2c);
    if (!g.isOk())
        return out;
    qsizetype pos = g.consumed();
    while (pos < s2c.size()) {
        auto r = decodeDaemonReply(s2c.sliced(pos));
        if (!r.isOk())
            break;
        pos += r.consumed();
        out.append(r.value());
        const auto kind = r.value().kind;
        if (kind == DaemonReply::Kind::Ok || kind == DaemonReply::Kind::Exit ||
            kind == DaemonReply::Kind::Error)
            break;
    }
    if (used)
        *used = pos;
    return out;
}

} // namespace

class TestDaemonHandshake : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void greetingGolden();
    void greetingParse_data();
    void greetingParse();
    void greetingErrorsTextBothSides();
    void sessionProtocol_data();
    void sessionProtocol();
    void lineSplitsAndTruncation();
    void lineLimits();
    void listingGolden();
    void motdAndOkGolden();
    void errorGolden();
    void replyRoundTrip();
    void authGolden_data();
    void authGolden();
    void authDigestChoice();
    void authKnownAnswers();
    void authResponseLine();
    void argsGolden();
    void argsRoundTripAndSplits_data();
    void argsRoundTripAndSplits();
    void argsLimits();
};

void TestDaemonHandshake::greetingGolden()
{
    const QByteArray c2s = capture("pull-anon", "client-to-server");
    QVERIFY(!c2s.isEmpty());
    QByteArray ours;
    encodeDaemonGreeting(ours, 32, 0, defaultAuthDigestNames());
    QVERIFY(c2s.startsWith(ours));
    QCOMPARE(ours, QByteArray("@RSYNCD: 32.0 sha512 sha256 sha1 md5 md4\n"));

    // --protocol=30: the client still announces its digests.
    QByteArray p30;
    encodeDaemonGreeting(p30, 30, 0, defaultAuthDigestNames());
    QVERIFY(capture("pull-anon-p30", "client-to-server").startsWith(p30));

    auto g = decodeDaemonGreeting(capture("pull-anon", "server-to-client"));
    QVERIFY(g.isOk());
    QCOMPARE(g.value().protocol, 32);
    QCOMPARE(g.value().subprotocol, 0);
    QVERIFY(g.value().hasDigestList);
    QCOMPARE(g.value().digests, defaultAuthDigestNames());
    QCOMPARE(g.consumed(), ours.size());
}

void TestDaemonHandshake::greetingParse_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("error"); // DaemonTextError
    QTest::addColumn<int>("protocol");
    QTest::addColumn<int>("sub");
    QTest::addColumn<bool>("hasList");
    QTest::addColumn<QByteArray>("digests");
    auto row = [](const char* tag, const char* bytes, DaemonTextError e, int p = 0, int s = 0,
                  bool list = false, const char* digests = "") {
        QTest::newRow(tag) << QByteArray(bytes) << int(e) << p << s << list << QByteArray(digests);
    };
    row("3.5.0", "@RSYNCD: 32.0 sha512 md5\n", DaemonTextError::None, 32, 0, true, "sha512 md5");
    row("3.1.3: no list", "@RSYNCD: 31.0\n", DaemonTextError::None, 31, 0);
    row("crlf", "@RSYNCD: 31.0\r\n", DaemonTextError::None, 31, 0);
    row("pre-release sub", "@RSYNCD: 33.7 md5\n", DaemonTextError::None, 33, 7, true, "md5");
    row("ancient without sub", "@RSYNCD: 29\n", DaemonTextError::None, 29, 0);
    row("empty list", "@RSYNCD: 32.0 \n", DaemonTextError::None, 32, 0, true, "");
    row("not rsync", "SSH-2.0-OpenSSH_9.2\n", DaemonTextError::NotAGreeting);
    row("no number", "@RSYNCD: x\n", DaemonTextError::NotAGreeting);
    row("30 without sub", "@RSYNCD: 30\n", DaemonTextError::NoSubprotocol);
    row("32 without list", "@RSYNCD: 32.0\n", DaemonTextError::NoDigestList);
    row("NUL", "@RSYNCD: 32.0\0 md5\n", DaemonTextError::NulInLine);
}

void TestDaemonHandshake::greetingParse()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, error);
    // QTest rows above are C strings: the NUL row is cut there, so rebuild it.
    if (QByteArray(QTest::currentDataTag()) == "NUL")
        bytes = QByteArray("@RSYNCD: 32.0\0 md5\n", 20);
    auto g = decodeDaemonGreeting(bytes);
    if (error != int(DaemonTextError::None)) {
        QVERIFY(g.isError());
        QCOMPARE(int(daemonTextError(g)), error);
        return;
    }
    QVERIFY2(g.isOk(), qPrintable(g.errorMessage()));
    QFETCH(int, protocol);
    QFETCH(int, sub);
    QFETCH(bool, hasList);
    QFETCH(QByteArray, digests);
    QCOMPARE(g.value().protocol, protocol);
    QCOMPARE(g.value().subprotocol, sub);
    QCOMPARE(g.value().hasDigestList, hasList);
    QCOMPARE(g.value().digests.join(' '), digests);
    QCOMPARE(g.consumed(), bytes.size());
    for (qsizetype cut = 0; cut < bytes.size(); ++cut)
        QVERIFY(decodeDaemonGreeting(QByteArrayView(bytes).first(cut)).isNeedMore());
}

void TestDaemonHandshake::greetingErrorsTextBothSides()
{
    QCOMPARE(greetingErrorText(DaemonTextError::NotAGreeting, "hello", true),
             QByteArray("rsync: server sent \"hello\" rather than greeting"));
    QCOMPARE(greetingErrorText(DaemonTextError::NotAGreeting, "hello", false),
             QByteArray("@ERROR: protocol startup error"));
    QCOMPARE(greetingErrorText(DaemonTextError::NoDigestList, "@RSYNCD: 32.0", true),
             QByteArray("rsync: the server omitted the digest name list: @RSYNCD: 32.0"));
    QCOMPARE(greetingErrorText(DaemonTextError::NoSubprotocol, "@RSYNCD: 31", false),
             QByteArray("@ERROR: your client omitted the subprotocol value: @RSYNCD: 31"));
    QCOMPARE(greetingErrorText(DaemonTextError::LineTooLong, "", true),
             QByteArray("rsync: did not see server greeting"));
}

void TestDaemonHandshake::sessionProtocol_data()
{
    QTest::addColumn<int>("ours");
    QTest::addColumn<int>("ourSub");
    QTest::addColumn<int>("remote");
    QTest::addColumn<int>("remoteSub");
    QTest::addColumn<int>("expected");
    QTest::newRow("same") << 32 << 0 << 32 << 0 << 32;
    QTest::newRow("older peer") << 32 << 0 << 31 << 0 << 31;
    QTest::newRow("older pre-release peer") << 32 << 0 << 31 << 2 << 30;
    QTest::newRow("same number, peer pre-release") << 32 << 0 << 32 << 1 << 31;
    QTest::newRow("newer peer") << 30 << 0 << 32 << 0 << 30;
    QTest::newRow("we are pre-release, newer peer") << 31 << 3 << 32 << 0 << 30;
}

void TestDaemonHandshake::sessionProtocol()
{
    QFETCH(int, ours);
    QFETCH(int, ourSub);
    QFETCH(int, remote);
    QFETCH(int, remoteSub);
    QFETCH(int, expected);
    QCOMPARE(daemonSessionProtocol(ours, ourSub, remote, remoteSub), expected);
}

void TestDaemonHandshake::lineSplitsAndTruncation()
{
    const QByteArray s2c = capture("list", "server-to-client");
    QVERIFY(!s2c.isEmpty());
    // Every line of the capture decodes the same whether fed whole or
    // growing one byte at a time; a prefix without '\n' is NeedMore.
    qsizetype pos = 0;
    while (pos < s2c.size()) {
        const QByteArrayView rest = QByteArrayView(s2c).sliced(pos);
        auto whole = decodeDaemonLine(rest);
        QVERIFY(whole.isOk());
        for (qsizetype cut = 0; cut < whole.consumed(); ++cut) {
            auto part = decodeDaemonLine(rest.first(cut));
            QVERIFY(part.isNeedMore());
            QCOMPARE(part.consumed(), 0);
        }
        pos += whole.consumed();
    }
    QCOMPARE(pos, s2c.size());
}

void TestDaemonHandshake::lineLimits()
{
    const QByteArray longest = QByteArray(kMaxDaemonLineLength, 'a') + '\n';
    QVERIFY(decodeDaemonLine(longest).isOk());
    const QByteArray tooLong = QByteArray(kMaxDaemonLineLength + 1, 'a');
    auto d = decodeDaemonLine(tooLong);
    QVERIFY(d.isError());
    QCOMPARE(daemonTextError(d), DaemonTextError::LineTooLong);
    // Carriage returns do not count, but cannot go on forever either.
    QVERIFY(decodeDaemonLine(QByteArray(QByteArray(100, '\r') + "x\n")).value() == "x");
    QCOMPARE(daemonTextError(decodeDaemonLine(QByteArray(3 * kMaxDaemonLineLength, '\r'))),
             DaemonTextError::LineTooLong);
    QCOMPARE(daemonTextError(decodeDaemonLine(QByteArray("ab\0c\n", 5))),
             DaemonTextError::NulInLine);
}

void TestDaemonHandshake::listingGolden()
{
    // Client: greeting, then an empty module line asks for the listing.
    QByteArray request;
    encodeDaemonGreeting(request, 32, 0, defaultAuthDigestNames());
    encodeModuleRequest(request, "");
    QCOMPARE(request, capture("list", "client-to-server"));

    // Daemon: greeting, motd + "\n", two listing lines, EXIT.
    QByteArray daemon;
    encodeDaemonGreeting(daemon, 32, 0, defaultAuthDigestNames());
    encodeMotd(daemon, "Welcome to the test daemon\nSecond motd line\n");
    encodeModuleListing(daemon, "pub", "Public files");
    encodeModuleListing(daemon, "priv", "Private");
    encodeDaemonReply(daemon, {DaemonReply::Kind::Exit, {}});
    QCOMPARE(daemon, capture("list", "server-to-client"));

    // What the stock client printed is the Text replies, one per line.
    const QList<DaemonReply> replies = daemonReplies(daemon);
    QCOMPARE(replies.size(), 6);
    QByteArray printed;
    for (const DaemonReply& r : replies) {
        if (r.kind == DaemonReply::Kind::Text)
            printed += r.text + '\n';
    }
    QCOMPARE(replies.last().kind, DaemonReply::Kind::Exit);
    QCOMPARE(printed, readTestData(QStringLiteral("protocol/daemon/list/stdout.txt")));
    QVERIFY(isListingRequest(""));
    QVERIFY(isListingRequest("#list"));
    QVERIFY(!isListingRequest("pub"));
}

void TestDaemonHandshake::motdAndOkGolden()
{
    const QByteArray s2c = capture("pull-anon", "server-to-client");
    qsizetype used = 0;
    const QList<DaemonReply> replies = daemonReplies(s2c, &used);
    QCOMPARE(replies.size(), 4);
    QCOMPARE(replies[0], (DaemonReply{DaemonReply::Kind::Text, "Welcome to the test daemon"}));
    QCOMPARE(replies[2], (DaemonReply{DaemonReply::Kind::Text, ""}));
    QCOMPARE(replies[3].kind, DaemonReply::Kind::Ok);
    // The binary session follows at once: the compat flags varint 0x1FF.
    QCOMPARE(s2c.mid(used, 2), QByteArray("\x81\xff"));

    QByteArray daemon;
    encodeDaemonGreeting(daemon, 32, 0, defaultAuthDigestNames());
    encodeMotd(daemon, "Welcome to the test daemon\nSecond motd line\n");
    encodeDaemonReply(daemon, {DaemonReply::Kind::Ok, {}});
    QCOMPARE(daemon, s2c.first(used));
}

void TestDaemonHandshake::errorGolden()
{
    const QByteArray s2c = capture("unknown-module", "server-to-client");
    const QList<DaemonReply> replies = daemonReplies(s2c);
    QVERIFY(!replies.isEmpty());
    QCOMPARE(replies.last(),
             (DaemonReply{DaemonReply::Kind::Error, "@ERROR: Unknown module 'nosuch'"}));
    QByteArray c2s;
    encodeDaemonGreeting(c2s, 32, 0, defaultAuthDigestNames());
    encodeModuleRequest(c2s, "nosuch");
    QCOMPARE(c2s, capture("unknown-module", "client-to-server"));
    QVERIFY(readTestData(QStringLiteral("protocol/daemon/unknown-module/stderr.txt"))
                .startsWith(QByteArray(replies.last().text + '\n')));
}

void TestDaemonHandshake::replyRoundTrip()
{
    const QList<DaemonReply> all = {
        {DaemonReply::Kind::AuthRequired, "abc+/12"},
        {DaemonReply::Kind::Ok, {}},
        {DaemonReply::Kind::Exit, {}},
        {DaemonReply::Kind::Error, "@ERROR: max connections (1) reached -- try again later"},
        {DaemonReply::Kind::Text, "pub            \tPublic"},
        {DaemonReply::Kind::Text, ""},
    };
    QByteArray bytes;
    for (const DaemonReply& r : all)
        encodeDaemonReply(bytes, r);
    // Fed one byte more at a time: each reply comes out whole, in order.
    QList<DaemonReply> seen;
    QByteArray buffer;
    for (char c : bytes) {
        buffer.append(c);
        auto r = decodeDaemonReply(buffer);
        QVERIFY(!r.isError());
        if (r.isOk()) {
            seen.append(r.value());
            buffer.remove(0, r.consumed());
        }
    }
    QVERIFY(buffer.isEmpty());
    QCOMPARE(seen, all);
}

void TestDaemonHandshake::authGolden_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("password");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("right password") << QByteArray("pull-auth") << QByteArray("sesame") << true;
    QTest::newRow("wrong password") << QByteArray("auth-fail") << QByteArray("wrong") << false;
}

void TestDaemonHandshake::authGolden()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, password);
    QFETCH(bool, accepted);
    const QByteArray s2c = capture(name.constData(), "server-to-client");
    const QByteArray c2s = capture(name.constData(), "client-to-server");
    QVERIFY(!s2c.isEmpty() && !c2s.isEmpty());

    // Both greetings carry the full list: sha512 is chosen.
    auto serverGreeting = decodeDaemonGreeting(s2c);
    QVERIFY(serverGreeting.isOk());
    auto digest = chooseAuthDigest(serverGreeting.value().digests, true, 32);
    QVERIFY(digest.has_value());
    QCOMPARE(*digest, AuthDigest::Sha512);

    const QList<DaemonReply> replies = daemonReplies(s2c);
    QVERIFY(replies.size() >= 2);
    const DaemonReply challenge =
        replies[replies.size() - 2].kind == DaemonReply::Kind::AuthRequired
            ? replies[replies.size() - 2]
            : replies.last();
    QCOMPARE(challenge.kind, DaemonReply::Kind::AuthRequired);
    QCOMPARE(challenge.text.size(), 86); // base64 of 64 bytes, unpadded

    // The client's third line is "alice <response>", our response exactly.
    qsizetype pos = 0;
    for (int i = 0; i < 2; ++i)
        pos += decodeDaemonLine(QByteArrayView(c2s).sliced(pos)).consumed();
    auto line = decodeAuthResponse(QByteArrayView(c2s).sliced(pos));
    QVERIFY(line.isOk());
    QCOMPARE(line.value().user, QByteArray("alice"));
    QCOMPARE(line.value().response, authResponse(AuthDigest::Sha512, password, challenge.text));
    QByteArray ours;
    encodeAuthResponse(ours, "alice", authResponse(AuthDigest::Sha512, password, challenge.text));
    QVERIFY(QByteArrayView(c2s).sliced(pos).startsWith(ours));

    // The daemon's check: stock accepted exactly when the password was right.
    QCOMPARE(
        authResponseMatches(AuthDigest::Sha512, "sesame", challenge.text, line.value().response),
        accepted);
    QCOMPARE(replies.last().kind, accepted ? DaemonReply::Kind::Ok : DaemonReply::Kind::Error);
    if (!accepted)
        QCOMPARE(replies.last().text, QByteArray("@ERROR: auth failed on module priv"));
}

void TestDaemonHandshake::authDigestChoice()
{
    auto pick = [](QList<QByteArray> list, bool has, int protocol) {
        return chooseAuthDigest(list, has, protocol);
    };
    QCOMPARE(*pick({"md4", "md5", "sha1"}, true, 32), AuthDigest::Sha1);
    QCOMPARE(*pick({"MD5"}, true, 32), AuthDigest::Md5);
    QCOMPARE(*pick({}, false, 31), AuthDigest::Md5);
    QCOMPARE(*pick({}, false, 29), AuthDigest::Md4Old);
    auto none = pick({"blake3"}, true, 32);
    QVERIFY(!none.has_value());
    QCOMPARE(none.error().code, qrsync::ExitCode::Unsupported);
    QVERIFY(none.error().message.startsWith(
        QLatin1String("Failed to negotiate a daemon auth checksum choice.")));
    QVERIFY(!pick({}, true, 32).has_value()); // an empty list negotiates nothing
    QCOMPARE(daemonAuthUnsupportedLine(),
             QByteArray("@ERROR: your client does not support one of our daemon-auth "
                        "checksums: sha512 sha256 sha1 md5 md4"));
    QCOMPARE(defaultAuthDigestList(), QByteArray("sha512 sha256 sha1 md5 md4"));
}

void TestDaemonHandshake::authKnownAnswers()
{
    // Known answers from python hashlib for digest("sesame" + "challenge"),
    // base64 without '='.
    QCOMPARE(authResponse(AuthDigest::Md5, "sesame", "challenge"),
             QByteArray("b6ra7uOb0G71X2AQxRXh7Q"));
    QCOMPARE(authResponse(AuthDigest::Sha256, "sesame", "challenge"),
             QByteArray("zu9guIbdd5YWRF6kRdXRlndFXw7NLfMVnap53sLFnnQ"));
    QCOMPARE(
        authResponse(AuthDigest::Sha512, "sesame", "challenge"),
        QByteArray("Kzp1yawAGRvRc1P5U4wQJeE3Wv2NveKXTep2Z9sJAaBLaoj3GMIScXlFxYdTG5KOTVLdnqppa9LIPs/"
                   "wQoYQ5Q"));
    QCOMPARE(authResponse(AuthDigest::Md5, "", ""), QByteArray("1B2M2Y8AsgTpgAmY7PhCfg"));
    QCOMPARE(authResponse(AuthDigest::Sha1, "", ""), QByteArray("2jmj7l5rSw0yVb/vlWAYkK/YBwk"));
    QCOMPARE(authResponse(AuthDigest::Md4, "", ""), QByteArray("MdbP4NFq6TG3PFnX4MCJwA"));
    // Old md4 hashes the zero seed first: MD4 of four zero bytes.
    QCOMPARE(authResponse(AuthDigest::Md4Old, "", ""),
             QCryptographicHash::hash(QByteArray(4, '\0'), QCryptographicHash::Md4)
                 .toBase64(QByteArray::OmitTrailingEquals));
    QCOMPARE(authResponse(AuthDigest::Sha256, "", "").size(), 43);
    QCOMPARE(base64NoPad("a"), QByteArray("YQ"));
    QCOMPARE(base64NoPad("ab"), QByteArray("YWI"));
    QCOMPARE(base64NoPad("abc"), QByteArray("YWJj"));
    // A challenge is the digest of the entropy, so its length is fixed.
    QCOMPARE(authChallenge(AuthDigest::Sha512, QByteArray(64, 'x')).size(), 86);
    QCOMPARE(authChallenge(AuthDigest::Md5, QByteArray(64, 'x')).size(), 22);
    QVERIFY(!authResponseMatches(AuthDigest::Md5, "a", "b", "short"));
}

void TestDaemonHandshake::authResponseLine()
{
    QByteArray out;
    encodeAuthResponse(out, "", "abc");
    QCOMPARE(out, QByteArray("nobody abc\n"));
    auto d = decodeAuthResponse("bob xyz more\n");
    QVERIFY(d.isOk());
    QCOMPARE(d.value(), (AuthResponseLine{"bob", "xyz more"}));
    QVERIFY(decodeAuthResponse("bob").isNeedMore());
    QCOMPARE(daemonTextError(decodeAuthResponse("bobxyz\n")), DaemonTextError::BadAuthResponse);
}

void TestDaemonHandshake::argsGolden()
{
    // After the greeting and the module line, a pull sends these.
    const QByteArray c2s = capture("pull-anon", "client-to-server");
    qsizetype pos = 0;
    for (int i = 0; i < 2; ++i)
        pos += decodeDaemonLine(QByteArrayView(c2s).sliced(pos)).consumed();
    auto args = decodeDaemonArgs(QByteArrayView(c2s).sliced(pos), 32);
    QVERIFY(args.isOk());
    const QList<QByteArray> expected = {"--server", "--sender", "-logDtpre.iLsfxCIvu", ".", "pub/"};
    QCOMPARE(args.value(), expected);
    QByteArray ours;
    encodeDaemonArgs(ours, expected, 32);
    QCOMPARE(QByteArrayView(c2s).sliced(pos, ours.size()), QByteArrayView(ours));
    // Then the binary session: the client's checksum list vstring.
    QCOMPARE(c2s.at(pos + ours.size()), char(0x1e));
}

void TestDaemonHandshake::argsRoundTripAndSplits_data()
{
    QTest::addColumn<int>("protocol");
    QTest::newRow("protocol 30 (NULs)") << 30;
    QTest::newRow("protocol 32 (NULs)") << 32;
    QTest::newRow("protocol 29 (newlines)") << 29;
}

void TestDaemonHandshake::argsRoundTripAndSplits()
{
    QFETCH(int, protocol);
    const QList<QByteArray> args = {"--server", "-vvlogDtprze.iLsfxCIvu", "--delete", ".",
                                    "mod/some dir/"};
    QByteArray bytes;
    encodeDaemonArgs(bytes, args, protocol);
    auto whole = decodeDaemonArgs(bytes, protocol);
    QVERIFY(whole.isOk());
    QCOMPARE(whole.value(), args);
    QCOMPARE(whole.consumed(), bytes.size());
    for (qsizetype cut = 0; cut < bytes.size(); ++cut)
        QVERIFY(decodeDaemonArgs(QByteArrayView(bytes).first(cut), protocol).isNeedMore());
    // Trailing bytes (the binary session) are left alone.
    QCOMPARE(decodeDaemonArgs(QByteArray(bytes + "\x1e"), protocol).consumed(), bytes.size());
}

void TestDaemonHandshake::argsLimits()
{
    QByteArray many;
    for (int i = 0; i <= kMaxDaemonArgs; ++i)
        many += "x" + QByteArray(1, '\0');
    many += '\0';
    QCOMPARE(daemonTextError(decodeDaemonArgs(many, 32)), DaemonTextError::TooManyArgs);
    const QByteArray huge = QByteArray(kMaxDaemonLineLength + 1, 'a');
    QCOMPARE(daemonTextError(decodeDaemonArgs(huge, 32)), DaemonTextError::LineTooLong);
    QVERIFY(decodeDaemonArgs(QByteArray(1, '\0'), 32).value().isEmpty());
}

QTEST_GUILESS_MAIN(TestDaemonHandshake)
#include "tst_daemonhandshake.moc"
