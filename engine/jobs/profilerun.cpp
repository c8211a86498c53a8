#include "jobs/profilerun.h"

#include "jobs/profilecommand.h"

namespace qrsync::jobs {

Result<options::TransferOptions> optionsForProfile(const Profile& profile,
                                                   const AppSettings& settings,
                                                   const options::Environment& env,
                                                   const options::AsyncPaths& compiled)
{
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
