#include "jobs/profilecommand.h"

#include "filter/filterlist.h"
#include "options/commandline.h"
#include "options/optiontable.h"

namespace qrsync::jobs {

namespace {

QString deleteOption(DeleteOptions::When when)
{
    switch (when) {
    case DeleteOptions::When::During:
        return QStringLiteral("--delete");
    case DeleteOptions::When::Before:
        return QStringLiteral("--delete-before");
    case DeleteOptions::When::After:
        return QStringLiteral("--delete-after");
    case DeleteOptions::When::Delay:
        return QStringLiteral("--delete-delay");
    }
    return QStringLiteral("--delete");
}

// The bundled short options, in rsync's usual order ("-rlptgoD").
QString shortOptions(const Profile& p)
{
    QString s = QStringLiteral("-r");
    if (p.preserve.symlinks)
        s += QLatin1Char('l');
    if (p.preserve.hardLinks)
        s += QLatin1Char('H');
    if (p.preserve.permissions)
        s += QLatin1Char('p');
    if (p.preserve.times)
        s += QLatin1Char('t');
    if (p.preserve.group)
        s += QLatin1Char('g');
    if (p.preserve.owner)
        s += QLatin1Char('o');
    if (p.preserve.devices)
        s += QLatin1Char('D');
    if (p.compare.checksum)
        s += QLatin1Char('c');
    if (p.compare.update)
        s += QLatin1Char('u');
    if (p.transfer.sparse)
        s += QLatin1Char('S');
    if (p.transfer.wholeFile)
        s += QLatin1Char('W');
    if (p.transfer.compress)
        s += QLatin1Char('z');
    return s;
}

Result<options::TransferOptions> syntaxError(const QString& message, const QString& context = {})
{
    return makeError(ExitCode::Syntax, message, context);
}

} // namespace

bool engineSupports(const char* longOption)
{
    const options::OptionSpec* spec = options::findLongOption(QString::fromLatin1(longOption));
    return spec && spec->supported;
}

QStringList profileArguments(const Profile& p)
{
    QStringList args{shortOptions(p)};
    if (p.compare.sizeOnly)
        args << QStringLiteral("--size-only");
    if (p.compare.ignoreExisting)
        args << QStringLiteral("--ignore-existing");
    if (p.compare.modifyWindow > 0)
        args << QStringLiteral("--modify-window=%1").arg(p.compare.modifyWindow);
    if (p.transfer.partial)
        args << QStringLiteral("--partial");
    if (p.transfer.bandwidthLimitKiB > 0)
        args << QStringLiteral("--bwlimit=%1").arg(p.transfer.bandwidthLimitKiB);
    if (p.mode == SyncMode::Mirror) {
        args << deleteOption(p.deletion.when);
        if (p.deletion.deleteExcluded)
            args << QStringLiteral("--delete-excluded");
        if (p.deletion.maxDelete >= 0)
            args << QStringLiteral("--max-delete=%1").arg(p.deletion.maxDelete);
    }
    if (!p.connection.remoteShell.isEmpty())
        args << QStringLiteral("--rsh=") + p.connection.remoteShell;
    if (!p.connection.rsyncPath.isEmpty())
        args << QStringLiteral("--rsync-path=") + p.connection.rsyncPath;
    for (const QString& rule : p.filterRules)
        args << QStringLiteral("--filter=") + rule;
    const QStringList paths = p.sources + QStringList{p.destination};
    const bool dashPath = std::any_of(paths.cbegin(), paths.cend(), [](const QString& path) {
        return path.startsWith(QLatin1Char('-'));
    });
    if (dashPath)
        args << QStringLiteral("--");
    args << paths;
    return args;
}

QString shellQuote(const QString& argument)
{
    if (argument.isEmpty())
        return QStringLiteral("''");
    static const QString safe = QStringLiteral("@%+=:,./-_");
    const bool plain = std::all_of(argument.cbegin(), argument.cend(), [](QChar c) {
        return (c.unicode() < 128 && c.isLetterOrNumber()) || safe.contains(c);
    });
    if (plain)
        return argument;
    QString quoted = argument;
    quoted.replace(QLatin1String("'"), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString profileCommandLine(const Profile& profile, const QString& program)
{
    QStringList words{program};
    for (const QString& arg : profileArguments(profile))
        words << shellQuote(arg);
    return words.join(QLatin1Char(' '));
}

Result<options::TransferOptions> profileTransferOptions(const Profile& p,
                                                        const options::Environment& env,
                                                        const options::AsyncPaths& compiled)
{
    if (p.name.trimmed().isEmpty())
        return syntaxError(QStringLiteral("the profile has no name"));
    if (p.sources.isEmpty())
        return syntaxError(QStringLiteral("the profile has no source"), p.name);
    for (const QString& source : p.sources) {
        if (source.trimmed().isEmpty())
            return syntaxError(QStringLiteral("a source is empty"), p.name);
    }
    if (p.destination.trimmed().isEmpty())
        return syntaxError(QStringLiteral("the profile has no destination"), p.name);
    // Each rule on its own first, so the error names the rule rather than
    // the whole command line.
    filter::FilterList probe;
    for (const QString& rule : p.filterRules) {
        auto added = probe.addFilter(rule.toUtf8());
        if (!added)
            return syntaxError(added.error().message, rule);
    }
    auto parsed = options::parseCommandLine(profileArguments(p), env, compiled);
    if (!parsed)
        return tl::unexpected(parsed.error());
    if (parsed->action != options::ParsedCommandLine::Action::Transfer)
        return syntaxError(QStringLiteral("the profile does not describe a transfer"), p.name);
    return std::move(parsed->options);
}

} // namespace qrsync::jobs
