#include "daemon/daemonconfig.h"

#include <QFile>
#include <QRegularExpression>

#include <functional>

namespace qrsync::daemon {

namespace {

// loadparm.c strwicmp(): names compare without case and without spaces.
QString canonicalName(const QString& name)
{
    QString out;
    for (const QChar c : name) {
        if (!c.isSpace())
            out += c.toLower();
    }
    return out;
}

struct Where
{
    const QString& file;
    int line;
};

tl::unexpected<Error> configError(const Where& at, const QString& text)
{
    return makeError(ExitCode::Syntax,
                     QStringLiteral("%1:%2: %3").arg(at.file).arg(at.line).arg(text), at.file);
}

using Setter = std::function<Result<void>(ModuleConfig&, const QString& value, const Where&)>;

Result<void> setBool(bool& field, const QString& name, const QString& value, const Where& at)
{
    const auto b = parseConfigBool(value);
    if (!b)
        return configError(
            at, QStringLiteral("badly formed boolean for \"%1\": \"%2\"").arg(name, value));
    field = *b;
    return {};
}

Result<void> setInt(int& field, const QString& name, const QString& value, const Where& at)
{
    bool ok = false;
    const int n = value.trimmed().toInt(&ok);
    if (!ok || n < 0)
        return configError(at, QStringLiteral("\"%1\" needs a number: \"%2\"").arg(name, value));
    field = n;
    return {};
}

QStringList splitList(const QString& value)
{
    // Stock splits host and option lists on whitespace and commas.
    QStringList out;
    for (const QString& item :
         value.split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts))
        out << item;
    return out;
}

Result<void> setAuthUsers(ModuleConfig& m, const QString& value, const Where& at)
{
    m.authUsers.clear();
    for (const QString& item : splitList(value)) {
        AuthUser user;
        QString name = item;
        const qsizetype colon = name.lastIndexOf(QLatin1Char(':'));
        if (colon >= 0) {
            const QString suffix = name.mid(colon + 1).toLower();
            name.truncate(colon);
            if (suffix == QLatin1String("ro"))
                user.access = AuthUser::Access::ReadOnly;
            else if (suffix == QLatin1String("rw"))
                user.access = AuthUser::Access::ReadWrite;
            else if (suffix == QLatin1String("deny"))
                user.access = AuthUser::Access::Deny;
            else
                return configError(at, QStringLiteral("auth users: unknown access \"%1\" for %2 "
                                                      "(use ro, rw or deny)")
                                           .arg(suffix, name));
        }
        if (name.startsWith(QLatin1Char('@'))) {
            user.isGroup = true;
            name.remove(0, 1);
        }
        if (name.isEmpty())
            return configError(at, QStringLiteral("auth users: empty name in \"%1\"").arg(value));
        user.name = name;
        m.authUsers.push_back(user);
    }
    return {};
}

#define QRSYNC_STRING(field)                                                                       \
    [](ModuleConfig& m, const QString& v, const Where&) -> Result<void> {                          \
        m.field = v;                                                                               \
        return {};                                                                                 \
    }
#define QRSYNC_BOOL(field, label)                                                                  \
    [](ModuleConfig& m, const QString& v, const Where& at) {                                       \
        return setBool(m.field, QStringLiteral(label), v, at);                                     \
    }
#define QRSYNC_INT(field, label)                                                                   \
    [](ModuleConfig& m, const QString& v, const Where& at) {                                       \
        return setInt(m.field, QStringLiteral(label), v, at);                                      \
    }
#define QRSYNC_LIST(field)                                                                         \
    [](ModuleConfig& m, const QString& v, const Where&) -> Result<void> {                          \
        m.field = splitList(v);                                                                    \
        return {};                                                                                 \
    }
#define QRSYNC_OPTBOOL(field, label)                                                               \
    [](ModuleConfig& m, const QString& v, const Where& at) -> Result<void> {                       \
        bool b = false;                                                                            \
        if (auto r = setBool(b, QStringLiteral(label), v, at); !r)                                 \
            return r;                                                                              \
        m.field = b;                                                                               \
        return {};                                                                                 \
    }

struct ModuleParameter
{
    const char* label;
    Setter set;
};

const std::vector<ModuleParameter>& moduleParameters()
{
    static const std::vector<ModuleParameter> table = {
        {"path", QRSYNC_STRING(path)},
        {"comment", QRSYNC_STRING(comment)},
        {"read only", QRSYNC_BOOL(readOnly, "read only")},
        {"write only", QRSYNC_BOOL(writeOnly, "write only")},
        {"list", QRSYNC_BOOL(list, "list")},
        {"uid", QRSYNC_STRING(uid)},
        {"gid", QRSYNC_STRING(gid)},
        {"use chroot", QRSYNC_OPTBOOL(useChroot, "use chroot")},
        {"max connections", QRSYNC_INT(maxConnections, "max connections")},
        {"lock file", QRSYNC_STRING(lockFile)},
        {"auth users", setAuthUsers},
        {"secrets file", QRSYNC_STRING(secretsFile)},
        {"strict modes", QRSYNC_BOOL(strictModes, "strict modes")},
        {"hosts allow", QRSYNC_LIST(hostsAllow)},
        {"hosts deny", QRSYNC_LIST(hostsDeny)},
        {"refuse options", QRSYNC_LIST(refuseOptions)},
        {"timeout", QRSYNC_INT(timeout, "timeout")},
        {"log format", QRSYNC_STRING(logFormat)},
        {"transfer logging", QRSYNC_BOOL(transferLogging, "transfer logging")},
        {"incoming chmod", QRSYNC_STRING(incomingChmod)},
        {"outgoing chmod", QRSYNC_STRING(outgoingChmod)},
        {"ignore errors", QRSYNC_BOOL(ignoreErrors, "ignore errors")},
        {"max verbosity", QRSYNC_INT(maxVerbosity, "max verbosity")},
        {"log file", QRSYNC_STRING(logFile)},
        {"reverse lookup", QRSYNC_BOOL(reverseLookup, "reverse lookup")},
        {"forward lookup", QRSYNC_BOOL(forwardLookup, "forward lookup")},
        {"pre-xfer exec", QRSYNC_STRING(preXferExec)},
        {"post-xfer exec", QRSYNC_STRING(postXferExec)},
    };
    return table;
}

// Stock parameters qrsync knows but does not implement yet: refused by
// name, so the administrator learns which line to drop.
const char* const kNotYetSupported[] = {
    "exclude",         "include",        "filter",         "exclude from",   "include from",
    "early exec",      "numeric ids",    "munge symlinks", "fake super",     "dont compress",
    "temp dir",        "charset",        "name converter", "open noatime",   "ignore nonreadable",
    "syslog facility", "syslog tag",     "auth digest",    "daemon chroot",  "daemon uid",
    "daemon gid",      "socket options", "proxy protocol", "insecure links",
};

enum class GlobalOnly
{
    MotdFile,
    PidFile,
    Port,
    Address,
    Async,
    ListenBacklog,
};

std::optional<GlobalOnly> globalParameter(const QString& canonical)
{
    if (canonical == QLatin1String("motdfile"))
        return GlobalOnly::MotdFile;
    if (canonical == QLatin1String("pidfile"))
        return GlobalOnly::PidFile;
    if (canonical == QLatin1String("port") || canonical == QLatin1String("rsyncport"))
        return GlobalOnly::Port;
    if (canonical == QLatin1String("address") || canonical == QLatin1String("bindaddress"))
        return GlobalOnly::Address;
    if (canonical == QLatin1String("async"))
        return GlobalOnly::Async;
    if (canonical == QLatin1String("listenbacklog"))
        return GlobalOnly::ListenBacklog;
    return std::nullopt;
}

class Parser
{
public:
    Parser(const QString& fileName, const QStringList& dparams)
        : m_fileName(fileName)
        , m_dparams(dparams)
    {
        m_config.fileName = fileName;
    }

