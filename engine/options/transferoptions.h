#pragma once

// The plain option values of one transfer, shared by the CLI, the server and
// the GUI profiles. No logic lives here: commandline.h fills it from argv,
// serverargs.h turns it into (and back from) a remote `rsync --server`
// command line. Field defaults are stock rsync 3.5.0's defaults after
// parse_arguments() (options.c), unless a comment says otherwise.

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace qrsync::options {

// One filter-ish command-line argument, kept in command-line order because
// rsync's rule list is order-sensitive. The filter module interprets them.
struct FilterArg
{
    enum class Kind
    {
        Exclude,      // --exclude=PATTERN
        Include,      // --include=PATTERN
        ExcludeFrom,  // --exclude-from=FILE
        IncludeFrom,  // --include-from=FILE
        Filter,       // --filter=RULE / -f RULE
        FilterShortF, // -F; value is "1" for the first, "2" for the second
        CvsExclude,   // -C
    };
    Kind kind = Kind::Exclude;
    QString value;

    friend bool operator==(const FilterArg&, const FilterArg&) = default;
};

// The four switchable async code paths (docs/design/async-migration.md).
// Precedence: compiled default (buildconfig.h) < QRSYNC_ASYNC_<PATH> env <
// --async/--no-async; a path not compiled in stays off.
struct AsyncPaths
{
    bool daemon = false;
    bool ssh = false;
    bool receiver = false;
    bool workers = false;

    friend bool operator==(const AsyncPaths&, const AsyncPaths&) = default;
};

struct TransferOptions
{
    // --- paths --------------------------------------------------------------
    QStringList sources;
    QString destination; // empty with --list-only and one source

    // --- selection ----------------------------------------------------------
    bool recursive = false;
    bool dirs = false; // -d (also implied by -r and by --list-only without -r)
    bool relative = false;
    bool impliedDirs = true; // only meaningful with -R
    int oneFileSystem = 0;   // -x count
    bool removeSourceFiles = false;

    // --- preserve -----------------------------------------------------------
    bool links = false;
    bool copyLinks = false;
    bool copyDirlinks = false;
    bool keepDirlinks = false;
    bool safeLinks = false;
    bool copyUnsafeLinks = false;
    int hardLinks = 0; // -H count (-HH: hard-link specials too)
    bool perms = false;
    bool executability = false;
    bool times = false;
    bool omitDirTimes = false;
    bool group = false;
    bool owner = false;
    bool devices = false;
    bool specials = false;
    bool numericIds = false;
    bool sparse = false;
    bool incRecursive = true; // --no-inc-recursive turns incremental recursion off
    int atimes = 0;           // -U count
    bool crtimes = false;
    QStringList chmod; // each --chmod value, validated, in order

    // --- compare ------------------------------------------------------------
    bool alwaysChecksum = false;
    bool sizeOnly = false;
    bool ignoreTimes = false;
    int modifyWindow = 0;
    bool modifyWindowSet = false; // stock forwards it only when given
    bool update = false;
    bool existing = false;
    bool ignoreExisting = false;
    std::optional<qint64> maxSize;
    std::optional<qint64> minSize;

    // --- transfer -----------------------------------------------------------
    std::optional<bool> wholeFile; // unset: whole-file for local copies only
    bool inplace = false;
    int append = 0; // 1 --append, 2 --append-verify
    bool partial = false;
    QString partialDir;
    bool delayUpdates = false;
    QString tempDir;
    int blockSize = 0;     // 0: chosen per file
    bool compress = false; // -z (-zz sets compressChoice "zlibx", as stock)
    QString compressChoice;
    std::optional<int> compressLevel;
    QString checksumChoice;
    int checksumSeed = 0;
    QString skipCompress;
    QString bwLimit;    // --bwlimit as given ("" when unlimited)
    int bwLimitKiB = 0; // its value in KiB/s (rounded as stock), 0: unlimited

    // --- delete -------------------------------------------------------------
    enum class DeleteMode
    {
        None,
        Before,
        During,
        Delay,
        After
    };
    DeleteMode deleteMode = DeleteMode::None;
    // True for plain --delete (or --delete-excluded alone): the WHEN is
    // chosen after the protocol is known (compat.c setup_protocol: before
    // below protocol 30, during from 30). deleteMode then holds During.
    bool deleteWhenDefault = false;
    bool deleteExcluded = false;
    bool force = false;
    bool ignoreErrors = false;
    std::optional<int> maxDelete;

    // --- backup -------------------------------------------------------------
    bool backup = false;
    QString backupDir;
    QString suffix = QStringLiteral("~"); // "" by default with --backup-dir
    bool suffixGiven = false;

    // --- alternate destinations ---------------------------------------------
    enum class AltDestKind
    {
        Compare,
        Copy,
        Link
    };
    AltDestKind altDestKind = AltDestKind::Compare;
    QStringList altDests; // at most 20 (MAX_BASIS_DIRS)

    // --- filters ------------------------------------------------------------
    QList<FilterArg> filters;

    // --- output -------------------------------------------------------------
    int verbose = 0;
    bool quiet = false;
    int itemizeChanges = 0;
    QString outFormat;
    bool stats = false;
    bool progress = false;
    bool progress2 = false; // --info=progress2
    int humanReadable = 1;  // rsync's level: 1 by default, +1 per -h, 0 with --no-h
    bool listOnly = false;  // explicit --list-only, or implied by a missing DEST
    bool listOnlyExplicit = false;
    bool dryRun = false;
    QStringList info;  // each --info word as given, in order
    QStringList debug; // each --debug word as given, in order

    // --- misc / connection --------------------------------------------------
    int protocol = 0; // 0: our default, 32
    int timeout = 0;
    int contimeout = 0;
    QString rsh;
    QString rsyncPath;
    int port = 0;
    QString passwordFile;
    bool motd = true; // --no-motd: a daemon's motd and module list are not shown
    // A daemon password handed over by a front end (the desktop's
    // keychain), never from argv; --password-file still comes first.
    std::optional<QByteArray> daemonPassword;
    // Whether a daemon password may be asked for on the terminal, as
    // stock's getpass(); jobs never prompt.
    bool daemonPasswordPrompt = true;
    QString bindAddress; // --address: the local address of a daemon connection
    bool blockingIo = false;
    bool protectArgs = false; // -s
    // qrsync's own: the built-in SSH client (transport/sshchannel.h).
    // "builtin" uses it for host:path too; ssh:// addresses always do.
    QString ssh;               // --ssh=builtin|external; empty: external
    bool sshAcceptNew = false; // --ssh-accept-new: record an unknown host key
    QString sshConfig;         // --ssh-config=FILE instead of ~/.ssh/config

    AsyncPaths async;
};

inline constexpr int kDefaultProtocol = 32;
inline constexpr int kMaxAltDests = 20; // MAX_BASIS_DIRS in rsync.h

} // namespace qrsync::options
