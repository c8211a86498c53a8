// serverArguments() / remoteShellCommand() against the argv stock rsync
// 3.5.0 hands its remote shell (tests/data/options/server-argv.txt, made by
// capture-server-argv.py), and parseServerArguments() reading it back.

#include "options/commandline.h"
#include "options/serverargs.h"

#include "testsupport.h"

#include <QTest>

using namespace qrsync;
using namespace qrsync::options;

namespace {

struct Capture
{
    QString tag;
    QString role; // push, pull, list
    QStringList client;
    QStringList argv; // after the host, starting with the rsync path
};

QList<Capture> loadCaptures()
{
    QList<Capture> captures;
    const QString text =
        QString::fromUtf8(test::readTestData(QStringLiteral("options/server-argv.txt")));
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1Char('['))) {
            captures.append(Capture{line.mid(1, line.size() - 2), {}, {}, {}});
        } else if (captures.isEmpty() || line.isEmpty() || line.startsWith(QLatin1Char('#'))) {
            continue;
        } else if (line.startsWith(QLatin1String("role="))) {
            captures.last().role = line.mid(5);
        } else if (line.startsWith(QLatin1String("client="))) {
            captures.last().client.append(line.mid(7));
        } else if (line.startsWith(QLatin1String("argv="))) {
            captures.last().argv.append(line.mid(5));
        }
    }
    return captures;
}

// What the remote shell makes of an escaped word.
QString shellUnescape(const QString& word)
{
    QString out;
    for (qsizetype i = 0; i < word.size(); ++i) {
        if (word[i] == QLatin1Char('\\') && i + 1 < word.size())
            ++i;
        out += word[i];
    }
    return out;
}

} // namespace

class TestServerArgs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void golden_data();
    void golden();
    void parsesAnyLetterOrder();
    void parsesPreReleaseCapabilities();
    void refusesBadServerArgv_data();
    void refusesBadServerArgv();
    void escapesLikeSafeArg_data();
    void escapesLikeSafeArg();
};

void TestServerArgs::golden_data()
{
    QTest::addColumn<QStringList>("client");
    QTest::addColumn<QString>("role");
    QTest::addColumn<QStringList>("argv");
    const QList<Capture> captures = loadCaptures();
    QVERIFY(captures.size() >= 25);
    for (const Capture& c : captures)
        QTest::newRow(qPrintable(c.tag)) << c.client << c.role << c.argv;
}

void TestServerArgs::golden()
{
    QFETCH(QStringList, client);
    QFETCH(QString, role);
    QFETCH(QStringList, argv);

    // The same paths capture-server-argv.py used.
    QStringList args = client;
    ServerArgsRequest request;
    if (role == QLatin1String("push")) {
        args << QStringLiteral("src/") << QStringLiteral("h:/dst/");
        request.role = ServerRole::Receiver;
        request.paths = {QStringLiteral("/dst/")};
    } else {
        args << QStringLiteral("h:/src/");
        if (role == QLatin1String("pull"))
            args << QStringLiteral("dst/");
        request.role = ServerRole::Sender;
        request.paths = {QStringLiteral("/src/")};
    }
    const auto parsed = parseCommandLine(args, {}, AsyncPaths{});
    if (!parsed && parsed.error().message.endsWith(QLatin1String("is not supported yet")))
        QSKIP(qPrintable(parsed.error().message)); // runs once the option is enabled
    QVERIFY_RESULT(parsed);
    const TransferOptions& options = parsed->options;
    request.protocol = options.protocol ? options.protocol : kDefaultProtocol;

    // The rsync path comes first on the remote command line.
    QCOMPARE(argv.first(),
             options.rsyncPath.isEmpty() ? QStringLiteral("rsync") : options.rsyncPath);
    const QStringList expected = argv.mid(1);

    const RemoteShellCommand command = remoteShellCommand(options, request);
    QCOMPARE(command.commandLine, expected);

    QStringList logical;
    for (const QString& word : command.commandLine)
        logical.append(shellUnescape(word));
    logical += command.secludedArgs;
    QCOMPARE(serverArguments(options, request), logical);

    // The server side reads it back. For a push, rebuilding from what it
    // read gives the same argv: nothing a receiving server needs is lost (a
    // sending server is not told some receiver-only options, such as
    // --delete-after, so the rebuild can differ there).
    const auto server = parseServerArguments(logical);
    QVERIFY_RESULT(server);
    QCOMPARE(server->role, request.role);
    QCOMPARE(server->paths, request.paths);
    if (request.protocol >= 30) {
        QVERIFY(server->capabilitiesGiven);
        QVERIFY2(server->capabilities == QLatin1String("iLsfxCIvu") ||
                     server->capabilities == QLatin1String("LsfxCIvu"),
                 qPrintable(server->capabilities));
    } else {
        QVERIFY(!server->capabilitiesGiven);
    }
    if (request.role == ServerRole::Receiver)
        QCOMPARE(serverArguments(server->options, request), logical);

    // Field checks for what the letters carry.
    const TransferOptions& s = server->options;
    QCOMPARE(s.recursive, options.recursive);
    QCOMPARE(s.links, options.links);
    QCOMPARE(s.perms, options.perms);
    QCOMPARE(s.times, options.times);
    QCOMPARE(s.owner, options.owner);
    QCOMPARE(s.group, options.group);
    QCOMPARE(s.devices, options.devices);
    QCOMPARE(s.verbose, options.verbose);
    QCOMPARE(s.dryRun, options.dryRun);
    QCOMPARE(s.hardLinks, options.hardLinks);
    QCOMPARE(s.sparse, options.sparse);
    QCOMPARE(s.protectArgs, options.protectArgs);
}

