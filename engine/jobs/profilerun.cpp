#include "jobs/profilerun.h"

#include "jobs/profilecommand.h"

namespace qrsync::jobs {

Result<options::TransferOptions> optionsForProfile(const Profile& profile,
                                                   const AppSettings& settings,
                                                   const options::Environment& env,
                                                   const options::AsyncPaths& compiled)
{
    if (profile.snapshots.enabled)
        // The snapshot folders, the lock and the retention are engine/backup's
        // (backup/profilerun.h); a plain run would sync into DEST itself.
        return makeError(ExitCode::Unsupported,
                         QStringLiteral("a snapshot profile has no preview yet; Run makes a "
                                        "snapshot (as `qrsync --profile NAME` does)"),
                         profile.name);
    auto o = profileTransferOptions(profile, env, compiled);
    if (!o)
        return o;
    // A job never waits on a terminal: a daemon that wants a password gets
    // the one the front end put in daemonPassword (the desktop's keychain),
    // or RSYNC_PASSWORD, or the run fails.
    o->daemonPasswordPrompt = false;
    o->async = applyAsyncSettings(o->async, settings);
    return o;
}

} // namespace qrsync::jobs
