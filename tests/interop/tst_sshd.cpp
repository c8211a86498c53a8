// Remote shell over a real OpenSSH sshd on 127.0.0.1 (issue 4 acceptance:
// "at least one push and one pull run over a real OpenSSH sshd with host
// and user keys generated into a temp dir, started by the test and stopped
// by its PID"). SshdFixture owns the server; rsync's -e is its ssh command.
//
// Stock <-> stock rows prove the fixture and are the references; the
// qrsync rows (qrsync client -> stock server, stock client -> qrsync
// server) must match them stage by stage (stagedsync.h).

#include "processrunner.h"
#include "remotesync.h"
#include "sshdfixture.h"
#include "stagedsync.h"

#include <QFile>
#include <QHash>
#include <QTemporaryDir>
#include <QTest>

using namespace qrsync::test;

namespace {

constexpr qint64 kBigFileSize = 1600000;
const QStringList kOptions = {QStringLiteral("-a"), QStringLiteral("-H"),
                              QStringLiteral("--delete")};

} // namespace

Q_DECLARE_METATYPE(Direction)

class TestSshd : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sshLogin();
    void transfer_data();
    void transfer();

private:
    RemoteSync over(const QString& client, const QString& server, Direction d) const;
    QList<SyncOutcome> runInTempDir(const RemoteSync& how);

    SshdFixture m_sshd;
    QTemporaryDir m_tmp;
    SourceStates m_sources;
    QString m_rsync;
    QString m_qrsync;
    QHash<int, QList<SyncOutcome>> m_references; // by Direction
};

void TestSshd::initTestCase()
{
    m_rsync = stockRsync();
    m_qrsync = qrsyncUnderTest();
    QVERIFY2(QFile::exists(m_rsync), "stock rsync is needed (scripts/install-deps.sh installs it)");
    QVERIFY2(QFile::exists(m_qrsync), "build qrsync first");
    const QString error = m_sshd.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(m_tmp.isValid());
    m_sources = buildSourceStates(QFile::encodeName(m_tmp.path()), kBigFileSize);
}

// The fixture alone: key login as root, a command run by the login shell.
void TestSshd::sshLogin()
{
    const RunResult r =
        runProcess(QStringLiteral("/usr/bin/ssh"),
                   m_sshd.sshArguments() << m_sshd.host() << QStringLiteral("echo ssh-ok"),
                   QProcessEnvironment::systemEnvironment(), 30000);
    QVERIFY2(r.exitCode == 0 && r.out == "ssh-ok\n",
             qPrintable(r.describe() + QStringLiteral("\nsshd log:\n") +
                        QString::fromLocal8Bit(m_sshd.log())));
}

RemoteSync TestSshd::over(const QString& client, const QString& server, Direction d) const
{
    RemoteSync how;
    how.client = client;
    how.serverPath = server;
    how.rsh = m_sshd.sshCommand();
    how.host = m_sshd.host();
    how.direction = d;
    how.options = kOptions;
    how.env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    return how;
}

QList<SyncOutcome> TestSshd::runInTempDir(const RemoteSync& how)
{
    QTemporaryDir dst;
    if (!dst.isValid())
        return {};
    return runStages(how, m_sources, QFile::encodeName(dst.path()) + "/dst");
}

void TestSshd::transfer_data()
{
    QTest::addColumn<QString>("client");
    QTest::addColumn<QString>("server"); // --rsync-path
    QTest::addColumn<Direction>("direction");
    // Stock rows first: they record the references the others compare with.
    const struct
    {
        const char* tag;
        QString client;
        QString server;
    } roles[] = {{"stock", m_rsync, m_rsync},
                 {"qrsync-client", m_qrsync, m_rsync},
                 {"qrsync-server", m_rsync, m_qrsync}};
    for (const auto& role : roles) {
        QTest::newRow(qPrintable(QStringLiteral("%1/push").arg(QLatin1String(role.tag))))
            << role.client << role.server << Direction::Push;
        QTest::newRow(qPrintable(QStringLiteral("%1/pull").arg(QLatin1String(role.tag))))
            << role.client << role.server << Direction::Pull;
    }
}

void TestSshd::transfer()
{
    QFETCH(QString, client);
    QFETCH(QString, server);
    QFETCH(Direction, direction);
    QVERIFY2(m_sshd.isRunning(), m_sshd.log().constData());

    const int key = int(direction);
    if (!m_references.contains(key)) {
        const QList<SyncOutcome> reference = runInTempDir(over(m_rsync, m_rsync, direction));
        const QStringList problems = checkReference(reference, m_sources);
        QVERIFY2(problems.isEmpty(),
                 qPrintable(QStringLiteral("stock <-> stock over sshd:\n") +
                            problems.join(QLatin1Char('\n')) + QStringLiteral("\nsshd log:\n") +
                            QString::fromLocal8Bit(m_sshd.log())));
        m_references.insert(key, reference);
    }
    if (client == m_rsync && server == m_rsync)
        return; // the reference run above was this row's test

    const RemoteSync how = over(client, server, direction);
    const QStringList problems = compareStages(m_references.value(key), runInTempDir(how));
    // The command of the first run, to reproduce by hand.
    const QString command = commandLine(client, remoteSyncArguments(how, m_sources.initial, "DST"));
    QVERIFY2(problems.isEmpty(),
             qPrintable(command + QLatin1Char('\n') + problems.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestSshd)
#include "tst_sshd.moc"