    Result<DaemonConfig> run(const QByteArray& text);

private:
    Result<void> parameter(const QString& name, const QString& value, const Where& at);
    Result<void> section(const QString& name, const Where& at);
    Result<void> endGlobals();
    ModuleConfig& current() { return m_inGlobals ? m_config.defaults : m_config.modules.back(); }

    QString m_fileName;
    QStringList m_dparams;
    DaemonConfig m_config;
    bool m_inGlobals = true;
    bool m_dparamsApplied = false;
};

Result<void> Parser::parameter(const QString& name, const QString& value, const Where& at)
{
    const QString key = canonicalName(name);
    if (key.startsWith(QLatin1Char('&')))
        return configError(at, QStringLiteral("the %1 directive is not supported yet").arg(name));
    if (const auto global = globalParameter(key)) {
        if (!m_inGlobals)
            return configError(
                at, QStringLiteral("global parameter \"%1\" found in module section").arg(name));
        switch (*global) {
        case GlobalOnly::MotdFile:
            m_config.motdFile = value;
            return {};
        case GlobalOnly::PidFile:
            m_config.pidFile = value;
            return {};
        case GlobalOnly::Port:
            return setInt(m_config.port, name, value, at);
        case GlobalOnly::Address:
            m_config.address = value;
            return {};
        case GlobalOnly::Async:
            return setBool(m_config.async, name, value, at);
        case GlobalOnly::ListenBacklog:
            return setInt(m_config.listenBacklog, name, value, at);
        }
    }
    for (const ModuleParameter& p : moduleParameters()) {
        if (canonicalName(QLatin1String(p.label)) == key)
            return p.set(current(), value, at);
    }
    for (const char* label : kNotYetSupported) {
        if (canonicalName(QLatin1String(label)) == key)
            return configError(
                at, QStringLiteral("parameter \"%1\" is not supported yet by qrsync").arg(name));
    }
    return configError(at, QStringLiteral("unknown parameter \"%1\"").arg(name));
}

Result<void> Parser::endGlobals()
{
    if (m_dparamsApplied)
        return {};
    m_dparamsApplied = true;
    const bool wasGlobal = m_inGlobals;
    m_inGlobals = true;
    for (const QString& d : m_dparams) {
        const qsizetype eq = d.indexOf(QLatin1Char('='));
        const QString where = QStringLiteral("--dparam");
        if (eq <= 0)
            return makeError(ExitCode::Syntax,
                             QStringLiteral("--dparam %1: expected NAME=VALUE").arg(d));
        if (auto r = parameter(d.left(eq).trimmed(), d.mid(eq + 1).trimmed(), Where{where, 0}); !r)
            return makeError(ExitCode::Syntax,
                             r.error().message.replace(QStringLiteral("--dparam:0: "),
                                                       QStringLiteral("--dparam: ")));
    }
    m_inGlobals = wasGlobal;
    return {};
}

Result<void> Parser::section(const QString& rawName, const Where& at)
{
    const QString name = rawName.trimmed();
    if (name.isEmpty())
        return configError(at, QStringLiteral("empty section name"));
    if (canonicalName(name) == QLatin1String("global")) {
        if (!m_inGlobals && !m_config.modules.empty())
            return configError(at, QStringLiteral("[global] after a module section is not "
                                                  "supported yet"));
        m_inGlobals = true;
        return {};
    }
    if (name.contains(QLatin1Char('/')))
        return configError(at, QStringLiteral("invalid section name: %1").arg(name));
    if (m_inGlobals) {
        if (auto r = endGlobals(); !r)
            return r;
    }
    for (const ModuleConfig& m : m_config.modules) {
        if (m.name == name)
            return configError(at, QStringLiteral("module [%1] is defined twice (first at line %2)")
                                       .arg(name)
                                       .arg(m.line));
    }
    m_inGlobals = false;
    ModuleConfig module = m_config.defaults;
    module.name = name;
    module.line = at.line;
    m_config.modules.push_back(std::move(module));
    return {};
}

Result<DaemonConfig> Parser::run(const QByteArray& text)
{
    const QList<QByteArray> lines = text.split('\n');
    QString pending;
    int startLine = 0;
    for (int i = 0; i < lines.size(); ++i) {
        QString line = QString::fromUtf8(lines[i]);
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        if (pending.isEmpty()) {
            startLine = i + 1;
            const QString t = line.trimmed();
            if (t.isEmpty() || t.startsWith(QLatin1Char('#')) || t.startsWith(QLatin1Char(';')))
                continue;
        }
        // params.c Continuation(): a backslash ending the line joins it
        // with the next.
        const QString right = line.trimmed();
        if (right.endsWith(QLatin1Char('\\'))) {
            pending += line.left(line.lastIndexOf(QLatin1Char('\\')));
            continue;
        }
        pending += line;
        const QString t = pending.trimmed();
        pending.clear();
        const Where at{m_fileName, startLine};
        if (t.startsWith(QLatin1Char('['))) {
            const qsizetype close = t.indexOf(QLatin1Char(']'));
            if (close < 0)
                return configError(at, QStringLiteral("badly formed line: %1").arg(t));
            if (auto r = section(t.mid(1, close - 1), at); !r)
                return tl::unexpected(r.error());
            continue;
        }
        const qsizetype eq = t.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            if (t.startsWith(QLatin1Char('&')))
                return configError(at, QStringLiteral("the %1 directive is not supported yet")
                                           .arg(t.section(' ', 0, 0)));
            return configError(at, QStringLiteral("badly formed line: %1").arg(t));
        }
        if (auto r = parameter(t.left(eq).trimmed(), t.mid(eq + 1).trimmed(), at); !r)
            return tl::unexpected(r.error());
    }
    if (!pending.isEmpty())
        return configError(Where{m_fileName, startLine},
                           QStringLiteral("unexpected end of file after a continuation line"));
    if (auto r = endGlobals(); !r)
        return tl::unexpected(r.error());
    return std::move(m_config);
}

} // namespace

const ModuleConfig* DaemonConfig::module(const QString& name) const
{
    for (const ModuleConfig& m : modules) {
        if (m.name == name)
            return &m;
    }
    return nullptr;
}

std::optional<bool> parseConfigBool(const QString& value)
{
    const QString v = value.trimmed().toLower();
    if (v == QLatin1String("yes") || v == QLatin1String("true") || v == QLatin1String("1"))
        return true;
    if (v == QLatin1String("no") || v == QLatin1String("false") || v == QLatin1String("0"))
        return false;
    return std::nullopt;
}

Result<DaemonConfig> parseDaemonConfig(const QByteArray& text, const QString& fileName,
                                       const QStringList& dparams)
{
    return Parser(fileName, dparams).run(text);
}

Result<DaemonConfig> loadDaemonConfig(const QString& fileName, const QStringList& dparams)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ExitCode::Syntax,
                         QStringLiteral("Failed to parse config file: %1 (%2)")
                             .arg(fileName, file.errorString()),
                         fileName);
    return parseDaemonConfig(file.readAll(), fileName, dparams);
}

} // namespace qrsync::daemon
