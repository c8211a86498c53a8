#include "daemon/daemonmain.h"

#include "daemon/daemonlog.h"
#include "daemon/listener.h"
#include "options/asyncpaths.h"

#include <QCoreApplication>
#include <QFile>
#include <QSocketNotifier>

#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

namespace qrsync::daemon {

namespace {

int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] const ssize_t n = ::write(g_signalPipe[1], &c, 1);
}

void installSignals()
{
    if (::pipe2(g_signalPipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return;
    struct sigaction action
    {};
    action.sa_handler = onSignal;
    ::sigemptyset(&action.sa_mask);
    for (int s : {SIGINT, SIGTERM, SIGHUP})
        ::sigaction(s, &action, nullptr);
    ::signal(SIGPIPE, SIG_IGN);
}

void writeErr(const QString& text)
{
    const QByteArray b = text.toLocal8Bit() + '\n';
    [[maybe_unused]] const ssize_t n = ::write(2, b.constData(), size_t(b.size()));
}

std::optional<uid_t> userId(const QString& name)
{
    bool numeric = false;
    const uint n = name.toUInt(&numeric);
    if (numeric)
        return uid_t(n);
    const passwd* pw = ::getpwnam(name.toUtf8().constData());
    if (!pw)
        return std::nullopt;
    return pw->pw_uid;
}

std::optional<gid_t> groupId(const QString& name)
{
    bool numeric = false;
    const uint n = name.toUInt(&numeric);
    if (numeric)
        return gid_t(n);
    const group* gr = ::getgrnam(name.toUtf8().constData());
    if (!gr)
        return std::nullopt;
    return gr->gr_gid;
}

// The "NAME=VALUE" of --opt=VALUE or --opt VALUE.
bool takeValue(const QStringList& args, qsizetype& i, const QString& name, QString& value)
{
    const QString& a = args[i];
    if (a == name) {
        if (i + 1 >= args.size())
            return false;
        value = args[++i];
        return true;
    }
    if (a.startsWith(name + QLatin1Char('='))) {
        value = a.mid(name.size() + 1);
        return true;
    }
    return false;
}

bool writePidFile(const QString& path)
{
    const int fd =
        ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return false;
    const QByteArray pid = QByteArray::number(::getpid()) + '\n';
    const bool ok = ::write(fd, pid.constData(), size_t(pid.size())) == pid.size();
    ::close(fd);
    return ok;
}

// rsync's become_daemon(): fork, the parent returns, the child leaves the
// terminal's session with its standard streams on /dev/null.
bool detach()
{
    const pid_t pid = ::fork();
    if (pid < 0)
        return false;
    if (pid > 0)
        ::_exit(0);
    ::setsid();
    const int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
        ::dup2(null, 0);
        ::dup2(null, 1);
        ::dup2(null, 2);
        if (null > 2)
            ::close(null);
    }
    return true;
}

} // namespace

