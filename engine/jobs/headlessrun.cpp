#include "jobs/headlessrun.h"

#include "jobs/appsettings.h"
#include "jobs/jobworker_p.h"
#include "jobs/profilerun.h"
#include "jobs/profilestore.h"

namespace qrsync::jobs {

Result<HeadlessRun> runProfileHeadless(const QString& profileName, const HeadlessOptions& o)
{
    ProfileStore store(o.configDir);
    const std::optional<Profile> profile = store.findByName(profileName);
    if (!profile)
        return makeError(ExitCode::Syntax,
                         QStringLiteral("no profile named \"%1\"").arg(profileName),
                         store.directory());
    auto settings = loadAppSettings(o.configDir);
    if (!settings)
        return tl::unexpected(settings.error());
    auto transfer = optionsForProfile(*profile, *settings, o.env);
    if (!transfer)
        return tl::unexpected(transfer.error());
    return runPreparedProfile(*profile, *transfer, o);
}

Result<HeadlessRun> runPreparedProfile(const Profile& profile,
                                       const options::TransferOptions& transfer,
                                       const HeadlessOptions& o)
{
    HeadlessRun run;
    JobShared shared;
    shared.externalStop = o.stop;
    const QDateTime started = QDateTime::currentDateTimeUtc();
    const JobKind kind = o.plan ? JobKind::Run : JobKind::RunUnplanned;
    runJob(transfer, kind, shared);
    JobProgress progress = takeJobProgress(shared, run.items, run.messages);
    run.result = finishedJobResult(shared, kind, progress);
    run.result.started = started;
    run.result.finished = QDateTime::currentDateTimeUtc();
    run.record = makeRunRecord(profile, run.result, run.items, run.messages, QStringLiteral("cli"));
    auto written = HistoryStore(o.dataDir).append(run.record);
    if (!written)
        return tl::unexpected(written.error());
    return run;
}

} // namespace qrsync::jobs
