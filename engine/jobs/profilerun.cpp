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
    for (const QString& path : o->sources + QStringList{o->destination}) {
        if (locationKind(path) != LocationKind::Local)
            // TODO(issue 7): JobRunner over the remote-shell and daemon
            // clients once engine/session has them.
            return makeError(ExitCode::Unsupported,
                             QStringLiteral("remote locations are not supported by the job "
                                            "runner yet"),
                             path);
    }
    o->async = applyAsyncSettings(o->async, settings);
    return o;
}

} // namespace qrsync::jobs
