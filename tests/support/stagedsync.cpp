#include "stagedsync.h"

#include "treebuilder.h"

#include <QFile>

namespace qrsync::test {

namespace {

const QByteArray& sourceOf(Stage stage, const SourceStates& sources)
{
    switch (stage) {
    case Stage::Initial:
    case Stage::Unchanged:
        return sources.initial;
    case Stage::Changes:
        return sources.changed;
    }
    Q_UNREACHABLE();
}

const TreeSnapshot& treeOf(Stage stage, const SourceStates& sources)
{
    switch (stage) {
    case Stage::Initial:
    case Stage::Unchanged:
        return sources.initialTree;
    case Stage::Changes:
        return sources.changedTree;
    }
    Q_UNREACHABLE();
}

} // namespace

QString stageName(Stage stage)
{
    switch (stage) {
    case Stage::Initial:
        return QStringLiteral("initial");
    case Stage::Unchanged:
        return QStringLiteral("unchanged");
    case Stage::Changes:
        return QStringLiteral("changes");
    }
    Q_UNREACHABLE();
}

SourceStates buildSourceStates(const QByteArray& base, qint64 bigFileSize)
{
    SourceStates s;
    s.initial = base + "/src-initial";
    s.changed = base + "/src-changed";
    TreeBuilder(s.initial).buildRichTree(bigFileSize);
    TreeBuilder changed(s.changed);
    changed.buildRichTree(bigFileSize);
    changed.applyChangeSet();
    if (bigFileSize > 0) {
        // A delta inside the large file: new bytes in the middle, then grown.
        changed.patch("big.bin", bigFileSize / 2 + 123, 100, 5);
        changed.append("big.bin", 3000, 6);
        changed.setMtime("big.bin", 1710000000 + 20, 20);
        changed.setMtime(".", 1710000000 + 12, 12); // patch/append touched nothing above
    }
    s.initialTree = TreeSnapshot::take(s.initial);
    s.changedTree = TreeSnapshot::take(s.changed);
    return s;
}

QList<SyncOutcome> runStages(const RemoteSync& how, const SourceStates& sources,
                             const QByteArray& dst)
{
    QList<SyncOutcome> outcomes;
    for (Stage stage : kStages) {
        outcomes << outcomeOf(runRemoteSync(how, sourceOf(stage, sources), dst), dst);
        if (outcomes.last().run.exitCode != 0)
            break;
    }
    return outcomes;
}

QStringList compareStages(const QList<SyncOutcome>& want, const QList<SyncOutcome>& got)
{
    QStringList problems;
    for (qsizetype i = 0; i < want.size(); ++i) {
        const QString name = stageName(kStages[i]);
        if (i >= got.size()) {
            problems << name + QStringLiteral(": not run (an earlier run failed)");
            break;
        }
        problems << compareOutcomes(name, want[i], got[i]);
    }
    return problems;
}

QStringList checkReference(const QList<SyncOutcome>& outcomes, const SourceStates& sources,
                           const CompareOptions& compare)
{
    QStringList problems;
    for (qsizetype i = 0; i < outcomes.size(); ++i) {
        const Stage stage = kStages[i];
        const QString prefix = stageName(stage) + QStringLiteral(": ");
        const SyncOutcome& o = outcomes[i];
        if (o.run.crashed || o.run.timedOut || o.run.exitCode != 0) {
            problems << prefix + o.run.describe();
            continue;
        }
        for (const QString& p : TreeSnapshot::diff(treeOf(stage, sources), o.tree, compare))
            problems << prefix + QStringLiteral("destination differs from source: ") + p;
        if ((stage == Stage::Unchanged) != o.itemized.isEmpty())
            problems << prefix + QStringLiteral("unexpected itemized output: ") +
                            QString::fromUtf8(o.run.out);
    }
    if (outcomes.size() != qsizetype(std::size(kStages)))
        problems << QStringLiteral("only %1 of %2 runs made")
                        .arg(outcomes.size())
                        .arg(std::size(kStages));
    return problems;
}

} // namespace qrsync::test
