// The profile document (docs/profile-format.md): round trips, defaults for
// missing keys, refusal of newer versions and of wrongly typed values.

#include "jobs/profileformat.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonDocument>
#include <QTest>

using namespace qrsync;
using namespace qrsync::jobs;

class TestProfileFormat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripsEveryField();
    void missingKeysTakeDefaults();
    void refusesNewerVersion();
    void refusesBadDocuments_data();
    void refusesBadDocuments();
    void readsTheDocumentedExample();
};

static Profile richProfile()
{
    Profile p;
    p.id = QStringLiteral("0b5c2a8e-1111-4222-8333-444455556666");
    p.name = QStringLiteral("Photos \u2192 NAS");
    p.sources = {QStringLiteral("/home/u/Pictures/"), QStringLiteral("/home/u/Videos")};
    p.destination = QStringLiteral("backup@nas:/srv/photos");
    p.mode = SyncMode::Mirror;
    p.preserve = {false, true, false, true, true, true, true};
    p.compare = {true, true, true, true, 2};
    p.transfer = {true, 512, true, true, true};
    p.deletion = {DeleteOptions::When::Delay, true, 100};
    p.connection = {QStringLiteral("ssh -p 2222"), QStringLiteral("/opt/bin/rsync")};
    p.filterRules = {QStringLiteral("- *.tmp"), QStringLiteral("+ /keep/"),
                     QStringLiteral("- /cache/")};
    p.snapshots = {true, 3, 24, 7, 4, 12, 2, 1024};
    p.schedule = {
        ScheduleOptions::Kind::Weekly, 7, 30, {"Mon", "Fri"}, "Sat *-*-* 01:00", true, true, 15};
    return p;
}

void TestProfileFormat::roundTripsEveryField()
{
    const Profile p = richProfile();
    auto decoded = decodeProfile(encodeProfile(p));
    QVERIFY_RESULT(decoded);
    QVERIFY(*decoded == p);

    // Each non-default value must survive, not just compare equal by luck:
    // a default profile differs from the rich one in every group.
    const Profile defaults;
    QVERIFY(!(defaults.preserve == p.preserve));
    QVERIFY(!(defaults.compare == p.compare));
    QVERIFY(!(defaults.transfer == p.transfer));
    QVERIFY(!(defaults.deletion == p.deletion));
    QVERIFY(!(defaults.connection == p.connection));
    QVERIFY(!(defaults.snapshots == p.snapshots));
    QVERIFY(!(defaults.schedule == p.schedule));

    const QJsonObject o = profileToJson(p);
    QCOMPARE(o.value(QStringLiteral("format")).toString(), QStringLiteral("qrsync-profile"));
    // Snapshot mode needs a reader that knows it (version 2); anything else
    // stays readable by version 1 readers.
    QCOMPARE(o.value(QStringLiteral("version")).toInt(), 2);
    QCOMPARE(o.value(QStringLiteral("mode")).toString(), QStringLiteral("mirror"));
    Profile plain = p;
    plain.snapshots.enabled = false;
    QCOMPARE(profileToJson(plain).value(QStringLiteral("version")).toInt(), 1);
}

void TestProfileFormat::missingKeysTakeDefaults()
{
    auto decoded = decodeProfile(R"({"format": "qrsync-profile", "version": 1,
                                     "name": "Docs", "sources": ["/a/"], "destination": "/b"})");
    QVERIFY_RESULT(decoded);
    Profile expected;
    expected.name = QStringLiteral("Docs");
    expected.sources = {QStringLiteral("/a/")};
    expected.destination = QStringLiteral("/b");
    QVERIFY(*decoded == expected);
    QCOMPARE(decoded->mode, SyncMode::Backup);
    QVERIFY(decoded->preserve.times);
}

