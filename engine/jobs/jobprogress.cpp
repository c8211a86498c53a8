#include "jobs/jobprogress.h"

namespace qrsync::jobs {

int JobProgress::percent() const
{
    if (bytesTotal < 0)
        return -1;
    if (bytesTotal == 0) // nothing to send: done when the files are
        return filesTotal > 0 ? int(100 * filesDone / filesTotal)
                              : (phase == JobPhase::Finished ? 100 : 0);
    return int(std::min<qint64>(100, 100 * bytesDone / bytesTotal));
}

} // namespace qrsync::jobs
