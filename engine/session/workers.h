#pragma once

// How the roles run their CPU-heavy, independent jobs: whole-file sums for
// --checksum, block signatures of basis files. The roles only see this
// interface; whether the jobs run inline on the I/O thread or on a thread
// pool is the "workers" async path (docs/design/async-migration.md), chosen
// by whoever builds the roles.
//
// Contract: forEach(count, job) calls job(i) once for every i in
// [0, count) and returns when all calls have returned. Jobs may run
// concurrently and in any order, so each must touch only its own slot of
// data the caller prepared; they never touch the role.

#include <QtGlobal>

#include <functional>
#include <memory>

namespace qrsync::session {

class Workers
{
public:
    virtual ~Workers() = default;
    virtual void forEach(qsizetype count, const std::function<void(qsizetype)>& job) = 0;
    // "inline" or "pool", for the run report.
    virtual const char* name() const = 0;
};

class InlineWorkers final : public Workers
{
public:
    void forEach(qsizetype count, const std::function<void(qsizetype)>& job) override
    {
        for (qsizetype i = 0; i < count; ++i)
            job(i);
    }
    const char* name() const override { return "inline"; }
};

// QThreadPool-backed workers with at most `maxInFlight` jobs queued or
// running at once (backpressure): workerpool.cpp.
std::unique_ptr<Workers> makePoolWorkers(int maxInFlight = 0);

} // namespace qrsync::session