Result<DaemonOptions> parseDaemonOptions(const QStringList& args)
{
    DaemonOptions o;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        QString value;
        if (a == QLatin1String("--daemon"))
            continue;
        if (a == QLatin1String("--no-detach")) {
            o.detach = false;
        } else if (a == QLatin1String("--detach")) {
            o.detach = true;
        } else if (a == QLatin1String("-h") || a == QLatin1String("--help")) {
            o.help = true;
        } else if (takeValue(args, i, QStringLiteral("--config"), value)) {
            o.configFile = value;
        } else if (takeValue(args, i, QStringLiteral("--port"), value)) {
            bool ok = false;
            o.port = value.toInt(&ok);
            if (!ok || o.port < 0 || o.port > 65535)
                return makeError(ExitCode::Syntax,
                                 QStringLiteral("--port=%1: invalid port").arg(value));
        } else if (takeValue(args, i, QStringLiteral("--address"), value)) {
            o.address = value;
        } else if (takeValue(args, i, QStringLiteral("--log-file"), value)) {
            o.logFile = value;
        } else if (takeValue(args, i, QStringLiteral("--dparam"), value) ||
                   takeValue(args, i, QStringLiteral("-M"), value)) {
            if (!value.contains(QLatin1Char('=')))
                return makeError(ExitCode::Syntax,
                                 QStringLiteral("--dparam value is missing an '=': %1").arg(value));
            o.dparams << value;
        } else if (takeValue(args, i, QStringLiteral("--async"), value)) {
            o.asyncOn << value;
        } else if (takeValue(args, i, QStringLiteral("--no-async"), value)) {
            o.asyncOff << value;
        } else if (takeValue(args, i, QStringLiteral("--debug"), value)) {
            for (const QString& w : value.split(QLatin1Char(','))) {
                if (w.compare(QLatin1String("async"), Qt::CaseInsensitive) != 0)
                    return makeError(ExitCode::Syntax,
                                     QStringLiteral("--debug=%1 is not supported with --daemon "
                                                    "(only async)")
                                         .arg(w));
            }
            o.debugAsync = true;
        } else {
            return makeError(ExitCode::Syntax,
                             QStringLiteral("%1 is not supported with --daemon yet").arg(a));
        }
    }
    return o;
}

Result<void> checkSupported(const DaemonConfig& config, bool runningAsRoot)
{
    const uid_t myUid = ::geteuid();
    const gid_t myGid = ::getegid();
    for (const ModuleConfig& m : config.modules) {
        auto where = [&](const QString& text) {
            return makeError(ExitCode::Syntax, QStringLiteral("%1:%2: [%3] %4")
                                                   .arg(config.fileName)
                                                   .arg(m.line)
                                                   .arg(m.name, text));
        };
        // Sessions share this process, so a module cannot run as another
        // user: stock's per-connection setuid has no equivalent here.
        const QString uid = !m.uid.isEmpty() ? m.uid
                            : runningAsRoot  ? QStringLiteral("nobody")
                                             : QString();
        if (!uid.isEmpty()) {
            const auto id = userId(uid);
            if (!id)
                return where(QStringLiteral("invalid uid %1").arg(uid));
            if (*id != myUid)
                return where(QStringLiteral("uid = %1%2: qrsync serves every module as the "
                                            "daemon's own user and cannot switch users per "
                                            "module yet; set uid and gid to the daemon's user, "
                                            "or start the daemon as that user")
                                 .arg(uid, m.uid.isEmpty() ? QStringLiteral(" (stock's default "
                                                                            "as root)")
                                                           : QString()));
        }
        const QString gid = !m.gid.isEmpty() ? m.gid.section(QLatin1Char(' '), 0, 0)
                            : runningAsRoot  ? QStringLiteral("nogroup")
                                             : QString();
        if (!gid.isEmpty()) {
            const auto id = groupId(gid);
            if (!id)
                return where(QStringLiteral("invalid gid %1").arg(gid));
            if (*id != myGid || m.gid.trimmed().contains(QLatin1Char(' ')))
                return where(QStringLiteral("gid = %1: qrsync cannot switch groups per module "
                                            "yet; set gid to the daemon's own group")
                                 .arg(m.gid.isEmpty() ? gid : m.gid));
        }
        if (m.path.contains(QLatin1String("/./")))
            return where(QStringLiteral("a path with \"/./\" (chroot inner path) is not "
                                        "supported yet"));
        if (!m.logFile.isEmpty() && m.logFile != config.defaults.logFile)
            return where(QStringLiteral("a module's own log file is not supported yet"));
        if (m.transferLogging)
            return where(QStringLiteral("transfer logging is not supported yet"));
    }
    return {};
}

