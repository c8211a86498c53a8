#include "options/serverargs.h"

#include "options/commandline.h"
#include "options/commandline_p.h"

#include <QRegularExpression>

namespace qrsync::options {

namespace {

// How safe_arg() treats a word: not at all (fixed option text), as an
// option value (wildcards escaped too), or as a path.
enum class Escape
{
    None,
    Value,
    Path
};

struct Word
{
    QString prefix; // "--suffix=" or "" (never escaped)
    QString value;
    Escape escape = Escape::None;
};

// log_format_has() (log.c): a "%" conversion for `letter`, allowing the
// "-", "'" and width modifiers in between.
bool formatHas(const QString& format, QChar letter)
{
    static const QRegularExpression conversion(QStringLiteral("%[-'0-9]*([A-Za-z%])"));
    auto it = conversion.globalMatch(format);
    while (it.hasNext()) {
        if (it.next().captured(1) == QString(letter))
            return true;
    }
    return false;
}

// server_options() in rsync 3.5.0 options.c, restricted to what
// TransferOptions can express, then "." and the paths (main.c do_cmd()).
// Returns the words and the index at which -s stops the command line.
QList<Word> buildWords(const TransferOptions& o, const ServerArgsRequest& request,
                       qsizetype* secludedFrom)
{
    using DeleteMode = TransferOptions::DeleteMode;
    const bool weSend = request.role == ServerRole::Receiver; // stock's am_sender
    QList<Word> words;
    auto add = [&words](QString text) { words.append(Word{std::move(text), {}, Escape::None}); };
    auto addValue = [&words](QString prefix, QString value) {
        words.append(Word{std::move(prefix), std::move(value), Escape::Value});
    };

    add(QStringLiteral("--server"));
    if (!weSend)
        add(QStringLiteral("--sender"));

    QString flags = QStringLiteral("-");
    if (o.protectArgs)
        flags += QLatin1Char('s');
    flags += QString(qMin(o.verbose, 9), QLatin1Char('v'));
    if (o.quiet)
        flags += QLatin1Char('q');
    if (o.backup)
        flags += QLatin1Char('b');
    if (o.update)
        flags += QLatin1Char('u');
    if (o.dryRun)
        flags += QLatin1Char('n');
    if (o.links)
        flags += QLatin1Char('l');
    if (o.dirs && !o.recursive)
        flags += QLatin1Char('d');
    if (weSend) {
        if (o.keepDirlinks)
            flags += QLatin1Char('K');
        if (o.omitDirTimes)
            flags += QLatin1Char('O');
    } else {
        if (o.copyLinks)
            flags += QLatin1Char('L');
        if (o.copyDirlinks)
            flags += QLatin1Char('k');
    }
    if (o.wholeFile.value_or(false))
        flags += QLatin1Char('W');
    flags += QString(qMin(o.hardLinks, 2), QLatin1Char('H'));
    if (o.owner)
        flags += QLatin1Char('o');
    if (o.group)
        flags += QLatin1Char('g');
    if (o.devices) // specials travel as a long option when they differ
        flags += QLatin1Char('D');
    if (o.times)
        flags += QLatin1Char('t');
    flags += QString(qMin(o.atimes, 2), QLatin1Char('U'));
    if (o.crtimes)
        flags += QLatin1Char('N');
    if (o.perms)
        flags += QLatin1Char('p');
    else if (o.executability && weSend)
        flags += QLatin1Char('E');
    if (o.recursive)
        flags += QLatin1Char('r');
    if (o.alwaysChecksum)
        flags += QLatin1Char('c');
    for (const FilterArg& f : o.filters) {
        if (f.kind == FilterArg::Kind::CvsExclude) {
            flags += QLatin1Char('C');
            break;
        }
    }
    if (o.ignoreTimes)
        flags += QLatin1Char('I');
    if (o.relative)
        flags += QLatin1Char('R');
    flags += QString(qMin(o.oneFileSystem, 2), QLatin1Char('x'));
    if (o.sparse)
        flags += QLatin1Char('S');
    const QString choice = o.compressChoice.toLower();
    if (o.compress && (choice.isEmpty() || choice == QLatin1String("zlib")))
        flags += QLatin1Char('z');
    if (request.protocol >= 30) {
        // set_allow_inc_recurse(): a receiving client that deletes before or
        // after (or delays updates) can't use incremental recursion.
        const bool lateDelete = !o.deleteWhenDefault && (o.deleteMode == DeleteMode::Before ||
                                                         o.deleteMode == DeleteMode::After);
        const bool incRecurse =
            request.offerIncRecurse && o.recursive && (weSend || !(lateDelete || o.delayUpdates));
        QString caps = QString::fromLatin1(kClientCapabilities);
        if (!incRecurse)
            caps.remove(QLatin1Char('i'));
        flags += QStringLiteral("e.") + caps;
    }
    if (flags.size() > 1)
        add(flags);
    *secludedFrom = o.protectArgs ? words.size() : -1;

    if (o.listOnlyExplicit)
        add(QStringLiteral("--list-only"));
    if (o.dirs && !o.recursive && o.deleteMode != DeleteMode::None && weSend)
        add(QStringLiteral("--no-r"));
    if (o.compress && o.compressLevel)
        add(QStringLiteral("--compress-level=%1").arg(*o.compressLevel));
    if (o.devices && !o.specials)
        add(QStringLiteral("--no-specials"));
    else if (!o.devices && o.specials)
        add(QStringLiteral("--specials"));

    const QString outFormat = effectiveOutFormat(o);
    if (!outFormat.isEmpty() && weSend) {
        // Stock sends --log-format, not --out-format, for old servers.
        if (formatHas(outFormat, QLatin1Char('i')))
            add(QStringLiteral("--log-format=%i"));
        else if (formatHas(outFormat, QLatin1Char('o')))
            add(QStringLiteral("--log-format=%o"));
        else if (!o.verbose)
            add(QStringLiteral("--log-format=X"));
    }
    if (o.blockSize)
        add(QStringLiteral("-B%1").arg(o.blockSize));
    if (o.timeout)
        add(QStringLiteral("--timeout=%1").arg(o.timeout));
    if (o.bwLimitKiB)
        add(QStringLiteral("--bwlimit=%1").arg(o.bwLimitKiB));
    if (!o.backupDir.isEmpty()) {
        // Split in two words so that the remote shell can expand ~.
        add(QStringLiteral("--backup-dir"));
        addValue(QString(), o.backupDir);
    }
    if (o.suffix != (o.backupDir.isEmpty() ? QStringLiteral("~") : QString()))
        addValue(QStringLiteral("--suffix="), o.suffix);
    if (!o.checksumChoice.isEmpty())
        addValue(QStringLiteral("--checksum-choice="), o.checksumChoice);
    if (o.compress && choice == QLatin1String("zlibx"))
        add(QStringLiteral("--new-compress"));
    else if (o.compress && choice == QLatin1String("zlib"))
        add(QStringLiteral("--old-compress"));
    else if (!choice.isEmpty())
        addValue(QStringLiteral("--compress-choice="), o.compressChoice);

    if (weSend) {
        if (o.maxDelete)
            add(QStringLiteral("--max-delete=%1").arg(*o.maxDelete > 0 ? *o.maxDelete : -1));
        if (o.minSize)
            addValue(QStringLiteral("--min-size="), QString::number(*o.minSize));
        if (o.maxSize)
            addValue(QStringLiteral("--max-size="), QString::number(*o.maxSize));
        if (o.deleteWhenDefault) {
            if (!o.deleteExcluded)
                add(QStringLiteral("--delete"));
        } else {
            switch (o.deleteMode) {
            case DeleteMode::None:
                break;
            case DeleteMode::Before:
                add(QStringLiteral("--delete-before"));
                break;
            case DeleteMode::During:
                add(QStringLiteral("--delete-during"));
                break;
            case DeleteMode::Delay:
                add(QStringLiteral("--delete-delay"));
                break;
            case DeleteMode::After:
                add(QStringLiteral("--delete-after"));
                break;
            }
        }
        if (o.deleteExcluded)
            add(QStringLiteral("--delete-excluded"));
        if (o.force)
            add(QStringLiteral("--force"));
        if (o.sizeOnly)
            add(QStringLiteral("--size-only"));
        if (o.stats)
            add(QStringLiteral("--stats"));
    } else if (!o.skipCompress.isEmpty()) {
        addValue(QStringLiteral("--skip-compress="), o.skipCompress);
    }
    if (o.modifyWindowSet && weSend) {
        add(o.modifyWindow < 0 ? QStringLiteral("-@%1").arg(o.modifyWindow)
                               : QStringLiteral("--modify-window=%1").arg(o.modifyWindow));
    }
    if (o.checksumSeed)
        add(QStringLiteral("--checksum-seed=%1").arg(o.checksumSeed));
    if ((!o.partialDir.isEmpty() || o.delayUpdates) && weSend) {
        if (!o.partialDir.isEmpty()) {
            add(QStringLiteral("--partial-dir"));
            addValue(QString(), o.partialDir);
        }
        if (o.delayUpdates)
            add(QStringLiteral("--delay-updates"));
    } else if (o.partial && weSend) {
        add(QStringLiteral("--partial"));
    }
    if (o.ignoreErrors)
        add(QStringLiteral("--ignore-errors"));
    if (o.copyUnsafeLinks)
        add(QStringLiteral("--copy-unsafe-links"));
    if (o.safeLinks)
        add(QStringLiteral("--safe-links"));
    if (o.numericIds)
        add(QStringLiteral("--numeric-ids"));
    if (weSend) {
        if (o.ignoreExisting)
            add(QStringLiteral("--ignore-existing"));
        if (o.existing) // stock sends the old name
            add(QStringLiteral("--existing"));
        if (!o.tempDir.isEmpty()) {
            add(QStringLiteral("--temp-dir"));
            addValue(QString(), o.tempDir);
        }
        static const char* const altNames[] = {"--compare-dest", "--copy-dest", "--link-dest"};
        for (const QString& dir : o.altDests) {
            add(QLatin1String(altNames[int(o.altDestKind)]));
            addValue(QString(), dir);
        }
    }

    // make_output_option(): user-given --info words that matter remotely.
    if (const auto levels = detail::userInfoLevels(o.info); levels && !levels->isEmpty()) {
        const int where =
            detail::kWhereServer | (weSend ? detail::kWhereReceiver : detail::kWhereSender);
        QStringList items;
        for (const detail::InfoWord& w : detail::infoWords()) {
            const QString name = QLatin1String(w.name);
            if (!(w.where & where) || !levels->contains(name))
                continue;
            const int level = levels->value(name);
            items.append(level == 1 ? name : name + QString::number(level));
        }
        if (!items.isEmpty())
            add(QStringLiteral("--info=") + items.join(QLatin1Char(',')));
    }

    if (o.append) {
        if (o.append > 1)
            add(QStringLiteral("--append"));
        add(QStringLiteral("--append"));
    } else if (o.inplace) {
        add(QStringLiteral("--inplace"));
        // Works around old servers' --inplace --sparse bug (server_options).
        if (o.sparse && o.wholeFile == false && weSend)
            add(QStringLiteral("--no-W"));
    }
    if (o.relative && !o.impliedDirs && (weSend || request.protocol >= 30))
        add(QStringLiteral("--no-implied-dirs"));
    if (o.removeSourceFiles)
        add(QStringLiteral("--remove-source-files"));

    add(QStringLiteral("."));
    for (const QString& path : request.paths)
        words.append(Word{QString(), path, Escape::Path});
    return words;
}

} // namespace

QString shellEscape(const QString& text, bool isPath)
{
    static const QString shellChars = QStringLiteral("!#$&;|<>(){}\"'` \t\n\r\\");
    static const QString wildChars = QStringLiteral("*?[]");
    QString out;
    out.reserve(text.size() + 8);
    if (isPath && text.startsWith(QLatin1Char('-')))
        out += QStringLiteral("./");
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c == QLatin1Char('\\')) {
            // A path keeps "\*" as is, so the remote glob sees a literal.
            const bool beforeWild = i + 1 < text.size() && wildChars.contains(text[i + 1]);
            if (!isPath || !beforeWild)
                out += QLatin1Char('\\');
        } else if (shellChars.contains(c) || (!isPath && wildChars.contains(c))) {
            out += QLatin1Char('\\');
        }
        out += c;
    }
    return out;
}

