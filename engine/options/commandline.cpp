#include "options/commandline.h"

#include "options/commandline_p.h"
#include "options/optiontable.h"
#include "options/valueparsers.h"

#include <QHash>

#include <functional>

namespace qrsync::options {

namespace detail {

namespace {

constexpr InfoWord kInfoWords[] = {
    {"BACKUP", kWhereReceiver},
    {"COPY", kWhereReceiver},
    {"DEL", kWhereReceiver},
    {"FLIST", kWhereClient},
    {"MISC", kWhereSender | kWhereReceiver},
    {"MOUNT", kWhereSender | kWhereReceiver},
    {"NAME", kWhereSender | kWhereReceiver},
    {"NONREG", kWhereReceiver},
    {"PROGRESS", kWhereClient},
    {"REMOVE", kWhereSender},
    {"SKIP", kWhereReceiver},
    {"STATS", kWhereClient | kWhereServer},
    {"SYMSAFE", kWhereSender | kWhereReceiver},
};

Error syntaxError(QString message, QString context = {})
{
    return Error{ExitCode::Syntax, std::move(message), std::move(context)};
}

// An option's value as the scanner hands it over. `shown` is the argv word
// popt would name in a numeric error: the option word when the value was
// attached to it, the value itself when it was the next word.
struct Value
{
    QString text;
    QString shown;
    int number = 0;
};

using Handler = std::function<Result<void>(RawParse&, const Value&)>;

Result<void> addAltDest(RawParse& raw, TransferOptions::AltDestKind kind, const QString& dir)
{
    TransferOptions& o = raw.options;
    auto name = [](TransferOptions::AltDestKind k) {
        switch (k) {
        case TransferOptions::AltDestKind::Compare:
            return QStringLiteral("--compare-dest");
        case TransferOptions::AltDestKind::Copy:
            return QStringLiteral("--copy-dest");
        case TransferOptions::AltDestKind::Link:
            return QStringLiteral("--link-dest");
        }
        return QString();
    };
    if (!o.altDests.isEmpty() && o.altDestKind != kind) {
        return tl::unexpected(
            syntaxError(QStringLiteral("ERROR: the %1 option conflicts with the %2 option")
                            .arg(name(kind), name(o.altDestKind))));
    }
    o.altDestKind = kind;
    if (o.altDests.size() >= kMaxAltDests) {
        return tl::unexpected(
            syntaxError(QStringLiteral("ERROR: at most %1 %2 args may be specified")
                            .arg(kMaxAltDests)
                            .arg(name(kind))));
    }
    o.altDests.append(dir);
    return {};
}

Result<void> setSize(std::optional<qint64>& field, const QString& option, const QString& text)
{
    auto size = parseSizeArg(text, option, SizeLimits{});
    if (!size)
        return tl::unexpected(size.error());
    field = *size;
    return {};
}

// Flags that simply store a bool; "--no-X" forms store false.
void addFlag(QHash<QString, Handler>& h, std::initializer_list<const char*> on,
             std::initializer_list<const char*> off, bool TransferOptions::*member)
{
    for (const char* key : on)
        h.insert(QLatin1String(key), [member](RawParse& r, const Value&) -> Result<void> {
            r.options.*member = true;
            return {};
        });
    for (const char* key : off)
        h.insert(QLatin1String(key), [member](RawParse& r, const Value&) -> Result<void> {
            r.options.*member = false;
            return {};
        });
}

void addInt(QHash<QString, Handler>& h, std::initializer_list<const char*> keys,
            int TransferOptions::*member)
{
    for (const char* key : keys)
        h.insert(QLatin1String(key), [member](RawParse& r, const Value& v) -> Result<void> {
            r.options.*member = v.number;
            return {};
        });
}

void addString(QHash<QString, Handler>& h, std::initializer_list<const char*> keys,
               QString TransferOptions::*member)
{
    for (const char* key : keys)
        h.insert(QLatin1String(key), [member](RawParse& r, const Value& v) -> Result<void> {
            r.options.*member = v.text;
            return {};
        });
}

void addFilter(QHash<QString, Handler>& h, const char* key, FilterArg::Kind kind)
{
    h.insert(QLatin1String(key), [kind](RawParse& r, const Value& v) -> Result<void> {
        r.options.filters.append(FilterArg{kind, v.text});
        return {};
    });
}

// One handler per implemented option key (optiontable.h). Semantics follow
// the popt table and the switch in rsync 3.5.0 parse_arguments().
QHash<QString, Handler> makeHandlers()
{
    using O = TransferOptions;
    QHash<QString, Handler> h;
    auto on = [&h](const char* key, std::function<void(RawParse&, const Value&)> f) {
        h.insert(QLatin1String(key), [f](RawParse& r, const Value& v) -> Result<void> {
            f(r, v);
            return {};
        });
    };

    // output
    on("verbose", [](RawParse& r, const Value&) { ++r.options.verbose; });
    on("no-verbose", [](RawParse& r, const Value&) { r.options.verbose = 0; });
    h.insert(QStringLiteral("no-v"), h.value(QStringLiteral("no-verbose")));
    addFlag(h, {"quiet"}, {}, &O::quiet);
    addFlag(h, {"stats"}, {}, &O::stats);
    on("human-readable", [](RawParse& r, const Value&) { ++r.options.humanReadable; });
    on("no-human-readable", [](RawParse& r, const Value&) { r.options.humanReadable = 0; });
    h.insert(QStringLiteral("no-h"), h.value(QStringLiteral("no-human-readable")));
    addFlag(h, {"progress"}, {"no-progress"}, &O::progress);
    on("-P", [](RawParse& r, const Value&) { r.options.progress = r.options.partial = true; });
    on("itemize-changes", [](RawParse& r, const Value&) { ++r.options.itemizeChanges; });
    on("no-itemize-changes", [](RawParse& r, const Value&) { r.options.itemizeChanges = 0; });
    h.insert(QStringLiteral("no-i"), h.value(QStringLiteral("no-itemize-changes")));
    addString(h, {"out-format", "log-format"}, &O::outFormat);
    on("list-only",
       [](RawParse& r, const Value&) { r.options.listOnly = r.options.listOnlyExplicit = true; });
    addFlag(h, {"dry-run"}, {}, &O::dryRun);
    // --debug: qrsync's own words only ("async": which implementation each
    // async path used); rsync's debug flags are refused, not ignored.
    h.insert(QStringLiteral("debug"), [](RawParse& r, const Value& v) -> Result<void> {
        const QStringList words = v.text.split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString& w : words) {
            if (w.compare(QLatin1String("async"), Qt::CaseInsensitive) != 0 &&
                w.compare(QLatin1String("none"), Qt::CaseInsensitive) != 0)
                return makeError(ExitCode::Syntax,
                                 QStringLiteral("--debug=%1 is not supported yet (qrsync knows: "
                                                "async)")
                                     .arg(w));
        }
        r.options.debug += words;
        return {};
    });
    h.insert(QStringLiteral("info"), [](RawParse& r, const Value& v) -> Result<void> {
        const QStringList words = v.text.split(QLatin1Char(','), Qt::SkipEmptyParts);
        auto levels = userInfoLevels(words);
        if (!levels)
            return tl::unexpected(levels.error());
        r.options.info += words;
        return {};
    });

