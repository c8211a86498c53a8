#pragma once

// ReceiverSide's per-file receiving state, shared by its .cpp files.

#include "delta/patcher.h"
#include "session/receiverside.h"

namespace qrsync::session {

struct ReceiverSide::Incoming
{
    qint32 ndx = 0;
    bool redo = false;
    protocol::SumHead head;
    fs::MappedFile basis;
    std::optional<fs::AtomicFile> file;
    std::unique_ptr<delta::Patcher> patcher;
    std::optional<fs::FileStat> previous; // what the target was before
};

} // namespace qrsync::session
