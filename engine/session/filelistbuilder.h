#pragma once

// Builds the sender's file list from the source arguments the way rsync's
// flist.c send_file_list does: each argument's entry, then the contents of
// each directory in readdir order, subdirectories after their parent's
// entries (depth first). "src/" sends the contents of src under the name
// ".", "src" sends the entry "src" and its tree.

#include "fs/chmodrules.h"
#include "fs/filestat.h"
#include "protocol/fileentry.h"
#include "session/pathfilter.h"

#include <QByteArray>
#include <QHash>
#include <QList>

#include <optional>
#include <vector>

namespace qrsync::session {

struct SourceArgument
{
    QByteArray path; // as given on the command line, trailing slash kept
};

struct FileListBuildOptions
{
    bool recursive = false;
    bool dirs = false;          // -d: directories without their contents
    bool preserveLinks = false; // -l
    bool copyLinks = false;     // -L
    bool copyDirlinks = false;  // -k
    bool preserveDevices = false;
    bool preserveSpecials = false;
    bool preserveHardLinks = false;
    int oneFileSystem = 0;
    // --chmod: applied to the modes the list carries (flist.c make_file).
    std::optional<fs::ChmodRules> chmod;
};

struct BuiltFileList
{
    std::vector<protocol::FileEntry> entries; // transmission order
    std::vector<QByteArray> localPaths;       // where each entry lives on disk
    QHash<quint32, QByteArray> userNames;     // for the id lists
    QHash<quint32, QByteArray> groupNames;
    quint32 ioError = 0;       // IOERR_* bits met while scanning
    QList<QByteArray> errors;  // rsync-style messages, '\n'-terminated
    QList<QByteArray> notices; // informational lines (rprintf FINFO), same form
    qint64 buildMs = 0;
};

// `path` from the filesystem root, as rsync's full_fname() shows it.
QByteArray absolutePath(const QByteArray& path);

BuiltFileList buildFileList(const QList<SourceArgument>& sources,
                            const FileListBuildOptions& options, PathFilter& filter);

} // namespace qrsync::session