    // selection
    on("archive", [](RawParse& r, const Value&) {
        // -a is -rlptgoD (and overrides any --no-X given before it).
        TransferOptions& o = r.options;
        o.recursive = o.links = o.perms = o.times = o.group = o.owner = true;
        o.devices = o.specials = true;
    });
    addFlag(h, {"recursive"}, {"no-recursive", "no-r"}, &O::recursive);
    on("dirs", [](RawParse& r, const Value&) { r.xferDirs = 2; });
    on("no-dirs", [](RawParse& r, const Value&) { r.xferDirs = 0; });
    h.insert(QStringLiteral("no-d"), h.value(QStringLiteral("no-dirs")));
    on("one-file-system", [](RawParse& r, const Value&) { ++r.options.oneFileSystem; });
    on("no-one-file-system", [](RawParse& r, const Value&) { r.options.oneFileSystem = 0; });
    h.insert(QStringLiteral("no-x"), h.value(QStringLiteral("no-one-file-system")));
    addFlag(h, {"remove-source-files"}, {}, &O::removeSourceFiles);

    // preserve
    addFlag(h, {"links"}, {"no-links", "no-l"}, &O::links);
    addFlag(h, {"copy-links"}, {}, &O::copyLinks);
    addFlag(h, {"copy-dirlinks"}, {}, &O::copyDirlinks);
    addFlag(h, {"keep-dirlinks"}, {}, &O::keepDirlinks);
    on("hard-links", [](RawParse& r, const Value&) { ++r.options.hardLinks; });
    on("no-hard-links", [](RawParse& r, const Value&) { r.options.hardLinks = 0; });
    h.insert(QStringLiteral("no-H"), h.value(QStringLiteral("no-hard-links")));
    addFlag(h, {"perms"}, {"no-perms", "no-p"}, &O::perms);
    addFlag(h, {"times"}, {"no-times", "no-t"}, &O::times);
    addFlag(h, {"group"}, {"no-group", "no-g"}, &O::group);
    addFlag(h, {"owner"}, {"no-owner", "no-o"}, &O::owner);
    on("-D", [](RawParse& r, const Value&) { r.options.devices = r.options.specials = true; });
    on("no-D", [](RawParse& r, const Value&) { r.options.devices = r.options.specials = false; });
    addFlag(h, {"devices"}, {"no-devices"}, &O::devices);
    addFlag(h, {"specials"}, {"no-specials"}, &O::specials);
    addFlag(h, {"sparse"}, {"no-sparse", "no-S"}, &O::sparse);
    addFlag(h, {"inc-recursive", "i-r"}, {"no-inc-recursive", "no-i-r"}, &O::incRecursive);
    addFlag(h, {"numeric-ids"}, {"no-numeric-ids"}, &O::numericIds);
    h.insert(QStringLiteral("chmod"), [](RawParse& r, const Value& v) -> Result<void> {
        if (!isValidChmod(v.text))
            return tl::unexpected(
                syntaxError(QStringLiteral("Invalid argument passed to --chmod (%1)").arg(v.text)));
        r.options.chmod.append(v.text);
        return {};
    });

