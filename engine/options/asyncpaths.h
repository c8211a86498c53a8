#pragma once

// Resolving the async kill switches (AsyncPaths in transferoptions.h).
//
// Precedence, lowest first: what was compiled in (buildconfig.h
// QRSYNC_ASYNC_<PATH>), then the environment (QRSYNC_ASYNC_<PATH>=0|1), then
// --async=LIST / --no-async=LIST in command-line order. A path that was not
// compiled in can never be switched on: the environment is ignored for it
// and --async names it as an error.

#include "core/result.h"
#include "options/transferoptions.h"

#include <QHash>
#include <QString>

namespace qrsync::options {

// Environment variables as a map, so callers (and tests) decide where they
// come from.
using Environment = QHash<QString, QString>;

// The process environment, for the real CLI.
Environment systemEnvironment();

// The paths this build contains.
AsyncPaths compiledAsyncPaths();

// compiled, overridden by QRSYNC_ASYNC_<PATH> from env. Values other than
// "0"/"1" are an error (exit code Syntax) naming the variable.
Result<AsyncPaths> asyncPathsFromEnvironment(const AsyncPaths& compiled, const Environment& env);

// Applies one --async=LIST (on = true) or --no-async=LIST: comma-separated
// names from daemon, ssh, receiver, workers, or "all".
Result<void> applyAsyncList(AsyncPaths& paths, const AsyncPaths& compiled, const QString& list,
                            bool on);

} // namespace qrsync::options
