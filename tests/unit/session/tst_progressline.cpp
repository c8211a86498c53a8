// Progress lines against stock rsync 3.5.0 captures (tests/data/session/
// progress/, made by capture.sh): every "\r…" update in a capture is rebuilt
// from the sizes the test knows plus the rate and elapsed time read back
// from the captured text, and must match byte for byte (the ETA of
// in-flight lines is recomputed from the rate). ProgressMeter's rate
// smoothing runs on a fake clock.

#include "session/progressline.h"
#include "testsupport.h"

#include <QTest>

using namespace qrsync;
using namespace qrsync::session;

namespace {

constexpr qint64 kBig = 268435456;
constexpr qint64 kMid = 1234567;
constexpr qint64 kSmall = 6;
constexpr qint64 kAll = kBig + kMid + kSmall;

struct Step
{
    qint64 bytes;
    qint64 total;
    bool final;
    int xfr;
    int toCheck;
};

// What capture.sh's tree gives, in output order (6 entries: ".", big, sub,
// sub/empty, sub/mid, sub/small).
const std::vector<Step> kPerFile = {
    {32768, kBig, false, 0, 0},   {kBig, kBig, true, 1, 4}, {0, 0, true, 2, 2},
    {32768, kMid, false, 0, 0},   {kMid, kMid, true, 3, 1}, {kSmall, kSmall, false, 0, 0},
    {kSmall, kSmall, true, 4, 0},
};
const std::vector<Step> kWhole = {
    {32768, kAll, false, 0, 0},      {kBig, kAll, true, 1, 4}, {kBig, kAll, true, 2, 2},
    {kBig + kMid, kAll, true, 3, 1}, {kAll, kAll, true, 4, 0}, {kAll, kAll, true, 4, 0},
    {kAll, kAll, true, 4, 0},
};

// "\r…" segments of a capture; a segment keeps its '\n' when it has one.
QList<QByteArray> progressSegments(const QByteArray& capture)
{
    QList<QByteArray> out;
    qsizetype pos = capture.indexOf('\r');
    while (pos >= 0) {
        qsizetype end = pos + 1;
        while (end < capture.size() && capture[end] != '\r' && capture[end] != '\n')
            ++end;
        if (end < capture.size() && capture[end] == '\n')
            ++end;
        // --no-inc-recursive also overwrites "N files..." with \r.
        const QByteArray segment = capture.mid(pos, end - pos);
        if (!segment.contains("files to consider"))
            out.append(segment);
        pos = capture.indexOf('\r', end);
    }
    return out;
}

// "  1.51GB/s" -> bytes per second; "0:00:06" -> seconds.
double rateOf(const QByteArray& segment)
{
    const QList<QByteArray> words = segment.simplified().split(' ');
    QByteArray r = words.at(2);
    double scale = 1024.0;
    if (r.endsWith("MB/s"))
        scale *= 1024.0;
    else if (r.endsWith("GB/s"))
        scale *= 1024.0 * 1024.0;
    r.chop(4);
    return r.toDouble() * scale;
}

double secondsOf(const QByteArray& segment)
{
    const QList<QByteArray> hms = segment.simplified().split(' ').at(3).split(':');
    return hms.at(0).toInt() * 3600.0 + hms.at(1).toInt() * 60.0 + hms.at(2).toInt();
}

} // namespace

class TestProgressLine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stockCaptures_data();
    void stockCaptures();
    void wholeTransferPadsSuffix();
    void incrementalRecursionSaysIrChk();
    void unknownEta();
    void meterSmoothsOverFiveSeconds();
    void meterTimesNextFileFromLastSample();
};

void TestProgressLine::stockCaptures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("human");
    QTest::addColumn<bool>("whole");

    QTest::newRow("--progress") << "progress.out" << 1 << false;
    QTest::newRow("--progress -h") << "progress-h.out" << 2 << false;
    QTest::newRow("--progress -hh") << "progress-hh.out" << 3 << false;
    QTest::newRow("--progress --no-h") << "progress-noh.out" << 0 << false;
    QTest::newRow("--progress --no-inc-recursive") << "progress-noinc.out" << 1 << false;
    QTest::newRow("--info=progress2") << "progress2.out" << 1 << true;
    QTest::newRow("--info=progress2 -hh") << "progress2-hh.out" << 3 << true;
    QTest::newRow("--info=progress2 --no-h") << "progress2-noh.out" << 0 << true;
}