int runDaemon(const QStringList& args)
{
    auto fail = [](const Error& e) {
        writeErr(QStringLiteral("qrsync: ") + e.message);
        return int(e.code);
    };
    auto opts = parseDaemonOptions(args);
    if (!opts)
        return fail(opts.error());
    if (opts->help) {
        writeErr(QStringLiteral(
            "usage: qrsync --daemon [--config=FILE] [--port=PORT] [--address=ADDR] "
            "[--no-detach] [--log-file=FILE] [--dparam=NAME=VALUE] [--no-async=daemon]"));
        return 0;
    }
    auto config = loadDaemonConfig(opts->configFile, opts->dparams);
    if (!config)
        return fail(config.error());
    if (auto ok = checkSupported(*config, ::geteuid() == 0); !ok)
        return fail(ok.error());

    // The async switches: compiled, environment, command line, then the
    // config's `async = no` for the listener.
    const options::AsyncPaths compiled = options::compiledAsyncPaths();
    auto async = options::asyncPathsFromEnvironment(compiled, options::systemEnvironment());
    if (!async)
        return fail(async.error());
    for (const QString& l : opts->asyncOn) {
        if (auto r = options::applyAsyncList(*async, compiled, l, true); !r)
            return fail(r.error());
    }
    for (const QString& l : opts->asyncOff) {
        if (auto r = options::applyAsyncList(*async, compiled, l, false); !r)
            return fail(r.error());
    }
    if (!config->async)
        async->daemon = false;

    DaemonLog log;
    const QString logFile = !opts->logFile.isEmpty() ? opts->logFile : config->defaults.logFile;
    if (!log.open(logFile))
        return fail(Error{ExitCode::FileIo,
                          QStringLiteral("failed to open log-file %1: %2")
                              .arg(logFile, QString::fromLocal8Bit(std::strerror(errno))),
                          {}});
    log.setEcho(!opts->detach && logFile.isEmpty());

    ListenerSettings settings;
    settings.config = *config;
    settings.address = !opts->address.isEmpty() ? opts->address : config->address;
    settings.port = opts->port >= 0 ? opts->port : config->port > 0 ? config->port : 873;
    settings.events = async->daemon;
    settings.async = *async;
    settings.log = &log;
    Listener listener(std::move(settings));
    if (auto bound = listener.listen(); !bound)
        return fail(bound.error());

    const QByteArray modes = QByteArray("daemon=") + (async->daemon ? "events" : "threads") +
                             " receiver=" + (async->receiver ? "events" : "blocking") +
                             " workers=" + (async->workers ? "pool" : "inline");
    if (opts->debugAsync)
        writeErr(QStringLiteral("async paths used: ") + QString::fromLatin1(modes));
    if (opts->detach && !detach())
        return fail(Error{ExitCode::Ipc, QStringLiteral("fork failed"), {}});
    if (!config->pidFile.isEmpty() && !writePidFile(config->pidFile)) {
        const QString why = QString::fromLocal8Bit(std::strerror(errno));
        log.write(QStringLiteral("failed to create pid file %1: %2").arg(config->pidFile, why));
        return fail(
            Error{ExitCode::FileIo,
                  QStringLiteral("failed to create pid file %1: %2").arg(config->pidFile, why),
                  {}});
    }
    listener.start();
    log.write(
        QStringLiteral("qrsync daemon starting, listening on port %1 (async paths used: %2%3)")
            .arg(listener.port())
            .arg(QString::fromLatin1(modes),
                 async->daemon
                     ? QStringLiteral(", %1 event-loop threads").arg(listener.eventThreadCount())
                     : QString()));

    installSignals();
    QSocketNotifier stopNotifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&stopNotifier, &QSocketNotifier::activated, qApp, [] {
        char c;
        while (::read(g_signalPipe[0], &c, 1) > 0) {
        }
        QCoreApplication::quit();
    });
    QCoreApplication::exec();
    listener.shutdown();
    log.write(QStringLiteral("qrsync daemon stopping"));
    if (!config->pidFile.isEmpty())
        ::unlink(QFile::encodeName(config->pidFile).constData());
    return 0;
}

} // namespace qrsync::daemon