    // compare
    addFlag(h, {"checksum"}, {"no-checksum", "no-c"}, &O::alwaysChecksum);
    on("whole-file", [](RawParse& r, const Value&) { r.wholeFile = 1; });
    on("no-whole-file", [](RawParse& r, const Value&) { r.wholeFile = 0; });
    h.insert(QStringLiteral("no-W"), h.value(QStringLiteral("no-whole-file")));
    addFlag(h, {"ignore-times"}, {}, &O::ignoreTimes);
    addFlag(h, {"size-only"}, {}, &O::sizeOnly);
    on("modify-window", [](RawParse& r, const Value& v) {
        r.options.modifyWindow = v.number;
        r.options.modifyWindowSet = true;
    });
    addFlag(h, {"update"}, {}, &O::update);
    addFlag(h, {"existing", "ignore-non-existing"}, {}, &O::existing);
    addFlag(h, {"ignore-existing"}, {}, &O::ignoreExisting);
    h.insert(QStringLiteral("max-size"), [](RawParse& r, const Value& v) {
        return setSize(r.options.maxSize, QStringLiteral("max-size"), v.text);
    });
    h.insert(QStringLiteral("min-size"), [](RawParse& r, const Value& v) {
        return setSize(r.options.minSize, QStringLiteral("min-size"), v.text);
    });

    // transfer
    addFlag(h, {"inplace"}, {"no-inplace"}, &O::inplace);
    addFlag(h, {"partial"}, {"no-partial"}, &O::partial);
    addString(h, {"partial-dir"}, &O::partialDir);
    h.insert(QStringLiteral("block-size"), [](RawParse& r, const Value& v) -> Result<void> {
        // OLD_MAX_BLOCK_SIZE (1 << 29) below protocol 30, else MAX_BLOCK_SIZE.
        SizeLimits limits;
        limits.max = r.protocolSoFar < 30 ? (qint64(1) << 29) : (qint64(1) << 17);
        auto size = parseSizeArg(v.text, QStringLiteral("block-size"), limits);
        if (!size)
            return tl::unexpected(size.error());
        r.options.blockSize = int(*size);
        return {};
    });
    on("compress", [](RawParse& r, const Value&) {
        // -zz asks for zlibx (parse_arguments: do_compression > 1).
        if (r.options.compress && r.options.compressChoice.isEmpty())
            r.options.compressChoice = QStringLiteral("zlibx");
        r.options.compress = true;
    });
    on("no-compress", [](RawParse& r, const Value&) {
        r.options.compress = false;
        r.options.compressChoice.clear();
    });
    h.insert(QStringLiteral("no-z"), h.value(QStringLiteral("no-compress")));
    on("old-compress",
       [](RawParse& r, const Value&) { r.options.compressChoice = QStringLiteral("zlib"); });
    on("new-compress",
       [](RawParse& r, const Value&) { r.options.compressChoice = QStringLiteral("zlibx"); });
    addString(h, {"compress-choice", "zc"}, &O::compressChoice);
    on("compress-level", [](RawParse& r, const Value& v) { r.options.compressLevel = v.number; });
    h.insert(QStringLiteral("zl"), h.value(QStringLiteral("compress-level")));
    addString(h, {"checksum-choice", "cc"}, &O::checksumChoice);
    addInt(h, {"checksum-seed"}, &O::checksumSeed);
    h.insert(QStringLiteral("bwlimit"), [](RawParse& r, const Value& v) -> Result<void> {
        SizeLimits limits;
        limits.defaultSuffix = QLatin1Char('K');
        limits.min = 512;
        limits.zeroMeansUnlimited = true;
        auto size = parseSizeArg(v.text, QStringLiteral("bwlimit"), limits);
        if (!size)
            return tl::unexpected(size.error());
        r.options.bwLimit = *size ? v.text : QString();
        r.options.bwLimitKiB = int((*size + 512) / 1024);
        return {};
    });
    on("no-bwlimit", [](RawParse& r, const Value&) {
        r.options.bwLimit.clear();
        r.options.bwLimitKiB = 0;
    });

