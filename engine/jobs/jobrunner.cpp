#include "jobs/jobrunner.h"

#include "jobs/jobworker_p.h"
#include "jobs/logging.h"

#include <QThread>

namespace qrsync::jobs {

namespace {

// The rate is measured over this window: long enough to smooth file
// boundaries, short enough to follow a change of disk speed.
constexpr qint64 kRateWindowMs = 3000;

void registerMetaTypes()
{
    static const bool done = [] {
        qRegisterMetaType<JobProgress>();
        qRegisterMetaType<JobMessage>();
        qRegisterMetaType<JobResult>();
        qRegisterMetaType<JobItem>();
        qRegisterMetaType<QList<JobItem>>();
        qRegisterMetaType<QList<JobMessage>>();
        return true;
    }();
    Q_UNUSED(done);
}

} // namespace

JobRunner::JobRunner(QObject* parent)
    : QObject(parent)
{
    registerMetaTypes();
    m_timer.setInterval(kDefaultProgressIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &JobRunner::tick);
}

JobRunner::~JobRunner()
{
    if (m_thread) {
        m_shared->stop = true;
        // A connection waiting for a dialog's answer would never end.
        if (m_sshPrompts && m_sshPrompts->cancelPending)
            m_sshPrompts->cancelPending();
        m_thread->wait();
    }
}

void JobRunner::setProgressInterval(int ms)
{
    m_timer.setInterval(std::max(1, ms));
}

bool JobRunner::start(const options::TransferOptions& options, Mode mode)
{
    if (m_thread)
        return false;
    m_mode = mode;
    m_shared = std::make_shared<JobShared>();
    m_shared->sshPrompts = m_sshPrompts;
    m_progress = JobProgress{};
    m_result = JobResult{};
    m_result.dryRun = mode == Mode::Preview;
    m_result.started = QDateTime::currentDateTimeUtc();
    m_items.clear();
    m_messages.clear();
    m_samples.clear();
    m_clock.start();

    // The worker gets its own copies: options by value, the shared state by
    // shared_ptr, so nothing it uses can go away under it.
    const JobKind kind = mode == Mode::Preview ? JobKind::Preview : JobKind::Run;
    m_thread.reset(
        QThread::create([shared = m_shared, options, kind] { runJob(options, kind, *shared); }));
    m_thread->setObjectName(QStringLiteral("qrsync-job"));
    connect(m_thread.get(), &QThread::finished, this, &JobRunner::onThreadFinished,
            Qt::QueuedConnection);
    m_thread->start();
    m_timer.start();
    return true;
}

void JobRunner::setSshPrompts(transport::SshPrompts prompts)
{
    m_sshPrompts = std::move(prompts);
}

void JobRunner::cancel()
{
    if (!m_thread)
        return;
    qCDebug(lcJobs) << "cancel requested";
    m_shared->stop = true;
    if (m_sshPrompts && m_sshPrompts->cancelPending)
        m_sshPrompts->cancelPending();
}

JobProgress JobRunner::snapshot()
{
    QList<JobItem> items;
    QList<JobMessage> messages;
    JobProgress p = takeJobProgress(*m_shared, items, messages);
    p.elapsedMs = m_clock.elapsed();
    updateRate(p);
    if (!items.isEmpty()) {
        m_items += items;
        Q_EMIT itemsReported(items);
    }
    if (!messages.isEmpty()) {
        m_messages += messages;
        Q_EMIT messagesReported(messages);
    }
    return p;
}

void JobRunner::updateRate(JobProgress& p)
{
    if (p.phase != JobPhase::Transferring) {
        m_samples.clear();
        return;
    }
    m_samples.push_back({p.elapsedMs, p.bytesDone});
    while (m_samples.size() > 2 && p.elapsedMs - m_samples.front().ms > kRateWindowMs)
        m_samples.pop_front();
    const Sample& first = m_samples.front();
    const qint64 dt = p.elapsedMs - first.ms;
    if (dt <= 0)
        return;
    p.bytesPerSecond = double(p.bytesDone - first.bytes) * 1000.0 / double(dt);
    if (p.bytesTotal >= 0 && p.bytesPerSecond > 0)
        p.etaSeconds = qint64(
            double(std::max<qint64>(0, p.bytesTotal - p.bytesDone)) / p.bytesPerSecond + 0.5);
}

void JobRunner::tick()
{
    if (!m_shared)
        return;
    const JobProgress p = snapshot();
    if (p == m_progress)
        return;
    m_progress = p;
    Q_EMIT progressChanged(m_progress);
}

void JobRunner::onThreadFinished()
{
    m_timer.stop();
    // finished() is emitted just before the thread ends; ~QThread waits
    // for those last instructions (QThreadPrivate::isInFinish), no longer.
    m_thread.reset();

    JobProgress p = snapshot();
    const QDateTime started = m_result.started;
    m_result =
        finishedJobResult(*m_shared, m_mode == Mode::Preview ? JobKind::Preview : JobKind::Run, p);
    m_result.started = started;
    m_result.finished = QDateTime::currentDateTimeUtc();
    m_progress = p;
    Q_EMIT progressChanged(m_progress);
    m_shared.reset();
    Q_EMIT result(m_result);
}

} // namespace qrsync::jobs
