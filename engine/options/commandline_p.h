#pragma once

// Shared by commandline.cpp and serverargs.cpp: the popt-compatible word
// scanner and rsync's post-parse rules (options.c parse_arguments()).

#include "core/result.h"
#include "options/asyncpaths.h"
#include "options/transferoptions.h"

#include <QMap>
#include <QStringList>

#include <climits>
#include <span>

namespace qrsync::options::detail {

struct RawParse
{
    TransferOptions options;
    QStringList positionals;
    bool help = false;
    int versionCount = 0;
    bool server = false;
    bool sender = false;
    bool daemon = false;
    bool serverMode = false;
    QString eValue; // -e: the remote shell, or on a server the capabilities
    bool eGiven = false;
    // State that rsync keeps in tri-state globals until the end.
    bool deletePlain = false, deleteBefore = false, deleteAfter = false;
    int deleteDuring = 0; // 1 during, 2 delay
    int xferDirs = -1;    // -1 unset, 0 --no-d, 2 -d
    int wholeFile = -1;   // -1 unset
    int protectArgs = -1;
    bool backupDirGiven = false;
    int maxDelete = INT_MIN;
    int fCount = 0;
    QMap<QString, int> infoUser; // upper-case word -> level, user-specified
    int protocolSoFar = kDefaultProtocol;
};

// Scans the words; handles --help by setting `help` and stopping.
// `async` is the starting point for --async/--no-async (compiled and
// environment applied), `compiledAsync` what the build has.
Result<RawParse> scanArguments(const QStringList& args, bool serverMode, const AsyncPaths& async,
                               const AsyncPaths& compiledAsync);

// parse_arguments()'s rules after the loop. serverIsSender only matters on
// a server (some checks differ for the sending server).
Result<void> finishArguments(RawParse& raw, const Environment& env);

} // namespace qrsync::options::detail

namespace qrsync::options::detail {

// rsync's --info words (options.c info_words[]) and where they matter.
enum InfoWhere
{
    kWhereClient = 1,
    kWhereServer = 2,
    kWhereSender = 4,
    kWhereReceiver = 8
};
struct InfoWord
{
    const char* name;
    int where;
};
std::span<const InfoWord> infoWords();

} // namespace qrsync::options::detail

namespace qrsync::options::detail {

// The user-specified --info levels (upper-case word -> level) from the
// words as given; "ALL"/"NONE" expand to every word. Errors name the word.
Result<QMap<QString, int>> userInfoLevels(const QStringList& words);

} // namespace qrsync::options::detail
