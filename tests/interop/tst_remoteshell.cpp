// Remote-shell interop with stock rsync (issue 4 acceptance).
//
// The matrix: {qrsync client -> stock `rsync --server`, stock client ->
// `qrsync --server`} x {push, pull} x {--protocol=30, 31, 32} x {no
// compression, -z --zc=zlib, zstd, lz4} x {--cc=md5, xxh128}, over
// tests/tools/rsh-loopback.sh. Every case runs `-a -H --delete -i` three
// times into one destination (stagedsync.h: initial, unchanged, change set)
// and must give the same exit codes, destination trees and sorted itemized
// lines as stock rsync <-> stock rsync with the same options. The stock
// peer checks the algorithms itself: a different checksum fails its
// whole-file verification, a different compressor its token decoding.
//
// With --cc and --zc on the command line stock exchanges no name lists, so
// "negotiated" cases add plain -z at each protocol and lists narrowed by
// RSYNC_CHECKSUM_LIST/RSYNC_COMPRESS_LIST (md5, zlibx).
//
// Sizing: one stock <-> stock case (three runs over the loopback, a tree
// with a 1.6 MB file and an 8 MiB sparse one) takes about 0.3 s on the
// 2-core machine, so the whole cross product runs in the default async
// mode: 2 x 56 rows. Each stock reference is run once (the
// `stockReference` rows, which also hold it against the source) and shared
// by both roles and all modes. The fallback modes get a subset, 24 rows:
// both roles and directions in each mode (QRSYNC_ASYNC_RECEIVER=0,
// QRSYNC_ASYNC_WORKERS=0, both), with protocol, compression and checksum
// rotated so each value appears. The loopback shell passes the environment
// on, so a qrsync server sees the switches too. With QRSYNC_TEST_QRSYNC
// pointed at stock rsync every row passes in about 50 s.
//
// Protocol 30 has no combination to skip: stock 3.5.0 sets
// CF_VARINT_FLIST_FLAGS at protocol 30 too, so checksum and compression
// names are still negotiated (compat.c negotiate_the_strings()) and
// `--protocol=30 --cc=xxh128 -z --zc=zstd` uses xxh128 and zstd (checked
// with --debug=NSTR2). The fixed md5/zlib choice applies only with a peer
// that lacks the flag; the matrix mirrors stock and runs every combination.
// Protocol 30 does send whole-second mtimes only, which the reference check
// allows for.

#include "processrunner.h"
#include "remotesync.h"
#include "stagedsync.h"

#include <QFile>
#include <QHash>
#include <QTemporaryDir>
#include <QTest>

using namespace qrsync::test;

