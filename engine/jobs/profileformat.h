#pragma once

// The versioned JSON form of a profile (docs/profile-format.md). One
// profile per document; the same document is the stored file and the
// export/import file.
//
// Compatibility rules: a reader accepts every version up to its own and
// fills fields a document lacks with the defaults of Profile; it refuses a
// newer version (it could silently drop options the user relies on, such
// as a filter that keeps a folder out of a mirror). Unknown keys within a
// known version are ignored.

#include "core/result.h"
#include "jobs/profile.h"

#include <QByteArray>
#include <QJsonObject>

namespace qrsync::jobs {

inline constexpr int kProfileFormatVersion = 2; // the newest this build reads
inline constexpr auto kProfileFormatName = "qrsync-profile";

QJsonObject profileToJson(const Profile& profile);
// Errors carry ExitCode::Syntax and, as context, the offending key.
Result<Profile> profileFromJson(const QJsonObject& object);

// The bytes written to disk (indented, UTF-8) and their parser.
QByteArray encodeProfile(const Profile& profile);
Result<Profile> decodeProfile(const QByteArray& bytes);

} // namespace qrsync::jobs
