#include "daemon/daemonsession.h"

#include "daemon/refuseoptions.h"
#include "options/serverargs.h"
#include "session/errorrole.h"
#include "session/rolesettings.h"

#include <QDir>
#include <QFileInfo>

namespace qrsync::daemon {

namespace {

session::PreparedServer refuse(const TextPhase& phase, bool sends, ExitCode code,
                               const QByteArray& text)
{
    session::HandshakeSettings hs;
    hs.side = session::HandshakeSettings::Side::Server;
    hs.peerProtocol = phase.protocol();
    // The capabilities are not known when the arguments did not parse:
    // announce none, which every client accepts.
    hs.compatFlags = 0;
    session::PreparedServer out;
    out.sends = sends;
    out.role = std::make_unique<session::ErrorRole>(hs, code, text, sends ? "sender" : "receiver");
    return out;
}

// Options whose value is a path the server would use outside the
// destination: only plain relative paths (below the module) are accepted.
std::optional<QString> unsafePathOption(const options::TransferOptions& o)
{
    auto bad = [](const QString& p) {
        return p.startsWith(QLatin1Char('/')) ||
               p.split(QLatin1Char('/')).contains(QStringLiteral(".."));
    };
    if (!o.backupDir.isEmpty() && bad(o.backupDir))
        return QStringLiteral("--backup-dir");
    if (!o.partialDir.isEmpty() && bad(o.partialDir))
        return QStringLiteral("--partial-dir");
    for (const QString& d : o.altDests) {
        if (bad(d))
            return QStringLiteral("--link-dest/--compare-dest/--copy-dest");
    }
    return std::nullopt;
}

} // namespace

QString sanitizePath(const QString& path)
{
    QStringList out;
    for (const QString& part : path.split(QLatin1Char('/'))) {
        if (part.isEmpty() || part == QLatin1String("."))
            continue;
        if (part == QLatin1String("..")) {
            if (!out.isEmpty())
                out.removeLast();
            continue;
        }
        out << part;
    }
    QString joined = out.join(QLatin1Char('/'));
    if (!joined.isEmpty() && path.endsWith(QLatin1Char('/')))
        joined += QLatin1Char('/');
    return joined;
}

QString mapModulePath(const QString& arg, const QString& moduleName, const QString& modulePath)
{
    QString rest = arg;
    if (rest == moduleName)
        rest.clear();
    else if (rest.startsWith(moduleName + QLatin1Char('/')))
        rest = rest.mid(moduleName.size() + 1);
    const bool slash = rest.endsWith(QLatin1Char('/')) || rest.isEmpty();
    QString root = modulePath;
    while (root.size() > 1 && root.endsWith(QLatin1Char('/')))
        root.chop(1);
    const QString clean = sanitizePath(rest);
    if (clean.isEmpty())
        return root + (slash ? QStringLiteral("/") : QString());
    return root + QLatin1Char('/') + clean;
}

bool staysInside(const QString& root, const QString& path)
{
    const QString realRoot = QFileInfo(root).canonicalFilePath();
    if (realRoot.isEmpty())
        return false;
    // The longest existing prefix, resolved.
    QString probe = QDir::cleanPath(path);
    while (!probe.isEmpty() && !QFileInfo::exists(probe) && !QFileInfo(probe).isSymLink()) {
        const qsizetype slash = probe.lastIndexOf(QLatin1Char('/'));
        if (slash <= 0)
            return false;
        probe.truncate(slash);
    }
    QFileInfo info(probe);
    if (info.isSymLink() && !info.exists())
        return false; // a dangling link: where it points is outside our knowledge
    const QString real = info.canonicalFilePath();
    return real == realRoot || real.startsWith(realRoot + QLatin1Char('/'));
}

DaemonSession makeDaemonSession(const TextPhase& phase, const options::AsyncPaths& async,
                                std::shared_ptr<session::Workers> workers,
                                const QByteArray& preXferFailure)
{
    DaemonSession out;
    const ModuleConfig& module = phase.module();
    const QStringList& args = phase.arguments();
    const bool sends = args.contains(QStringLiteral("--sender"));
    if (!preXferFailure.isEmpty()) {
        // rsync_module(): the script's failure ends the transfer with
        // RERR_UNSUPPORTED, its output shown to the client.
        out.server = refuse(phase, sends, ExitCode::Unsupported, preXferFailure);
        return out;
    }

    if (const auto refused = refusedOption(module.refuseOptions, args)) {
        out.server =
            refuse(phase, sends, ExitCode::Unsupported, "qrsync: " + refused->toUtf8() + '\n');
        return out;
    }
    auto parsed = options::parseServerArguments(args);
    if (!parsed) {
        out.server = refuse(phase, sends, ExitCode::Unsupported,
                            "qrsync: " + parsed.error().message.toUtf8() + '\n');
        return out;
    }
    options::ServerInvocation inv = std::move(*parsed);
    options::TransferOptions& o = inv.options;
    const bool serverSends = inv.role == options::ServerRole::Sender;

    if (!serverSends && phase.readOnly()) {
        out.server = refuse(phase, false, ExitCode::Syntax, "ERROR: module is read only\n");
        return out;
    }
    if (serverSends && module.writeOnly) {
        out.server = refuse(phase, true, ExitCode::Syntax, "ERROR: module is write only\n");
        return out;
    }
    // qrsync never chroots (its sessions share one process): a followed
    // symlink could leave the module, so the daemon does not follow any.
    if (o.copyLinks || o.copyDirlinks) {
        out.server = refuse(phase, serverSends, ExitCode::Unsupported,
                            QByteArray("qrsync: the daemon refuses ") +
                                (o.copyLinks ? "--copy-links" : "--copy-dirlinks") +
                                ": a followed symlink could lead out of the module\n");
        return out;
    }
    if (const auto option = unsafePathOption(o)) {
        out.server = refuse(phase, serverSends, ExitCode::Unsupported,
                            "qrsync: the daemon refuses " + option->toUtf8() +
                                " with an absolute path or \"..\"\n");
        return out;
    }

    QStringList mapped;
    for (const QString& p : inv.paths) {
        const QString full = mapModulePath(p, module.name, module.path);
        if (!staysInside(module.path, full)) {
            out.server =
                refuse(phase, serverSends, ExitCode::FileSelect,
                       "qrsync: the path \"" + p.toUtf8() + "\" leads out of the module\n");
            return out;
        }
        mapped << full;
    }
    if (mapped.isEmpty())
        mapped << mapModulePath(module.name, module.name, module.path);
    inv.paths = mapped;

    if (module.ignoreErrors)
        o.ignoreErrors = true;
    if (module.timeout > 0 && (o.timeout == 0 || module.timeout < o.timeout))
        o.timeout = module.timeout;
    o.verbose = std::min(o.verbose, module.maxVerbosity);
    const QString& chmod = serverSends ? module.outgoingChmod : module.incomingChmod;
    if (!chmod.isEmpty())
        o.chmod << chmod;
    o.async.receiver = async.receiver;
    o.async.workers = async.workers;

    auto prepared = session::prepareServer(inv, phase.protocol(), std::move(workers));
    if (!prepared) {
        out.server = refuse(phase, serverSends, prepared.error().code,
                            "qrsync: " + prepared.error().message.toUtf8() + '\n');
        return out;
    }
    out.server = std::move(*prepared);
    out.limits = session::channelLimits(o);
    QStringList request;
    for (const QString& p : inv.paths)
        request << p;
    const QString who = phase.peer().host + QStringLiteral(" (") + phase.peer().address + ')';
    out.logLine = QStringLiteral("rsync %1 %2 from %3%4")
                      .arg(serverSends ? QStringLiteral("on") : QStringLiteral("to"),
                           args.mid(args.indexOf(QStringLiteral(".")) + 1).join(QLatin1Char(' ')),
                           phase.authUser().isEmpty() ? QString() : phase.authUser() + '@', who);
    return out;
}

} // namespace qrsync::daemon
