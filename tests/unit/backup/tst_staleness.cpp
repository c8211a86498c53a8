// The "backups silently stopped" check (backup/staleness.h): which
// profiles' last successful run is older than the threshold, read from
// real history records.

#include "backup/staleness.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

using namespace qrsync;
using namespace qrsync::backup;

class TestStaleness : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void flagsOnlyOldSuccesses();
    void lastSuccessComesFromTheHistory();
};

static jobs::Profile named(const QString& id)
{
    jobs::Profile p;
    p.id = id;
    p.name = id.toUpper();
    return p;
}

void TestStaleness::flagsOnlyOldSuccesses()
{
    const QDateTime now(QDate(2026, 11, 25), QTime(12, 0), Qt::UTC);
    const QHash<QString, QDateTime> last{{"a", now.addDays(-8)},
                                         {"b", now.addDays(-6)},
                                         {"d", now.addDays(-30)},
                                         {"e", now.addSecs(-7 * 86400)}}; // exactly 7 days
    const LastSuccessLookup lookup = [&](const QString& id) -> std::optional<QDateTime> {
        if (!last.contains(id))
            return std::nullopt;
        return last.value(id);
    };
    const QList<jobs::Profile> profiles{named("a"), named("b"), named("c"), named("d"), named("e")};
    const QList<StaleProfile> stale = staleProfiles(profiles, lookup, now, 7);
    QCOMPARE(stale.size(), 2);
    QCOMPARE(stale[0].id, QString("d")); // oldest first
    QCOMPARE(stale[0].days, 30);
    QCOMPARE(stale[1].id, QString("a"));
    QCOMPARE(stale[1].name, QString("A"));
    QCOMPARE(stale[1].days, 8);
    QVERIFY(staleProfiles(profiles, lookup, now, 0).isEmpty()); // off
    QCOMPARE(staleProfiles(profiles, lookup, now, 1).size(), 4);
}

void TestStaleness::lastSuccessComesFromTheHistory()
{
    QTemporaryDir dir;
    jobs::HistoryStore history(dir.path());
    QVERIFY(!lastSuccessfulRun(history, "p"));
    const auto record = [](int exitCode, const QDateTime& finished, bool cancelled = false) {
        jobs::RunRecord r;
        r.profileId = "p";
        r.profileName = "P";
        r.origin = "cli";
        r.started = finished.addSecs(-60);
        r.finished = finished;
        r.exitCode = exitCode;
        r.cancelled = cancelled;
        return r;
    };
    const QDateTime t(QDate(2026, 11, 1), QTime(8, 0), Qt::UTC);
    QVERIFY_RESULT(history.append(record(0, t)));
    QVERIFY_RESULT(history.append(record(23, t.addDays(3))));
    QVERIFY_RESULT(history.append(record(0, t.addDays(5), true)));
    QCOMPARE(*lastSuccessfulRun(history, "p"), t);
    QVERIFY_RESULT(history.append(record(0, t.addDays(9))));
    QCOMPARE(*lastSuccessfulRun(history, "p"), t.addDays(9));
}

QTEST_GUILESS_MAIN(TestStaleness)
#include "tst_staleness.moc"
