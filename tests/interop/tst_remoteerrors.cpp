// Remote-shell failures (issue 4, deliverable 4), each against a server
// written to misbehave (tests/tools/evilsender) or a stock server asked for
// something that fails, with qrsync and stock rsync 3.5.0 as the client:
//   - a peer that closes early: after the handshake, in the middle of the
//     file list, in the middle of a file's data (exit 12, like stock);
//   - a server that only speaks protocol 29 (refused: exit 2, a clear
//     message; stock still speaks 29, so there is no stock row);
//   - a garbage stream after the version (a protocol error, no crash);
//   - a remote error relayed with its text (stock `rsync --server` asked
//     for a missing path: link_stat ... failed, exit 23 as stock <-> stock);
//   - a half-written file never lands under its final name when the peer
//     dies in the middle of it, nor when its checksum never verifies.

#include "processrunner.h"
#include "remotesync.h"
#include "treebuilder.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace qrsync::test;

namespace {

QString evilSender()
{
    return QCoreApplication::applicationDirPath() + QStringLiteral("/qrsync-evilsender");
}

QStringList entriesOf(const QByteArray& dir)
{
    return QDir(QFile::decodeName(dir))
        .entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                   QDir::Name);
}

} // namespace

class TestRemoteErrors : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void misbehavingServer_data();
    void misbehavingServer();
    void remoteErrorRelayed_data();
    void remoteErrorRelayed();

private:
    QString m_qrsync;
    QString m_stock;
};

void TestRemoteErrors::initTestCase()
{
    m_qrsync = qrsyncUnderTest();
    m_stock = stockRsync();
    QVERIFY2(QFile::exists(m_qrsync), "build qrsync first");
    QVERIFY2(QFile::exists(m_stock), "stock rsync is needed (scripts/install-deps.sh)");
    QVERIFY2(QFile::exists(evilSender()), "build qrsync-evilsender (tests/tools) first");
}

void TestRemoteErrors::misbehavingServer_data()
{
    QTest::addColumn<QString>("client");
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<int>("expectedExit");
    QTest::addColumn<QString>("message");
    // The destination's entries afterwards (hidden ones included).
    QTest::addColumn<QStringList>("destEntries");

    struct Row
    {
        const char* scenario;
        int exit;
        const char* message;
        int stockExit; // -1: no stock row
        const char* stockMessage;
        QStringList dest;
    };
    const QList<Row> rows = {
        // Early closes: stock's "connection unexpectedly closed (N bytes
        // received so far)" and exit 12 (RERR_STREAMIO), and nothing in
        // the destination.
        {"close-after-handshake",
         12,
         "connection unexpectedly closed \\(\\d+ bytes received",
         12,
         "connection unexpectedly closed \\(\\d+ bytes received",
         {}},
        {"close-mid-flist",
         12,
         "connection unexpectedly closed \\(\\d+ bytes received",
         12,
         "connection unexpectedly closed \\(\\d+ bytes received",
         {}},
        // 32 KiB of a 100000-byte file, then the server is gone: neither
        // "data" nor its temp file ".data.XXXXXX" may stay.
        {"close-mid-file",
         12,
         "connection unexpectedly closed \\(\\d+ bytes received",
         12,
         "connection unexpectedly closed \\(\\d+ bytes received",
         {}},
        // A fixed 4 KiB of noise where the compat flags belong: stock reads
        // on into the noise and stops at a frame it cannot take ("unexpected
        // tag"), as we do; both exit 12.
        {"garbage", 12, "unexpected tag", 12, "unexpected tag", {}},
        // Protocol 29 is below what qrsync speaks (30-32): refused at once
        // with the reason, exit 2. Stock still speaks 29 (no stock row).
        {"protocol-29", 2, "protocol 29 is older than the minimum supported \\(30\\)", -1, "", {}},
    };
    for (const Row& r : rows) {
        QTest::addRow("%s", r.scenario)
            << QStringLiteral("qrsync") << QString::fromLatin1(r.scenario) << r.exit
            << QString::fromLatin1(r.message) << r.dest;
        if (r.stockExit >= 0)
            QTest::addRow("%s-stock", r.scenario)
                << QStringLiteral("stock") << QString::fromLatin1(r.scenario) << r.stockExit
                << QString::fromLatin1(r.stockMessage) << r.dest;
    }
}