    // delete
    on("del", [](RawParse& r, const Value&) { r.deleteDuring = 1; });
    on("delete", [](RawParse& r, const Value&) { r.deletePlain = true; });
    on("delete-before", [](RawParse& r, const Value&) { r.deleteBefore = true; });
    on("delete-during", [](RawParse& r, const Value&) { r.deleteDuring = 1; });
    on("delete-delay", [](RawParse& r, const Value&) { r.deleteDuring = 2; });
    on("delete-after", [](RawParse& r, const Value&) { r.deleteAfter = true; });
    addFlag(h, {"delete-excluded"}, {}, &O::deleteExcluded);

    // backup
    addFlag(h, {"backup"}, {"no-backup"}, &O::backup);
    on("backup-dir", [](RawParse& r, const Value& v) {
        r.options.backupDir = v.text;
        r.backupDirGiven = true;
    });
    on("suffix", [](RawParse& r, const Value& v) {
        r.options.suffix = v.text;
        r.options.suffixGiven = true;
    });
    h.insert(QStringLiteral("compare-dest"), [](RawParse& r, const Value& v) {
        return addAltDest(r, TransferOptions::AltDestKind::Compare, v.text);
    });
    h.insert(QStringLiteral("copy-dest"), [](RawParse& r, const Value& v) {
        return addAltDest(r, TransferOptions::AltDestKind::Copy, v.text);
    });
    h.insert(QStringLiteral("link-dest"), [](RawParse& r, const Value& v) {
        return addAltDest(r, TransferOptions::AltDestKind::Link, v.text);
    });

    // filters
    addFilter(h, "exclude", FilterArg::Kind::Exclude);
    addFilter(h, "include", FilterArg::Kind::Include);
    addFilter(h, "filter", FilterArg::Kind::Filter);
    addFilter(h, "exclude-from", FilterArg::Kind::ExcludeFrom);
    addFilter(h, "include-from", FilterArg::Kind::IncludeFrom);
    on("-F", [](RawParse& r, const Value&) {
        // Only the first two -F add a rule (dir-merge, then exclude).
        if (++r.fCount <= 2)
            r.options.filters.append(
                FilterArg{FilterArg::Kind::FilterShortF, QString::number(r.fCount)});
    });
    on("cvs-exclude", [](RawParse& r, const Value&) {
        r.options.filters.append(FilterArg{FilterArg::Kind::CvsExclude, {}});
    });

