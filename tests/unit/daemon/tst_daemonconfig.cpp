// rsyncd.conf parsing: stock's syntax (loadparm.c / params.c), qrsync's
// refusal of anything it does not implement, with file and line.

#include "daemon/daemonconfig.h"

#include <QTest>

using namespace qrsync;
using namespace qrsync::daemon;

class TstDaemonConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void globalsAndModules()
    {
        const QByteArray text = "# a comment\n"
                                "; another\n"
                                "pid file = /tmp/x.pid\n"
                                "Read Only = no\n"
                                "timeout = 30\n"
                                "async = no\n"
                                "\n"
                                "[pub]\n"
                                "  path = /srv/pub\n"
                                "  comment = public files\n"
                                "  readonly = yes\n"
                                "  hosts allow = 127.0.0.1, 10.0.0.0/8 \\\n"
                                "     host.example\n"
                                "[priv]\n"
                                "path=/srv/priv\n"
                                "auth users = alice, @staff:ro, bob:deny, carol:rw\n"
                                "list = false\n"
                                "use chroot = 0\n";
        auto c = parseDaemonConfig(text, QStringLiteral("t.conf"));
        QVERIFY2(c, qPrintable(c ? QString() : c.error().message));
        QCOMPARE(c->pidFile, QStringLiteral("/tmp/x.pid"));
        QCOMPARE(c->async, false);
        QCOMPARE(c->modules.size(), size_t(2));
        const ModuleConfig* pub = c->module(QStringLiteral("pub"));
        QVERIFY(pub);
        QCOMPARE(pub->path, QStringLiteral("/srv/pub"));
        QCOMPARE(pub->comment, QStringLiteral("public files"));
        QCOMPARE(pub->readOnly, true);
        QCOMPARE(pub->timeout, 30); // from the global section
        QCOMPARE(pub->hostsAllow, QStringList({"127.0.0.1", "10.0.0.0/8", "host.example"}));
        QCOMPARE(pub->line, 8);
        const ModuleConfig* priv = c->module(QStringLiteral("priv"));
        QVERIFY(priv);
        QCOMPARE(priv->readOnly, false); // global default
        QCOMPARE(priv->list, false);
        QCOMPARE(priv->useChroot, std::optional<bool>(false));
        QCOMPARE(priv->authUsers.size(), size_t(4));
        QCOMPARE(priv->authUsers[1].name, QStringLiteral("staff"));
        QVERIFY(priv->authUsers[1].isGroup);
        QCOMPARE(priv->authUsers[1].access, AuthUser::Access::ReadOnly);
        QCOMPARE(priv->authUsers[2].access, AuthUser::Access::Deny);
        QCOMPARE(priv->authUsers[3].access, AuthUser::Access::ReadWrite);
        QCOMPARE(priv->authUsers[0].access, AuthUser::Access::Default);
    }

    void refusals_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown") << QByteArray("[m]\npath = /x\nfrobnicate = 1\n")
                                 << QStringLiteral("c.conf:3: unknown parameter \"frobnicate\"");
        QTest::newRow("not yet")
            << QByteArray("[m]\n\npath = /x\nexclude = *.o\n")
            << QStringLiteral("c.conf:4: parameter \"exclude\" is not supported yet by qrsync");
        QTest::newRow("bad bool") << QByteArray("list = maybe\n")
                                  << QStringLiteral(
                                         "c.conf:1: badly formed boolean for \"list\": \"maybe\"");
        QTest::newRow("global in module")
            << QByteArray("[m]\npid file = /x\n")
            << QStringLiteral("c.conf:2: global parameter \"pid file\" found in module section");
        QTest::newRow("include") << QByteArray("&include /etc/rsyncd.d\n")
                                 << QStringLiteral(
                                        "c.conf:1: the &include directive is not supported yet");
        QTest::newRow("no equals") << QByteArray("[m]\npath /x\n")
                                   << QStringLiteral("c.conf:2: badly formed line: path /x");
        QTest::newRow("twice") << QByteArray("[m]\n[m]\n")
                               << QStringLiteral(
                                      "c.conf:2: module [m] is defined twice (first at line 1)");
        QTest::newRow("bad access")
            << QByteArray("[m]\nauth users = a:rx\n")
            << QStringLiteral("c.conf:2: auth users: unknown access \"rx\" for a "
                              "(use ro, rw or deny)");
        QTest::newRow("continued") << QByteArray("[m]\ncomment = a \\\n b\nbogus = 1\n")
                                   << QStringLiteral("c.conf:4: unknown parameter \"bogus\"");
    }

    void refusals()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        auto c = parseDaemonConfig(text, QStringLiteral("c.conf"));
        QVERIFY(!c);
        QCOMPARE(c.error().message, message);
        QCOMPARE(c.error().code, ExitCode::Syntax);
    }

    void booleans()
    {
        for (const char* t : {"yes", "TRUE", "1", "Yes"})
            QCOMPARE(parseConfigBool(QString::fromLatin1(t)), std::optional<bool>(true));
        for (const char* t : {"no", "False", "0"})
            QCOMPARE(parseConfigBool(QString::fromLatin1(t)), std::optional<bool>(false));
        QCOMPARE(parseConfigBool(QStringLiteral("2")), std::nullopt);
    }

    void dparamsOverrideTheGlobalSection()
    {
        const QByteArray text = "timeout = 5\n[m]\npath = /x\n[n]\npath = /y\ntimeout = 9\n";
        auto c = parseDaemonConfig(text, QStringLiteral("c.conf"),
                                   {QStringLiteral("timeout=7"), QStringLiteral("async = no")});
        QVERIFY(c);
        QCOMPARE(c->module(QStringLiteral("m"))->timeout, 7);
        QCOMPARE(c->module(QStringLiteral("n"))->timeout, 9);
        QCOMPARE(c->async, false);
        auto bad = parseDaemonConfig(text, QStringLiteral("c.conf"), {QStringLiteral("nosuch=1")});
        QVERIFY(!bad);
        QCOMPARE(bad.error().message, QStringLiteral("--dparam: unknown parameter \"nosuch\""));
    }

    void missingFile()
    {
        auto c = loadDaemonConfig(QStringLiteral("/nonexistent/rsyncd.conf"));
        QVERIFY(!c);
        QVERIFY(c.error().message.startsWith(
            QStringLiteral("Failed to parse config file: /nonexistent/rsyncd.conf")));
    }
};

QTEST_GUILESS_MAIN(TstDaemonConfig)
#include "tst_daemonconfig.moc"
