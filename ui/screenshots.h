#pragma once

// `qrsync-desktop --screenshot PATH --screen NAME`: opens one screen of the
// app over the profiles found in `paths`, waits until it shows real data
// (the preview finished, the run under way) and saves it as a PNG.
// scripts/screenshots.sh prepares demo profiles and runs this under Xvfb.

#include "apppaths.h"

#include <QString>
#include <QStringList>

namespace qrsync::ui {

// main, profile, options, filters, preview, run, history, settings
QStringList screenshotScreens();
// 0 on success; messages go to stderr.
int renderScreenshot(const AppPaths& paths, const QString& screen, const QString& path);

} // namespace qrsync::ui
