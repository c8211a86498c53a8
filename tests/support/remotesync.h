#pragma once

// One rsync run over a remote shell, as interop tests start it, and what a
// run leaves behind in a form two runs can be compared by: exit code, the
// sorted itemized lines and the destination tree.
//
//   push: CLIENT OPTIONS -i -e RSH --rsync-path=SERVER SRC/ HOST:DST/
//   pull: CLIENT OPTIONS -i -e RSH --rsync-path=SERVER HOST:SRC/ DST/
//
// SRC and DST are absolute paths; the remote side finds them because the
// remote shell (tests/tools/rsh-loopback.sh, or ssh to 127.0.0.1) runs on
// this machine.

#include "processrunner.h"
#include "treesnapshot.h"

#include <QByteArray>
#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace qrsync::test {

enum class Direction
{
    Push,
    Pull
};

// The programs under test: $QRSYNC_TEST_QRSYNC or build/bin/qrsync, and
// $QRSYNC_TEST_STOCK_RSYNC or /usr/bin/rsync (e.g. to try a 3.2.7 build).
QString qrsyncUnderTest();
QString stockRsync();
// tests/tools/rsh-loopback.sh: drops the host, runs the command locally.
QString loopbackRsh();

struct RemoteSync
{
    QString client;     // program run here
    QString serverPath; // --rsync-path: the program the remote shell starts
    QString rsh;        // -e: the remote shell command line
    QString host = QStringLiteral("localhost");
    Direction direction = Direction::Push;
    QStringList options; // besides -i, -e and --rsync-path
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    int timeoutMs = 120000;
};

// The whole argument list of the client (for failure messages too).
QStringList remoteSyncArguments(const RemoteSync& how, const QByteArray& src,
                                const QByteArray& dst);

// `program args...` as a shell would need it typed, for failure messages.
QString commandLine(const QString& program, const QStringList& args);

RunResult runRemoteSync(const RemoteSync& how, const QByteArray& src, const QByteArray& dst);

// A run reduced to what must match between implementations.
struct SyncOutcome
{
    RunResult run;
    QList<QByteArray> itemized; // stdout lines, sorted, DST path as "DST"
    TreeSnapshot tree;          // the destination after the run
};

SyncOutcome outcomeOf(RunResult run, const QByteArray& dst);

// Differences between a reference outcome and another, as readable lines
// (empty when they match): exit code, tree and itemized lines. `stage`
// prefixes each line.
QStringList compareOutcomes(const QString& stage, const SyncOutcome& want, const SyncOutcome& got);

} // namespace qrsync::test
