#pragma once

// A profile as a qrsync command line, and from there as TransferOptions.
//
// The command line is the single translation of a profile: the desktop app
// shows it ("Show command"), and the options a job runs with come from
// parsing it with the CLI's own parser (options/commandline.h). So the
// GUI, `qrsync --profile NAME` and a pasted command all mean the same.

#include "core/result.h"
#include "jobs/profile.h"
#include "options/asyncpaths.h"
#include "options/transferoptions.h"

#include <QStringList>

namespace qrsync::jobs {

// The arguments after the program name, options first, then the sources
// and the destination (preceded by "--" when a path starts with '-').
QStringList profileArguments(const Profile& profile);

// The whole command, shell-quoted, for copying into a terminal:
// "qrsync -rlpt --delete /home/u/Documents/ /media/backup/Documents/".
// `program` is "qrsync" or "rsync" (the options are rsync's).
QString profileCommandLine(const Profile& profile,
                           const QString& program = QStringLiteral("qrsync"));

// Single-quotes an argument for a POSIX shell when it needs it.
QString shellQuote(const QString& argument);

// Whether the engine implements an rsync long option ("max-delete"), so a
// front end can disable what would be refused rather than fail at run time.
bool engineSupports(const char* longOption);

// Checks what a user can get wrong in a profile (no name, no source, no
// destination, a rule the filter parser refuses...) and returns the options
// a transfer runs with. Errors have ExitCode::Syntax and say which field.
Result<options::TransferOptions>
profileTransferOptions(const Profile& profile, const options::Environment& env = {},
                       const options::AsyncPaths& compiled = options::compiledAsyncPaths());

} // namespace qrsync::jobs
