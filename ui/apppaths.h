#pragma once

// The folders the desktop app reads and writes. The app uses the XDG
// defaults; tests pass temporary folders so they never touch the user's.

#include "jobs/storagepaths.h"

#include <QString>

namespace qrsync::ui {

struct AppPaths
{
    QString configDir = jobs::defaultConfigDirectory(); // profiles, settings.json
    QString dataDir = jobs::defaultDataDirectory();     // history
};

} // namespace qrsync::ui
