#pragma once

// `qrsync --profile NAME`: runs a stored profile without the GUI, through
// the same job code as the desktop app's JobRunner (the plan, then the
// transfer, the same options from optionsForProfile and the same
// settings), and writes the same history record with origin "cli".
//
// Runs on the calling thread until the job ends (the engine may run a
// local event loop there): call it from a command-line main, never from a
// GUI thread.

#include "core/result.h"
#include "jobs/jobitem.h"
#include "jobs/jobprogress.h"
#include "jobs/profile.h"
#include "jobs/runrecord.h"
#include "options/asyncpaths.h"
#include "options/transferoptions.h"

#include <QList>
#include <QString>

#include <functional>

namespace qrsync::jobs {

struct HeadlessRun
{
    JobResult result;
    QList<JobItem> items;
    QList<JobMessage> messages;
    RunRecord record; // as written to the history
};

struct HeadlessOptions
{
    QString configDir; // profiles and settings.json (defaultConfigDirectory())
    QString dataDir;   // history (defaultDataDirectory())
    options::Environment env;
    std::function<bool()> stop; // asked between slices of work (SIGINT...)
    // false: skip the planning pass (exact totals nobody reads headless);
    // snapshot runs use it, a plain --profile run keeps the desktop's steps.
    bool plan = true;
};

// Errors (no such profile, an invalid one, an unwritable history) come
// back as Error with the exit code the CLI should use; a run that starts
// returns its outcome in HeadlessRun::result, failed or not.
Result<HeadlessRun> runProfileHeadless(const QString& profileName, const HeadlessOptions& options);

// The run itself, for callers that prepared the options (snapshot runs in
// engine/backup point the destination at a new snapshot folder): runs
// `transfer` and records it in the history of `profile`.
Result<HeadlessRun> runPreparedProfile(const Profile& profile,
                                       const options::TransferOptions& transfer,
                                       const HeadlessOptions& options);

} // namespace qrsync::jobs
