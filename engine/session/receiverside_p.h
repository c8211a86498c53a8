#pragma once

// ReceiverSide's per-file receiving state, shared by its .cpp files.
//
// Ownership across threads: an Incoming is created on the role's thread;
// once its first write task is submitted, only write-pipeline tasks touch
// its file, patcher and error (in order, one at a time). The role learns
// the outcome through the CompletionQueue.

#include "core/result.h"
#include "delta/patcher.h"
#include "fs/metadata.h"
#include "session/receiverside.h"

#include <mutex>
#include <vector>

namespace qrsync::session {

struct ReceiverSide::Incoming
{
    qint32 ndx = 0;
    bool redo = false;
    QByteArray rel; // the target, relative to the destination root
    protocol::SumHead head;
    fs::MappedFile basis;
    bool noBasis = false; // the head asked for one, but none could be opened
    std::optional<fs::AtomicFile> file;
    std::unique_ptr<delta::Patcher> patcher;
    std::optional<fs::FileStat> previous; // what the target was before
    std::optional<Error> writeError;      // the first failed write
    qint64 sinceDiscard = 0;              // basis bytes used since its pages were dropped

    // Runs on the pipeline: keeps the first error and stops writing.
    void apply(const Result<>& r)
    {
        if (r || writeError)
            return;
        writeError = r.error();
        if (file) {
            (void)file->abort();
            file.reset();
        }
    }
};

struct ReceiverSide::Completion
{
    enum class Outcome
    {
        Committed,
        Redo,
        Failed
    };
    qint32 ndx = 0;
    Outcome outcome = Outcome::Committed;
    QByteArray message; // for Redo and Failed, ready to show
};

class ReceiverSide::CompletionQueue
{
public:
    void push(Completion c)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_items.push_back(std::move(c));
    }
    std::vector<Completion> take()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        return std::exchange(m_items, {});
    }

private:
    std::mutex m_mutex;
    std::vector<Completion> m_items;
};

} // namespace qrsync::session
