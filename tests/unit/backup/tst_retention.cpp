// Retention rules (docs/retention.md) over generated snapshot dates: each
// rule alone and combined, across hour, day, ISO week, month and year
// boundaries, checked against hand-written expectations and against an
// independent group-then-sort oracle; freed bytes are hard-link aware.

#include "backup/retention.h"
#include "backup/snapshotname.h"

#include <QRandomGenerator>
#include <QTest>

#include <map>

using namespace qrsync::backup;

namespace {

QDateTime at(const char* text)
{
    return *parseSnapshotName(QString::fromLatin1(text));
}

QList<SnapshotInfo> snapshotsAt(const QStringList& names)
{
    QList<SnapshotInfo> out;
    for (const QString& n : names)
        out.append(SnapshotInfo{n, *parseSnapshotName(n)});
    return out;
}

QStringList keptNames(const RetentionPlan& plan)
{
    QStringList out;
    for (const RetentionVerdict& v : plan.verdicts) {
        if (v.kept)
            out << v.name;
    }
    return out;
}

RetentionPolicy policyOf(int last, int hourly, int daily, int weekly, int monthly, int yearly)
{
    RetentionPolicy p;
    p.keepLast = last;
    p.hourly = hourly;
    p.daily = daily;
    p.weekly = weekly;
    p.monthly = monthly;
    p.yearly = yearly;
    return p;
}

// The oracle: group snapshots by period, take the newest of each group,
// sort the groups newest first and keep the first `count`.
QSet<QString> oracleKept(const RetentionPolicy& p, const QList<SnapshotInfo>& snaps)
{
    QList<SnapshotInfo> sorted = snaps;
    std::sort(sorted.begin(), sorted.end(),
              [](const SnapshotInfo& a, const SnapshotInfo& b) { return a.time > b.time; });
    QSet<QString> kept;
    if (sorted.isEmpty())
        return kept;
    kept.insert(sorted.first().name);
    for (int i = 0; i < p.keepLast && i < sorted.size(); ++i)
        kept.insert(sorted[i].name);
    const auto rule = [&](int count, auto periodOf) {
        std::map<qint64, SnapshotInfo> newestOfPeriod;
        for (const SnapshotInfo& s : sorted) {
            const qint64 period = periodOf(s.time);
            auto it = newestOfPeriod.find(period);
            if (it == newestOfPeriod.end() || it->second.time < s.time)
                newestOfPeriod[period] = s;
        }
        int taken = 0;
        for (auto it = newestOfPeriod.rbegin(); it != newestOfPeriod.rend() && taken < count;
             ++it, ++taken)
            kept.insert(it->second.name);
    };
    rule(p.hourly,
         [](const QDateTime& t) { return t.date().toJulianDay() * 24 + t.time().hour(); });
    rule(p.daily, [](const QDateTime& t) { return t.date().toJulianDay(); });
    rule(p.weekly, [](const QDateTime& t) {
        // The Monday of the ISO week identifies it.
        return t.date().addDays(1 - t.date().dayOfWeek()).toJulianDay();
    });
    rule(p.monthly,
         [](const QDateTime& t) { return qint64(t.date().year()) * 12 + t.date().month(); });
    rule(p.yearly, [](const QDateTime& t) { return qint64(t.date().year()); });
    return kept;
}

} // namespace

class TestRetention : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void namesRoundTrip();
    void rules_data();
    void rules();
    void reasonsNameEveryRule();
    void generatedSeriesMatchTheOracle_data();
    void generatedSeriesMatchTheOracle();
    void freedBytesAreHardLinkAware();
    void minimumFreeSpaceRemovesOldestFirst();
    void neverRemovesTheNewest();
};

void TestRetention::namesRoundTrip()
{
    const QDateTime t(QDate(2026, 11, 25), QTime(14, 5, 30), Qt::UTC);
    QCOMPARE(snapshotName(t), QStringLiteral("2026-11-25T140530"));
    QCOMPARE(*parseSnapshotName(QStringLiteral("2026-11-25T140530")), t);
    QVERIFY(!parseSnapshotName(QStringLiteral("2026-02-30T000000")));
    QVERIFY(!parseSnapshotName(QStringLiteral("2026-11-25T140530.incomplete")));
    QVERIFY(!parseSnapshotName(QStringLiteral("latest")));
    QVERIFY(!parseSnapshotName(QStringLiteral("2026-11-25T246000")));
}

