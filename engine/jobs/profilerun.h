#pragma once

// The one way to turn a stored profile into the options of a run, shared
// by the desktop app and headless runs so both behave the same: the
// profile's command line, parsed; the async switches from the build, the
// environment and then the app settings.

#include "core/result.h"
#include "jobs/appsettings.h"
#include "jobs/profile.h"
#include "options/asyncpaths.h"
#include "options/transferoptions.h"

namespace qrsync::jobs {

// Local, remote-shell ([user@]host:path) and rsync daemon (rsync://,
// host::module) profiles run. The options never prompt for a daemon
// password; a front end with a keychain sets daemonPassword itself.
// Snapshot profiles are refused: engine/backup runs them
// (backup/backuprun.h) with options of its own.
Result<options::TransferOptions>
optionsForProfile(const Profile& profile, const AppSettings& settings,
                  const options::Environment& env = options::systemEnvironment(),
                  const options::AsyncPaths& compiled = options::compiledAsyncPaths());

} // namespace qrsync::jobs