    // connection
    on("rsh", [](RawParse& r, const Value& v) {
        r.eValue = v.text;
        r.eGiven = true;
        if (!r.serverMode)
            r.options.rsh = v.text;
    });
    addString(h, {"rsync-path"}, &O::rsyncPath);
    h.insert(QStringLiteral("ssh"), [](RawParse& r, const Value& v) -> Result<void> {
        if (v.text != QLatin1String("builtin") && v.text != QLatin1String("external"))
            return tl::unexpected(
                syntaxError(QStringLiteral("--ssh=%1: use builtin or external").arg(v.text)));
        r.options.ssh = v.text;
        return {};
    });
    on("ssh-accept-new", [](RawParse& r, const Value&) { r.options.sshAcceptNew = true; });
    addString(h, {"ssh-config"}, &O::sshConfig);
    on("protocol", [](RawParse& r, const Value& v) {
        r.options.protocol = v.number;
        r.protocolSoFar = v.number;
    });
    addInt(h, {"timeout"}, &O::timeout);
    on("no-timeout", [](RawParse& r, const Value&) { r.options.timeout = 0; });
    addInt(h, {"contimeout"}, &O::contimeout);
    on("no-contimeout", [](RawParse& r, const Value&) { r.options.contimeout = 0; });
    addInt(h, {"port"}, &O::port);
    addString(h, {"password-file"}, &O::passwordFile);
    addFlag(h, {"motd"}, {"no-motd"}, &O::motd);
    addString(h, {"address"}, &O::bindAddress);
    on("secluded-args", [](RawParse& r, const Value&) { r.protectArgs = 1; });
    h.insert(QStringLiteral("protect-args"), h.value(QStringLiteral("secluded-args")));
    on("no-secluded-args", [](RawParse& r, const Value&) { r.protectArgs = 0; });
    h.insert(QStringLiteral("no-protect-args"), h.value(QStringLiteral("no-secluded-args")));
    h.insert(QStringLiteral("no-s"), h.value(QStringLiteral("no-secluded-args")));
    return h;
}

const QHash<QString, Handler>& handlers()
{
    static const QHash<QString, Handler> h = makeHandlers();
    return h;
}

} // namespace

std::span<const InfoWord> infoWords()
{
    return kInfoWords;
}

Result<QMap<QString, int>> userInfoLevels(const QStringList& words)
{
    QMap<QString, int> levels;
    for (const QString& word : words) {
        qsizetype len = word.size();
        while (len > 0 && word[len - 1].isDigit())
            --len;
        const QString name = word.left(len).toUpper();
        const int level = len == word.size() ? 1 : qMin(word.mid(len).toInt(), 4);
        if (name == QLatin1String("ALL") || name == QLatin1String("NONE")) {
            for (const InfoWord& w : kInfoWords)
                levels.insert(QLatin1String(w.name), name == QLatin1String("NONE") ? 0 : level);
            continue;
        }
        bool known = false;
        for (const InfoWord& w : kInfoWords)
            known = known || name == QLatin1String(w.name);
        if (!known)
            return tl::unexpected(
                syntaxError(QStringLiteral("Unknown --info item: \"%1\"").arg(word.left(len))));
        levels.insert(name, level);
    }
    return levels;
}

Result<RawParse> scanArguments(const QStringList& args, bool serverMode, const AsyncPaths& async,
                               const AsyncPaths& compiledAsync)
{
    RawParse raw;
    raw.serverMode = serverMode;
    raw.options.async = async;
    bool endOfOptions = false;

    auto dispatch = [&](const OptionSpec& spec, const QString& text,
                        const QString& shown) -> Result<void> {
        const QString key = spec.key();
        if (key == QLatin1String("help")) {
            raw.help = true;
            return {};
        }
        if (key == QLatin1String("version")) {
            ++raw.versionCount;
            return {};
        }
        if (key == QLatin1String("server")) {
            raw.server = true;
            return {};
        }
        if (key == QLatin1String("sender")) {
            if (!serverMode)
                return tl::unexpected(
                    syntaxError(QStringLiteral("--sender is only valid with --server")));
            raw.sender = true;
            return {};
        }
        if (!spec.supported)
            return tl::unexpected(
                syntaxError(QStringLiteral("%1 is not supported yet").arg(spec.displayName())));
        if (key == QLatin1String("daemon")) {
            raw.daemon = true;
            return {};
        }
        if (key == QLatin1String("async") || key == QLatin1String("no-async"))
            return applyAsyncList(raw.options.async, compiledAsync, text,
                                  key == QLatin1String("async"));
        Value value{text, shown, 0};
        if (spec.arg == ArgType::Int) {
            bool overflow = false;
            const auto n = parsePoptInt(text, &overflow);
            if (!n) {
                return tl::unexpected(syntaxError(QStringLiteral("%1: %2").arg(
                    shown, overflow ? QStringLiteral("number too large or too small")
                                    : QStringLiteral("invalid numeric value"))));
            }
            value.number = *n;
        }
        const auto it = handlers().constFind(key);
        if (it == handlers().constEnd()) // listed as supported but not wired up
            return tl::unexpected(
                syntaxError(QStringLiteral("%1 is not supported yet").arg(spec.displayName())));
        return (*it)(raw, value);
    };

    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& word = args[i];
        if (endOfOptions || word == QLatin1String("-") || !word.startsWith(QLatin1Char('-'))) {
            raw.positionals.append(word);
            continue;
        }
        if (word == QLatin1String("--")) {
            endOfOptions = true;
            continue;
        }
        if (word.startsWith(QLatin1String("--"))) {
            const qsizetype eq = word.indexOf(QLatin1Char('='));
            const QString name = word.mid(2, eq < 0 ? -1 : eq - 2);
            const OptionSpec* spec = findLongOption(name);
            if (!spec)
                return tl::unexpected(syntaxError(QStringLiteral("%1: unknown option").arg(word)));
            if (spec->arg == ArgType::None && eq >= 0)
                return tl::unexpected(
                    syntaxError(QStringLiteral("%1: option does not take an argument").arg(word)));
            QString text, shown = word;
            if (spec->arg != ArgType::None) {
                if (eq >= 0) {
                    text = word.mid(eq + 1);
                } else if (i + 1 < args.size()) {
                    text = shown = args[++i];
                } else {
                    return tl::unexpected(
                        syntaxError(QStringLiteral("%1: missing argument").arg(word)));
                }
            }
            if (auto r = dispatch(*spec, text, shown); !r)
                return tl::unexpected(r.error());
            if (raw.help || raw.daemon || (raw.server && !serverMode))
                return raw;
            continue;
        }
        // A bundle of short options: "-avz", "-B1024", "-essh", "-@-1".
        for (qsizetype j = 1; j < word.size(); ++j) {
            const OptionSpec* spec = findShortOption(word[j]);
            if (!spec)
                return tl::unexpected(syntaxError(QStringLiteral("%1: unknown option").arg(word)));
            if (spec->arg == ArgType::None) {
                if (j + 1 < word.size() && word[j + 1] == QLatin1Char('='))
                    return tl::unexpected(syntaxError(
                        QStringLiteral("%1: option does not take an argument").arg(word)));
                if (auto r = dispatch(*spec, QString(), word); !r)
                    return tl::unexpected(r.error());
                if (raw.help)
                    return raw;
                continue;
            }
            QString text = word.mid(j + 1), shown = word;
            if (text.startsWith(QLatin1Char('=')))
                text.remove(0, 1);
            else if (text.isEmpty()) {
                if (i + 1 >= args.size())
                    return tl::unexpected(
                        syntaxError(QStringLiteral("%1: missing argument").arg(word)));
                text = shown = args[++i];
            }
            if (auto r = dispatch(*spec, text, shown); !r)
                return tl::unexpected(r.error());
            break;
        }
    }
    return raw;
}