void TestProgressLine::stockCaptures()
{
    QFETCH(QString, file);
    QFETCH(int, human);
    QFETCH(bool, whole);

    const QByteArray capture = test::readTestData(QStringLiteral("session/progress/") + file);
    QVERIFY(!capture.isEmpty());
    QList<QByteArray> segments = progressSegments(capture);
    if (whole) {
        // progress2 lines never end a line themselves; the '\n' stock
        // printed at exit is its pending-newline bookkeeping.
        QVERIFY(segments.last().endsWith('\n'));
        segments.last().chop(1);
    }
    const std::vector<Step>& steps = whole ? kWhole : kPerFile;
    QCOMPARE(segments.size(), qsizetype(steps.size()));
    for (size_t i = 0; i < steps.size(); ++i) {
        const Step& step = steps[i];
        const QByteArray& stock = segments.at(qsizetype(i));
        ProgressState s;
        s.bytes = step.bytes;
        s.total = step.total;
        s.rate = rateOf(stock);
        s.elapsedSeconds = secondsOf(stock);
        s.transferredFiles = step.xfr;
        s.filesToCheck = step.toCheck;
        s.totalFiles = 6;
        s.wholeTransfer = whole;
        s.humanReadable = human;
        QCOMPARE(formatProgressLine(s, step.final), stock);
    }
}

void TestProgressLine::wholeTransferPadsSuffix()
{
    ProgressState s;
    s.bytes = 5000;
    s.total = 10000;
    s.rate = 2048;
    s.elapsedSeconds = 3725; // 1:02:05
    s.transferredFiles = 9;
    s.filesToCheck = 0;
    s.totalFiles = 10;
    s.wholeTransfer = true;
    s.padSuffixTo = 23;
    QCOMPARE(formatProgressLine(s, true),
             QByteArray("\r          5,000  50%    2.00kB/s    1:02:05 (xfr#9, to-chk=0/10)  "));

    // The meter pads to the longest suffix it printed in this run.
    ProgressMeter meter;
    s.transferredFiles = 10;
    s.filesToCheck = 100;
    s.totalFiles = 1000;
    QVERIFY(meter.finish(1000, s).endsWith(" (xfr#10, to-chk=100/1000)"));
    s.filesToCheck = 0;
    QVERIFY(meter.finish(2000, s).endsWith(" (xfr#10, to-chk=0/1000)  "));
}

void TestProgressLine::incrementalRecursionSaysIrChk()
{
    ProgressState s;
    s.bytes = s.total = 1;
    s.transferredFiles = 1;
    s.filesToCheck = 3;
    s.totalFiles = 7;
    s.fileListDone = false;
    QCOMPARE(formatProgressLine(s, true),
             QByteArray("\r              1 100%    0.00kB/s    0:00:00 (xfr#1, ir-chk=3/7)\n"));
}

void TestProgressLine::unknownEta()
{
    // More than 9999 hours left: stock's "??:??:??".
    ProgressState s;
    s.bytes = 0;
    s.total = qint64(1) << 50;
    s.rate = 1;
    QCOMPARE(formatProgressLine(s, false),
             QByteArray("\r              0   0%    0.00kB/s   ??:??:??  "));
}

void TestProgressLine::meterSmoothsOverFiveSeconds()
{
    constexpr qint64 MiB = 1024 * 1024;
    ProgressMeter meter;
    ProgressState s;
    s.total = 20 * MiB;
    s.totalFiles = 1;
    QCOMPARE(meter.update(0, s), QByteArray("\r              0   0%    0.00kB/s    0:00:00  "));
    s.bytes = MiB / 2;
    QVERIFY(meter.update(999, s).isEmpty()); // under a second: quiet
    QByteArray line;
    for (int k = 1; k <= 12; ++k) {
        s.bytes = qMin(k, 10) * MiB;
        line = meter.update(k * 1000, s);
        QVERIFY(!line.isEmpty());
        if (k == 4) // still measured from the start: 4 MiB in 4 s, not above 1024 kB/s
            QCOMPARE(line, QByteArray("\r      4,194,304  20% 1024.00kB/s    0:00:16  "));
    }
    // Stalled at 10 MiB since t=10 s; the ring's oldest sample is t=8 s.
    QCOMPARE(line, QByteArray("\r     10,485,760  50%  512.00kB/s    0:00:20  "));
    s.total = s.bytes;
    s.transferredFiles = 1;
    QCOMPARE(meter.finish(12000, s),
             QByteArray("\r     10,485,760 100%  853.33kB/s    0:00:12 (xfr#1, to-chk=0/1)\n"));
}

void TestProgressLine::meterTimesNextFileFromLastSample()
{
    ProgressMeter meter;
    ProgressState s;
    s.total = 4 << 20;
    QVERIFY(!meter.update(100000, s).isEmpty());
    s.bytes = s.total;
    QVERIFY(!meter.finish(100200, s).isEmpty());
    // Within 1.5 s of the last sample (t=100 s): timed from that sample,
    // from 0 bytes, so a 1 MiB first update a second later is 1024 kB/s
    // (not above 1024, so still kB/s).
    s.bytes = 1 << 20;
    QCOMPARE(meter.update(101000, s),
             QByteArray("\r      1,048,576  25% 1024.00kB/s    0:00:03  "));
    // A later file, more than 1.5 s after: timed from its own first update.
    s.bytes = s.total;
    meter.finish(101500, s);
    s.bytes = 1000;
    QCOMPARE(meter.update(110000, s),
             QByteArray("\r          1,000   0%    0.00kB/s    0:00:00  "));
}

QTEST_GUILESS_MAIN(TestProgressLine)
#include "tst_progressline.moc"
