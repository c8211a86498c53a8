#pragma once

// Where the jobs module keeps its files (XDG Base Directory spec, through
// QStandardPaths so $XDG_CONFIG_HOME / $XDG_DATA_HOME are honoured):
//   $XDG_CONFIG_HOME/qrsync/profiles/<id>.json   profiles (profileformat.h)
//   $XDG_CONFIG_HOME/qrsync/settings.json        app settings (appsettings.h)
//   $XDG_DATA_HOME/qrsync/history/<id>/*.json    run records (runrecord.h)
// Profiles are configuration the user may copy between machines; history
// is data the app produces, hence the two roots.

#include "core/result.h"

#include <QByteArray>
#include <QString>

namespace qrsync::jobs {

QString defaultConfigDirectory();
QString defaultDataDirectory();
// $XDG_STATE_HOME/qrsync (default ~/.local/state/qrsync): per-profile run
// locks (engine/backup/profilelock.h). Qt 6.4 has no StateLocation.
QString defaultStateDirectory();

// Writes the whole file or nothing (QSaveFile: temporary file, then rename),
// creating missing parent directories. Errors carry ExitCode::FileIo.
Result<> writeFileAtomically(const QString& path, const QByteArray& bytes);
Result<QByteArray> readWholeFile(const QString& path);

} // namespace qrsync::jobs
