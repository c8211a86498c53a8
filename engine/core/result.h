#pragma once

// The one error type and the one Result alias of the engine.
//
// Error follows KJob's split: a code (rsync's exit code, so wrappers keep
// working), raw context (a path, a module name) and a developer-facing
// message. User-facing sentences are made by the front end with tr().
// Anything the peer, the user or the disk can cause is a Result error, never
// an assert. Switching to std::expected (g++ >= 13) is a one-line change here.

#include "exitcode.h"

#include <tl/expected.hpp>

#include <QString>

namespace qrsync {

struct Error
{
    ExitCode code = ExitCode::Ok;
    QString message; // what went wrong, in rsync's words where rsync has them
    QString context; // raw detail: path, module, peer

    // "message (context)" or just the message; for logs and the CLI.
    QString toString() const;
};

template<typename T = void> using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> makeError(ExitCode code, QString message, QString context = {})
{
    return tl::unexpected<Error>(Error{code, std::move(message), std::move(context)});
}

} // namespace qrsync
