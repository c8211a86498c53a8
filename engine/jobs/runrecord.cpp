#include "jobs/runrecord.h"

#include "jobs/storagepaths.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace qrsync::jobs {

namespace {

// The summary and the item list are two files, <stamp>.json and
// <stamp>.items.json, so that listing a profile's runs reads only the
// small summaries.
constexpr auto kItemsSuffix = ".items.json";

QString actionName(ItemAction a)
{
    switch (a) {
    case ItemAction::New:
        return QStringLiteral("new");
    case ItemAction::Changed:
        return QStringLiteral("changed");
    case ItemAction::MetadataOnly:
        return QStringLiteral("metadata");
    case ItemAction::Deleted:
        return QStringLiteral("deleted");
    }
    return QStringLiteral("new");
}

QJsonObject summaryToJson(const RunRecord& r)
{
    return QJsonObject{
        {QStringLiteral("format"), QStringLiteral("qrsync-run")},
        {QStringLiteral("version"), kRunRecordFormatVersion},
        {QStringLiteral("profileId"), r.profileId},
        {QStringLiteral("profileName"), r.profileName},
        {QStringLiteral("origin"), r.origin},
        {QStringLiteral("started"), r.started.toString(Qt::ISODateWithMs)},
        {QStringLiteral("finished"), r.finished.toString(Qt::ISODateWithMs)},
        {QStringLiteral("exitCode"), r.exitCode},
        {QStringLiteral("cancelled"), r.cancelled},
        {QStringLiteral("error"), r.errorMessage},
        {QStringLiteral("filesTransferred"), double(r.filesTransferred)},
        {QStringLiteral("bytesTransferred"), double(r.bytesTransferred)},
        {QStringLiteral("deletions"), double(r.deletions)},
        {QStringLiteral("itemCount"), double(r.itemCount)},
        {QStringLiteral("driverUsed"), r.driverUsed},
        {QStringLiteral("workersUsed"), r.workersUsed},
        {QStringLiteral("sshUsed"), r.sshUsed},
        {QStringLiteral("messages"), QJsonArray::fromStringList(r.messages)},
        {QStringLiteral("itemsTruncated"), r.itemsTruncated},
    };
}

std::optional<RunRecord> summaryFromJson(const QJsonObject& o)
{
    if (o.value(QStringLiteral("format")).toString() != QLatin1String("qrsync-run") ||
        o.value(QStringLiteral("version")).toInt() > kRunRecordFormatVersion)
        return std::nullopt;
    RunRecord r;
    r.profileId = o.value(QStringLiteral("profileId")).toString();
    r.profileName = o.value(QStringLiteral("profileName")).toString();
    r.origin = o.value(QStringLiteral("origin")).toString();
    r.started =
        QDateTime::fromString(o.value(QStringLiteral("started")).toString(), Qt::ISODateWithMs);
    r.finished =
        QDateTime::fromString(o.value(QStringLiteral("finished")).toString(), Qt::ISODateWithMs);
    r.exitCode = o.value(QStringLiteral("exitCode")).toInt();
    r.cancelled = o.value(QStringLiteral("cancelled")).toBool();
    r.errorMessage = o.value(QStringLiteral("error")).toString();
    r.filesTransferred = qint64(o.value(QStringLiteral("filesTransferred")).toDouble());
    r.bytesTransferred = qint64(o.value(QStringLiteral("bytesTransferred")).toDouble());
    r.deletions = qint64(o.value(QStringLiteral("deletions")).toDouble());
    r.itemCount = qint64(o.value(QStringLiteral("itemCount")).toDouble());
    r.driverUsed = o.value(QStringLiteral("driverUsed")).toString();
    r.workersUsed = o.value(QStringLiteral("workersUsed")).toString();
    r.sshUsed = o.value(QStringLiteral("sshUsed")).toString();
    for (const QJsonValue& m : o.value(QStringLiteral("messages")).toArray())
        r.messages << m.toString();
    r.itemsTruncated = o.value(QStringLiteral("itemsTruncated")).toBool();
    return r;
}

QJsonArray itemsToJson(const QList<JobItem>& items)
{
    QJsonArray array;
    for (const JobItem& i : items) {
        array.append(QJsonObject{
            {QStringLiteral("action"), actionName(i.action)},
            {QStringLiteral("path"), i.path},
            {QStringLiteral("size"), double(i.size)},
            {QStringLiteral("iflags"), double(i.iflags)},
            {QStringLiteral("itemize"), i.itemize},
            {QStringLiteral("dir"), i.isDirectory},
        });
    }
    return array;
}

QList<JobItem> itemsFromJson(const QJsonArray& array)
{
    QList<JobItem> items;
    items.reserve(array.size());
    for (const QJsonValue& v : array) {
        const QJsonObject o = v.toObject();
        JobItem i;
        i.path = o.value(QStringLiteral("path")).toString();
        i.size = qint64(o.value(QStringLiteral("size")).toDouble());
        i.iflags = quint32(o.value(QStringLiteral("iflags")).toDouble());
        i.action = itemAction(i.iflags);
        i.itemize = o.value(QStringLiteral("itemize")).toString();
        i.isDirectory = o.value(QStringLiteral("dir")).toBool();
        items << i;
    }
    return items;
}

QJsonObject readObject(const QString& path)
{
    auto bytes = readWholeFile(path);
    if (!bytes)
        return {};
    return QJsonDocument::fromJson(*bytes).object();
}

} // namespace

