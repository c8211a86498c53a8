#pragma once

// Numbers, durations and itemized changes as the user reads them. All
// strings go through tr() (context "qrsync::ui::Formatting").

#include "jobs/jobitem.h"

#include <QCoreApplication>
#include <QString>

namespace qrsync::ui {

class Formatting
{
    Q_DECLARE_TR_FUNCTIONS(qrsync::ui::Formatting)

public:
    static QString bytes(qint64 bytes);             // "1.5 MiB"
    static QString rate(double bytesPerSecond);     // "12.3 MiB/s"
    static QString duration(qint64 seconds);        // "1:02:03" or "2:03"
    static QString action(jobs::ItemAction action); // "New", "Deleted"...
    static QString change(jobs::ItemChange change); // "permissions"
    // "size, time" from the item's flags; for new items "new file"...
    static QString changes(const jobs::JobItem& item);
    // The %i column with a legend, for tooltips.
    static QString itemizeTooltip(const jobs::JobItem& item);
    // "Succeeded", "Cancelled", "Failed (code 23: ...)"
    static QString exitCode(int code, bool cancelled);
};

} // namespace qrsync::ui
