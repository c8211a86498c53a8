// qrsync-desktop-bench: the desktop performance targets, measured
// through the real widgets on the offscreen platform.
//   - Preview of a large tree (default 100,000 files): time to the first
//     rows in the table and to the complete plan.
//   - GUI-thread stall: the longest gap between ticks of a 2 ms timer on
//     the GUI thread while the preview, then a real run, go on. The
//     JobRunner's coalescing is what keeps it small.
// Prints a Markdown table (docs/performance.md records it).

#include "itemtablemodel.h"
#include "itemtableview.h"
#include "jobs/jobrunner.h"
#include "jobs/runrecord.h"
#include "options/asyncpaths.h"
#include "previewdialog.h"
#include "runview.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <functional>

using namespace qrsync;

namespace {

// Watches the GUI thread: a timer that should fire every 2 ms; the
// longest time between two ticks is the longest stall.
class StallMeter
{
public:
    StallMeter()
    {
        m_timer.setInterval(2);
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_maxGapNs = std::max(m_maxGapNs, now - m_lastNs);
            m_lastNs = now;
        });
    }
    void start()
    {
        m_maxGapNs = 0;
        m_clock.start();
        m_lastNs = 0;
        m_timer.start();
    }
    double stop()
    {
        m_timer.stop();
        return double(m_maxGapNs) / 1e6;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    qint64 m_maxGapNs = 0;
};

void makeTree(const QString& root, int files)
{
    const int perDir = 100;
    QByteArray content(512, 'x');
    for (int i = 0; i < files; ++i) {
        const QString dir = QStringLiteral("%1/d%2").arg(root).arg(i / perDir);
        if (i % perDir == 0)
            QDir().mkpath(dir);
        QFile f(QStringLiteral("%1/f%2").arg(dir).arg(i));
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(f.fileName()));
        f.write(content.constData(), i % 512);
    }
}

bool waitUntil(const std::function<bool()>& done, int timeoutMs = 600000)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 50);
    }
    return true;
}

} // namespace

int main(int argc, char* argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption filesOption(QStringLiteral("files"),
                                         QStringLiteral("Files in the tree."), QStringLiteral("n"),
                                         QStringLiteral("100000"));
    parser.addOption(filesOption);
    parser.process(app);
    const int files = parser.value(filesOption).toInt();

    QTemporaryDir dir;
    const QString src = dir.path() + QStringLiteral("/src");
    QTextStream out(stdout);
    QElapsedTimer clock;
    clock.start();
    makeTree(src, files);
    out << "tree: " << files << " files in " << clock.elapsed() << " ms\n";
    out.flush();

    options::TransferOptions o;
    o.recursive = o.links = o.perms = o.times = true;
    o.sources = {src + QLatin1Char('/')};
    o.destination = dir.path() + QStringLiteral("/dst");
    o.async = options::compiledAsyncPaths();

    // Preview.
    StallMeter meter;
    qint64 firstRowsMs = -1;
    meter.start();
    clock.restart();
    auto* preview = new ui::PreviewDialog(o, QStringLiteral("bench"));
    QObject::connect(&preview->items().model(), &QAbstractItemModel::rowsInserted, preview, [&] {
        if (firstRowsMs < 0)
            firstRowsMs = clock.elapsed();
    });
    preview->show();
    if (!waitUntil([&] { return preview->isFinished(); }))
        qFatal("preview timed out");
    const qint64 previewMs = clock.elapsed();
    const double previewStall = meter.stop();
    const qsizetype rows = preview->items().model().rowCount();
    delete preview;

    // Real run with the run view.
    meter.start();
    clock.restart();
    auto* runner = new jobs::JobRunner;
    auto* view = new ui::RunView(*runner, QStringLiteral("bench"));
    runner->setParent(view);
    view->show();
    runner->start(o, jobs::JobRunner::Mode::Run);
    if (!waitUntil([&] { return view->isFinished(); }))
        qFatal("run timed out");
    const qint64 runMs = clock.elapsed();
    const double runStall = meter.stop();
    const qint64 copied = runner->progress().filesDone;
    // What the desktop app does on the GUI thread when a run ends.
    clock.restart();
    jobs::Profile benchProfile;
    benchProfile.id = QStringLiteral("bench");
    const jobs::RunRecord record =
        jobs::makeRunRecord(benchProfile, jobs::JobResult{}, runner->items(), runner->messages(),
                            QStringLiteral("desktop"));
    const bool written =
        jobs::HistoryStore(dir.path() + QStringLiteral("/data")).append(record).has_value();
    const qint64 recordMs = clock.elapsed();
    delete view;

    out << "\n| measure (" << files << " files) | result | target |\n|---|---|---|\n";
    out << "| preview: first rows in the table | " << firstRowsMs << " ms | < 1000 ms |\n";
    out << "| preview: complete (" << rows << " rows) | " << previewMs << " ms | |\n";
    out << "| preview: longest GUI-thread stall | " << QString::number(previewStall, 'f', 1)
        << " ms | < 50 ms |\n";
    out << "| run: plan + copy (" << copied << " files) | " << runMs << " ms | |\n";
    out << "| run: longest GUI-thread stall | " << QString::number(runStall, 'f', 1)
        << " ms | < 50 ms |\n";
    out << "| history record (" << record.items.size() << " items)" << (written ? "" : " FAILED")
        << " | " << recordMs << " ms | |\n";
    return 0;
}
