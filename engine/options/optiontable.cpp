#include "options/optiontable.h"

#include <QHash>

#include <vector>

namespace qrsync::options {

namespace {

// THE list of implemented options, by key (long name, or "-X" for the
// short-only -D/-F/-P). Aliases are listed one by one, so that a refusal
// names exactly what the user typed. "--no-X" forms follow X automatically.
// Extend this list, and nothing else, when an option gets implemented.
constexpr const char* kSupportedOptions[] = {
    // output and meta
    "help",
    "version",
    "verbose",
    "quiet",
    "info",
    "debug",
    "stats",
    "human-readable",
    "progress",
    "-P",
    "itemize-changes",
    "out-format",
    "log-format",
    "list-only",
    "dry-run",
    // selection and preservation
    "archive",
    "recursive",
    "inc-recursive",
    "i-r",
    "dirs",
    "links",
    "copy-links",
    "copy-dirlinks",
    "perms",
    "times",
    "group",
    "owner",
    "-D",
    "devices",
    "specials",
    "hard-links",
    "sparse",
    "one-file-system",
    "numeric-ids",
    "chmod",
    // comparison
    "checksum",
    "whole-file",
    "ignore-times",
    "size-only",
    "modify-window",
    "update",
    "existing",
    "ignore-non-existing",
    "ignore-existing",
    "max-size",
    "min-size",
    // transfer
    "inplace",
    "partial",
    "partial-dir",
    "block-size",
    "compress",
    "compress-choice",
    "zc",
    "compress-level",
    "zl",
    "checksum-choice",
    "cc",
    "checksum-seed",
    // deletion, backups, alternate destinations
    "del",
    "delete",
    "delete-before",
    "delete-during",
    "delete-delay",
    "delete-after",
    "delete-excluded",
    "remove-source-files",
    "backup",
    "backup-dir",
    "suffix",
    "compare-dest",
    "copy-dest",
    "link-dest",
    // filters
    "exclude",
    "include",
    "filter",
    "exclude-from",
    "include-from",
    "-F",
    "cvs-exclude",
    // connection
    "rsh",
    "rsync-path",
    "protocol",
    "contimeout",
    "timeout",
    "no-timeout",
    "bwlimit",
    "no-bwlimit",
    "port",
    "password-file",
    "motd",
    "address",
    "secluded-args",
    "protect-args",
    "server",
    "sender",
    "daemon",
    // sent by our own serverArguments() for -zz and --zc=zlib
    "new-compress",
    "old-compress",
    // qrsync's own
    "async",
    "no-async",
    "ssh",
    "ssh-accept-new",
    "ssh-config",
};

// Generated from rsync 3.5.0 options.c long_options[] (names, short letters
// and argument types are facts of the CLI; the order is rsync's).
constexpr OptionSpec kRsyncOptions[] = {
    {"help", 0, ArgType::None, false},
    {"version", 'V', ArgType::None, false},
    {"verbose", 'v', ArgType::None, false},
    {"no-verbose", 0, ArgType::None, false},
    {"no-v", 0, ArgType::None, false},
    {"info", 0, ArgType::String, false},
    {"debug", 0, ArgType::String, false},
    {"stderr", 0, ArgType::String, false},
    {"msgs2stderr", 0, ArgType::None, false},
    {"no-msgs2stderr", 0, ArgType::None, false},
    {"quiet", 'q', ArgType::None, false},
    {"motd", 0, ArgType::None, false},
    {"no-motd", 0, ArgType::None, false},
    {"stats", 0, ArgType::None, false},
    {"human-readable", 'h', ArgType::None, false},
    {"no-human-readable", 0, ArgType::None, false},
    {"no-h", 0, ArgType::None, false},
    {"dry-run", 'n', ArgType::None, false},
    {"archive", 'a', ArgType::None, false},
    {"recursive", 'r', ArgType::None, false},
    {"no-recursive", 0, ArgType::None, false},
    {"no-r", 0, ArgType::None, false},
    {"inc-recursive", 0, ArgType::None, false},
    {"no-inc-recursive", 0, ArgType::None, false},
    {"i-r", 0, ArgType::None, false},
    {"no-i-r", 0, ArgType::None, false},
    {"dirs", 'd', ArgType::None, false},
    {"no-dirs", 0, ArgType::None, false},
    {"no-d", 0, ArgType::None, false},
    {"old-dirs", 0, ArgType::None, false},
    {"old-d", 0, ArgType::None, false},
    {"perms", 'p', ArgType::None, false},
    {"no-perms", 0, ArgType::None, false},
    {"no-p", 0, ArgType::None, false},
    {"executability", 'E', ArgType::None, false},
    {"acls", 'A', ArgType::None, false},
    {"no-acls", 0, ArgType::None, false},
    {"no-A", 0, ArgType::None, false},
    {"xattrs", 'X', ArgType::None, false},
    {"no-xattrs", 0, ArgType::None, false},
    {"no-X", 0, ArgType::None, false},
    {"times", 't', ArgType::None, false},
    {"no-times", 0, ArgType::None, false},
    {"no-t", 0, ArgType::None, false},
    {"atimes", 'U', ArgType::None, false},
    {"no-atimes", 0, ArgType::None, false},
    {"no-U", 0, ArgType::None, false},
    {"open-noatime", 0, ArgType::None, false},
    {"no-open-noatime", 0, ArgType::None, false},
    {"crtimes", 'N', ArgType::None, false},
    {"no-crtimes", 0, ArgType::None, false},
    {"no-N", 0, ArgType::None, false},
    {"omit-dir-times", 'O', ArgType::None, false},
    {"no-omit-dir-times", 0, ArgType::None, false},
    {"no-O", 0, ArgType::None, false},
    {"omit-link-times", 'J', ArgType::None, false},
    {"no-omit-link-times", 0, ArgType::None, false},
    {"no-J", 0, ArgType::None, false},
    {"modify-window", '@', ArgType::Int, false},
    {"super", 0, ArgType::None, false},
    {"no-super", 0, ArgType::None, false},
    {"fake-super", 0, ArgType::None, false},
    {"owner", 'o', ArgType::None, false},
    {"no-owner", 0, ArgType::None, false},
    {"no-o", 0, ArgType::None, false},
    {"group", 'g', ArgType::None, false},
    {"no-group", 0, ArgType::None, false},
    {"no-g", 0, ArgType::None, false},
    {nullptr, 'D', ArgType::None, false},
    {"no-D", 0, ArgType::None, false},
    {"devices", 0, ArgType::None, false},
    {"no-devices", 0, ArgType::None, false},
    {"copy-devices", 0, ArgType::None, false},
    {"write-devices", 0, ArgType::None, false},
    {"no-write-devices", 0, ArgType::None, false},
    {"specials", 0, ArgType::None, false},
    {"no-specials", 0, ArgType::None, false},
    {"drop-D", 0, ArgType::None, false},
    {"no-drop-D", 0, ArgType::None, false},
    {"confine-root", 0, ArgType::String, false},
    {"links", 'l', ArgType::None, false},
    {"no-links", 0, ArgType::None, false},
    {"no-l", 0, ArgType::None, false},
    {"copy-links", 'L', ArgType::None, false},
    {"copy-unsafe-links", 0, ArgType::None, false},
    {"safe-links", 0, ArgType::None, false},
    {"insecure-links", 0, ArgType::None, false},
    {"no-insecure-links", 0, ArgType::None, false},
    {"munge-links", 0, ArgType::None, false},
    {"no-munge-links", 0, ArgType::None, false},
    {"copy-dirlinks", 'k', ArgType::None, false},
    {"keep-dirlinks", 'K', ArgType::None, false},
    {"hard-links", 'H', ArgType::None, false},
    {"no-hard-links", 0, ArgType::None, false},
    {"no-H", 0, ArgType::None, false},
    {"relative", 'R', ArgType::None, false},
    {"no-relative", 0, ArgType::None, false},
    {"no-R", 0, ArgType::None, false},
    {"implied-dirs", 0, ArgType::None, false},
    {"no-implied-dirs", 0, ArgType::None, false},
    {"i-d", 0, ArgType::None, false},
    {"no-i-d", 0, ArgType::None, false},
    {"chmod", 0, ArgType::String, false},
    {"ignore-times", 'I', ArgType::None, false},
    {"size-only", 0, ArgType::None, false},
    {"one-file-system", 'x', ArgType::None, false},
    {"no-one-file-system", 0, ArgType::None, false},
    {"no-x", 0, ArgType::None, false},
    {"update", 'u', ArgType::None, false},
    {"existing", 0, ArgType::None, false},
    {"ignore-non-existing", 0, ArgType::None, false},
    {"ignore-existing", 0, ArgType::None, false},
    {"max-size", 0, ArgType::String, false},
    {"min-size", 0, ArgType::String, false},
    {"max-alloc", 0, ArgType::String, false},
    {"sparse", 'S', ArgType::None, false},
    {"no-sparse", 0, ArgType::None, false},
    {"no-S", 0, ArgType::None, false},
    {"preallocate", 0, ArgType::None, false},
    {"inplace", 0, ArgType::None, false},
    {"no-inplace", 0, ArgType::None, false},
    {"append", 0, ArgType::None, false},
    {"append-verify", 0, ArgType::None, false},
    {"no-append", 0, ArgType::None, false},
    {"del", 0, ArgType::None, false},
    {"delete", 0, ArgType::None, false},
    {"delete-before", 0, ArgType::None, false},
    {"delete-during", 0, ArgType::None, false},
    {"delete-delay", 0, ArgType::None, false},
    {"delete-after", 0, ArgType::None, false},
    {"delete-excluded", 0, ArgType::None, false},
    {"delete-missing-args", 0, ArgType::None, false},
    {"ignore-missing-args", 0, ArgType::None, false},
    {"remove-sent-files", 0, ArgType::None, false},
    {"remove-source-files", 0, ArgType::None, false},
    {"force", 0, ArgType::None, false},
    {"no-force", 0, ArgType::None, false},
    {"ignore-errors", 0, ArgType::None, false},
    {"no-ignore-errors", 0, ArgType::None, false},
    {"max-delete", 0, ArgType::Int, false},
    {nullptr, 'F', ArgType::None, false},
    {"filter", 'f', ArgType::String, false},
    {"exclude", 0, ArgType::String, false},
    {"include", 0, ArgType::String, false},
    {"exclude-from", 0, ArgType::String, false},
    {"include-from", 0, ArgType::String, false},
    {"cvs-exclude", 'C', ArgType::None, false},
    {"whole-file", 'W', ArgType::None, false},
    {"no-whole-file", 0, ArgType::None, false},
    {"no-W", 0, ArgType::None, false},
    {"checksum", 'c', ArgType::None, false},
    {"no-checksum", 0, ArgType::None, false},
    {"no-c", 0, ArgType::None, false},
    {"checksum-choice", 0, ArgType::String, false},
    {"cc", 0, ArgType::String, false},
    {"block-size", 'B', ArgType::String, false},
    {"compare-dest", 0, ArgType::String, false},
    {"copy-dest", 0, ArgType::String, false},
    {"link-dest", 0, ArgType::String, false},
    {"fuzzy", 'y', ArgType::None, false},
    {"no-fuzzy", 0, ArgType::None, false},
    {"no-y", 0, ArgType::None, false},
    {"compress", 'z', ArgType::None, false},
    {"old-compress", 0, ArgType::None, false},
    {"new-compress", 0, ArgType::None, false},
    {"no-compress", 0, ArgType::None, false},
    {"no-z", 0, ArgType::None, false},
    {"compress-choice", 0, ArgType::String, false},
    {"zc", 0, ArgType::String, false},
    {"skip-compress", 0, ArgType::String, false},
    {"compress-level", 0, ArgType::Int, false},
    {"zl", 0, ArgType::Int, false},
    {"compress-threads", 0, ArgType::Int, false},
    {"zt", 0, ArgType::Int, false},
    {nullptr, 'P', ArgType::None, false},
    {"progress", 0, ArgType::None, false},
    {"no-progress", 0, ArgType::None, false},
    {"partial", 0, ArgType::None, false},
    {"no-partial", 0, ArgType::None, false},
    {"partial-dir", 0, ArgType::String, false},
    {"delay-updates", 0, ArgType::None, false},
    {"no-delay-updates", 0, ArgType::None, false},
    {"prune-empty-dirs", 'm', ArgType::None, false},
    {"no-prune-empty-dirs", 0, ArgType::None, false},
    {"no-m", 0, ArgType::None, false},
    {"log-file", 0, ArgType::String, false},
    {"log-file-format", 0, ArgType::String, false},
    {"out-format", 0, ArgType::String, false},
    {"log-format", 0, ArgType::String, false},
    {"itemize-changes", 'i', ArgType::None, false},
    {"no-itemize-changes", 0, ArgType::None, false},
    {"no-i", 0, ArgType::None, false},
    {"bwlimit", 0, ArgType::String, false},
    {"no-bwlimit", 0, ArgType::None, false},
    {"backup", 'b', ArgType::None, false},
    {"no-backup", 0, ArgType::None, false},
    {"backup-dir", 0, ArgType::String, false},
    {"suffix", 0, ArgType::String, false},
    {"list-only", 0, ArgType::None, false},
    {"read-batch", 0, ArgType::String, false},
    {"write-batch", 0, ArgType::String, false},
    {"only-write-batch", 0, ArgType::String, false},
    {"files-from", 0, ArgType::String, false},
    {"from0", '0', ArgType::None, false},
    {"no-from0", 0, ArgType::None, false},
    {"old-args", 0, ArgType::None, false},
    {"no-old-args", 0, ArgType::None, false},
    {"secluded-args", 's', ArgType::None, false},
    {"no-secluded-args", 0, ArgType::None, false},
    {"protect-args", 0, ArgType::None, false},
    {"no-protect-args", 0, ArgType::None, false},
    {"no-s", 0, ArgType::None, false},
    {"trust-sender", 0, ArgType::None, false},
    {"numeric-ids", 0, ArgType::None, false},
    {"no-numeric-ids", 0, ArgType::None, false},
    {"usermap", 0, ArgType::String, false},
    {"groupmap", 0, ArgType::String, false},
    {"chown", 0, ArgType::String, false},
    {"timeout", 0, ArgType::Int, false},
    {"no-timeout", 0, ArgType::None, false},
    {"contimeout", 0, ArgType::Int, false},
    {"no-contimeout", 0, ArgType::None, false},
    {"fsync", 0, ArgType::None, false},
    {"stop-after", 0, ArgType::String, false},
    {"time-limit", 0, ArgType::String, false},
    {"stop-at", 0, ArgType::String, false},
    {"rsh", 'e', ArgType::String, false},
    {"rsync-path", 0, ArgType::String, false},
    {"temp-dir", 'T', ArgType::String, false},
    {"iconv", 0, ArgType::String, false},
    {"no-iconv", 0, ArgType::None, false},
    {"ipv4", '4', ArgType::None, false},
    {"ipv6", '6', ArgType::None, false},
    {"8-bit-output", '8', ArgType::None, false},
    {"no-8-bit-output", 0, ArgType::None, false},
    {"no-8", 0, ArgType::None, false},
    {"mkpath", 0, ArgType::None, false},
    {"no-mkpath", 0, ArgType::None, false},
    {"qsort", 0, ArgType::None, false},
    {"copy-as", 0, ArgType::String, false},
    {"address", 0, ArgType::String, false},
    {"port", 0, ArgType::Int, false},
    {"sockopts", 0, ArgType::String, false},
    {"password-file", 0, ArgType::String, false},
    {"early-input", 0, ArgType::String, false},
    {"blocking-io", 0, ArgType::None, false},
    {"no-blocking-io", 0, ArgType::None, false},
    {"outbuf", 0, ArgType::String, false},
    {"remote-option", 'M', ArgType::String, false},
    {"protocol", 0, ArgType::Int, false},
    {"checksum-seed", 0, ArgType::Int, false},
    {"server", 0, ArgType::None, false},
    {"sender", 0, ArgType::None, false},
    {"config", 0, ArgType::String, false},
    {"daemon", 0, ArgType::None, false},
    {"dparam", 0, ArgType::String, false},
    {"detach", 0, ArgType::None, false},
    {"no-detach", 0, ArgType::None, false},
    // qrsync only: the async kill switches (docs/design/async-migration.md).
    {"async", 0, ArgType::String, false},
    {"no-async", 0, ArgType::String, false},
    // qrsync only: the built-in SSH client (issue 6).
    {"ssh", 0, ArgType::String, false},
    {"ssh-accept-new", 0, ArgType::None, false},
    {"ssh-config", 0, ArgType::String, false},
};

bool isListedSupported(const QString& key)
{
    for (const char* name : kSupportedOptions) {
        if (key == QLatin1String(name))
            return true;
    }
    return false;
}

struct Table
{
    std::vector<OptionSpec> rows;
    QHash<QString, int> byLong;
    QHash<QChar, int> byShort;