void TestRetention::rules_data()
{
    QTest::addColumn<RetentionPolicy>("policy");
    QTest::addColumn<QStringList>("snapshots");
    QTest::addColumn<QStringList>("kept"); // newest first

    const QStringList five{"2026-11-01T000000", "2026-11-02T000000", "2026-11-03T000000",
                           "2026-11-04T000000", "2026-11-05T000000"};
    QTest::newRow("last 3 of 5") << policyOf(3, 0, 0, 0, 0, 0) << five
                                 << QStringList{"2026-11-05T000000", "2026-11-04T000000",
                                                "2026-11-03T000000"};
    QTest::newRow("last 9 of 5 keeps all")
        << policyOf(9, 0, 0, 0, 0, 0) << five
        << QStringList{five[4], five[3], five[2], five[1], five[0]};
    QTest::newRow("no snapshots") << policyOf(3, 1, 1, 1, 1, 1) << QStringList{} << QStringList{};

    QTest::newRow("hourly: hour boundary") << policyOf(0, 2, 0, 0, 0, 0)
                                           << QStringList{"2026-11-25T095959", "2026-11-25T100000",
                                                          "2026-11-25T105959", "2026-11-25T110000"}
                                           << QStringList{"2026-11-25T110000", "2026-11-25T105959"};
    QTest::newRow("hourly: midnight belongs to the new day")
        << policyOf(0, 2, 0, 0, 0, 0)
        << QStringList{"2026-11-24T233000", "2026-11-24T235959", "2026-11-25T000000"}
        << QStringList{"2026-11-25T000000", "2026-11-24T235959"};
    QTest::newRow("daily: newest of each day, empty days skipped")
        << policyOf(0, 0, 3, 0, 0, 0)
        << QStringList{"2026-11-10T080000", "2026-11-10T200000", "2026-11-14T010000",
                       "2026-11-14T020000", "2026-11-20T235959", "2026-11-21T000000"}
        << QStringList{"2026-11-21T000000", "2026-11-20T235959", "2026-11-14T020000"};
    QTest::newRow("weekly: ISO week 53 of 2026 spans the new year")
        << policyOf(0, 0, 0, 2, 0, 0)
        << QStringList{"2026-12-27T120000", "2026-12-28T080000", "2027-01-03T230000",
                       "2027-01-04T010000"}
        << QStringList{"2027-01-04T010000", "2027-01-03T230000"};
    QTest::newRow("weekly: 2024-12-30 is in 2025-W01")
        << policyOf(0, 0, 0, 1, 0, 0) << QStringList{"2024-12-30T100000", "2025-01-05T100000"}
        << QStringList{"2025-01-05T100000"};
    QTest::newRow("weekly: Sunday and Monday are different weeks")
        << policyOf(0, 0, 0, 3, 0, 0)
        << QStringList{"2026-11-22T235959", "2026-11-23T000000", "2026-11-29T120000"}
        << QStringList{"2026-11-29T120000", "2026-11-22T235959"};
    QTest::newRow("monthly: month boundaries, leap February")
        << policyOf(0, 0, 0, 0, 3, 0)
        << QStringList{"2024-01-31T235959", "2024-02-01T000000", "2024-02-29T120000",
                       "2024-03-01T000000", "2024-03-15T000000"}
        << QStringList{"2024-03-15T000000", "2024-02-29T120000", "2024-01-31T235959"};
    QTest::newRow("monthly: December to January")
        << policyOf(0, 0, 0, 0, 2, 0)
        << QStringList{"2025-11-30T000000", "2025-12-31T235959", "2026-01-01T000000"}
        << QStringList{"2026-01-01T000000", "2025-12-31T235959"};
    QTest::newRow("yearly: year boundary") << policyOf(0, 0, 0, 0, 0, 2)
                                           << QStringList{"2023-06-01T000000", "2024-12-30T000000",
                                                          "2024-12-31T235959", "2025-01-01T000000"}
                                           << QStringList{"2025-01-01T000000", "2024-12-31T235959"};
    QTest::newRow("combined: union of last, daily and monthly")
        << policyOf(1, 0, 2, 0, 2, 0)
        << QStringList{"2026-09-30T100000", "2026-10-15T100000", "2026-10-31T100000",
                       "2026-11-01T090000", "2026-11-02T090000", "2026-11-02T180000"}
        << QStringList{"2026-11-02T180000", "2026-11-01T090000", "2026-10-31T100000"};
    QTest::newRow("combined: weekly and yearly overlap")
        << policyOf(0, 0, 0, 2, 0, 3)
        << QStringList{"2024-07-01T000000", "2025-12-29T000000", "2025-12-31T000000",
                       "2026-01-02T000000", "2026-01-05T000000"}
        << QStringList{"2026-01-05T000000", "2026-01-02T000000", "2025-12-31T000000",
                       "2024-07-01T000000"};
}