RunRecord makeRunRecord(const Profile& profile, const JobResult& result,
                        const QList<JobItem>& items, const QList<JobMessage>& messages,
                        const QString& origin)
{
    RunRecord r;
    r.profileId = profile.id;
    r.profileName = profile.name;
    r.origin = origin;
    r.started = result.started;
    r.finished = result.finished;
    r.exitCode = int(result.exitCode);
    r.cancelled = result.cancelled;
    if (result.error)
        r.errorMessage = result.error->toString();
    r.filesTransferred = result.filesTransferred;
    r.bytesTransferred = result.bytesTransferred;
    r.deletions = result.deletions;
    r.itemCount = items.size();
    r.driverUsed = QString::fromLatin1(result.driverUsed);
    r.workersUsed = QString::fromLatin1(result.workersUsed);
    r.sshUsed = QString::fromLatin1(result.sshUsed);
    for (const JobMessage& m : messages)
        r.messages << m.text;
    r.items = items.mid(0, kMaxRecordedItems);
    r.itemsTruncated = items.size() > kMaxRecordedItems;
    return r;
}

HistoryStore::HistoryStore(QString dataDir)
    : m_historyDir(std::move(dataDir) + QStringLiteral("/history"))
{}

QString HistoryStore::directoryFor(const QString& profileId) const
{
    return m_historyDir + QLatin1Char('/') + profileId;
}

Result<> HistoryStore::append(const RunRecord& record)
{
    if (record.profileId.isEmpty() || record.profileId.contains(QLatin1Char('/')) ||
        record.profileId.startsWith(QLatin1Char('.')))
        return makeError(ExitCode::Syntax, QStringLiteral("invalid profile id"), record.profileId);
    // The start time names the file, so a listing sorts by name; a counter
    // keeps two runs started in the same millisecond apart.
    const QString dir = directoryFor(record.profileId);
    const QString stamp =
        record.started.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmsszzz'Z'"));
    QString base = dir + QLatin1Char('/') + stamp;
    for (int n = 2; QFile::exists(base + QStringLiteral(".json")); ++n)
        base = dir + QLatin1Char('/') + stamp + QLatin1Char('-') + QString::number(n);
    // Items first: a summary without its items would read as an empty run.
    auto items = writeFileAtomically(
        base + QLatin1String(kItemsSuffix),
        QJsonDocument(itemsToJson(record.items)).toJson(QJsonDocument::Compact));
    if (!items)
        return items;
    return writeFileAtomically(
        base + QStringLiteral(".json"),
        QJsonDocument(summaryToJson(record)).toJson(QJsonDocument::Indented));
}

QList<HistoryStore::Entry> HistoryStore::entries(const QString& profileId) const
{
    QList<Entry> out;
    const QDir dir(directoryFor(profileId));
    const QStringList files =
        dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name | QDir::Reversed);
    for (const QString& file : files) {
        if (file.endsWith(QLatin1String(kItemsSuffix)))
            continue;
        if (std::optional<RunRecord> r = summaryFromJson(readObject(dir.filePath(file))))
            out << Entry{file.chopped(5), std::move(*r)};
    }
    return out;
}

QList<JobItem> HistoryStore::loadItems(const QString& profileId, const QString& recordId) const
{
    if (recordId.contains(QLatin1Char('/')) || recordId.startsWith(QLatin1Char('.')))
        return {};
    auto bytes = readWholeFile(directoryFor(profileId) + QLatin1Char('/') + recordId +
                               QLatin1String(kItemsSuffix));
    if (!bytes)
        return {};
    return itemsFromJson(QJsonDocument::fromJson(*bytes).array());
}

QList<RunRecord> HistoryStore::list(const QString& profileId, bool withItems) const
{
    QList<RunRecord> records;
    for (Entry& e : entries(profileId)) {
        if (withItems)
            e.record.items = loadItems(profileId, e.id);
        records << std::move(e.record);
    }
    return records;
}

std::optional<RunRecord> HistoryStore::latest(const QString& profileId) const
{
    const QDir dir(directoryFor(profileId));
    const QStringList files =
        dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name | QDir::Reversed);
    for (const QString& file : files) {
        if (file.endsWith(QLatin1String(kItemsSuffix)))
            continue;
        if (std::optional<RunRecord> r = summaryFromJson(readObject(dir.filePath(file))))
            return r;
    }
    return std::nullopt;
}

void HistoryStore::removeProfile(const QString& profileId)
{
    if (profileId.isEmpty() || profileId.contains(QLatin1Char('/')) ||
        profileId.startsWith(QLatin1Char('.')))
        return;
    QDir(directoryFor(profileId)).removeRecursively();
}

} // namespace qrsync::jobs
