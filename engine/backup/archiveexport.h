#pragma once

// Exporting a snapshot (or any local folder) as one archive file through
// libarchive: .tar.gz, .tar.zst or .zip, with permissions, owners, symlinks,
// mtimes and, in the tar formats, hard links (zip has no hard links: each
// link is stored as a full copy). The archive is written under a temporary
// name in the target folder and renamed when complete, so an interrupted
// or failed export never leaves a file under the final name. The archive
// is created with mode 0600: it holds a whole backup, readable by its owner.
//
// As in rsync, a source with a trailing '/' puts its contents at the top of
// the archive; without it the folder itself is the top entry.

#include "core/result.h"
#include "jobs/jobprogress.h"

#include <QString>

#include <functional>
#include <optional>

namespace qrsync::backup {

enum class ArchiveFormat
{
    TarGz,   // .tar.gz, .tgz
    TarZstd, // .tar.zst, .tzst
    Zip,     // .zip
};

// From the archive's file name; nothing for any other suffix.
std::optional<ArchiveFormat> archiveFormatFor(const QString& fileName);
QString supportedArchiveSuffixes(); // ".tar.gz, .tgz, .tar.zst, .tzst, .zip", for messages

struct ExportOptions
{
    std::function<bool()> stop; // asked between blocks; true ends with ExitCode::Signal
    // The same progress values a transfer job publishes (filesTotal and
    // bytesTotal from a first scan), at most every 100 ms and once at the end.
    std::function<void(const jobs::JobProgress&)> progress;
};

struct ExportSummary
{
    qint64 entries = 0;   // everything archived, folders and links included
    qint64 fileBytes = 0; // regular file data read
};

Result<ExportSummary> exportArchive(const QString& source, const QString& archivePath,
                                    const ExportOptions& options = {});

} // namespace qrsync::backup