void TestRetention::rules()
{
    QFETCH(RetentionPolicy, policy);
    QFETCH(QStringList, snapshots);
    QFETCH(QStringList, kept);
    // The input order must not matter.
    QStringList shuffled = snapshots;
    std::reverse(shuffled.begin(), shuffled.end());
    const RetentionPlan plan = planRetention(policy, snapshotsAt(shuffled));
    QCOMPARE(plan.verdicts.size(), snapshots.size());
    QCOMPARE(keptNames(plan), kept);
    for (const RetentionVerdict& v : plan.verdicts) {
        QVERIFY2(!v.reasons.isEmpty(), qPrintable(v.name));
        QCOMPARE(v.freedBytes, 0); // no usage given
    }
}

void TestRetention::reasonsNameEveryRule()
{
    const RetentionPlan plan =
        planRetention(policyOf(2, 1, 1, 1, 1, 1),
                      snapshotsAt({"2026-11-24T100000", "2026-11-25T090000", "2026-11-25T100000"}));
    QCOMPARE(plan.verdicts[0].reasons,
             (QStringList{"newest", "last 1", "hourly 2026-11-25T10", "daily 2026-11-25",
                          "weekly 2026-W48", "monthly 2026-11", "yearly 2026"}));
    QCOMPARE(plan.verdicts[1].reasons, QStringList{"last 2"});
    QVERIFY(!plan.verdicts[2].kept);
    QCOMPARE(plan.verdicts[2].reasons, QStringList{"no rule keeps it"});
}

void TestRetention::generatedSeriesMatchTheOracle_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<int>("stepMinutes"); // mean spacing of the snapshots
    QTest::addColumn<RetentionPolicy>("policy");
    QTest::newRow("hourly runs, typical policy") << 1u << 60 << policyOf(0, 24, 7, 4, 6, 1);
    QTest::newRow("irregular, every rule") << 2u << 400 << policyOf(3, 5, 10, 8, 12, 3);
    QTest::newRow("daily runs over years") << 3u << 1440 << policyOf(0, 0, 14, 10, 24, 5);
    QTest::newRow("dense, last only") << 4u << 7 << policyOf(50, 0, 0, 0, 0, 0);
    QTest::newRow("sparse, weekly and yearly") << 5u << 5000 << policyOf(0, 0, 0, 6, 0, 4);
    QTest::newRow("monthly only") << 6u << 720 << policyOf(0, 0, 0, 0, 18, 0);
}

void TestRetention::generatedSeriesMatchTheOracle()
{
    QFETCH(quint32, seed);
    QFETCH(int, stepMinutes);
    QFETCH(RetentionPolicy, policy);
    QRandomGenerator rng(seed);
    // Start just before a year change so the series crosses it.
    QDateTime t(QDate(2024, 12, 20), QTime(21, 17, 5), Qt::UTC);
    QList<SnapshotInfo> snaps;
    for (int i = 0; i < 600; ++i) {
        t = t.addSecs(qint64(rng.bounded(1, 2 * stepMinutes * 60)));
        snaps.append(SnapshotInfo{snapshotName(t), t});
    }
    const RetentionPlan plan = planRetention(policy, snaps);
    const QStringList kept = keptNames(plan);
    const QSet<QString> expected = oracleKept(policy, snaps);
    QCOMPARE(QSet<QString>(kept.cbegin(), kept.cend()), expected);
    QVERIFY(plan.verdicts.first().kept);
}

