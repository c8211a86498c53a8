#include "jobs/logging.h"

namespace qrsync::jobs {
Q_LOGGING_CATEGORY(lcJobs, "qrsync.jobs")
} // namespace qrsync::jobs
