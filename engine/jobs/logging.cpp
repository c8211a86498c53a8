#include "jobs/logging.h"

namespace qrsync::jobs {
// Debug output is opt-in (QT_LOGGING_RULES="qrsync.jobs.debug=true").
Q_LOGGING_CATEGORY(lcJobs, "qrsync.jobs", QtInfoMsg)
} // namespace qrsync::jobs
