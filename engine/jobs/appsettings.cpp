#include "jobs/appsettings.h"

#include "jobs/storagepaths.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace qrsync::jobs {

namespace {

// Key names are part of the file format: never rename one.
constexpr auto kNotifications = "notifications";
constexpr auto kStartMinimised = "startMinimised";
constexpr auto kStaleAfterDays = "staleAfterDays";
constexpr auto kAsync = "async";
constexpr auto kDaemon = "daemon";
constexpr auto kSsh = "ssh";
constexpr auto kReceiver = "receiver";
constexpr auto kWorkers = "workers";

bool readBool(const QJsonObject& o, const char* key, bool fallback)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isBool() ? v.toBool() : fallback;
}

} // namespace

QString appSettingsPath(const QString& configDir)
{
    return configDir + QStringLiteral("/settings.json");
}

Result<AppSettings> loadAppSettings(const QString& configDir)
{
    AppSettings s;
    const QString path = appSettingsPath(configDir);
    if (!QFile::exists(path))
        return s;
    auto bytes = readWholeFile(path);
    if (!bytes)
        return tl::unexpected(bytes.error());
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(*bytes, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return makeError(ExitCode::Syntax, QStringLiteral("the settings file is not valid JSON"),
                         path);
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("version")).toInt() > kSettingsFormatVersion)
        return makeError(ExitCode::Syntax,
                         QStringLiteral("the settings file was written by a newer qrsync"), path);
    s.notifications = readBool(o, kNotifications, s.notifications);
    s.startMinimised = readBool(o, kStartMinimised, s.startMinimised);
    const QJsonValue stale = o.value(QLatin1String(kStaleAfterDays));
    if (stale.isDouble() && stale.toInt() >= 0)
        s.staleAfterDays = stale.toInt();
    const QJsonObject a = o.value(QLatin1String(kAsync)).toObject();
    s.async.daemon = readBool(a, kDaemon, s.async.daemon);
    s.async.ssh = readBool(a, kSsh, s.async.ssh);
    s.async.receiver = readBool(a, kReceiver, s.async.receiver);
    s.async.workers = readBool(a, kWorkers, s.async.workers);
    return s;
}

Result<> saveAppSettings(const QString& configDir, const AppSettings& s)
{
    QJsonObject o;
    o.insert(QStringLiteral("format"), QStringLiteral("qrsync-settings"));
    o.insert(QStringLiteral("version"), kSettingsFormatVersion);
    o.insert(QLatin1String(kNotifications), s.notifications);
    o.insert(QLatin1String(kStartMinimised), s.startMinimised);
    o.insert(QLatin1String(kStaleAfterDays), s.staleAfterDays);
    o.insert(QLatin1String(kAsync), QJsonObject{
                                        {QLatin1String(kDaemon), s.async.daemon},
                                        {QLatin1String(kSsh), s.async.ssh},
                                        {QLatin1String(kReceiver), s.async.receiver},
                                        {QLatin1String(kWorkers), s.async.workers},
                                    });
    return writeFileAtomically(appSettingsPath(configDir),
                               QJsonDocument(o).toJson(QJsonDocument::Indented));
}

options::AsyncPaths applyAsyncSettings(const options::AsyncPaths& resolved,
                                       const AppSettings& settings)
{
    options::AsyncPaths out = resolved;
    out.daemon = out.daemon && settings.async.daemon;
    out.ssh = out.ssh && settings.async.ssh;
    out.receiver = out.receiver && settings.async.receiver;
    out.workers = out.workers && settings.async.workers;
    return out;
}

} // namespace qrsync::jobs
