// Finding a host's line in known_hosts for the built-in SSH client's
// messages: plain names, "[host]:port", comma lists, wildcards, negation,
// markers and OpenSSH's hashed entries (made here by ssh-keygen -H).

#include "transport/knownhosts.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace qrsync::transport;

namespace {

const QByteArray kKey = "AAAAC3NzaC1lZDI1NTE5AAAAIOkVxIE7OOwZBOiE8zWJaAFVxn0tuwmpu3hKOwVLPDS+";

QString writeHosts(const QTemporaryDir& dir, const QByteArray& text)
{
    const QString path = dir.filePath(QStringLiteral("known_hosts"));
    QFile f(path);
    f.open(QIODevice::WriteOnly | QIODevice::Truncate);
    f.write(text);
    return path;
}

} // namespace

class TestKnownHosts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void names()
    {
        QCOMPARE(knownHostsName(QStringLiteral("h"), 22), QStringLiteral("h"));
        QCOMPARE(knownHostsName(QStringLiteral("h"), 0), QStringLiteral("h"));
        QCOMPARE(knownHostsName(QStringLiteral("127.0.0.1"), 2222),
                 QStringLiteral("[127.0.0.1]:2222"));
    }

    void plain_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("line"); // 0: none
        QTest::newRow("exact") << "alpha" << 2;
        QTest::newRow("case") << "ALPHA" << 2;
        QTest::newRow("list member") << "beta" << 3;
        QTest::newRow("port form") << "[10.0.0.1]:2222" << 4;
        QTest::newRow("port form is not the bare host") << "10.0.0.1" << 0;
        QTest::newRow("wildcard") << "web7.example" << 5;
        QTest::newRow("negated") << "web9.example" << 0;
        QTest::newRow("marker") << "gamma" << 6;
        QTest::newRow("unknown") << "delta" << 0;
    }

    void plain()
    {
        QFETCH(QString, name);
        QFETCH(int, line);
        QTemporaryDir dir;
        const QString file = writeHosts(dir, "# comment\n"
                                             "alpha ssh-ed25519 " +
                                                 kKey +
                                                 "\n"
                                                 "gamma2,beta ssh-ed25519 " +
                                                 kKey +
                                                 "\n"
                                                 "[10.0.0.1]:2222 ssh-ed25519 " +
                                                 kKey +
                                                 "\n"
                                                 "web?.example,!web9.example ssh-ed25519 " +
                                                 kKey +
                                                 "\n"
                                                 "@cert-authority gamma ssh-ed25519 " +
                                                 kKey + "\n");
        const auto found = findKnownHost(file, name);
        QCOMPARE(found ? found->number : 0, line);
    }

    void prefersKeyType()
    {
        QTemporaryDir dir;
        const QString file = writeHosts(dir, "h ssh-rsa AAAA\nh ssh-ed25519 " + kKey + "\n");
        QCOMPARE(findKnownHost(file, QStringLiteral("h"))->number, 1);
        QCOMPARE(findKnownHost(file, QStringLiteral("h"), QStringLiteral("ssh-ed25519"))->number,
                 2);
        // No line of that type: the first match still names the host.
        QCOMPARE(
            findKnownHost(file, QStringLiteral("h"), QStringLiteral("ecdsa-sha2-nistp256"))->number,
            1);
    }

    void hashed()
    {
        QTemporaryDir dir;
        const QString file = writeHosts(dir, "other ssh-ed25519 " + kKey +
                                                 "\n[127.0.0.1]:2222 ssh-ed25519 " + kKey + "\n");
        QProcess keygen;
        keygen.start(QStringLiteral("/usr/bin/ssh-keygen"),
                     {QStringLiteral("-H"), QStringLiteral("-f"), file});
        QVERIFY(keygen.waitForFinished(30000));
        QCOMPARE(keygen.exitCode(), 0);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY2(text.startsWith("|1|") && !text.contains("127.0.0.1"), text.constData());
        QCOMPARE(findKnownHost(file, QStringLiteral("[127.0.0.1]:2222"))->number, 2);
        QCOMPARE(findKnownHost(file, QStringLiteral("other"))->number, 1);
        QVERIFY(!findKnownHost(file, QStringLiteral("127.0.0.1")));
    }

    void missingFile()
    {
        QVERIFY(!findKnownHost(QStringLiteral("/nonexistent/known_hosts"), QStringLiteral("h")));
    }
};

QTEST_GUILESS_MAIN(TestKnownHosts)
#include "tst_knownhosts.moc"
