// The asynchronous receiver pipeline: one worker thread runs the writes
// and verifications in order while the receiver keeps decoding.

#include "session/writepipeline.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace qrsync::session {

namespace {

class AsyncWritePipeline final : public WritePipeline
{
public:
    explicit AsyncWritePipeline(qsizetype maxQueuedBytes)
        : m_maxQueued(maxQueuedBytes)
        , m_thread([this] { run(); })
    {}

    ~AsyncWritePipeline() override
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_all();
        m_thread.join();
    }

    void submit(std::function<void()> task, qsizetype bytes) override
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        // A single task larger than the bound still goes in, alone.
        m_space.wait(lock,
                     [&] { return m_queuedBytes == 0 || m_queuedBytes + bytes <= m_maxQueued; });
        m_queue.push_back(Item{std::move(task), bytes});
        m_queuedBytes += bytes;
        ++m_pending;
        lock.unlock();
        m_wake.notify_one();
    }

    void drain() override
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_idle.wait(lock, [&] { return m_pending == 0; });
    }

    const char* name() const override { return "pipelined"; }

private:
    struct Item
    {
        std::function<void()> task;
        qsizetype bytes = 0;
    };

    void run()
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        for (;;) {
            m_wake.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty())
                return; // stopping, nothing left
            Item item = std::move(m_queue.front());
            m_queue.pop_front();
            lock.unlock();
            item.task();
            lock.lock();
            m_queuedBytes -= item.bytes;
            --m_pending;
            m_space.notify_all();
            if (m_pending == 0)
                m_idle.notify_all();
        }
    }

    const qsizetype m_maxQueued;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_space;
    std::condition_variable m_idle;
    std::deque<Item> m_queue;
    qsizetype m_queuedBytes = 0;
    qsizetype m_pending = 0;
    bool m_stopping = false;
    std::thread m_thread; // last: started once everything above exists
};

} // namespace

std::unique_ptr<WritePipeline> makeAsyncWritePipeline(qsizetype maxQueuedBytes)
{
    return std::make_unique<AsyncWritePipeline>(maxQueuedBytes);
}

} // namespace qrsync::session
