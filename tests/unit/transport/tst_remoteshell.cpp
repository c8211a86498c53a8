// The remote-shell command line (rsync main.c do_cmd): -e split as stock
// splits it, the argv built around it, and a child process channel that
// carries bytes both ways and reports the child's exit status.

#include "transport/childprocess.h"
#include "transport/remoteshell.h"

#include <QTest>

#include <unistd.h>

using namespace qrsync::transport;

class TestRemoteShell : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void splits_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QStringList>("words");
        QTest::newRow("plain") << "ssh" << QStringList{"ssh"};
        QTest::newRow("spaces") << "  ssh  -p 22 " << QStringList{"ssh", "-p", "22"};
        QTest::newRow("single quotes") << "ssh -o 'ProxyCommand nc %h %p'"
                                       << QStringList{"ssh", "-o", "ProxyCommand nc %h %p"};
        QTest::newRow("double quotes") << "ssh -i \"my key\"" << QStringList{"ssh", "-i", "my key"};
        QTest::newRow("doubled quote") << "a 'it''s'" << QStringList{"a", "it's"};
        QTest::newRow("quote inside word") << "a b'c d'e" << QStringList{"a", "bc de"};
    }

    void splits()
    {
        QFETCH(QString, command);
        const auto words = splitRemoteShellCommand(command);
        QVERIFY(words.has_value());
        QTEST(*words, "words");
    }

    void unterminatedQuote()
    {
        const auto words = splitRemoteShellCommand(QStringLiteral("ssh -o 'x"));
        QVERIFY(!words);
        QCOMPARE(words.error().code, qrsync::ExitCode::Syntax);
        QCOMPARE(words.error().message,
                 QStringLiteral("Missing trailing-' in remote-shell command."));
    }

    void argvOrder()
    {
        RemoteShellTarget t;
        t.user = QStringLiteral("me");
        t.host = QStringLiteral("::1");
        t.rsyncPath = QStringLiteral("/opt/rsync --x");
        QCOMPARE(
            remoteShellArgv({"ssh", "-p", "2"}, t, {"--server", "."}),
            (QStringList{"ssh", "-p", "2", "-l", "me", "::1", "/opt/rsync --x", "--server", "."}));
        t.user.clear();
        QCOMPARE(remoteShellArgv({"rsh"}, t, {}), (QStringList{"rsh", "::1", "/opt/rsync --x"}));
    }

    void childEchoesAndExits()
    {
        // cat answers what we write; closing our end ends it with status 0.
        auto child = ChildProcess::spawn({QStringLiteral("cat")});
        QVERIFY(child.has_value());
        QCOMPARE(::write(child->fd(), "ping", 4), ssize_t(4));
        char buf[4];
        QCOMPARE(::read(child->fd(), buf, 4), ssize_t(4));
        QCOMPARE(QByteArray(buf, 4), QByteArray("ping"));
        child->closeChannel();
        QCOMPARE(child->wait(), 0);
    }

    void childExitStatus()
    {
        auto child = ChildProcess::spawn({"sh", "-c", "exit 255"});
        QVERIFY(child.has_value());
        QCOMPARE(child->wait(), 255);
        auto killed = ChildProcess::spawn({"sleep", "30"});
        QVERIFY(killed.has_value());
        QVERIFY(!killed->exitCodeWithin(50).has_value());
        killed->terminate();
        QCOMPARE(killed->wait(), int(qrsync::ExitCode::Terminated));
    }

    void missingProgram()
    {
        auto child = ChildProcess::spawn({QStringLiteral("/nonexistent/rsh")});
        QVERIFY(!child);
        // rsync pipe.c: "Failed to exec ...", exit 14 (RERR_IPC).
        QCOMPARE(child.error().code, qrsync::ExitCode::Ipc);
        QCOMPARE(child.error().message,
                 QStringLiteral("[sender] Failed to exec /nonexistent/rsh: No such file or "
                                "directory (2)"));
    }
};

QTEST_APPLESS_MAIN(TestRemoteShell)
#include "tst_remoteshell.moc"
