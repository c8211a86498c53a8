#include "jobs/profileformat.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace qrsync::jobs {

namespace {

// Enum spellings are part of the format: never rename one.
QString modeName(SyncMode mode)
{
    switch (mode) {
    case SyncMode::Mirror:
        return QStringLiteral("mirror");
    case SyncMode::Backup:
        return QStringLiteral("backup");
    }
    return QStringLiteral("backup");
}

QString whenName(DeleteOptions::When when)
{
    switch (when) {
    case DeleteOptions::When::During:
        return QStringLiteral("during");
    case DeleteOptions::When::Before:
        return QStringLiteral("before");
    case DeleteOptions::When::After:
        return QStringLiteral("after");
    case DeleteOptions::When::Delay:
        return QStringLiteral("delay");
    }
    return QStringLiteral("during");
}

const QStringList& scheduleKindNames()
{
    // Indexed by ScheduleOptions::Kind; part of the format.
    static const QStringList names{QStringLiteral("none"), QStringLiteral("hourly"),
                                   QStringLiteral("daily"), QStringLiteral("weekly"),
                                   QStringLiteral("custom")};
    return names;
}

tl::unexpected<Error> formatError(const QString& message, const QString& key)
{
    return makeError(ExitCode::Syntax, message, key);
}

// Typed readers: a missing key keeps the default, a key of the wrong type
// is an error (a hand-edited file should not half-load).
Result<> readBool(const QJsonObject& o, const char* key, bool& out)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined())
        return {};
    if (!v.isBool())
        return formatError(QStringLiteral("expected true or false"), QLatin1String(key));
    out = v.toBool();
    return {};
}

Result<> readInt(const QJsonObject& o, const char* key, int& out, int min)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined())
        return {};
    if (!v.isDouble() || v.toDouble() != double(v.toInt()) || v.toInt() < min)
        return formatError(QStringLiteral("expected a whole number of at least %1").arg(min),
                           QLatin1String(key));
    out = v.toInt();
    return {};
}

Result<> readString(const QJsonObject& o, const char* key, QString& out)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined())
        return {};
    if (!v.isString())
        return formatError(QStringLiteral("expected a string"), QLatin1String(key));
    out = v.toString();
    return {};
}

Result<> readStringList(const QJsonObject& o, const char* key, QStringList& out)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined())
        return {};
    if (!v.isArray())
        return formatError(QStringLiteral("expected a list of strings"), QLatin1String(key));
    QStringList list;
    for (const QJsonValue& item : v.toArray()) {
        if (!item.isString())
            return formatError(QStringLiteral("expected a list of strings"), QLatin1String(key));
        list << item.toString();
    }
    out = list;
    return {};
}

Result<QJsonObject> readGroup(const QJsonObject& o, const char* key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined())
        return QJsonObject();
    if (!v.isObject())
        return formatError(QStringLiteral("expected an object"), QLatin1String(key));
    return v.toObject();
}

#define QRSYNC_TRY(expr)                                                                           \
    do {                                                                                           \
        if (auto r_ = (expr); !r_)                                                                 \
            return tl::unexpected(r_.error());                                                     \
    } while (false)

} // namespace

