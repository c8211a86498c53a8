#pragma once

// Where the receiver's file writes and verification run: the "receiver"
// async path (docs/design/async-migration.md). The receiver decodes the
// token stream on its own thread and submits each write, and at the end of
// a file the verify-and-commit step, as tasks. Tasks run in submission
// order; the inline pipeline runs each at once, the asynchronous one on a
// worker thread with a bounded queue (submit() blocks while the queue holds
// too many bytes: backpressure, never an unbounded buffer).
//
// Call contract: tasks own what they touch (shared state handed over with
// the task is not used by the submitter again until drain() has returned
// or the task reported completion through its own channel).

#include <QtGlobal>

#include <functional>
#include <memory>

namespace qrsync::session {

class WritePipeline
{
public:
    virtual ~WritePipeline() = default;
    // `bytes` is what the task will write, for the queue bound.
    virtual void submit(std::function<void()> task, qsizetype bytes) = 0;
    // Returns once every submitted task has run.
    virtual void drain() = 0;
    virtual const char* name() const = 0;
};

class InlineWritePipeline final : public WritePipeline
{
public:
    void submit(std::function<void()> task, qsizetype) override { task(); }
    void drain() override {}
    const char* name() const override { return "in-order"; }
};

// One ordered worker thread, at most `maxQueuedBytes` waiting: asyncwriter.cpp.
std::unique_ptr<WritePipeline> makeAsyncWritePipeline(qsizetype maxQueuedBytes = 8 << 20);

} // namespace qrsync::session