Result<void> finishArguments(RawParse& raw, const Environment& env)
{
    TransferOptions& o = raw.options;
    const bool server = raw.serverMode;

    if (raw.protectArgs < 0) {
        const QString fromEnv =
            server ? QString() : env.value(QStringLiteral("RSYNC_PROTECT_ARGS"));
        raw.protectArgs = !fromEnv.isEmpty() && fromEnv.toInt() != 0;
    }
    o.protectArgs = raw.protectArgs > 0;

    // Checksum and compression names (checksum.c parse_checksum_choice,
    // compat.c parse_compress_choice); unknown names are RERR_UNSUPPORTED.
    static const QStringList checksums = {
        QStringLiteral("xxh128"), QStringLiteral("xxh3"), QStringLiteral("xxh64"),
        QStringLiteral("xxhash"), QStringLiteral("md5"),  QStringLiteral("md4"),
        QStringLiteral("sha1"),   QStringLiteral("none"), QStringLiteral("auto")};
    if (o.checksumChoice.compare(QLatin1String("auto"), Qt::CaseInsensitive) == 0 ||
        o.checksumChoice.compare(QLatin1String("auto,auto"), Qt::CaseInsensitive) == 0)
        o.checksumChoice.clear();
    for (const QString& name : o.checksumChoice.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!checksums.contains(name.toLower()))
            return makeError(ExitCode::Unsupported,
                             QStringLiteral("unknown checksum name: %1").arg(name));
    }
    static const QStringList compressions = {QStringLiteral("zstd"), QStringLiteral("lz4"),
                                             QStringLiteral("zlibx"), QStringLiteral("zlib"),
                                             QStringLiteral("none")};
    if (o.compressChoice.compare(QLatin1String("auto"), Qt::CaseInsensitive) == 0)
        o.compressChoice.clear();
    if (!o.compressChoice.isEmpty()) {
        if (!compressions.contains(o.compressChoice.toLower()))
            return makeError(ExitCode::Unsupported,
                             QStringLiteral("unknown compress name: %1").arg(o.compressChoice));
        o.compress = o.compressChoice.toLower() != QLatin1String("none");
    }

    if (raw.positionals.size() < 2 && !server)
        o.listOnly = true;
    if (o.recursive)
        o.dirs = true;
    else
        o.dirs = raw.xferDirs < 0 ? o.listOnly : raw.xferDirs > 0;

    if (int(raw.deleteBefore) + int(raw.deleteDuring != 0) + int(raw.deleteAfter) > 1)
        return tl::unexpected(
            syntaxError(QStringLiteral("You may not combine multiple --delete-WHEN options.")));
    if (raw.deleteBefore)
        o.deleteMode = TransferOptions::DeleteMode::Before;
    else if (raw.deleteDuring == 2)
        o.deleteMode = TransferOptions::DeleteMode::Delay;
    else if (raw.deleteDuring == 1)
        o.deleteMode = TransferOptions::DeleteMode::During;
    else if (raw.deleteAfter)
        o.deleteMode = TransferOptions::DeleteMode::After;
    else if (raw.deletePlain || o.deleteExcluded) {
        // The WHEN is settled by the protocol (compat.c setup_protocol);
        // During is right for the 30-32 we speak.
        o.deleteMode = TransferOptions::DeleteMode::During;
        o.deleteWhenDefault = true;
    }
    if (!o.dirs && o.deleteMode != TransferOptions::DeleteMode::None)
        return tl::unexpected(syntaxError(
            QStringLiteral("--delete does not work without --recursive (-r) or --dirs (-d).")));

    // Backups (parse_arguments: suffix, then backup_dir).
    if (!o.suffixGiven)
        o.suffix = raw.backupDirGiven ? QString() : QStringLiteral("~");
    if (o.suffix.contains(QLatin1Char('/')))
        return tl::unexpected(
            syntaxError(QStringLiteral("--suffix cannot contain slashes: %1").arg(o.suffix)));
    if (raw.backupDirGiven) {
        o.backup = true;
        while (o.backupDir.startsWith(QLatin1String("./")))
            o.backupDir.remove(0, 2);
        if (o.backupDir == QLatin1String("."))
            o.backupDir.clear();
    }
    if (o.backupDir.isEmpty() && o.suffix.isEmpty() && (!server || !raw.sender)) {
        return tl::unexpected(syntaxError(
            QStringLiteral("--suffix cannot be empty %1")
                .arg(raw.backupDirGiven
                         ? QStringLiteral("when --backup-dir is the same as the dest dir")
                         : QStringLiteral("without a --backup-dir"))));
    }
    if (o.backupDir.isEmpty() && o.backup && o.deleteMode != TransferOptions::DeleteMode::None &&
        !o.deleteExcluded && !server) {
        // Stock protects the backups from deletion with a rule of its own.
        o.filters.append(FilterArg{FilterArg::Kind::Filter, QStringLiteral("P *") + o.suffix});
    }

    if (o.append) {
        if (raw.wholeFile > 0)
            return tl::unexpected(
                syntaxError(QStringLiteral("--append cannot be used with --whole-file")));
        o.inplace = true;
    }
    if (raw.wholeFile >= 0)
        o.wholeFile = raw.wholeFile > 0;

    const bool partialDirInEffect = !o.partialDir.isEmpty() || o.delayUpdates;
    if (o.inplace) {
        if (partialDirInEffect) {
            return tl::unexpected(syntaxError(
                QStringLiteral("--%1 cannot be used with --%2")
                    .arg(o.append ? QStringLiteral("append") : QStringLiteral("inplace"),
                         o.delayUpdates ? QStringLiteral("delay-updates")
                                        : QStringLiteral("partial-dir"))));
        }
        o.partial = false; // --inplace keeps partial data by its nature
    } else {
        if (o.partial && o.partialDir.isEmpty() && !server)
            o.partialDir = env.value(QStringLiteral("RSYNC_PARTIAL_DIR"));
        while (o.partialDir.endsWith(QLatin1Char('/')) && o.partialDir.size() > 1)
            o.partialDir.chop(1);
        if (o.partialDir == QLatin1String("."))
            o.partialDir.clear();
        if (!o.partialDir.isEmpty())
            o.partial = true;
    }

    if (raw.maxDelete != INT_MIN)
        o.maxDelete = qMax(raw.maxDelete, 0);

    if (!server) {
        if (raw.positionals.isEmpty())
            return tl::unexpected(
                syntaxError(QStringLiteral("no source given"), QStringLiteral("usage")));
        if (raw.positionals.size() == 1) {
            o.sources = raw.positionals;
        } else {
            o.sources = raw.positionals.mid(0, raw.positionals.size() - 1);
            o.destination = raw.positionals.last();
        }
    }
    auto levels = userInfoLevels(o.info);
    if (!levels)
        return tl::unexpected(levels.error());
    o.progress2 = levels->value(QStringLiteral("PROGRESS"), o.progress ? 1 : 0) >= 2;
    return {};
}

} // namespace detail