QJsonObject profileToJson(const Profile& p)
{
    QJsonObject o;
    o.insert(QStringLiteral("format"), QLatin1String(kProfileFormatName));
    // Version 2 only when a reader of version 1 would misread the profile:
    // it would ignore "snapshots" and sync straight into the destination.
    o.insert(QStringLiteral("version"), p.snapshots.enabled ? 2 : 1);
    o.insert(QStringLiteral("id"), p.id);
    o.insert(QStringLiteral("name"), p.name);
    o.insert(QStringLiteral("sources"), QJsonArray::fromStringList(p.sources));
    o.insert(QStringLiteral("destination"), p.destination);
    o.insert(QStringLiteral("mode"), modeName(p.mode));
    o.insert(QStringLiteral("preserve"),
             QJsonObject{
                 {QStringLiteral("permissions"), p.preserve.permissions},
                 {QStringLiteral("times"), p.preserve.times},
                 {QStringLiteral("symlinks"), p.preserve.symlinks},
                 {QStringLiteral("owner"), p.preserve.owner},
                 {QStringLiteral("group"), p.preserve.group},
                 {QStringLiteral("devices"), p.preserve.devices},
                 {QStringLiteral("hardLinks"), p.preserve.hardLinks},
             });
    o.insert(QStringLiteral("compare"),
             QJsonObject{
                 {QStringLiteral("checksum"), p.compare.checksum},
                 {QStringLiteral("sizeOnly"), p.compare.sizeOnly},
                 {QStringLiteral("update"), p.compare.update},
                 {QStringLiteral("ignoreExisting"), p.compare.ignoreExisting},
                 {QStringLiteral("modifyWindow"), p.compare.modifyWindow},
             });
    o.insert(QStringLiteral("transfer"),
             QJsonObject{
                 {QStringLiteral("compress"), p.transfer.compress},
                 {QStringLiteral("bandwidthLimitKiB"), p.transfer.bandwidthLimitKiB},
                 {QStringLiteral("partial"), p.transfer.partial},
                 {QStringLiteral("sparse"), p.transfer.sparse},
                 {QStringLiteral("wholeFile"), p.transfer.wholeFile},
             });
    o.insert(QStringLiteral("delete"),
             QJsonObject{
                 {QStringLiteral("when"), whenName(p.deletion.when)},
                 {QStringLiteral("deleteExcluded"), p.deletion.deleteExcluded},
                 {QStringLiteral("maxDelete"), p.deletion.maxDelete},
             });
    o.insert(QStringLiteral("connection"),
             QJsonObject{
                 {QStringLiteral("remoteShell"), p.connection.remoteShell},
                 {QStringLiteral("rsyncPath"), p.connection.rsyncPath},
             });
    o.insert(QStringLiteral("filters"), QJsonArray::fromStringList(p.filterRules));
    o.insert(QStringLiteral("snapshots"),
             QJsonObject{
                 {QStringLiteral("enabled"), p.snapshots.enabled},
                 {QStringLiteral("keepLast"), p.snapshots.keepLast},
                 {QStringLiteral("hourly"), p.snapshots.hourly},
                 {QStringLiteral("daily"), p.snapshots.daily},
                 {QStringLiteral("weekly"), p.snapshots.weekly},
                 {QStringLiteral("monthly"), p.snapshots.monthly},
                 {QStringLiteral("yearly"), p.snapshots.yearly},
                 {QStringLiteral("minFreeMiB"), p.snapshots.minFreeMiB},
             });
    o.insert(
        QStringLiteral("schedule"),
        QJsonObject{
            {QStringLiteral("kind"), scheduleKindNames().at(int(p.schedule.kind))},
            {QStringLiteral("hour"), p.schedule.hour},
            {QStringLiteral("minute"), p.schedule.minute},
            {QStringLiteral("days"), QJsonArray::fromStringList(p.schedule.days)},
            {QStringLiteral("calendar"), p.schedule.calendar},
            {QStringLiteral("onlyOnACPower"), p.schedule.onlyOnACPower},
            {QStringLiteral("onlyWhenDestinationMounted"), p.schedule.onlyWhenDestinationMounted},
            {QStringLiteral("randomDelayMinutes"), p.schedule.randomDelayMinutes},
        });
    return o;
}

