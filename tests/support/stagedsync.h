#pragma once

// The three runs every remote-shell interop case makes into one
// destination, and the two source trees they read:
//   1. "initial":   the rich tree into an empty destination;
//   2. "unchanged": the same again, which must print no itemized line;
//   3. "changes":   the tree after the change set (files added, modified at
//                   the same size and grown, deleted, renamed, chmod and
//                   touch only, a retargeted symlink, a delta inside a file
//                   larger than 1 MiB).
// The sources are built once per test executable and only ever read.

#include "remotesync.h"
#include "treesnapshot.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace qrsync::test {

struct SourceStates
{
    QByteArray initial; // directory with the rich tree
    QByteArray changed; // directory with the rich tree after the change set
    TreeSnapshot initialTree;
    TreeSnapshot changedTree;
};

// Builds both states under `base` (which must exist). bigFileSize > 1 MiB
// puts a file past one mebibyte in the tree.
SourceStates buildSourceStates(const QByteArray& base, qint64 bigFileSize);

enum class Stage
{
    Initial,
    Unchanged,
    Changes
};
constexpr Stage kStages[] = {Stage::Initial, Stage::Unchanged, Stage::Changes};
QString stageName(Stage stage);

// Runs the stages in order into `dst`, stopping after the first run that
// fails (exit code other than 0), since later runs would start from an
// unknown tree. The result has one outcome per run made.
QList<SyncOutcome> runStages(const RemoteSync& how, const SourceStates& sources,
                             const QByteArray& dst);

// What differs between a reference run of the stages and another (empty
// when nothing does); a missing stage counts as a difference.
QStringList compareStages(const QList<SyncOutcome>& want, const QList<SyncOutcome>& got);

// What is wrong with a run of the stages that should be a correct
// reference: every run exits 0, the destination equals the source after
// "initial" and "changes", "unchanged" prints nothing and the others print
// something.
// `compare` says how the destination is held against the source (whole
// seconds at protocol 30).
QStringList checkReference(const QList<SyncOutcome>& outcomes, const SourceStates& sources,
                           const CompareOptions& compare = {});

} // namespace qrsync::test