Result<ParsedCommandLine> parseCommandLine(const QStringList& args, const Environment& env,
                                           const AsyncPaths& compiledAsync)
{
    ParsedCommandLine parsed;
    auto environmentAsync = asyncPathsFromEnvironment(compiledAsync, env);
    if (!environmentAsync)
        return tl::unexpected(environmentAsync.error());

    auto raw = detail::scanArguments(args, false, *environmentAsync, compiledAsync);
    if (!raw)
        return tl::unexpected(raw.error());
    if (raw->help) {
        parsed.action = ParsedCommandLine::Action::Help;
        return parsed;
    }
    if (raw->server) {
        auto server = parseServerArguments(args);
        if (!server)
            return tl::unexpected(server.error());
        parsed.action = ParsedCommandLine::Action::Server;
        parsed.options = server->options;
        parsed.server = std::move(*server);
        return parsed;
    }
    if (raw->daemon) {
        parsed.action = ParsedCommandLine::Action::Daemon;
        parsed.daemonArgs = args;
        return parsed;
    }
    if (raw->versionCount) {
        parsed.action = ParsedCommandLine::Action::Version;
        parsed.versionCount = raw->versionCount;
        return parsed;
    }
    // -h on its own keeps its old meaning of --help (parse_arguments).
    if (raw->options.humanReadable > 1 && args.size() == 1) {
        parsed.action = ParsedCommandLine::Action::Help;
        return parsed;
    }
    if (auto r = detail::finishArguments(*raw, env); !r)
        return tl::unexpected(r.error());
    parsed.options = std::move(raw->options);
    return parsed;
}