void TestServerArgs::parsesAnyLetterOrder()
{
    const auto a =
        parseServerArguments({"--server", "-rtplogD", "-e.iLsfxCIvu", "--delete", ".", "/d/"});
    QVERIFY_RESULT(a);
    QVERIFY(a->options.recursive && a->options.times && a->options.perms && a->options.links);
    QVERIFY(a->options.owner && a->options.group && a->options.devices && a->options.specials);
    QCOMPARE(a->capabilities, QStringLiteral("iLsfxCIvu"));
    QCOMPARE(int(a->options.deleteMode), int(TransferOptions::DeleteMode::During));
    QVERIFY(a->options.deleteWhenDefault);
    QCOMPARE(a->role, ServerRole::Receiver);

    const auto b =
        parseServerArguments({"--server", "--sender", "-vvnre.LsfxCIvu", ".", "/a", "/b c"});
    QVERIFY_RESULT(b);
    QCOMPARE(b->role, ServerRole::Sender);
    QCOMPARE(b->options.verbose, 2);
    QVERIFY(b->options.dryRun);
    QVERIFY(!b->capabilities.contains(QLatin1Char('i')));
    QCOMPARE(b->paths, (QStringList{"/a", "/b c"}));

    const auto s = parseServerArguments({"--server", "-slogDtpre.iLsfxCIvu"});
    QVERIFY_RESULT(s);
    QVERIFY(s->secludedArgsFollow);
}

void TestServerArgs::parsesPreReleaseCapabilities()
{
    const auto a = parseServerArguments({"--server", "-re32.7iLsf", ".", "/d"});
    QVERIFY_RESULT(a);
    QCOMPARE(a->clientSubprotocol, QStringLiteral("32.7"));
    QCOMPARE(a->capabilities, QStringLiteral("iLsf"));
}

void TestServerArgs::refusesBadServerArgv_data()
{
    QTest::addColumn<QStringList>("argv");
    QTest::addColumn<QString>("message");
    QTest::newRow("no --server") << QStringList{"-r", ".", "/d"}
                                 << "--server is missing from the server arguments";
    QTest::newRow("unknown option")
        << QStringList{"--server", "--bogus", ".", "/d"} << "--bogus: unknown option";
    QTest::newRow("unsupported option")
        << QStringList{"--server", "-rA", ".", "/d"} << "--acls is not supported yet";
    QTest::newRow("no dot") << QStringList{"--server", "-r", "/d"}
                            << "the server arguments lack the \".\" before the paths";
    QTest::newRow("bad capabilities")
        << QStringList{"--server", "-rex", ".", "/d"} << "invalid capability string \"-ex\"";
}

void TestServerArgs::refusesBadServerArgv()
{
    QFETCH(QStringList, argv);
    QFETCH(QString, message);
    const auto parsed = parseServerArguments(argv);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().message, message);
    QCOMPARE(parsed.error().code, ExitCode::Syntax);
}

void TestServerArgs::escapesLikeSafeArg_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("isPath");
    QTest::addColumn<QString>("escaped");
    QTest::newRow("value space dollar") << "/b k$x" << false << "/b\\ k\\$x";
    QTest::newRow("value wildcard") << "*.o" << false << "\\*.o";
    QTest::newRow("path keeps wildcard") << "/s/*.o" << true << "/s/*.o";
    QTest::newRow("path escaped wildcard kept") << "/s/\\*" << true << "/s/\\*";
    QTest::newRow("path backslash doubled") << "/a\\b" << true << "/a\\\\b";
    QTest::newRow("path leading dash") << "-v" << true << "./-v";
    QTest::newRow("path quotes") << "it's \"x\"" << true << "it\\'s\\ \\\"x\\\"";
}

void TestServerArgs::escapesLikeSafeArg()
{
    QFETCH(QString, text);
    QFETCH(bool, isPath);
    QFETCH(QString, escaped);
    QCOMPARE(shellEscape(text, isPath), escaped);
}

QTEST_GUILESS_MAIN(TestServerArgs)
#include "tst_serverargs.moc"