namespace {

constexpr qint64 kBigFileSize = 1600000; // > 1 MiB, several hundred blocks

struct Compression
{
    const char* tag;
    const char* choice; // nullptr: no -z
};
constexpr Compression kCompressions[] = {
    {"none", nullptr}, {"zlib", "zlib"}, {"zstd", "zstd"}, {"lz4", "lz4"}};
constexpr const char* kChecksums[] = {"md5", "xxh128"};
constexpr int kProtocols[] = {30, 31, 32};
constexpr Direction kDirections[] = {Direction::Push, Direction::Pull};

enum class Role
{
    QrsyncClient,
    QrsyncServer
};
constexpr Role kRoles[] = {Role::QrsyncClient, Role::QrsyncServer};

struct AsyncMode
{
    const char* tag;
    bool receiver;
    bool workers;
};
constexpr AsyncMode kDefaultMode = {"async", true, true};
constexpr AsyncMode kFallbackModes[] = {
    {"sync-receiver", false, true},
    {"inline-workers", true, false},
    {"all-fallback", false, false},
};

const char* tagOf(Direction d)
{
    return d == Direction::Push ? "push" : "pull";
}

const char* tagOf(Role r)
{
    return r == Role::QrsyncClient ? "qrsync-client" : "qrsync-server";
}

// One {direction, options, environment} combination: a stock reference,
// and a matrix row per role and async mode.
struct Case
{
    QString tag; // "push/p31/zstd/md5"
    Direction direction;
    QStringList options;
    QStringList env; // NAME=VALUE, for both ends: the loopback passes it on
};

QStringList baseOptions(int protocol)
{
    return {QStringLiteral("-a"), QStringLiteral("-H"), QStringLiteral("--delete"),
            QStringLiteral("--protocol=%1").arg(protocol)};
}

// A name chosen on the command line for each algorithm:
// `-a -H --delete --protocol=N [-z --zc=NAME] --cc=NAME`.
Case chosenCase(Direction d, int protocol, const Compression& c, const char* checksum)
{
    QStringList o = baseOptions(protocol);
    if (c.choice)
        o << QStringLiteral("-z") << QStringLiteral("--zc=") + QLatin1String(c.choice);
    o << QStringLiteral("--cc=") + QLatin1String(checksum);
    const QString tag = QStringLiteral("%1/p%2/%3/%4")
                            .arg(QLatin1String(tagOf(d)))
                            .arg(protocol)
                            .arg(QLatin1String(c.tag), QLatin1String(checksum));
    return {tag, d, o, {}};
}

// The product.
QList<Case> chosenCases()
{
    QList<Case> cases;
    for (Direction d : kDirections)
        for (int protocol : kProtocols)
            for (const Compression& c : kCompressions)
                for (const char* checksum : kChecksums)
                    cases << chosenCase(d, protocol, c, checksum);
    return cases;
}

// With --cc and --zc given, stock sends no name lists at all (compat.c
// negotiate_the_strings() only for unset choices). These cases leave the
// choice to the negotiation: plain -z at every protocol (xxh128 and zstd
// win), and lists narrowed through RSYNC_CHECKSUM_LIST/RSYNC_COMPRESS_LIST
// on both ends (md5 and zlibx win).
QList<Case> negotiatedCases()
{
    QList<Case> cases;
    for (Direction d : kDirections) {
        for (int protocol : kProtocols)
            cases << Case{
                QStringLiteral("%1/p%2/negotiated").arg(QLatin1String(tagOf(d))).arg(protocol),
                d,
                baseOptions(protocol) << QStringLiteral("-z"),
                {}};
        cases << Case{QStringLiteral("%1/p31/negotiated-md5-zlibx").arg(QLatin1String(tagOf(d))),
                      d,
                      baseOptions(31) << QStringLiteral("-z"),
                      {QStringLiteral("RSYNC_CHECKSUM_LIST=md5 md4"),
                       QStringLiteral("RSYNC_COMPRESS_LIST=zlibx zlib")}};
    }
    return cases;
}

QProcessEnvironment envFor(const QStringList& extra, bool receiver, bool workers)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QRSYNC_ASYNC_RECEIVER"),
               receiver ? QStringLiteral("1") : QStringLiteral("0"));
    env.insert(QStringLiteral("QRSYNC_ASYNC_WORKERS"),
               workers ? QStringLiteral("1") : QStringLiteral("0"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    for (const QString& assignment : extra)
        env.insert(assignment.section(QLatin1Char('='), 0, 0),
                   assignment.section(QLatin1Char('='), 1));
    return env;
}

QString referenceKey(Direction d, const QStringList& options, const QStringList& env)
{
    return QLatin1String(tagOf(d)) + QLatin1Char(' ') + options.join(QLatin1Char(' ')) +
           QLatin1Char(' ') + env.join(QLatin1Char(' '));
}

} // namespace

Q_DECLARE_METATYPE(Direction)

class TestRemoteShell : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void stockReference_data();
    void stockReference();
    void matrix_data();
    void matrix();

private:
    void addMatrixRow(const AsyncMode& mode, Role role, const Case& c);
    // Stock <-> stock over the loopback for this case; run once, then
    // remembered. nullptr (after a QFAIL) when the reference itself is wrong.
    const QList<SyncOutcome>* reference(Direction d, const QStringList& options,
                                        const QStringList& env);

    QTemporaryDir m_tmp;
    SourceStates m_sources;
    QString m_rsync;
    QString m_qrsync;
    QHash<QString, QList<SyncOutcome>> m_references;
};

void TestRemoteShell::initTestCase()
{
    m_rsync = stockRsync();
    m_qrsync = qrsyncUnderTest();
    QVERIFY2(QFile::exists(m_rsync), "stock rsync is needed (scripts/install-deps.sh installs it)");
    QVERIFY2(QFile::exists(m_qrsync), "build qrsync first");
    QVERIFY2(QFile::exists(loopbackRsh()), qPrintable(loopbackRsh()));
    QVERIFY(m_tmp.isValid());
    m_sources = buildSourceStates(QFile::encodeName(m_tmp.path()), kBigFileSize);
}

