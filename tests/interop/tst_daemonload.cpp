// Load on `qrsync --daemon` (issue 5): many concurrent stock rsync clients
// pulling a module of 1,000 small files, in both listener modes. Every
// client must succeed with a correct tree; the daemon's peak RSS and
// thread count are printed, and in events mode the thread count must not
// grow with the number of connections.
//
// The 200 clients; both modes together take under a minute on the
// 2-core test machine. QRSYNC_DAEMON_LOAD_CLIENTS overrides the count.

#include "processrunner.h"
#include "qrsyncdaemonfixture.h"
#include "treebuilder.h"
#include "treesnapshot.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>
#include <vector>

using namespace qrsync::test;

namespace {

constexpr int kClients = 200;
constexpr int kFiles = 1000;

int clientCount()
{
    const int n = qEnvironmentVariableIntValue("QRSYNC_DAEMON_LOAD_CLIENTS");
    return n > 0 ? n : kClients;
}

} // namespace

class TstDaemonLoad : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QByteArray m_src;

private Q_SLOTS:
    void initTestCase()
    {
        m_src = QFile::encodeName(m_tmp.filePath(QStringLiteral("module")));
        TreeBuilder tree(m_src);
        tree.dir("");
        for (int d = 0; d < 20; ++d) {
            const QByteArray dir = "d" + QByteArray::number(d);
            tree.dir(dir);
            for (int f = 0; f < kFiles / 20; ++f)
                tree.randomFile(dir + "/f" + QByteArray::number(f), 64 + (d * 37 + f * 11) % 2000,
                                quint32(d * 1000 + f));
            // Past times: stock's receiver keeps a new directory's own time
            // when it falls in the same second as the source's.
            tree.setMtime(dir, 1600000000 + d, 0);
        }
        tree.setMtime("", 1600000000, 0);
    }

    void concurrentPulls_data()
    {
        QTest::addColumn<bool>("threads");
        QTest::newRow("events") << false;
        QTest::newRow("threads") << true;
    }

    void concurrentPulls()
    {
        QFETCH(bool, threads);
        const int n = clientCount();
        QrsyncDaemonFixture d;
        const QString config = QStringLiteral("uid = root\ngid = root\n[load]\npath = %1\n")
                                   .arg(QFile::decodeName(m_src));
        const QString err = d.start(config, threads);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        const qint64 idleRss = d.rssKiB();
        const int idleThreads = d.threadCount();

        QDir().mkpath(m_tmp.filePath(QStringLiteral("dst%1").arg(threads)));
        QElapsedTimer timer;
        timer.start();
        std::vector<std::unique_ptr<QProcess>> clients;
        for (int i = 0; i < n; ++i) {
            auto p = std::make_unique<QProcess>();
            p->setProcessChannelMode(QProcess::MergedChannels);
            p->start(QStringLiteral("/usr/bin/rsync"),
                     {QStringLiteral("-a"), d.url(QStringLiteral("load/")),
                      m_tmp.filePath(QStringLiteral("dst%1/%2/").arg(threads).arg(i))});
            clients.push_back(std::move(p));
        }
        qint64 peakRss = 0;
        int peakThreads = 0;
        int running = n;
        while (running > 0 && timer.elapsed() < 240000) {
            peakRss = std::max(peakRss, d.rssKiB());
            peakThreads = std::max(peakThreads, d.threadCount());
            running = 0;
            for (auto& p : clients) {
                if (p->state() != QProcess::NotRunning && !p->waitForFinished(0))
                    ++running;
            }
            QTest::qWait(50);
        }
        const qint64 ms = timer.elapsed();
        int failed = 0;
        QByteArray firstFailure;
        for (auto& p : clients) {
            p->waitForFinished(1000);
            if (p->exitStatus() != QProcess::NormalExit || p->exitCode() != 0) {
                if (!failed++)
                    firstFailure = p->readAll();
            }
        }
        qInfo("%s: %d clients x %d files in %lld ms; daemon RSS idle %lld KiB, peak %lld KiB; "
              "threads idle %d, peak %d",
              threads ? "threads" : "events", n, kFiles, ms, idleRss, peakRss, idleThreads,
              peakThreads);
        QVERIFY2(failed == 0, qPrintable(QStringLiteral("%1 of %2 clients failed, first: %3")
                                             .arg(failed)
                                             .arg(n)
                                             .arg(QString::fromUtf8(firstFailure))));
        const TreeSnapshot expected = TreeSnapshot::take(m_src);
        for (int i = 0; i < n; ++i) {
            const QStringList diff =
                TreeSnapshot::diff(expected, TreeSnapshot::take(QFile::encodeName(m_tmp.filePath(
                                                 QStringLiteral("dst%1/%2").arg(threads).arg(i)))));
            QVERIFY2(diff.isEmpty(),
                     qPrintable(QStringLiteral("client %1: ").arg(i) + diff.mid(0, 5).join('\n')));
        }
        if (!threads) {
            // A fixed set of event-loop threads and one shared worker pool:
            // far fewer threads than connections, whatever their number.
            QVERIFY2(peakThreads <= idleThreads + 2 * QThread::idealThreadCount() + 4,
                     qPrintable(QStringLiteral("events mode peaked at %1 threads for %2 clients")
                                    .arg(peakThreads)
                                    .arg(n)));
        }
        d.stop();
        QDir(m_tmp.filePath(QStringLiteral("dst%1").arg(threads))).removeRecursively();
    }
};

QTEST_GUILESS_MAIN(TstDaemonLoad)
#include "tst_daemonload.moc"
