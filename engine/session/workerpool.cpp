// The "workers" async path: jobs on a QThreadPool, bounded in flight.

#include "session/workers.h"

#include <QSemaphore>
#include <QThread>
#include <QThreadPool>

namespace qrsync::session {

namespace {

class PoolWorkers final : public Workers
{
public:
    explicit PoolWorkers(int maxInFlight)
        : m_maxInFlight(maxInFlight > 0 ? maxInFlight
                                        : 2 * std::max(1, QThread::idealThreadCount()))
    {
        m_pool.setMaxThreadCount(std::max(1, QThread::idealThreadCount()));
    }

    ~PoolWorkers() override { m_pool.waitForDone(); }

    void forEach(qsizetype count, const std::function<void(qsizetype)>& job) override
    {
        if (count == 1) {
            job(0); // not worth a hand-off
            return;
        }
        QSemaphore slots(m_maxInFlight);
        QSemaphore done(0);
        for (qsizetype i = 0; i < count; ++i) {
            slots.acquire();
            m_pool.start([&job, &slots, &done, i] {
                job(i);
                slots.release();
                done.release();
            });
        }
        done.acquire(int(count));
    }

    const char* name() const override { return "pool"; }

private:
    int m_maxInFlight;
    QThreadPool m_pool;
};

} // namespace

std::unique_ptr<Workers> makePoolWorkers(int maxInFlight)
{
    return std::make_unique<PoolWorkers>(maxInFlight);
}

} // namespace qrsync::session