    Table()
    {
        rows.assign(std::begin(kRsyncOptions), std::end(kRsyncOptions));
        for (int i = 0; i < int(rows.size()); ++i) {
            if (rows[i].longName)
                byLong.insert(QString::fromLatin1(rows[i].longName), i);
            if (rows[i].shortName)
                byShort.insert(QChar::fromLatin1(rows[i].shortName), i);
        }
        for (OptionSpec& row : rows)
            row.supported = isListedSupported(row.key());
        // "--no-X" is as supported as X, whether X is a long name ("no-perms")
        // or a short letter ("no-W", "no-D").
        for (OptionSpec& row : rows) {
            if (row.supported || !row.longName || qstrncmp(row.longName, "no-", 3) != 0)
                continue;
            const QString base = QString::fromLatin1(row.longName + 3);
            if (const auto it = byLong.constFind(base); it != byLong.constEnd())
                row.supported = rows[*it].supported;
            else if (base.size() == 1) {
                if (const auto s = byShort.constFind(base.at(0)); s != byShort.constEnd())
                    row.supported = rows[*s].supported;
                else if (base == QLatin1String("D"))
                    row.supported = isListedSupported(QStringLiteral("-D"));
            }
        }
    }
};

const Table& table()
{
    static const Table t;
    return t;
}

} // namespace

QString OptionSpec::key() const
{
    if (longName)
        return QString::fromLatin1(longName);
    return QStringLiteral("-") + QChar::fromLatin1(shortName);
}

QString OptionSpec::displayName() const
{
    if (longName)
        return QStringLiteral("--") + QString::fromLatin1(longName);
    return QStringLiteral("-") + QChar::fromLatin1(shortName);
}

std::span<const OptionSpec> optionTable()
{
    return table().rows;
}

const OptionSpec* findLongOption(QStringView name)
{
    const Table& t = table();
    const auto it = t.byLong.constFind(name.toString());
    return it == t.byLong.constEnd() ? nullptr : &t.rows[*it];
}

const OptionSpec* findShortOption(QChar letter)
{
    const Table& t = table();
    const auto it = t.byShort.constFind(letter);
    return it == t.byShort.constEnd() ? nullptr : &t.rows[*it];
}

} // namespace qrsync::options