void TestRemoteErrors::misbehavingServer()
{
    QFETCH(QString, client);
    QFETCH(QString, scenario);
    QFETCH(int, expectedExit);
    QFETCH(QString, message);
    QFETCH(QStringList, destEntries);

    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QByteArray ws = QFile::encodeName(tmp.path());
    TreeBuilder src(ws + "/src");
    TreeBuilder dst(ws + "/dst");
    RemoteSync how;
    how.client = client == QLatin1String("stock") ? m_stock : m_qrsync;
    how.serverPath = evilSender() + QLatin1Char(' ') + scenario + QLatin1Char(' ') +
                     QFile::decodeName(ws + "/outside");
    how.rsh = loopbackRsh();
    how.direction = Direction::Pull;
    how.options = {QStringLiteral("-a")};
    how.timeoutMs = 20000;
    const RunResult run = runRemoteSync(how, ws + "/src", ws + "/dst");
    const QString shown =
        commandLine(how.client, remoteSyncArguments(how, ws + "/src", ws + "/dst"));
    QVERIFY2(!run.crashed && !run.timedOut, qPrintable(shown + QLatin1Char('\n') + run.describe()));
    QVERIFY2(run.exitCode == expectedExit, qPrintable(QStringLiteral("%1\nexpected exit %2, got %3")
                                                          .arg(shown)
                                                          .arg(expectedExit)
                                                          .arg(run.describe())));
    QVERIFY2(QRegularExpression(message).match(QString::fromUtf8(run.err)).hasMatch(),
             qPrintable(QStringLiteral("stderr lacks /%1/:\n%2").arg(message, run.err)));
    QCOMPARE(entriesOf(ws + "/dst"), destEntries);
}

void TestRemoteErrors::remoteErrorRelayed_data()
{
    QTest::addColumn<QString>("client");
    QTest::addColumn<QString>("source"); // below SRC
    QTest::addColumn<QString>("text");   // the server's line, %1 = SRC
    // flist.c send_file_name(): a source with a trailing slash is entered
    // (change_dir), one without is looked at (link_stat).
    const QString changeDir = QStringLiteral(
        "rsync: [sender] change_dir \"%1/nope\" failed: No such file or directory (2)");
    const QString linkStat = QStringLiteral(
        "rsync: [sender] link_stat \"%1/nope\" failed: No such file or directory (2)");
    for (const char* client : {"qrsync", "stock"}) {
        QTest::addRow("%s dir/", client)
            << QString::fromLatin1(client) << QStringLiteral("nope/") << changeDir;
        QTest::addRow("%s name", client)
            << QString::fromLatin1(client) << QStringLiteral("nope") << linkStat;
    }
}

void TestRemoteErrors::remoteErrorRelayed()
{
    // A pull of a missing path from stock `rsync --server --sender`: the
    // server's sender reports it, sends an empty list with io_error set
    // and exits (main.c do_server_sender). The client prints the server's
    // text, makes no destination (main.c client_run receives only a list
    // with entries) and exits 23. The `stock` rows are stock <-> stock.
    QFETCH(QString, client);
    QFETCH(QString, source);
    QFETCH(QString, text);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QByteArray ws = QFile::encodeName(tmp.path());
    TreeBuilder src(ws + "/src");
    src.file("present", "here\n");
    const QString program = client == QLatin1String("stock") ? m_stock : m_qrsync;
    const QStringList args{QStringLiteral("-a"),
                           QStringLiteral("-e"),
                           loopbackRsh(),
                           QStringLiteral("--rsync-path=") + m_stock,
                           QStringLiteral("localhost:") + QFile::decodeName(ws + "/src/") + source,
                           QFile::decodeName(ws + "/dst/")};
    const RunResult run =
        runProcess(program, args, QProcessEnvironment::systemEnvironment(), 20000);
    const QString shown = commandLine(program, args);
    QVERIFY2(!run.crashed && !run.timedOut, qPrintable(shown + QLatin1Char('\n') + run.describe()));
    QVERIFY2(run.exitCode == 23,
             qPrintable(shown + QStringLiteral("\nexpected exit 23, got ") + run.describe()));
    const QString want = text.arg(QFile::decodeName(ws + "/src"));
    QVERIFY2(QString::fromUtf8(run.err).contains(want),
             qPrintable(QStringLiteral("stderr lacks \"%1\":\n%2").arg(want, run.err)));
    QVERIFY2(!QFile::exists(QFile::decodeName(ws + "/dst")), "the destination was made");
    if (client == QLatin1String("qrsync")) {
        // Nothing but the server's line and the summary: no error of our
        // own about a closed connection.
        QVERIFY2(!run.err.contains("unexpectedly closed"), run.err.constData());
    }
}

QTEST_GUILESS_MAIN(TestRemoteErrors)
#include "tst_remoteerrors.moc"