void TestRetention::freedBytesAreHardLinkAware()
{
    // a (oldest), b, c (newest). shared: one inode linked from a and b.
    // outside: linked from a and from a folder outside the snapshots.
    SpaceUsage usage;
    usage.addLink("a", {1, 10}, 1, 100);  // only in a
    usage.addLink("a", {1, 11}, 2, 1000); // shared by a and b
    usage.addLink("b", {1, 11}, 2, 1000);
    usage.addLink("a", {1, 12}, 2, 5000); // its other link is outside
    usage.addLink("b", {1, 13}, 1, 20);   // only in b
    usage.addLink("c", {1, 14}, 3, 7);    // three links, all in c
    usage.addLink("c", {1, 14}, 3, 7);
    usage.addLink("c", {1, 14}, 3, 7);
    QCOMPARE(usage.freedBy({"a"}), 100);
    QCOMPARE(usage.freedBy({"b"}), 20);
    QCOMPARE(usage.freedBy({"a", "b"}), 1120);
    QCOMPARE(usage.freedBy({"c"}), 7);

    const QList<SnapshotInfo> snaps{{"a", at("2026-11-01T000000")},
                                    {"b", at("2026-11-02T000000")},
                                    {"c", at("2026-11-03T000000")}};
    const RetentionPlan plan = planRetention(policyOf(1, 0, 0, 0, 0, 0), snaps, &usage, 0);
    QCOMPARE(keptNames(plan), QStringList{"c"});
    // Oldest first: a frees its own 100; b then frees its 20 and the 1000
    // it shared with a. The rows sum to the joint total.
    QCOMPARE(plan.verdicts[2].freedBytes, 100);
    QCOMPARE(plan.verdicts[1].freedBytes, 1020);
    QCOMPARE(plan.freedBytes, 1120);
}

void TestRetention::minimumFreeSpaceRemovesOldestFirst()
{
    SpaceUsage usage;
    QList<SnapshotInfo> snaps;
    for (int day = 1; day <= 5; ++day) {
        const QString name = QStringLiteral("2026-11-0%1T000000").arg(day);
        snaps.append({name, at(name.toLatin1().constData())});
        usage.addLink(name, {1, quint64(day)}, 1, 1000);
    }
    RetentionPolicy policy = policyOf(5, 0, 0, 0, 0, 0);
    policy.minFreeBytes = 2500;
    RetentionPlan plan = planRetention(policy, snaps, &usage, 600);
    // 600 free: two removals (2600) are enough, the two oldest go.
    QCOMPARE(keptNames(plan),
             (QStringList{"2026-11-05T000000", "2026-11-04T000000", "2026-11-03T000000"}));
    QVERIFY(plan.verdicts[4].reasons.first().startsWith("below the minimum free space"));
    QCOMPARE(plan.freedBytes, 2000);
    QVERIFY(!plan.minFreeUnmet);

    policy.minFreeBytes = 1'000'000;
    plan = planRetention(policy, snaps, &usage, 600);
    QCOMPARE(keptNames(plan), QStringList{"2026-11-05T000000"});
    QVERIFY(plan.minFreeUnmet);
}

void TestRetention::neverRemovesTheNewest()
{
    // Only a yearly rule for last year's snapshots... the newest stays anyway.
    const RetentionPlan plan = planRetention(
        policyOf(0, 0, 0, 0, 0, 0), snapshotsAt({"2025-01-01T000000", "2026-11-25T100000"}));
    QCOMPARE(keptNames(plan), QStringList{"2026-11-25T100000"});
    QCOMPARE(plan.verdicts[0].reasons, QStringList{"newest"});
}

QTEST_GUILESS_MAIN(TestRetention)
#include "tst_retention.moc"
