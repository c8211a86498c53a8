// Which arguments name another machine, and how (rsync main.c
// check_for_hostspec): the forms users type, and the look-alikes that must
// stay local paths.

#include "options/remotelocation.h"

#include <QTest>

using qrsync::options::Location;
using qrsync::options::parseLocation;

Q_DECLARE_METATYPE(Location::Kind)

class TestRemoteLocation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data()
    {
        QTest::addColumn<QString>("argument");
        QTest::addColumn<Location::Kind>("kind");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("path");
        using K = Location::Kind;
        QTest::newRow("local") << "dir/file" << K::Local << ""
                               << "" << 0 << "";
        QTest::newRow("slash before colon") << "./a:b" << K::Local << ""
                                            << "" << 0 << "";
        QTest::newRow("absolute with colon") << "/tmp/a:b" << K::Local << ""
                                             << "" << 0 << "";
        QTest::newRow("leading colon") << ":path" << K::Local << ""
                                       << "" << 0 << "";
        QTest::newRow("host") << "host:dir/f" << K::RemoteShell << ""
                              << "host" << 0 << "dir/f";
        QTest::newRow("user@host") << "me@host:/abs" << K::RemoteShell << "me"
                                   << "host" << 0 << "/abs";
        QTest::newRow("home") << "host:" << K::RemoteShell << ""
                              << "host" << 0 << "";
        QTest::newRow("ipv6") << "[::1]:/d" << K::RemoteShell << ""
                              << "::1" << 0 << "/d";
        QTest::newRow("user@ipv6") << "u@[fe80::1]:x" << K::RemoteShell << "u"
                                   << "fe80::1" << 0 << "x";
        QTest::newRow("colon in path") << "host:a:b" << K::RemoteShell << ""
                                       << "host" << 0 << "a:b";
        QTest::newRow("daemon") << "host::mod/p" << K::Daemon << ""
                                << "host" << 0 << "mod/p";
        QTest::newRow("url") << "rsync://u@h:8730/mod/p" << K::Daemon << "u"
                             << "h" << 8730 << "mod/p";
        QTest::newRow("url ipv6") << "rsync://[::1]:873/m" << K::Daemon << ""
                                  << "::1" << 873 << "m";
        QTest::newRow("url no path") << "rsync://h" << K::Daemon << ""
                                     << "h" << 0 << "";
    }

    void parses()
    {
        QFETCH(QString, argument);
        QFETCH(Location::Kind, kind);
        const Location loc = parseLocation(argument);
        QCOMPARE(loc.kind, kind);
        if (kind == Location::Kind::Local)
            return;
        QTEST(loc.user, "user");
        QTEST(loc.host, "host");
        QTEST(loc.port, "port");
        QTEST(loc.path, "path");
    }

    // ssh:// addresses select the built-in SSH client (issue 6).
    void sshUrls_data()
    {
        QTest::addColumn<QString>("argument");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("path");
        QTest::newRow("absolute") << "ssh://h/srv/data"
                                  << ""
                                  << "h" << 0 << "/srv/data";
        QTest::newRow("user and port") << "ssh://me@h:2222/d/"
                                       << "me"
                                       << "h" << 2222 << "/d/";
        QTest::newRow("home relative") << "ssh://h/~/d"
                                       << ""
                                       << "h" << 0 << "~/d";
        QTest::newRow("no path") << "ssh://h"
                                 << ""
                                 << "h" << 0 << "";
        QTest::newRow("root") << "ssh://h/"
                              << ""
                              << "h" << 0 << "/";
        QTest::newRow("ipv6") << "ssh://[::1]:22/x"
                              << ""
                              << "::1" << 22 << "/x";
        QTest::newRow("upper case scheme") << "SSH://h/x"
                                           << ""
                                           << "h" << 0 << "/x";
    }

    void sshUrls()
    {
        QFETCH(QString, argument);
        const Location loc = parseLocation(argument);
        QCOMPARE(loc.kind, Location::Kind::RemoteShell);
        QVERIFY(loc.sshUrl);
        QTEST(loc.user, "user");
        QTEST(loc.host, "host");
        QTEST(loc.port, "port");
        QTEST(loc.path, "path");
        QVERIFY(!parseLocation(QStringLiteral("h:/x")).sshUrl);
        QVERIFY(!qrsync::options::sameRemote(loc, parseLocation(QStringLiteral("h:/x"))));
    }

    void sameRemote()
    {
        const Location a = parseLocation(QStringLiteral("me@h:one"));
        QVERIFY(qrsync::options::sameRemote(a, parseLocation(QStringLiteral("me@h:two"))));
        QVERIFY(!qrsync::options::sameRemote(a, parseLocation(QStringLiteral("h:two"))));
        QVERIFY(!qrsync::options::sameRemote(a, parseLocation(QStringLiteral("me@h::mod"))));
    }
};

QTEST_APPLESS_MAIN(TestRemoteLocation)
#include "tst_remotelocation.moc"
