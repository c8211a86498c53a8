#include "jobs/profilestore.h"

#include "jobs/logging.h"
#include "jobs/profileformat.h"
#include "jobs/storagepaths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace qrsync::jobs {

namespace {

// Ids become file names: keep them to what a UUID (or a hand-made id of
// letters, digits, '-' and '_') can hold, so no id escapes the folder.
bool isSafeId(const QString& id)
{
    return !id.isEmpty() && id.size() <= 64 && std::all_of(id.cbegin(), id.cend(), [](QChar c) {
        return (c.unicode() < 128 && c.isLetterOrNumber()) || c == QLatin1Char('-') ||
               c == QLatin1Char('_');
    });
}

bool sameName(const QString& a, const QString& b)
{
    return a.trimmed().compare(b.trimmed(), Qt::CaseInsensitive) == 0;
}

} // namespace

ProfileStore::ProfileStore(QString configDir)
    : m_profilesDir(std::move(configDir) + QStringLiteral("/profiles"))
{}

QString ProfileStore::directory() const
{
    return m_profilesDir;
}

QString ProfileStore::pathFor(const QString& id) const
{
    return m_profilesDir + QLatin1Char('/') + id + QStringLiteral(".json");
}

QList<Profile> ProfileStore::load()
{
    m_loadErrors.clear();
    QList<Profile> profiles;
    const QDir dir(m_profilesDir);
    const QStringList files =
        dir.entryList({QStringLiteral("*.json")}, QDir::Files | QDir::Readable, QDir::Name);
    for (const QString& file : files) {
        const QString path = dir.filePath(file);
        auto bytes = readWholeFile(path);
        auto profile = bytes ? decodeProfile(*bytes) : tl::unexpected(bytes.error());
        if (!profile) {
            m_loadErrors << path + QStringLiteral(": ") + profile.error().toString();
            qCWarning(lcJobs) << "skipping profile" << path << profile.error().toString();
            continue;
        }
        // The file name is the id; a copied file with a stale id inside
        // would otherwise shadow its original.
        profile->id = file.chopped(5);
        profiles << *profile;
    }
    std::sort(profiles.begin(), profiles.end(), [](const Profile& a, const Profile& b) {
        // Case-insensitive first: the C locale would put "Zeta" before "alpha".
        const int folded = a.name.compare(b.name, Qt::CaseInsensitive);
        return folded != 0 ? folded < 0 : a.name.localeAwareCompare(b.name) < 0;
    });
    return profiles;
}

std::optional<Profile> ProfileStore::findByName(const QString& name)
{
    for (const Profile& p : load()) {
        if (sameName(p.name, name))
            return p;
    }
    return std::nullopt;
}

std::optional<Profile> ProfileStore::findById(const QString& id)
{
    for (const Profile& p : load()) {
        if (p.id == id)
            return p;
    }
    return std::nullopt;
}

QString ProfileStore::freeName(const QString& base, const QString& suffix)
{
    const QList<Profile> profiles = load();
    auto taken = [&](const QString& name) {
        return std::any_of(profiles.cbegin(), profiles.cend(),
                           [&](const Profile& p) { return sameName(p.name, name); });
    };
    if (suffix.isEmpty() && !taken(base))
        return base;
    for (int n = suffix.isEmpty() ? 2 : 1;; ++n) {
        QString candidate;
        if (suffix.isEmpty())
            candidate = QStringLiteral("%1 (%2)").arg(base).arg(n);
        else if (n == 1)
            candidate = QStringLiteral("%1 (%2)").arg(base, suffix);
        else
            candidate = QStringLiteral("%1 (%2 %3)").arg(base, suffix).arg(n);
        if (!taken(candidate))
            return candidate;
    }
}

Result<Profile> ProfileStore::save(Profile profile)
{
    profile.name = profile.name.trimmed();
    if (profile.name.isEmpty())
        return makeError(ExitCode::Syntax, QStringLiteral("the profile has no name"));
    if (profile.id.isEmpty())
        profile.id = newProfileId();
    if (!isSafeId(profile.id))
        return makeError(ExitCode::Syntax, QStringLiteral("invalid profile id"), profile.id);
    for (const Profile& other : load()) {
        if (other.id != profile.id && sameName(other.name, profile.name))
            return makeError(ExitCode::Syntax,
                             QStringLiteral("another profile already has this name"), profile.name);
    }
    auto written = writeFileAtomically(pathFor(profile.id), encodeProfile(profile));
    if (!written)
        return tl::unexpected(written.error());
    return profile;
}

Result<> ProfileStore::remove(const QString& id)
{
    if (!isSafeId(id) || !QFile::exists(pathFor(id)))
        return makeError(ExitCode::FileSelect, QStringLiteral("no such profile"), id);
    if (!QFile::remove(pathFor(id)))
        return makeError(ExitCode::FileIo, QStringLiteral("cannot remove the profile file"),
                         pathFor(id));
    return {};
}

Result<Profile> ProfileStore::duplicate(const QString& id)
{
    std::optional<Profile> original = findById(id);
    if (!original)
        return makeError(ExitCode::FileSelect, QStringLiteral("no such profile"), id);
    Profile copy = *original;
    copy.id = newProfileId();
    copy.name = freeName(original->name, QStringLiteral("copy"));
    return save(copy);
}

Result<> ProfileStore::exportTo(const Profile& profile, const QString& path) const
{
    return writeFileAtomically(path, encodeProfile(profile));
}

Result<Profile> ProfileStore::importFrom(const QString& path)
{
    auto bytes = readWholeFile(path);
    if (!bytes)
        return tl::unexpected(bytes.error());
    auto profile = decodeProfile(*bytes);
    if (!profile) {
        Error e = profile.error();
        e.context = path + QStringLiteral(": ") + e.context;
        return tl::unexpected(e);
    }
    if (!isSafeId(profile->id) || findById(profile->id))
        profile->id = newProfileId();
    if (profile->name.trimmed().isEmpty())
        profile->name = QFileInfo(path).completeBaseName();
    profile->name = freeName(profile->name.trimmed());
    return save(*profile);
}

} // namespace qrsync::jobs
