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
    for (const QString& path : o->sources + QStringList{o->destination}) {
        if (locationKind(path) == LocationKind::Daemon)
            // TODO(issue 7): run daemon profiles once engine/session has the
            // rsync:// client, with the password from the keychain.
            return makeError(ExitCode::Unsupported,
                             QStringLiteral("rsync daemon locations are not supported by the "
                                            "engine yet"),
                             path);
    }
    o->async = applyAsyncSettings(o->async, settings);
    return o;
}

} // namespace qrsync::jobs
