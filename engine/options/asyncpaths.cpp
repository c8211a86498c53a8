#include "options/asyncpaths.h"

#include "buildconfig.h"

#include <QProcessEnvironment>

#include <array>

namespace qrsync::options {

namespace {

struct PathName
{
    const char* name;
    bool AsyncPaths::*member;
};

constexpr std::array<PathName, 4> kPaths{{
    {"daemon", &AsyncPaths::daemon},
    {"ssh", &AsyncPaths::ssh},
    {"receiver", &AsyncPaths::receiver},
    {"workers", &AsyncPaths::workers},
}};

} // namespace

Environment systemEnvironment()
{
    Environment env;
    const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
    for (const QString& key : system.keys())
        env.insert(key, system.value(key));
    return env;
}

AsyncPaths compiledAsyncPaths()
{
    AsyncPaths paths;
    paths.daemon = QRSYNC_ASYNC_DAEMON != 0;
    paths.ssh = QRSYNC_ASYNC_SSH != 0;
    paths.receiver = QRSYNC_ASYNC_RECEIVER != 0;
    paths.workers = QRSYNC_ASYNC_WORKERS != 0;
    return paths;
}

Result<AsyncPaths> asyncPathsFromEnvironment(const AsyncPaths& compiled, const Environment& env)
{
    AsyncPaths paths = compiled;
    for (const PathName& path : kPaths) {
        const QString var =
            QStringLiteral("QRSYNC_ASYNC_") + QString::fromLatin1(path.name).toUpper();
        const auto it = env.constFind(var);
        if (it == env.constEnd() || it->isEmpty())
            continue;
        if (*it != QLatin1String("0") && *it != QLatin1String("1")) {
            return makeError(ExitCode::Syntax,
                             QStringLiteral("%1 must be 0 or 1, not \"%2\"").arg(var, *it), var);
        }
        // Not compiled in: the environment cannot conjure the code up.
        paths.*path.member = compiled.*path.member && *it == QLatin1String("1");
    }
    return paths;
}

Result<void> applyAsyncList(AsyncPaths& paths, const AsyncPaths& compiled, const QString& list,
                            bool on)
{
    const QString option = on ? QStringLiteral("--async") : QStringLiteral("--no-async");
    const QStringList names = list.split(QLatin1Char(','));
    AsyncPaths result = paths;
    for (const QString& raw : names) {
        const QString name = raw.trimmed().toLower();
        bool matched = false;
        for (const PathName& path : kPaths) {
            if (name != QLatin1String("all") && name != QLatin1String(path.name))
                continue;
            matched = true;
            if (on && !(compiled.*path.member)) {
                if (name == QLatin1String("all"))
                    continue; // "all" means every path this build has
                return makeError(ExitCode::Syntax,
                                 QStringLiteral("%1=%2: the %3 async path is not compiled into "
                                                "this qrsync (QRSYNC_ASYNC_%4=OFF)")
                                     .arg(option, list, name, name.toUpper()),
                                 name);
            }
            result.*path.member = on;
        }
        if (!matched) {
            return makeError(ExitCode::Syntax,
                             QStringLiteral("%1=%2: unknown async path \"%3\" (use daemon, ssh, "
                                            "receiver, workers or all)")
                                 .arg(option, list, raw),
                             raw);
        }
    }
    paths = result;
    return {};
}

} // namespace qrsync::options
