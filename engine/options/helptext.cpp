#include "options/helptext.h"

#include "options/transferoptions.h"

#include "buildconfig.h"

namespace qrsync::options {

namespace {

struct HelpLine
{
    const char* option;
    const char* text;
};

// Keep to options marked supported in optiontable.cpp.
constexpr HelpLine kHelp[] = {
    {"--verbose, -v", "say more about what happens (repeatable)"},
    {"--quiet, -q", "only print errors"},
    {"--info=FLAGS", "fine-grained output, e.g. progress2 or stats2"},
    {"--archive, -a", "the usual backup set: -rlptgoD"},
    {"--no-OPTION", "switch off an option, e.g. --no-D or --no-perms"},
    {"--recursive, -r", "descend into directories"},
    {"--dirs, -d", "copy directories themselves, without their contents"},
    {"--links, -l", "copy symlinks as symlinks"},
    {"--copy-links, -L", "copy what symlinks point to"},
    {"--copy-dirlinks, -k", "copy directories that symlinks point to"},
    {"--hard-links, -H", "recreate hard links"},
    {"--perms, -p", "keep permissions"},
    {"--chmod=CHMOD", "adjust file and directory permissions"},
    {"--owner, -o", "keep the owner (needs root)"},
    {"--group, -g", "keep the group"},
    {"--devices", "keep device files (needs root)"},
    {"--specials", "keep sockets and fifos"},
    {"-D", "--devices plus --specials"},
    {"--times, -t", "keep modification times"},
    {"--sparse, -S", "write runs of zeros as holes"},
    {"--numeric-ids", "keep uid/gid numbers instead of names"},
    {"--one-file-system, -x", "stay on one file system (-xx: skip mount points too)"},
    {"--dry-run, -n", "show what would happen, change nothing"},
    {"--checksum, -c", "compare by checksum instead of time and size"},
    {"--size-only", "compare by size alone"},
    {"--ignore-times, -I", "transfer even files whose time and size match"},
    {"--modify-window=NUM, -@", "treat times this many seconds apart as equal"},
    {"--update, -u", "leave files alone that are newer on the receiver"},
    {"--existing", "only update files the receiver already has"},
    {"--ignore-existing", "leave files alone that the receiver already has"},
    {"--max-size=SIZE", "skip files larger than SIZE"},
    {"--min-size=SIZE", "skip files smaller than SIZE"},
    {"--whole-file, -W", "send whole files, no delta (--no-W: use deltas)"},
    {"--inplace", "write into the destination files directly"},
    {"--partial", "keep partly transferred files"},
    {"--partial-dir=DIR", "keep partly transferred files in DIR"},
    {"--block-size=SIZE, -B", "use a fixed delta block size"},
    {"--compress, -z", "compress data on the wire"},
    {"--compress-choice=STR", "pick the compression (alias --zc)"},
    {"--compress-level=NUM", "pick the compression level"},
    {"--checksum-choice=STR", "pick the checksum (alias --cc)"},
    {"--checksum-seed=NUM", "fix the checksum seed"},
    {"--delete", "remove receiver files the sender does not have"},
    {"--del", "same as --delete-during"},
    {"--delete-before", "remove them before the transfer"},
    {"--delete-during", "remove them as directories are visited"},
    {"--delete-delay", "find them during, remove them after the transfer"},
    {"--delete-after", "remove them after the transfer"},
    {"--delete-excluded", "also remove excluded files on the receiver"},
    {"--remove-source-files", "remove sent files (not directories) from the sender"},
    {"--backup, -b", "keep replaced and deleted files (see --suffix)"},
    {"--backup-dir=DIR", "keep them under DIR"},
    {"--suffix=SUFFIX", "name them with SUFFIX (default ~ without --backup-dir)"},
    {"--compare-dest=DIR", "skip files that match those in DIR"},
    {"--copy-dest=DIR", "... and copy matching ones from DIR"},
    {"--link-dest=DIR", "... and hard-link matching ones from DIR"},
    {"--exclude=PATTERN", "leave out files matching PATTERN"},
    {"--include=PATTERN", "keep files matching PATTERN"},
    {"--exclude-from=FILE", "read exclude patterns from FILE"},
    {"--include-from=FILE", "read include patterns from FILE"},
    {"--filter=RULE, -f", "add a filter RULE"},
    {"-F", "use .rsync-filter files (twice: and leave them out)"},
    {"--rsh=COMMAND, -e", "the remote shell to use"},
    {"--rsync-path=PROGRAM", "the rsync to run on the remote side"},
    {"--secluded-args, -s", "send arguments over the connection, not the shell"},
    {"--protocol=NUM", "use an older protocol version"},
    {"--contimeout=SECONDS", "give up connecting to a daemon after SECONDS"},
    {"--port=PORT", "daemon port for :: and rsync:// addresses"},
    {"--password-file=FILE", "read the daemon password from FILE"},
    {"--stats", "print transfer statistics"},
    {"--human-readable, -h", "print sizes in K, M, G"},
    {"--progress", "show progress while transferring"},
    {"-P", "--partial plus --progress"},
    {"--itemize-changes, -i", "print a change summary for each update"},
    {"--out-format=FORMAT", "print updates in FORMAT"},
    {"--list-only", "list files instead of copying them"},
    {"--async=LIST", "switch async code paths on: daemon,ssh,receiver,workers"},
    {"--no-async=LIST", "switch async code paths off"},
    {"--ssh=builtin|external", "built-in SSH client for host:path (ssh:// always uses it)"},
    {"--ssh-accept-new", "built-in SSH: trust an unknown host key and record it"},
    {"--ssh-config=FILE", "built-in SSH: read FILE instead of ~/.ssh/config"},
    {"--version, -V", "print the version and exit"},
    {"--help, -h (*)", "print this help (* -h only when it is the sole argument)"},
};

} // namespace

QString helpText()
{
    QString text =
        QStringLiteral("qrsync copies files the way rsync does, sending only the differences.\n"
                       "It speaks rsync's protocol.\n"
                       "\n"
                       "Usage: qrsync [OPTION]... SRC [SRC]... DEST\n"
                       "  or   qrsync [OPTION]... SRC      (list SRC, as --list-only)\n"
                       "This version copies between local paths. Remote shells (HOST:PATH),\n"
                       "rsync daemons (HOST::MODULE, rsync://) and --server are refused for now;\n"
                       "the options for them are accepted so that scripts keep working locally.\n"
                       "\n"
                       "Options\n");
    for (const HelpLine& line : kHelp)
        text += QStringLiteral("%1 %2\n")
                    .arg(QLatin1String(line.option), -24)
                    .arg(QLatin1String(line.text));
    text += QStringLiteral("\nSee rsync(1) for the details of each option.\n");
    return text;
}

QString versionText()
{
    return QStringLiteral("qrsync  version %1  protocol version %2\n"
                          "Capabilities:\n"
                          "    64-bit files, 64-bit inums, 64-bit timestamps, 64-bit long ints,\n"
                          "    symlinks, hardlinks, no ACLs, no xattrs, no iconv, no crtimes\n"
                          "Checksum list:\n"
                          "    xxh128 xxh3 xxh64 (xxhash) md5 md4 sha1 none\n"
                          "Compress list:\n"
                          "    zstd lz4 zlibx zlib none\n"
                          "\n"
                          "qrsync comes with ABSOLUTELY NO WARRANTY.\n")
        .arg(QLatin1String(QRSYNC_VERSION_STRING))
        .arg(kDefaultProtocol);
}

} // namespace qrsync::options
