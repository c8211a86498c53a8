#include "remotesync.h"

#include <QFile>

#include <algorithm>
#include <iterator>

namespace qrsync::test {

namespace {

QString local(const QByteArray& path)
{
    return QFile::decodeName(path + '/');
}

QString remote(const RemoteSync& how, const QByteArray& path)
{
    return how.host + QLatin1Char(':') + local(path);
}

QString joined(const QList<QByteArray>& lines)
{
    QStringList s;
    for (const QByteArray& b : lines)
        s << QStringLiteral("  ") +
                 QString::fromUtf8(b).replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    return s.join(QLatin1Char('\n'));
}

QString fromEnvOr(const char* name, const QString& fallback)
{
    const QString value = qEnvironmentVariable(name);
    return value.isEmpty() ? fallback : value;
}

} // namespace

QString qrsyncUnderTest()
{
    return fromEnvOr("QRSYNC_TEST_QRSYNC", builtBinary(QStringLiteral("qrsync")));
}

QString stockRsync()
{
    return fromEnvOr("QRSYNC_TEST_STOCK_RSYNC", QStringLiteral("/usr/bin/rsync"));
}

QString loopbackRsh()
{
    return QStringLiteral(QRSYNC_SOURCE_DIR "/tests/tools/rsh-loopback.sh");
}

QStringList remoteSyncArguments(const RemoteSync& how, const QByteArray& src, const QByteArray& dst)
{
    QStringList args = how.options;
    args << QStringLiteral("-i") << QStringLiteral("-e") << how.rsh
         << QStringLiteral("--rsync-path=") + how.serverPath;
    if (how.direction == Direction::Push)
        args << local(src) << remote(how, dst);
    else
        args << remote(how, src) << local(dst);
    return args;
}

QString commandLine(const QString& program, const QStringList& args)
{
    QStringList words{program};
    for (const QString& a : args) {
        const bool plain = !a.isEmpty() && std::all_of(a.cbegin(), a.cend(), [](QChar c) {
            return c.isLetterOrNumber() || QStringLiteral("-_=./:,%+@").contains(c);
        });
        words << (plain ? a
                        : QLatin1Char('\'') +
                              QString(a).replace(QLatin1Char('\''), QStringLiteral("'\\''")) +
                              QLatin1Char('\''));
    }
    return words.join(QLatin1Char(' '));
}

RunResult runRemoteSync(const RemoteSync& how, const QByteArray& src, const QByteArray& dst)
{
    return runProcess(how.client, remoteSyncArguments(how, src, dst), how.env, how.timeoutMs);
}

SyncOutcome outcomeOf(RunResult run, const QByteArray& dst)
{
    SyncOutcome o;
    // "created directory DST" names the destination, which differs per run.
    o.itemized = lines(QByteArray(run.out).replace(dst, "DST"));
    std::sort(o.itemized.begin(), o.itemized.end());
    o.run = std::move(run);
    o.tree = TreeSnapshot::take(dst);
    return o;
}

QStringList compareOutcomes(const QString& stage, const SyncOutcome& want, const SyncOutcome& got)
{
    const QString prefix = stage + QStringLiteral(": ");
    if (got.run.crashed || got.run.timedOut || got.run.exitCode != want.run.exitCode) {
        // The rest would only repeat the consequences.
        return {prefix + QStringLiteral("exit differs: expected %1, got %2")
                             .arg(want.run.describe(), got.run.describe())};
    }
    QStringList problems;
    for (const QString& p : TreeSnapshot::diff(want.tree, got.tree))
        problems << prefix + QStringLiteral("tree: ") + p;
    if (want.itemized != got.itemized) {
        QList<QByteArray> onlyWant, onlyGot;
        std::set_difference(want.itemized.begin(), want.itemized.end(), got.itemized.begin(),
                            got.itemized.end(), std::back_inserter(onlyWant));
        std::set_difference(got.itemized.begin(), got.itemized.end(), want.itemized.begin(),
                            want.itemized.end(), std::back_inserter(onlyGot));
        problems << prefix + QStringLiteral(
                                 "itemized output differs\n--- only expected\n%1\n--- only got\n%2")
                                 .arg(joined(onlyWant), joined(onlyGot));
    }
    return problems;
}

} // namespace qrsync::test