int infoLevel(const TransferOptions& options, const QString& word)
{
    const QString name = word.toUpper();
    // set_output_verbosity(): levels implied by -v (info_verbosity[]).
    static const QStringList level1 = {QStringLiteral("COPY"),   QStringLiteral("DEL"),
                                       QStringLiteral("FLIST"),  QStringLiteral("MISC"),
                                       QStringLiteral("NAME"),   QStringLiteral("STATS"),
                                       QStringLiteral("SYMSAFE")};
    static const QStringList level2 = {QStringLiteral("BACKUP"), QStringLiteral("MISC"),
                                       QStringLiteral("MOUNT"),  QStringLiteral("NAME"),
                                       QStringLiteral("REMOVE"), QStringLiteral("SKIP")};
    int level = 0;
    if (name == QLatin1String("NONREG"))
        level = 1;
    if (options.verbose >= 1 && level1.contains(name))
        level = 1;
    if (options.verbose >= 2 && level2.contains(name))
        level = 2;
    if (options.stats && name == QLatin1String("STATS"))
        level = qMax(level, options.verbose > 1 ? 3 : 2);
    if (options.progress && name == QLatin1String("PROGRESS"))
        level = qMax(level, 1);
    if (options.progress && name == QLatin1String("FLIST"))
        level = qMax(level, 2);
    if (options.progress && name == QLatin1String("NAME") && options.outFormat.isEmpty() &&
        !options.itemizeChanges)
        level = qMax(level, 1);
    const auto user = detail::userInfoLevels(options.info);
    if (user && user->contains(name))
        level = user->value(name);
    return level;
}

QString effectiveOutFormat(const TransferOptions& options)
{
    if (!options.outFormat.isEmpty())
        return options.outFormat;
    if (options.itemizeChanges)
        return QStringLiteral("%i %n%L");
    if (infoLevel(options, QStringLiteral("NAME")) >= 1)
        return QStringLiteral("%n%L");
    return {};
}

} // namespace qrsync::options