const QList<SyncOutcome>* TestRemoteShell::reference(Direction d, const QStringList& options,
                                                     const QStringList& env)
{
    const QString key = referenceKey(d, options, env);
    if (const auto it = m_references.constFind(key); it != m_references.cend())
        return &it.value();
    QTemporaryDir dst;
    if (!dst.isValid()) {
        QTest::qFail("no temporary directory", __FILE__, __LINE__);
        return nullptr;
    }
    RemoteSync how;
    how.client = m_rsync;
    how.serverPath = m_rsync;
    how.rsh = loopbackRsh();
    how.direction = d;
    how.options = options;
    how.env = envFor(env, true, true);
    const QByteArray dstPath = QFile::encodeName(dst.path()) + "/dst";
    const QList<SyncOutcome> outcomes = runStages(how, m_sources, dstPath);
    CompareOptions compare;
    compare.nanoseconds = !options.contains(QStringLiteral("--protocol=30"));
    const QStringList problems = checkReference(outcomes, m_sources, compare);
    if (!problems.isEmpty()) {
        QTest::qFail(qPrintable(QStringLiteral("stock <-> stock reference is wrong:\n") +
                                problems.join(QLatin1Char('\n'))),
                     __FILE__, __LINE__);
        return nullptr;
    }
    return &*m_references.insert(key, outcomes);
}

void TestRemoteShell::stockReference_data()
{
    QTest::addColumn<Direction>("direction");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QStringList>("env");
    for (const Case& c : chosenCases() + negotiatedCases())
        QTest::newRow(qPrintable(c.tag)) << c.direction << c.options << c.env;
}

// Stock <-> stock alone: proves the harness (sources, loopback shell,
// stages) and records the references the matrix compares with.
void TestRemoteShell::stockReference()
{
    QFETCH(Direction, direction);
    QFETCH(QStringList, options);
    QFETCH(QStringList, env);
    QVERIFY(reference(direction, options, env));
}

void TestRemoteShell::addMatrixRow(const AsyncMode& mode, Role role, const Case& c)
{
    const bool ourClient = role == Role::QrsyncClient;
    const QString tag =
        QStringLiteral("%1/%2/%3").arg(QLatin1String(mode.tag), QLatin1String(tagOf(role)), c.tag);
    QTest::newRow(qPrintable(tag))
        << (ourClient ? m_qrsync : m_rsync) << (ourClient ? m_rsync : m_qrsync) << c.direction
        << c.options << c.env << mode.receiver << mode.workers;
}

void TestRemoteShell::matrix_data()
{
    QTest::addColumn<QString>("client");
    QTest::addColumn<QString>("server"); // --rsync-path
    QTest::addColumn<Direction>("direction");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QStringList>("env");
    QTest::addColumn<bool>("receiver"); // QRSYNC_ASYNC_RECEIVER
    QTest::addColumn<bool>("workers");  // QRSYNC_ASYNC_WORKERS

    for (Role role : kRoles)
        for (const Case& c : chosenCases() + negotiatedCases())
            addMatrixRow(kDefaultMode, role, c);

    // The fallbacks: every role and direction in each mode; "all-fallback"
    // with each compression, the single switches once. Protocol and
    // checksum rotate with the row number.
    int n = 0;
    for (const AsyncMode& mode : kFallbackModes) {
        const bool all = !mode.receiver && !mode.workers;
        for (Role role : kRoles)
            for (Direction d : kDirections)
                for (int i = 0; i < (all ? 4 : 1); ++i, ++n)
                    addMatrixRow(mode, role,
                                 chosenCase(d, kProtocols[n % 3], kCompressions[all ? i : n % 4],
                                            kChecksums[(n / 3) % 2]));
    }
}

void TestRemoteShell::matrix()
{
    QFETCH(QString, client);
    QFETCH(QString, server);
    QFETCH(Direction, direction);
    QFETCH(QStringList, options);
    QFETCH(QStringList, env);
    QFETCH(bool, receiver);
    QFETCH(bool, workers);

    const QList<SyncOutcome>* want = reference(direction, options, env);
    if (!want)
        return; // reference() failed the test already
    QTemporaryDir dst;
    QVERIFY(dst.isValid());
    RemoteSync how;
    how.client = client;
    how.serverPath = server;
    how.rsh = loopbackRsh();
    how.direction = direction;
    how.options = options;
    how.env = envFor(env, receiver, workers);
    how.timeoutMs = 30000; // stock needs well under a second per run
    const QByteArray dstPath = QFile::encodeName(dst.path()) + "/dst";
    const QList<SyncOutcome> got = runStages(how, m_sources, dstPath);
    const QStringList problems = compareStages(*want, got);
    // The command of the first run, to reproduce by hand.
    const QString command =
        commandLine(client, remoteSyncArguments(how, m_sources.initial, dstPath));
    QVERIFY2(problems.isEmpty(),
             qPrintable(command + QLatin1Char('\n') + problems.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestRemoteShell)
#include "tst_remoteshell.moc"