Result<Profile> profileFromJson(const QJsonObject& o)
{
    if (o.value(QStringLiteral("format")).toString() != QLatin1String(kProfileFormatName))
        return formatError(QStringLiteral("not a qrsync profile"), QStringLiteral("format"));
    const QJsonValue version = o.value(QStringLiteral("version"));
    if (!version.isDouble() || version.toInt() < 1)
        return formatError(QStringLiteral("missing or invalid format version"),
                           QStringLiteral("version"));
    if (version.toInt() > kProfileFormatVersion)
        return formatError(QStringLiteral("written by a newer qrsync (format version %1; this "
                                          "version reads up to %2)")
                               .arg(version.toInt())
                               .arg(kProfileFormatVersion),
                           QStringLiteral("version"));

    Profile p;
    QRSYNC_TRY(readString(o, "id", p.id));
    QRSYNC_TRY(readString(o, "name", p.name));
    QRSYNC_TRY(readStringList(o, "sources", p.sources));
    QRSYNC_TRY(readString(o, "destination", p.destination));
    QString mode = modeName(p.mode);
    QRSYNC_TRY(readString(o, "mode", mode));
    if (mode == QLatin1String("mirror"))
        p.mode = SyncMode::Mirror;
    else if (mode == QLatin1String("backup"))
        p.mode = SyncMode::Backup;
    else
        return formatError(QStringLiteral("mode must be \"mirror\" or \"backup\""),
                           QStringLiteral("mode"));

    auto preserve = readGroup(o, "preserve");
    QRSYNC_TRY(preserve);
    QRSYNC_TRY(readBool(*preserve, "permissions", p.preserve.permissions));
    QRSYNC_TRY(readBool(*preserve, "times", p.preserve.times));
    QRSYNC_TRY(readBool(*preserve, "symlinks", p.preserve.symlinks));
    QRSYNC_TRY(readBool(*preserve, "owner", p.preserve.owner));
    QRSYNC_TRY(readBool(*preserve, "group", p.preserve.group));
    QRSYNC_TRY(readBool(*preserve, "devices", p.preserve.devices));
    QRSYNC_TRY(readBool(*preserve, "hardLinks", p.preserve.hardLinks));

    auto compare = readGroup(o, "compare");
    QRSYNC_TRY(compare);
    QRSYNC_TRY(readBool(*compare, "checksum", p.compare.checksum));
    QRSYNC_TRY(readBool(*compare, "sizeOnly", p.compare.sizeOnly));
    QRSYNC_TRY(readBool(*compare, "update", p.compare.update));
    QRSYNC_TRY(readBool(*compare, "ignoreExisting", p.compare.ignoreExisting));
    QRSYNC_TRY(readInt(*compare, "modifyWindow", p.compare.modifyWindow, 0));

    auto transfer = readGroup(o, "transfer");
    QRSYNC_TRY(transfer);
    QRSYNC_TRY(readBool(*transfer, "compress", p.transfer.compress));
    QRSYNC_TRY(readInt(*transfer, "bandwidthLimitKiB", p.transfer.bandwidthLimitKiB, 0));
    QRSYNC_TRY(readBool(*transfer, "partial", p.transfer.partial));
    QRSYNC_TRY(readBool(*transfer, "sparse", p.transfer.sparse));
    QRSYNC_TRY(readBool(*transfer, "wholeFile", p.transfer.wholeFile));

    auto deletion = readGroup(o, "delete");
    QRSYNC_TRY(deletion);
    QString when = whenName(p.deletion.when);
    QRSYNC_TRY(readString(*deletion, "when", when));
    const DeleteOptions::When whens[] = {DeleteOptions::When::During, DeleteOptions::When::Before,
                                         DeleteOptions::When::After, DeleteOptions::When::Delay};
    const auto found = std::find_if(std::begin(whens), std::end(whens),
                                    [&](DeleteOptions::When w) { return whenName(w) == when; });
    if (found == std::end(whens))
        return formatError(QStringLiteral("unknown delete timing \"%1\"").arg(when),
                           QStringLiteral("delete.when"));
    p.deletion.when = *found;
    QRSYNC_TRY(readBool(*deletion, "deleteExcluded", p.deletion.deleteExcluded));
    QRSYNC_TRY(readInt(*deletion, "maxDelete", p.deletion.maxDelete, -1));

    auto connection = readGroup(o, "connection");
    QRSYNC_TRY(connection);
    QRSYNC_TRY(readString(*connection, "remoteShell", p.connection.remoteShell));
    QRSYNC_TRY(readString(*connection, "rsyncPath", p.connection.rsyncPath));

    QRSYNC_TRY(readStringList(o, "filters", p.filterRules));

    auto snapshots = readGroup(o, "snapshots");
    QRSYNC_TRY(snapshots);
    QRSYNC_TRY(readBool(*snapshots, "enabled", p.snapshots.enabled));
    QRSYNC_TRY(readInt(*snapshots, "keepLast", p.snapshots.keepLast, 0));
    QRSYNC_TRY(readInt(*snapshots, "hourly", p.snapshots.hourly, 0));
    QRSYNC_TRY(readInt(*snapshots, "daily", p.snapshots.daily, 0));
    QRSYNC_TRY(readInt(*snapshots, "weekly", p.snapshots.weekly, 0));
    QRSYNC_TRY(readInt(*snapshots, "monthly", p.snapshots.monthly, 0));
    QRSYNC_TRY(readInt(*snapshots, "yearly", p.snapshots.yearly, 0));
    QRSYNC_TRY(readInt(*snapshots, "minFreeMiB", p.snapshots.minFreeMiB, 0));

    auto schedule = readGroup(o, "schedule");
    QRSYNC_TRY(schedule);
    QString kind = scheduleKindNames().at(int(p.schedule.kind));
    QRSYNC_TRY(readString(*schedule, "kind", kind));
    if (!scheduleKindNames().contains(kind))
        return formatError(QStringLiteral("unknown schedule kind \"%1\"").arg(kind),
                           QStringLiteral("schedule.kind"));
    p.schedule.kind = ScheduleOptions::Kind(scheduleKindNames().indexOf(kind));
    QRSYNC_TRY(readInt(*schedule, "hour", p.schedule.hour, 0));
    QRSYNC_TRY(readInt(*schedule, "minute", p.schedule.minute, 0));
    if (p.schedule.hour > 23 || p.schedule.minute > 59)
        return formatError(QStringLiteral("hour must be 0-23 and minute 0-59"),
                           QStringLiteral("schedule"));
    QRSYNC_TRY(readStringList(*schedule, "days", p.schedule.days));
    static const QStringList dayNames{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    for (const QString& day : p.schedule.days) {
        if (!dayNames.contains(day))
            return formatError(QStringLiteral("unknown day \"%1\" (Mon ... Sun)").arg(day),
                               QStringLiteral("schedule.days"));
    }
    QRSYNC_TRY(readString(*schedule, "calendar", p.schedule.calendar));
    QRSYNC_TRY(readBool(*schedule, "onlyOnACPower", p.schedule.onlyOnACPower));
    QRSYNC_TRY(
        readBool(*schedule, "onlyWhenDestinationMounted", p.schedule.onlyWhenDestinationMounted));
    QRSYNC_TRY(readInt(*schedule, "randomDelayMinutes", p.schedule.randomDelayMinutes, 0));
    return p;
}

QByteArray encodeProfile(const Profile& profile)
{
    return QJsonDocument(profileToJson(profile)).toJson(QJsonDocument::Indented);
}

Result<Profile> decodeProfile(const QByteArray& bytes)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError)
        return formatError(QStringLiteral("not valid JSON: %1").arg(error.errorString()),
                           QStringLiteral("offset %1").arg(error.offset));
    if (!doc.isObject())
        return formatError(QStringLiteral("not a qrsync profile"), {});
    return profileFromJson(doc.object());
}

} // namespace qrsync::jobs
