#pragma once

// Drivers move bytes between two roles of one process (a local transfer:
// a client sender and a server receiving side, speaking the real protocol
// over an in-process channel). Both run the same roles; only how bytes move
// differs (docs/design/async-migration.md):
//   - EventLoopPairDriver: one thread, Qt event loop; the roles are
//     advanced in slices queued on the loop, bytes handed over in memory.
//   - BlockingPairDriver: one thread per role, connected by a socketpair,
//     each thread reading, advancing and writing in order.

#include "session/role.h"

#include <QObject>

#include <functional>
#include <mutex>

namespace qrsync::session {

using EventSink = std::function<void(const SessionEvent&)>;
// Asked between slices of work; true stops the run (a signal arrived).
using StopRequested = std::function<bool()>;

struct PairOutcome
{
    std::optional<Error> clientError;
    std::optional<Error> serverError;
    bool stopped = false; // stopRequested() said so before the roles finished
};

class EventLoopPairDriver final : public QObject
{
    Q_OBJECT

public:
    EventLoopPairDriver(Role& client, Role& server, EventSink sink, StopRequested stop = {},
                        QObject* parent = nullptr);

    // Schedules the work on the current thread's event loop; finished()
    // follows once both roles are done or one failed.
    void start();
    const PairOutcome& outcome() const { return m_outcome; }

Q_SIGNALS:
    void finished();

private:
    void runSlice();
    bool pump(Role& from, Role& to);

    Role& m_client;
    Role& m_server;
    EventSink m_sink;
    StopRequested m_stop;
    PairOutcome m_outcome;
    bool m_done = false;
};

class BlockingPairDriver
{
public:
    BlockingPairDriver(Role& client, Role& server, EventSink sink, StopRequested stop = {});
    // Runs both roles to the end on two threads; returns when both stopped.
    PairOutcome run();

private:
    Role& m_client;
    Role& m_server;
    EventSink m_sink;
    StopRequested m_stop;
    std::mutex m_sinkMutex;
};

} // namespace qrsync::session
