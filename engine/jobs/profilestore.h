#pragma once

// The user's profiles on disk: one file per profile, named after its id,
// under <configDir>/profiles/ (storagepaths.h). Plain class, not a QObject;
// the GUI's model wraps it.
//
// Invariants: ids and names are unique among stored profiles (names are
// compared case-insensitively because `qrsync --profile NAME` looks them
// up); every stored file is written whole or not at all.

#include "core/result.h"
#include "jobs/profile.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace qrsync::jobs {

class ProfileStore
{
public:
    // configDir is the qrsync config folder (defaultConfigDirectory()).
    explicit ProfileStore(QString configDir);

    QString directory() const; // <configDir>/profiles

    // Reads every profile file, sorted by name. Files that do not parse are
    // skipped and their problems listed in loadErrors() (one bad file must
    // not hide the others).
    QList<Profile> load();
    const QStringList& loadErrors() const { return m_loadErrors; }

    std::optional<Profile> findByName(const QString& name);
    std::optional<Profile> findById(const QString& id);

    // Creates or replaces the profile with this id (a missing id is
    // assigned); refuses a name another profile already has. Returns the
    // stored profile.
    Result<Profile> save(Profile profile);
    Result<> remove(const QString& id);

    // A copy under a free name ("Photos (copy)", "Photos (copy 2)"...) and
    // a new id, stored.
    Result<Profile> duplicate(const QString& id);

    // Export writes the profile's document to any path; import reads one,
    // gives it a fresh id when that id is taken and a free name when the
    // name is, and stores it.
    Result<> exportTo(const Profile& profile, const QString& path) const;
    Result<Profile> importFrom(const QString& path);

    // "base", or "base (N)" with the smallest free N (suffix "copy": "base
    // (copy)", "base (copy 2)").
    QString freeName(const QString& base, const QString& suffix = {});

private:
    QString pathFor(const QString& id) const;

    QString m_profilesDir;
    QStringList m_loadErrors;
};

} // namespace qrsync::jobs
