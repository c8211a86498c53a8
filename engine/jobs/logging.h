#pragma once

// The jobs module's logging category, "qrsync.jobs" (style guide: one per
// module). Developer diagnostics only; user-visible problems travel as
// Error through JobRunner::result.

#include <QLoggingCategory>

namespace qrsync::jobs {
Q_DECLARE_LOGGING_CATEGORY(lcJobs)
} // namespace qrsync::jobs
