#include "jobs/storagepaths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace qrsync::jobs {

QString defaultConfigDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/qrsync");
}

QString defaultDataDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/qrsync");
}

QString defaultStateDirectory()
{
    const QString xdg = qEnvironmentVariable("XDG_STATE_HOME");
    if (!xdg.isEmpty() && QDir::isAbsolutePath(xdg))
        return xdg + QStringLiteral("/qrsync");
    return QDir::homePath() + QStringLiteral("/.local/state/qrsync");
}

Result<> writeFileAtomically(const QString& path, const QByteArray& bytes)
{
    const QString dir = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(dir))
        return makeError(ExitCode::FileIo, QStringLiteral("cannot create the folder"), dir);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(ExitCode::FileIo, file.errorString(), path);
    if (file.write(bytes) != bytes.size()) {
        file.cancelWriting();
        return makeError(ExitCode::FileIo, file.errorString(), path);
    }
    if (!file.commit())
        return makeError(ExitCode::FileIo, file.errorString(), path);
    return {};
}

Result<QByteArray> readWholeFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ExitCode::FileIo, file.errorString(), path);
    return file.readAll();
}

} // namespace qrsync::jobs