QStringList serverArguments(const TransferOptions& options, const ServerArgsRequest& request)
{
    qsizetype secludedFrom = -1;
    QStringList out;
    for (const Word& w : buildWords(options, request, &secludedFrom))
        out.append(w.prefix + w.value);
    return out;
}

RemoteShellCommand remoteShellCommand(const TransferOptions& options,
                                      const ServerArgsRequest& request)
{
    qsizetype secludedFrom = -1;
    const QList<Word> words = buildWords(options, request, &secludedFrom);
    RemoteShellCommand command;
    for (qsizetype i = 0; i < words.size(); ++i) {
        const Word& w = words[i];
        if (secludedFrom >= 0 && i >= secludedFrom) {
            // Secluded args are sent verbatim; an empty one becomes ".".
            const QString text = w.prefix + w.value;
            command.secludedArgs.append(text.isEmpty() ? QStringLiteral(".") : text);
            continue;
        }
        QString value;
        switch (w.escape) {
        case Escape::None:
            value = w.value;
            break;
        case Escape::Value:
            value = shellEscape(w.value, false);
            break;
        case Escape::Path:
            value = shellEscape(w.value, true);
            // A remote source "~..." must not be expanded by the remote
            // shell where rsync itself resolves it (safe_arg()).
            if (w.value.startsWith(QLatin1Char('~')) && request.role == ServerRole::Sender &&
                ((options.relative && !w.value.contains(QLatin1String("/./"))) ||
                 !w.value.contains(QLatin1Char('/'))))
                value.prepend(QLatin1Char('\\'));
            break;
        }
        command.commandLine.append(w.prefix + value);
    }
    return command;
}

