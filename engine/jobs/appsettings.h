#pragma once

// The app's own settings, shared by the desktop app and headless runs
// (`qrsync --profile`), stored as JSON in <configDir>/settings.json. Each
// key is declared once, here, with its default (style guide: settings).
// The engine itself never reads this file; jobs apply it to the plain
// TransferOptions they build.

#include "core/result.h"
#include "options/transferoptions.h"

#include <QString>

namespace qrsync::jobs {

struct AppSettings
{
    // General page.
    bool notifications = true;   // a desktop notification when a run ends
    bool startMinimised = false; // start in the tray
    // Warn (main window, tray) when a profile's last successful run is
    // older than this many days; 0 turns the warning off.
    int staleAfterDays = 7;

    // "Async paths" page: false turns a path off, like --no-async=PATH or
    // QRSYNC_ASYNC_PATH=0. True leaves it to the build and the environment
    // (a setting cannot switch on a path that was not compiled in).
    options::AsyncPaths async{true, true, true, true};

    friend bool operator==(const AppSettings&, const AppSettings&) = default;
};

inline constexpr int kSettingsFormatVersion = 1;

QString appSettingsPath(const QString& configDir);
// A missing file gives the defaults; an unreadable or newer one is an error
// (the caller shows it and keeps the defaults).
Result<AppSettings> loadAppSettings(const QString& configDir);
Result<> saveAppSettings(const QString& configDir, const AppSettings& settings);

// The switches a run uses: what the build and environment allow (as
// options::asyncPathsFromEnvironment resolved them), less what the
// settings turned off.
options::AsyncPaths applyAsyncSettings(const options::AsyncPaths& resolved,
                                       const AppSettings& settings);

} // namespace qrsync::jobs
