// qrsync's own options for the built-in SSH client (issue 6): --ssh,
// --ssh-accept-new, --ssh-config, and the "ssh" async path switches.

#include "options/commandline.h"

#include <QTest>

using namespace qrsync;
using namespace qrsync::options;

namespace {

Result<ParsedCommandLine> parse(const QStringList& args, const Environment& env = {})
{
    AsyncPaths all;
    all.daemon = all.ssh = all.receiver = all.workers = true;
    return parseCommandLine(args, env, all);
}

} // namespace

class TestSshOptions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void builtin()
    {
        const auto p = parse({QStringLiteral("--ssh=builtin"), QStringLiteral("--ssh-accept-new"),
                              QStringLiteral("--ssh-config=/tmp/cfg"), QStringLiteral("a"),
                              QStringLiteral("h:b")});
        QVERIFY2(p.has_value(), p ? "" : qPrintable(p.error().message));
        QCOMPARE(p->options.ssh, QStringLiteral("builtin"));
        QVERIFY(p->options.sshAcceptNew);
        QCOMPARE(p->options.sshConfig, QStringLiteral("/tmp/cfg"));
        QVERIFY(p->options.async.ssh);
    }

    void defaults()
    {
        const auto p = parse({QStringLiteral("a"), QStringLiteral("h:b")});
        QVERIFY(p.has_value());
        QVERIFY(p->options.ssh.isEmpty());
        QVERIFY(!p->options.sshAcceptNew);
        QVERIFY(p->options.sshConfig.isEmpty());
    }

    void badValue()
    {
        const auto p =
            parse({QStringLiteral("--ssh=openssh"), QStringLiteral("a"), QStringLiteral("h:b")});
        QVERIFY(!p.has_value());
        QCOMPARE(p.error().code, ExitCode::Syntax);
        QVERIFY2(p.error().message.contains(QLatin1String("builtin or external")),
                 qPrintable(p.error().message));
    }

    void asyncSwitches()
    {
        auto p =
            parse({QStringLiteral("--no-async=ssh"), QStringLiteral("a"), QStringLiteral("h:b")});
        QVERIFY(p.has_value());
        QVERIFY(!p->options.async.ssh);
        QVERIFY(p->options.async.receiver);
        Environment env;
        env.insert(QStringLiteral("QRSYNC_ASYNC_SSH"), QStringLiteral("0"));
        p = parse({QStringLiteral("a"), QStringLiteral("h:b")}, env);
        QVERIFY(p.has_value());
        QVERIFY(!p->options.async.ssh);
        p = parse({QStringLiteral("--async=ssh"), QStringLiteral("a"), QStringLiteral("h:b")}, env);
        QVERIFY(p.has_value());
        QVERIFY(p->options.async.ssh);
    }
};

QTEST_GUILESS_MAIN(TestSshOptions)
#include "tst_sshoptions.moc"
