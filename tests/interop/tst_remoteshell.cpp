// Remote-shell interop with stock rsync (issue 4 acceptance).
//
// The matrix: {qrsync client -> stock `rsync --server`, stock client ->
// `qrsync --server`} x {push, pull} x {--protocol=30, 31, 32} x {no
// compression, -z --zc=zlib, zstd, lz4} x {--cc=md5, xxh128}, over
// tests/tools/rsh-loopback.sh. Every case runs `-a -H --delete -i` three
// times into one destination (stagedsync.h: initial, unchanged, change set)
// and must give the same exit codes, destination trees and sorted itemized
// lines as stock rsync <-> stock rsync with the same options.
//
// Sizing: one stock <-> stock run of the three stages over the loopback
// takes about a third of a second here, so the whole cross product (96
// cases) fits easily and is what runs in the default async mode; the
// stock reference of each {direction, options} is run once and shared by
// both roles (the `stockReference` rows, which also check it against the
// source). The fallback modes get a representative subset: both roles and
// directions in each mode, with protocol, compression and checksum rotated
// so each value appears (QRSYNC_ASYNC_RECEIVER=0 and/or
// QRSYNC_ASYNC_WORKERS=0; the loopback shell passes the environment on to a
// qrsync server).
//
// Protocol 30 has no combination to skip: stock 3.5.0 sets
// CF_VARINT_FLIST_FLAGS at protocol 30 too, so the checksum and compression
// names are still negotiated (compat.c negotiate_the_strings()) and
// `--protocol=30 --cc=xxh128 -z --zc=zstd` uses xxh128 and zstd (checked
// with --debug=NSTR2). The fixed md5/zlib choice applies only when a peer
// lacks that flag; the matrix mirrors stock and runs every combination.

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

// `-a -H --delete --protocol=N [-z --zc=NAME] --cc=NAME`.
QStringList optionsFor(int protocol, const Compression& compression, const char* checksum)
{
    QStringList o{QStringLiteral("-a"), QStringLiteral("-H"), QStringLiteral("--delete"),
                  QStringLiteral("--protocol=%1").arg(protocol)};
    if (compression.choice)
        o << QStringLiteral("-z") << QStringLiteral("--zc=") + QLatin1String(compression.choice);
    o << QStringLiteral("--cc=") + QLatin1String(checksum);
    return o;
}

QString caseTag(Direction d, int protocol, const Compression& c, const char* checksum)
{
    return QStringLiteral("%1/p%2/%3/%4")
        .arg(QLatin1String(tagOf(d)))
        .arg(protocol)
        .arg(QLatin1String(c.tag), QLatin1String(checksum));
}

QProcessEnvironment envFor(bool receiver, bool workers)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QRSYNC_ASYNC_RECEIVER"),
               receiver ? QStringLiteral("1") : QStringLiteral("0"));
    env.insert(QStringLiteral("QRSYNC_ASYNC_WORKERS"),
               workers ? QStringLiteral("1") : QStringLiteral("0"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    return env;
}

QString referenceKey(Direction d, const QStringList& options)
{
    return QLatin1String(tagOf(d)) + QLatin1Char(' ') + options.join(QLatin1Char(' '));
}

} // namespace

Q_DECLARE_METATYPE(Direction)
Q_DECLARE_METATYPE(Role)

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
    void addMatrixRow(const AsyncMode& mode, Role role, Direction d, int protocol,
                      const Compression& c, const char* checksum);
    // Stock <-> stock over the loopback for these options; run once, then
    // remembered. Empty (after a QFAIL) when the reference itself is wrong.
    const QList<SyncOutcome>* reference(Direction d, const QStringList& options);

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

const QList<SyncOutcome>* TestRemoteShell::reference(Direction d, const QStringList& options)
{
    const QString key = referenceKey(d, options);
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
    how.env = envFor(true, true);
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
    for (Direction d : kDirections)
        for (int protocol : kProtocols)
            for (const Compression& c : kCompressions)
                for (const char* checksum : kChecksums)
                    QTest::newRow(qPrintable(caseTag(d, protocol, c, checksum)))
                        << d << optionsFor(protocol, c, checksum);
}

// Stock <-> stock alone: proves the harness (sources, loopback shell,
// stages) and records the references the matrix compares with.
void TestRemoteShell::stockReference()
{
    QFETCH(Direction, direction);
    QFETCH(QStringList, options);
    QVERIFY(reference(direction, options));
}

void TestRemoteShell::addMatrixRow(const AsyncMode& mode, Role role, Direction d, int protocol,
                                   const Compression& c, const char* checksum)
{
    const bool ourClient = role == Role::QrsyncClient;
    const QString tag = QStringLiteral("%1/%2/%3")
                            .arg(QLatin1String(mode.tag), QLatin1String(tagOf(role)),
                                 caseTag(d, protocol, c, checksum));
    QTest::newRow(qPrintable(tag))
        << (ourClient ? m_qrsync : m_rsync) << (ourClient ? m_rsync : m_qrsync) << d
        << optionsFor(protocol, c, checksum) << mode.receiver << mode.workers;
}

void TestRemoteShell::matrix_data()
{
    QTest::addColumn<QString>("client");
    QTest::addColumn<QString>("server"); // --rsync-path
    QTest::addColumn<Direction>("direction");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<bool>("receiver"); // QRSYNC_ASYNC_RECEIVER
    QTest::addColumn<bool>("workers");  // QRSYNC_ASYNC_WORKERS

    for (Role role : kRoles)
        for (Direction d : kDirections)
            for (int protocol : kProtocols)
                for (const Compression& c : kCompressions)
                    for (const char* checksum : kChecksums)
                        addMatrixRow(kDefaultMode, role, d, protocol, c, checksum);

    // The fallbacks: every role and direction per mode; "all-fallback"
    // with each compression, the single switches once. Protocol and
    // checksum rotate with the row number.
    int n = 0;
    for (const AsyncMode& mode : kFallbackModes) {
        const bool all = !mode.receiver && !mode.workers;
        for (Role role : kRoles)
            for (Direction d : kDirections)
                for (int i = 0; i < (all ? 4 : 1); ++i, ++n)
                    addMatrixRow(mode, role, d, kProtocols[n % 3], kCompressions[all ? i : n % 4],
                                 kChecksums[(n / 3) % 2]);
    }
}

void TestRemoteShell::matrix()
{
    QFETCH(QString, client);
    QFETCH(QString, server);
    QFETCH(Direction, direction);
    QFETCH(QStringList, options);
    QFETCH(bool, receiver);
    QFETCH(bool, workers);

    const QList<SyncOutcome>* want = reference(direction, options);
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
    how.env = envFor(receiver, workers);
    const QByteArray dstPath = QFile::encodeName(dst.path()) + "/dst";
    const QList<SyncOutcome> got = runStages(how, m_sources, dstPath);
    const QStringList problems = compareStages(*want, got);
    // The command of the first run, to reproduce by hand.
    const QStringList args = remoteSyncArguments(how, m_sources.initial, dstPath);
    QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("%1 %2\n%3")
                                                .arg(client, args.join(QLatin1Char(' ')),
                                                     problems.join(QLatin1Char('\n')))));
}

QTEST_GUILESS_MAIN(TestRemoteShell)
#include "tst_remoteshell.moc"
