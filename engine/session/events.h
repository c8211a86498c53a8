#pragma once

// What a role reports to whoever drives it (the CLI, the JobRunner, the
// desktop app). Roles append events; drivers drain them with takeEvents().

#include "protocol/fileentry.h"

#include <QByteArray>

#include <variant>

namespace qrsync::session {

// One itemized change (rsync log.c log_item): the line `-i` prints.
struct ItemEvent
{
    protocol::FileEntry file;  // name, mode, size, link target as the sender knows them
    quint32 iflags = 0;        // ITEM_* (protocol/itemheader.h), local bits included
    QByteArray hardLinkTarget; // "=> NAME" for hard links (xname)
    qint64 bytesTransferred = 0;
    bool received = false; // logged by a receiving client ("recv"): shown as '>'
};

// Text a role (or the peer, through MSG_INFO/ERROR/WARNING) has for the user.
struct MessageEvent
{
    enum class Level
    {
        Info,
        Warning,
        Error,
        ErrorXfer
    };
    Level level = Level::Info;
    QByteArray text; // usually ends in '\n', as rsync's messages do
};

// Data of the file being sent has moved (at most one event per slice of a
// whole-file transfer, and one when the file is done).
struct ProgressEvent
{
    QByteArray name;
    qint64 done = 0;  // bytes of this file sent so far
    qint64 total = 0; // its size
    bool finished = false;
    bool phaseEnd = false;       // a phase of the run ended (no file named)
    qint64 transferredFiles = 0; // files sent so far, this one included when finished
    qint64 filesToCheck = 0;     // list entries after this one
    qint64 totalFiles = 0;       // entries in the list
};

// The sender's file list is built (rsync prints "N files to consider").
struct FileListEvent
{
    qint64 files = 0;
    qint64 totalSize = 0;
};

using SessionEvent = std::variant<ItemEvent, MessageEvent, ProgressEvent, FileListEvent>;

// Totals for --stats (rsync main.c output_summary, struct stats).
struct TransferStats
{
    qint64 numFiles = 0;
    qint64 numRegular = 0;
    qint64 numDirs = 0;
    qint64 numSymlinks = 0;
    qint64 numDevices = 0;
    qint64 numSpecials = 0;
    qint64 createdFiles = 0;
    qint64 createdRegular = 0;
    qint64 createdDirs = 0;
    qint64 createdSymlinks = 0;
    qint64 createdDevices = 0;
    qint64 createdSpecials = 0;
    qint64 deletedFiles = 0;
    qint64 deletedRegular = 0;
    qint64 deletedDirs = 0;
    qint64 deletedSymlinks = 0;
    qint64 deletedDevices = 0;
    qint64 deletedSpecials = 0;
    qint64 transferredFiles = 0;
    qint64 totalSize = 0;
    qint64 totalTransferredSize = 0;
    qint64 literalData = 0;
    qint64 matchedData = 0;
    qint64 fileListSize = 0;
    qint64 fileListBuildMs = 0;
    qint64 fileListTransferMs = 0;
    qint64 bytesRead = 0;
    qint64 bytesWritten = 0;
};

} // namespace qrsync::session
