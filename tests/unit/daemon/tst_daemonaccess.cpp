// hosts allow/deny, refuse options, auth rules and secrets, connection
// slots, and mapping client paths into a module: the daemon's policy,
// without a socket.

#include "daemon/connectionlimit.h"
#include "daemon/daemonauth.h"
#include "daemon/daemonsession.h"
#include "daemon/hostaccess.h"
#include "daemon/refuseoptions.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace qrsync;
using namespace qrsync::daemon;

namespace {

ForwardLookup fakeDns()
{
    return [](const QString& name) -> QStringList {
        if (name == QLatin1String("trusted.example"))
            return {QStringLiteral("10.1.2.3")};
        return {};
    };
}

} // namespace

class TstDaemonAccess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hosts_data()
    {
        QTest::addColumn<QString>("allow");
        QTest::addColumn<QString>("deny");
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("admitted");
        QTest::newRow("no lists") << ""
                                  << ""
                                  << "1.2.3.4"
                                  << "h" << true;
        QTest::newRow("allow exact") << "1.2.3.4"
                                     << ""
                                     << "1.2.3.4"
                                     << "h" << true;
        QTest::newRow("allow list refuses the rest") << "1.2.3.4"
                                                     << ""
                                                     << "1.2.3.5"
                                                     << "h" << false;
        QTest::newRow("cidr") << "10.0.0.0/8"
                              << ""
                              << "10.200.1.1"
                              << "h" << true;
        QTest::newRow("cidr miss") << "10.0.0.0/8"
                                   << ""
                                   << "11.0.0.1"
                                   << "h" << false;
        QTest::newRow("dotted mask") << "192.168.0.0/255.255.0.0"
                                     << ""
                                     << "192.168.7.7"
                                     << "h" << true;
        QTest::newRow("ipv6") << "::1"
                              << ""
                              << "::1"
                              << "h" << true;
        QTest::newRow("ipv6 net") << "fd00::/8"
                                  << ""
                                  << "fd12::5"
                                  << "h" << true;
        QTest::newRow("v4-mapped peer") << "127.0.0.0/8"
                                        << ""
                                        << "::ffff:127.0.0.1"
                                        << "h" << true;
        QTest::newRow("name wildcard") << "*.example.org"
                                       << ""
                                       << "5.5.5.5"
                                       << "pc.example.org" << true;
        QTest::newRow("name case") << "PC.Example.org"
                                   << ""
                                   << "5.5.5.5"
                                   << "pc.example.org" << true;
        QTest::newRow("forward dns") << "trusted.example"
                                     << ""
                                     << "10.1.2.3"
                                     << "UNKNOWN" << true;
        QTest::newRow("deny") << ""
                              << "127.0.0.0/8"
                              << "127.0.0.1"
                              << "localhost" << false;
        QTest::newRow("deny other") << ""
                                    << "127.0.0.0/8"
                                    << "10.0.0.1"
                                    << "h" << true;
        QTest::newRow("allow wins over deny") << "127.0.0.1"
                                              << "127.0.0.0/8"
                                              << "127.0.0.1"
                                              << "h" << true;
        QTest::newRow("both, neither matches") << "1.1.1.1"
                                               << "2.2.2.2"
                                               << "3.3.3.3"
                                               << "h" << true;
        QTest::newRow("unresolvable deny name fails closed") << ""
                                                             << "gone.example"
                                                             << "3.3.3.3"
                                                             << "h" << false;
        QTest::newRow("unresolvable allow name") << "gone.example"
                                                 << ""
                                                 << "3.3.3.3"
                                                 << "h" << false;
    }

    void hosts()
    {
        QFETCH(QString, allow);
        QFETCH(QString, deny);
        QFETCH(QString, address);
        QFETCH(QString, host);
        QFETCH(bool, admitted);
        QCOMPARE(allowAccess(allow.split(' ', Qt::SkipEmptyParts),
                             deny.split(' ', Qt::SkipEmptyParts), address, host, fakeDns()),
                 admitted);
    }

    void forwardLookupOff()
    {
        // forward lookup = no: a configured name is only matched against
        // the reverse name, never resolved.
        const QStringList allow = {QStringLiteral("trusted.example")};
        QVERIFY(allowAccess(allow, {}, QStringLiteral("10.1.2.3"), QStringLiteral("UNKNOWN"),
                            fakeDns()));
        QVERIFY(!allowAccess(allow, {}, QStringLiteral("10.1.2.3"), QStringLiteral("UNKNOWN"), {}));
        // ... and an unresolvable deny name no longer matches everyone.
        QVERIFY(allowAccess({}, {QStringLiteral("gone.example")}, QStringLiteral("3.3.3.3"),
                            QStringLiteral("UNDETERMINED"), {}));
    }

    void refuse_data()
    {
        QTest::addColumn<QString>("refuse");
        QTest::addColumn<QString>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("none") << ""
                              << "--server --sender -logDtpre.iLsfxCIvu . m/"
                              << "";
        QTest::newRow("long") << "delete"
                              << "--server -re.iLsfxCIvu --delete-during . m/"
                              << "";
        QTest::newRow("long used") << "delete"
                                   << "--server -re.iLsfxCIvu --delete . m/"
                                   << "The server is configured to refuse --delete";
        QTest::newRow("short letter") << "c"
                                      << "--server --sender -rce.iLsfxCIvu . m/"
                                      << "The server is configured to refuse --checksum (-c)";
        QTest::newRow("wildcard") << "delete*"
                                  << "--server -re.iLsfxCIvu --delete-during . m/"
                                  << "The server is configured to refuse --delete-during";
        QTest::newRow("capabilities are not options") << "s"
                                                      << "--server --sender -re.iLsfxCIvu . m/"
                                                      << "";
        QTest::newRow("archive") << "a"
                                 << "--server --sender -logDtpre.iLsfxCIvu . m/"
                                 << "The server is configured to refuse --links (-l)";
        QTest::newRow("negated")
            << "* !links !owner !group !devices !specials !times !perms !recursive "
               "!dry-run !D"
            << "--server --sender -logDtpre.iLsfxCIvu . m/"
            << "";
        QTest::newRow("log-file always") << ""
                                         << "--server --log-file=/tmp/x . m/"
                                         << "The server is configured to refuse --log-file";
        QTest::newRow("path arguments are not options") << "delete"
                                                        << "--server --sender -r . m/--delete"
                                                        << "";
    }

    void refuse()
    {
        QFETCH(QString, refuse);
        QFETCH(QString, args);
        QFETCH(QString, message);
        const auto r = refusedOption(refuse.split(' ', Qt::SkipEmptyParts), args.split(' '));
        QCOMPARE(r.value_or(QString()), message);
    }

    void authRules()
    {
        QTemporaryDir dir;
        const QString secrets = dir.filePath(QStringLiteral("secrets"));
        QFile f(secrets);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# comment\nalice:wonder\nbob:builder\n@root:groupsecret\n");
        f.close();
        ::chmod(QFile::encodeName(secrets).constData(), 0600);
        ModuleConfig m;
        m.name = QStringLiteral("m");
        m.secretsFile = secrets;
        m.authUsers = {{QStringLiteral("alice"), false, AuthUser::Access::ReadWrite},
                       {QStringLiteral("bob"), false, AuthUser::Access::Deny},
                       {QStringLiteral("root"), true, AuthUser::Access::ReadOnly}};
        const auto digest = protocol::AuthDigest::Sha256;
        const QByteArray challenge = makeChallenge(digest, QStringLiteral("127.0.0.1"));
        QVERIFY(challenge.size() >= 40);
        QVERIFY(challenge != makeChallenge(digest, QStringLiteral("127.0.0.1")));
        auto reply = [&](const char* user, const char* password) -> QByteArray {
            return QByteArray(user) + ' ' + protocol::authResponse(digest, password, challenge);
        };

        AuthOutcome ok = checkAuthReply(m, digest, challenge, reply("alice", "wonder"));
        QVERIFY(ok.ok);
        QCOMPARE(ok.readOnly, std::optional<bool>(false));
        AuthOutcome wrong = checkAuthReply(m, digest, challenge, reply("alice", "wrong"));
        QVERIFY(!wrong.ok);
        QCOMPARE(wrong.logReason, QStringLiteral("password mismatch"));
        AuthOutcome denied = checkAuthReply(m, digest, challenge, reply("bob", "builder"));
        QCOMPARE(denied.logReason, QStringLiteral("denied by rule"));
        AuthOutcome nobody = checkAuthReply(m, digest, challenge, reply("carol", "x"));
        QCOMPARE(nobody.logReason, QStringLiteral("no matching rule"));
        // root is in group root: the @root line applies, read only.
        AuthOutcome group = checkAuthReply(m, digest, challenge, reply("root", "groupsecret"));
        QVERIFY2(group.ok, qPrintable(group.logReason));
        QCOMPARE(group.readOnly, std::optional<bool>(true));
        QCOMPARE(checkAuthReply(m, digest, challenge, "alice").logReason,
                 QStringLiteral("invalid challenge response"));

        // strict modes: an other-readable secrets file is ignored.
        ::chmod(QFile::encodeName(secrets).constData(), 0604);
        QCOMPARE(checkAuthReply(m, digest, challenge, reply("alice", "wonder")).logReason,
                 QStringLiteral("ignoring secrets file"));
        m.strictModes = false;
        QVERIFY(checkAuthReply(m, digest, challenge, reply("alice", "wonder")).ok);
        // Never through a symlink.
        const QString link = dir.filePath(QStringLiteral("link"));
        QVERIFY(QFile::link(secrets, link));
        m.secretsFile = link;
        QCOMPARE(checkAuthReply(m, digest, challenge, reply("alice", "wonder")).logReason,
                 QStringLiteral("no secrets file"));
    }

    void connectionSlots()
    {
        QTemporaryDir dir;
        const QString lock = dir.filePath(QStringLiteral("lock"));
        ClaimResult a = claimConnection(lock, 2);
        QVERIFY(!a.failure);
        QVERIFY(a.slot.holdsLock());
        ClaimResult b = claimConnection(lock, 2);
        QVERIFY(!b.failure);
        ClaimResult c = claimConnection(lock, 2);
        QCOMPARE(c.failure, std::optional<ClaimFailure>(ClaimFailure::Full));
        b = ClaimResult{}; // releases its slot
        ClaimResult d = claimConnection(lock, 2);
        QVERIFY(!d.failure);
        QVERIFY(!claimConnection(lock, 0).failure); // unlimited
        QCOMPARE(claimConnection(dir.filePath(QStringLiteral("no/such/lock")), 1).failure,
                 std::optional<ClaimFailure>(ClaimFailure::LockFileError));
    }

    void paths_data()
    {
        QTest::addColumn<QString>("arg");
        QTest::addColumn<QString>("mapped");
        QTest::newRow("module") << "m"
                                << "/srv/m/"; // "." of the module, as stock
        QTest::newRow("module slash") << "m/"
                                      << "/srv/m/";
        QTest::newRow("sub") << "m/a/b"
                             << "/srv/m/a/b";
        QTest::newRow("sub slash") << "m/a/"
                                   << "/srv/m/a/";
        QTest::newRow("dotdot") << "m/../../etc/passwd"
                                << "/srv/m/etc/passwd";
        QTest::newRow("inner dotdot") << "m/a/../b"
                                      << "/srv/m/b";
        QTest::newRow("absolute") << "m//etc"
                                  << "/srv/m/etc";
        QTest::newRow("dots") << "m/./a/."
                              << "/srv/m/a";
    }

    void paths()
    {
        QFETCH(QString, arg);
        QFETCH(QString, mapped);
        QCOMPARE(mapModulePath(arg, QStringLiteral("m"), QStringLiteral("/srv/m/")), mapped);
    }

    void staysInsideFollowsSymlinks()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("mod"));
        QDir().mkpath(root + QStringLiteral("/in"));
        QDir().mkpath(dir.filePath(QStringLiteral("out")));
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("out")), root + QStringLiteral("/esc")));
        QVERIFY(QFile::link(root + QStringLiteral("/in"), root + QStringLiteral("/inner")));
        QVERIFY(staysInside(root, root));
        QVERIFY(staysInside(root, root + QStringLiteral("/in/new/file")));
        QVERIFY(staysInside(root, root + QStringLiteral("/inner")));
        QVERIFY(!staysInside(root, root + QStringLiteral("/esc")));
        QVERIFY(!staysInside(root, root + QStringLiteral("/esc/new")));
    }
};

QTEST_GUILESS_MAIN(TstDaemonAccess)
#include "tst_daemonaccess.moc"