void TestProfileFormat::refusesNewerVersion()
{
    auto decoded = decodeProfile(R"({"format": "qrsync-profile", "version": 3, "name": "x"})");
    QVERIFY(!decoded);
    QCOMPARE(decoded.error().code, ExitCode::Syntax);
    QCOMPARE(decoded.error().context, QStringLiteral("version"));
    QVERIFY2(decoded.error().message.contains(QLatin1String("newer")),
             qPrintable(decoded.error().message));
}

void TestProfileFormat::refusesBadDocuments_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<QString>("context");
    const QByteArray head = R"({"format": "qrsync-profile", "version": 1, )";
    QTest::newRow("not json") << QByteArray("{nope") << QStringLiteral("offset 2");
    QTest::newRow("array") << QByteArray("[]") << QString();
    QTest::newRow("other format") << QByteArray(R"({"format": "something", "version": 1})")
                                  << QStringLiteral("format");
    QTest::newRow("no version") << QByteArray(R"({"format": "qrsync-profile"})")
                                << QStringLiteral("version");
    QTest::newRow("unknown mode") << head + R"("mode": "sync"})" << QStringLiteral("mode");
    QTest::newRow("bool as string")
        << head + R"("preserve": {"times": "yes"}})" << QStringLiteral("times");
    QTest::newRow("sources not a list")
        << head + R"("sources": "/a"})" << QStringLiteral("sources");
    QTest::newRow("filter not a string")
        << head + R"("filters": ["- a", 3]})" << QStringLiteral("filters");
    QTest::newRow("negative window")
        << head + R"("compare": {"modifyWindow": -1}})" << QStringLiteral("modifyWindow");
    QTest::newRow("fractional limit") << head + R"("transfer": {"bandwidthLimitKiB": 1.5}})"
                                      << QStringLiteral("bandwidthLimitKiB");
    QTest::newRow("unknown delete timing")
        << head + R"("delete": {"when": "later"}})" << QStringLiteral("delete.when");
    QTest::newRow("negative snapshot count")
        << head + R"("snapshots": {"daily": -2}})" << QStringLiteral("daily");
    QTest::newRow("unknown schedule kind")
        << head + R"("schedule": {"kind": "sometimes"}})" << QStringLiteral("schedule.kind");
    QTest::newRow("hour out of range")
        << head + R"("schedule": {"hour": 24}})" << QStringLiteral("schedule");
    QTest::newRow("unknown day") << head + R"("schedule": {"days": ["Monday"]}})"
                                 << QStringLiteral("schedule.days");
    QTest::newRow("group not an object")
        << head + R"("compare": true})" << QStringLiteral("compare");
}

void TestProfileFormat::refusesBadDocuments()
{
    QFETCH(QByteArray, document);
    QFETCH(QString, context);
    auto decoded = decodeProfile(document);
    QVERIFY2(!decoded, document.constData());
    QCOMPARE(decoded.error().code, ExitCode::Syntax);
    QCOMPARE(decoded.error().context, context);
}

void TestProfileFormat::readsTheDocumentedExample()
{
    // docs/profile-format.md embeds a full example between ```json fences;
    // it must stay readable by the current reader.
    QFile doc(QStringLiteral(QRSYNC_SOURCE_DIR "/docs/profile-format.md"));
    QVERIFY(doc.open(QIODevice::ReadOnly));
    const QByteArray text = doc.readAll();
    const qsizetype start = text.indexOf("```json\n");
    QVERIFY(start >= 0);
    const qsizetype end = text.indexOf("```", start + 8);
    QVERIFY(end > start);
    auto decoded = decodeProfile(text.mid(start + 8, end - start - 8));
    QVERIFY_RESULT(decoded);
    QCOMPARE(decoded->name, QStringLiteral("Documents to USB disk"));
    QCOMPARE(decoded->mode, SyncMode::Mirror);
    QCOMPARE(decoded->filterRules.size(), 2);
}

QTEST_GUILESS_MAIN(TestProfileFormat)
#include "tst_profileformat.moc"