Result<ServerInvocation> parseServerArguments(const QStringList& argv)
{
    auto raw = detail::scanArguments(argv, true, AsyncPaths{}, AsyncPaths{});
    if (!raw)
        return tl::unexpected(raw.error());
    if (!raw->server)
        return makeError(ExitCode::Syntax,
                         QStringLiteral("--server is missing from the server arguments"));
    if (raw->help || raw->versionCount || raw->daemon)
        return makeError(ExitCode::Syntax,
                         QStringLiteral("unexpected option on a server command line"));
    if (auto r = detail::finishArguments(*raw, {}); !r)
        return tl::unexpected(r.error());

    ServerInvocation invocation;
    invocation.options = std::move(raw->options);
    invocation.role = raw->sender ? ServerRole::Sender : ServerRole::Receiver;
    if (raw->eGiven) {
        // "-e.iLsfxCIvu", or "-e32.0iLsf..." from a pre-release client.
        static const QRegularExpression caps(QStringLiteral("^(?:\\.|(\\d+\\.\\d+))([A-Za-z]*)$"));
        const auto match = caps.match(raw->eValue);
        if (!match.hasMatch()) {
            return makeError(ExitCode::Syntax,
                             QStringLiteral("invalid capability string \"-e%1\"").arg(raw->eValue));
        }
        invocation.capabilitiesGiven = true;
        invocation.clientSubprotocol = match.captured(1);
        invocation.capabilities = match.captured(2);
    }
    QStringList paths = raw->positionals;
    invocation.secludedArgsFollow = invocation.options.protectArgs && paths.isEmpty();
    if (!paths.isEmpty()) {
        if (paths.first() != QLatin1String("."))
            return makeError(
                ExitCode::Syntax,
                QStringLiteral("the server arguments lack the \".\" before the paths"));
        paths.removeFirst();
    }
    invocation.paths = paths;
    invocation.arguments = argv;
    return invocation;
}

} // namespace qrsync::options
