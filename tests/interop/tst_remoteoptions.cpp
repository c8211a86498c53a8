// Transfer options over a remote shell, each against stock rsync <-> stock
// rsync (issue 4, deliverable 3): the delete modes, --checksum (with hard
// links), in-place and delta updates, dry runs and size-only, with qrsync as
// client and as server, pushing and pulling. Every case makes the three
// runs of stagedsync.h and must match the stock reference run by run.

#include "remotesync.h"
#include "stagedsync.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <tuple>

using namespace qrsync::test;

Q_DECLARE_METATYPE(Direction)

class TestRemoteOptions : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    SourceStates m_sources;

    QList<SyncOutcome> run(const QString& client, const QString& server, Direction direction,
                           const QStringList& options, const QByteArray& dst)
    {
        RemoteSync how;
        how.client = client;
        how.serverPath = server;
        how.rsh = loopbackRsh();
        how.direction = direction;
        how.options = options;
        how.env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
        how.timeoutMs = 30000;
        return runStages(how, m_sources, dst);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_sources = buildSourceStates(QFile::encodeName(m_tmp.path()), 2 * 1024 * 1024);
    }

    void matchesStock_data()
    {
        QTest::addColumn<QString>("client");
        QTest::addColumn<QString>("server");
        QTest::addColumn<Direction>("direction");
        QTest::addColumn<QStringList>("options");
        const QList<QStringList> variants = {
            {"--delete-before"},
            {"--delete-after"},
            {"--delete-delay"},
            {"-c"},
            {"--inplace"},
            {"--no-whole-file", "-z"},
            {"-n"},
            {"--size-only"},
        };
        const QString q = qrsyncUnderTest();
        const QString s = stockRsync();
        for (const QStringList& v : variants) {
            QStringList options{QStringLiteral("-a"), QStringLiteral("-H")};
            options << v;
            if (!v.first().startsWith(QLatin1String("--delete")))
                options << QStringLiteral("--delete");
            for (const auto& [role, client, server] :
                 {std::tuple{"qrsync-client", q, s}, std::tuple{"qrsync-server", s, q}}) {
                for (Direction d : {Direction::Push, Direction::Pull}) {
                    const QString tag = QStringLiteral("%1/%2/%3")
                                            .arg(QLatin1String(role),
                                                 d == Direction::Push ? QStringLiteral("push")
                                                                      : QStringLiteral("pull"),
                                                 v.join(QLatin1Char(' ')));
                    QTest::newRow(qPrintable(tag)) << client << server << d << options;
                }
            }
        }
    }

    void excludedSurviveDelete_data()
    {
        QTest::addColumn<QString>("client");
        QTest::addColumn<QString>("server");
        QTest::addColumn<Direction>("direction");
        // Our receiving side as server (push) and as client (pull): the
        // rules must reach (or stay with) the side that deletes.
        QTest::newRow("qrsync-server/push") << stockRsync() << qrsyncUnderTest() << Direction::Push;
        QTest::newRow("qrsync-client/pull") << qrsyncUnderTest() << stockRsync() << Direction::Pull;
    }

    void excludedSurviveDelete()
    {
        QFETCH(QString, client);
        QFETCH(QString, server);
        QFETCH(Direction, direction);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString src = dir.filePath(QStringLiteral("src"));
        const QString dst = dir.filePath(QStringLiteral("dst"));
        QVERIFY(QDir().mkpath(src) && QDir().mkpath(dst));
        const QList<std::pair<QString, QByteArray>> files = {
            {src + QStringLiteral("/a"), "a"},
            {dst + QStringLiteral("/keep.bak"), "k"},
            {dst + QStringLiteral("/extra"), "x"}};
        for (const auto& [path, text] : files) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        }
        RemoteSync how;
        how.client = client;
        how.serverPath = server;
        how.rsh = loopbackRsh();
        how.direction = direction;
        how.options = {QStringLiteral("-a"), QStringLiteral("--delete"),
                       QStringLiteral("--exclude=*.bak")};
        const RunResult r = runRemoteSync(how, QFile::encodeName(src), QFile::encodeName(dst));
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY(QFile::exists(dst + QStringLiteral("/a")));
        QVERIFY(!QFile::exists(dst + QStringLiteral("/extra")));
        QVERIFY2(QFile::exists(dst + QStringLiteral("/keep.bak")), "an excluded file was deleted");
    }

    void matchesStock()
    {
        QFETCH(QString, client);
        QFETCH(QString, server);
        QFETCH(Direction, direction);
        QFETCH(QStringList, options);
        QTemporaryDir dst;
        QVERIFY(dst.isValid());
        const QByteArray base = QFile::encodeName(dst.path());
        const QList<SyncOutcome> want =
            run(stockRsync(), stockRsync(), direction, options, base + "/ref");
        const QList<SyncOutcome> got = run(client, server, direction, options, base + "/dst");
        const QStringList problems = compareStages(want, got);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestRemoteOptions)
#include "tst_remoteoptions.moc"
