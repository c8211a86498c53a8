// The client of an rsync daemon (rsync clientserver.c start_socket_client
// + start_inband_exchange, then main.c client_run): connect (TCP, or a
// remote shell running `rsync --server --daemon .` with -e), run the text
// phase, then the same client session as over a remote shell, started at
// the compat flags with the protocol the greetings agreed on.

#include "session/daemonclient.h"
#include "session/daemonpassword.h"
#include "session/daemontextdriver.h"
#include "session/remotetransfer_p.h"
#include "session/rolesettings.h"

#include "options/serverargs.h"
#include "transport/childprocess.h"
#include "transport/remoteshell.h"
#include "transport/tcpconnection.h"

namespace qrsync::session {

using options::Location;
using options::TransferOptions;

namespace {

// What stock would do that we cannot yet: refuse, never half-do it.
std::optional<Error> unsupportedDaemonSetup(const TransferOptions& o)
{
    auto refuse = [](const QString& what) { return Error{ExitCode::Syntax, what, {}}; };
    if (o.protectArgs)
        return refuse(QStringLiteral("--secluded-args (-s) with an rsync daemon is not "
                                     "supported yet"));
    if (qEnvironmentVariableIsSet("RSYNC_PROXY"))
        return refuse(QStringLiteral("RSYNC_PROXY (a daemon through an HTTP proxy) is not "
                                     "supported yet"));
    if (qEnvironmentVariableIsSet("RSYNC_CONNECT_PROG"))
        return refuse(QStringLiteral("RSYNC_CONNECT_PROG is not supported yet"));
    return std::nullopt;
}

QByteArray defaultUser(const Location& remote)
{
    if (!remote.user.isEmpty())
        return remote.user.toUtf8();
    // clientserver.c: USER, then LOGNAME; auth_client() says "nobody".
    if (qEnvironmentVariableIsSet("USER"))
        return qgetenv("USER");
    return qgetenv("LOGNAME");
}

// Stock prints "@ERROR..." from the daemon and its own "ERROR: ..." lines
// without a program name; the front end adds ours to every other message.
LocalTransferResult failedVerbatim(Error e, const EventSink& sink)
{
    if (sink)
        sink(MessageEvent{MessageEvent::Level::Error, e.message.toUtf8() + '\n'});
    e.message.clear();
    return failed(std::move(e));
}

int daemonPort(const TransferOptions& o, const Location& remote)
{
    if (remote.port > 0)
        return remote.port;
    return o.port > 0 ? o.port : transport::kDefaultDaemonPort;
}

} // namespace

LocalTransferResult runDaemonTransfer(const TransferOptions& o, const RemotePlan& plan,
                                      const EventSink& sink, const StopRequested& stop)
{
    if (auto refusal = unsupportedDaemonSetup(o))
        return failed(*refusal);
    const QString firstPath = plan.rawPaths.value(0);
    if (firstPath.startsWith(QLatin1Char('/')))
        return failedVerbatim(Error{ExitCode::StartClient,
                                    QStringLiteral("ERROR: The remote path must start with a "
                                                   "module name not a /"),
                                    {}},
                              sink);
    auto filters = buildFilterList(o);
    if (!filters)
        return failed(filters.error());

    const QString module = daemonModuleOf(firstPath);
    DaemonClientSettings settings;
    settings.protocol = o.protocol ? o.protocol : kOurProtocol;
    settings.module = module.toUtf8();
    settings.user = defaultUser(plan.remote);
    if (!module.isEmpty()) {
        // server_options() as for a remote shell, up to its "."; the paths
        // follow in the daemon's form.
        options::ServerArgsRequest request;
        request.role = plan.push ? options::ServerRole::Receiver : options::ServerRole::Sender;
        request.protocol = settings.protocol;
        // As over a remote shell: our sender splits its list per directory.
        request.offerIncRecurse = plan.push && senderCanIncRecurse(o);
        for (const QString& arg : options::remoteShellCommand(o, request).commandLine)
            settings.serverArgs.append(arg.toUtf8());
        settings.serverArgs += daemonPathArguments(plan.rawPaths, module);
    }

    // The connection: a TCP socket, or with -e a remote shell running
    // `rsync --server --daemon .` (main.c do_cmd, daemon_connection > 0),
    // which then speaks the same text phase on its standard streams.
    std::optional<transport::TcpConnection> socket;
    std::optional<transport::ChildProcess> child;
    if (o.rsh.isEmpty()) {
        transport::TcpTarget target;
        target.host = plan.remote.host;
        target.port = daemonPort(o, plan.remote);
        target.bindAddress = o.bindAddress;
        target.connectTimeoutSeconds = o.contimeout;
        auto connection = transport::TcpConnection::connect(target);
        if (!connection)
            return failed(connection.error());
        socket.emplace(std::move(*connection));
    } else {
        auto words = transport::splitRemoteShellCommand(o.rsh);
        if (!words)
            return failed(words.error());
        transport::RemoteShellTarget target;
        target.host = plan.remote.host;
        // The URL's user logs in to the shell too, unless -e has its own -l.
        const qsizetype dashL = words->indexOf(QStringLiteral("-l"));
        const bool hasDashL = dashL >= 0 && dashL + 1 < words->size() &&
                              !words->at(dashL + 1).startsWith(QLatin1Char('-'));
        if (!hasDashL)
            target.user = plan.remote.user;
        if (!o.rsyncPath.isEmpty())
            target.rsyncPath = o.rsyncPath;
        auto spawned = transport::ChildProcess::spawn(transport::remoteShellArgv(
            *words, target,
            {QStringLiteral("--server"), QStringLiteral("--daemon"), QStringLiteral(".")}));
        if (!spawned)
            return failed(spawned.error());
        child.emplace(std::move(*spawned));
    }
    const int fd = socket ? socket->fd() : child->fd();

    const bool showText = o.motd && !o.quiet;
    DaemonPasswordSource passwordSource;
    passwordSource.passwordFile = o.passwordFile;
    passwordSource.given = o.daemonPassword;
    passwordSource.prompt = o.daemonPasswordPrompt;
    if (qEnvironmentVariableIsSet("RSYNC_PASSWORD"))
        passwordSource.envPassword = qgetenv("RSYNC_PASSWORD");
    DaemonTextCallbacks callbacks;
    callbacks.password = [&passwordSource] { return daemonPassword(passwordSource); };
    callbacks.textLine = [&](const QByteArray& line) {
        if (showText && sink)
            sink(MessageEvent{MessageEvent::Level::Info, line + '\n'});
    };
    callbacks.stop = stop;
    DaemonClientHandshake handshake(settings);
    if (auto r = runDaemonTextPhase(fd, handshake, o.timeout, callbacks); !r) {
        if (child) {
            child->closeChannel();
            child->terminate();
            child->wait();
        }
        const bool daemonLine = handshake.state() == DaemonClientHandshake::State::Failed &&
                                handshake.errorIsDaemonLine();
        if (daemonLine || r.error().message.startsWith(QLatin1String("ERROR: ")))
            return failedVerbatim(r.error(), sink);
        return failed(r.error());
    }
    if (handshake.state() == DaemonClientHandshake::State::Listed)
        return LocalTransferResult{};

    HandshakeSettings binary = clientHandshake(o);
    binary.protocol = *handshake.protocol();
    binary.versionSettled = true;
    binary.offeredIncRecurse = plan.push && senderCanIncRecurse(o);
    ClientPeer peer;
    peer.fd = fd;
    peer.finish = [&socket, &child](bool failedOrStopped) {
        if (socket) {
            socket->shutdownWrite();
            return 0;
        }
        child->closeChannel();
        if (!failedOrStopped)
            return child->wait();
        const int status = child->exitCodeWithin(200).value_or(0);
        child->terminate();
        child->wait();
        return status;
    };
    return runClientSession(o, plan, *filters, binary, peer, sink, stop);
}

} // namespace qrsync::session
