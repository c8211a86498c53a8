#include "session/remotetransfer.h"

#include "options/serverargs.h"
#include "session/channeldriver.h"
#include "session/receiverside.h"
#include "session/remotetransfer_p.h"
#include "session/rolesettings.h"
#include "session/sender.h"
#include "transport/childprocess.h"
#include "transport/remoteshell.h"
#include "transport/sshchannel.h"
#include "transport/sshprompts.h"

#include <algorithm>
#include <atomic>
#include <unistd.h>

namespace qrsync::session {

using options::Location;
using options::TransferOptions;

LocalTransferResult failed(Error e)
{
    LocalTransferResult r;
    r.exitCode = e.code;
    r.error = std::move(e);
    return r;
}

Result<RemotePlan> planRemoteTransfer(const TransferOptions& o)
{
    RemotePlan plan;
    const Location dest = options::parseLocation(o.destination);
    std::optional<Location> firstSource;
    QStringList sourcePaths;
    for (const QString& src : o.sources) {
        Location loc = options::parseLocation(src);
        // A further source ":path" means the first remote source's host.
        if (firstSource && !loc.isRemote() && src.startsWith(QLatin1Char(':'))) {
            loc = *firstSource;
            loc.path = src.mid(1);
        }
        if (loc.isRemote()) {
            if (!firstSource)
                firstSource = loc;
            else if (!options::sameRemote(*firstSource, loc))
                return makeError(ExitCode::Syntax,
                                 QStringLiteral("Unexpected remote arg: %1").arg(src));
        } else if (firstSource) {
            return makeError(
                ExitCode::Syntax,
                QStringLiteral("Unexpected local arg: %1\nIf arg is a remote file/dir, "
                               "prefix it with a colon (:).")
                    .arg(src));
        }
        sourcePaths << loc.path;
    }
    if (firstSource && dest.isRemote())
        return makeError(ExitCode::Syntax,
                         QStringLiteral("The source and destination cannot both be remote."));
    plan.push = dest.isRemote();
    plan.remote = plan.push ? dest : *firstSource;
    if (plan.push) {
        if (firstSource)
            return makeError(ExitCode::Syntax,
                             QStringLiteral("The source and destination cannot both be remote."));
        plan.remotePaths << (dest.path.isEmpty() ? QStringLiteral(".") : dest.path);
        plan.rawPaths << dest.path;
    } else {
        for (const QString& p : sourcePaths)
            plan.remotePaths << (p.isEmpty() ? QStringLiteral(".") : p);
        plan.rawPaths = sourcePaths;
    }
    return plan;
}

namespace {

QByteArray secludedArgsBlock(const QStringList& args)
{
    // -s: "rsync\0", each argument NUL-terminated, then an empty one
    // (handshake.md §1).
    QByteArray block("rsync");
    block.append('\0');
    for (const QString& a : args) {
        block.append(a.toUtf8());
        block.append('\0');
    }
    block.append('\0');
    return block;
}

bool writeAll(int fd, const QByteArray& bytes)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + done, size_t(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += n;
    }
    return true;
}

// The far end of the connection: an OpenSSH (or -e) child process, or the
// built-in SSH client. Both hand us one descriptor and an exit status.
struct Endpoint
{
    std::optional<transport::ChildProcess> child;
    std::unique_ptr<transport::SshChannel> ssh;

    int fd() const { return child ? child->fd() : ssh->fd(); }
    void closeChannel() { child ? child->closeChannel() : ssh->closeChannel(); }
    std::optional<int> exitCodeWithin(int msecs)
    {
        return child ? child->exitCodeWithin(msecs) : ssh->exitCodeWithin(msecs);
    }
    void terminate() { child ? child->terminate() : ssh->terminate(); }
    int wait() { return child ? child->wait() : ssh->wait(); }
};

bool wantsBuiltinSsh(const TransferOptions& o, const Location& remote)
{
    return remote.sshUrl || o.ssh == QLatin1String("builtin");
}

Result<Endpoint> connectBuiltinSsh(const TransferOptions& o, const Location& remote,
                                   const options::RemoteShellCommand& command,
                                   const transport::SshPrompts* prompts)
{
    if (!o.rsh.isEmpty())
        return makeError(ExitCode::Syntax,
                         QStringLiteral("-e/--rsh cannot be used with the built-in SSH client "
                                        "(--ssh=builtin or an ssh:// address)"));
    if (remote.sshUrl && o.ssh == QLatin1String("external"))
        return makeError(ExitCode::Syntax,
                         QStringLiteral("ssh:// addresses use the built-in SSH client; "
                                        "--ssh=external needs host:path"));
    transport::SshTarget target;
    target.host = remote.host;
    target.port = remote.port;
    target.user = remote.user;
    target.configFile = o.sshConfig;
    target.connectTimeoutSeconds = o.contimeout;
    // What OpenSSH would hand the remote login shell: the words joined.
    QStringList words{o.rsyncPath.isEmpty() ? QStringLiteral("rsync") : o.rsyncPath};
    words << command.commandLine;
    target.command = words.join(QLatin1Char(' '));
    const auto mode = o.async.ssh ? transport::SshChannel::Mode::EventLoop
                                  : transport::SshChannel::Mode::Blocking;
    auto channel = transport::SshChannel::open(
        std::move(target), prompts ? *prompts : transport::nonInteractiveSshPrompts(o.sshAcceptNew),
        mode);
    if (!channel)
        return tl::unexpected(channel.error());
    Endpoint end;
    end.ssh = std::move(*channel);
    return end;
}

Result<Endpoint> spawnRemoteShell(const TransferOptions& o, const Location& remote,
                                  const options::RemoteShellCommand& command)
{
    QString rsh = o.rsh;
    if (rsh.isEmpty())
        rsh = qEnvironmentVariable("RSYNC_RSH", QStringLiteral("ssh"));
    auto words = transport::splitRemoteShellCommand(rsh);
    if (!words)
        return tl::unexpected(words.error());
    transport::RemoteShellTarget target;
    target.user = remote.user;
    target.host = remote.host;
    if (!o.rsyncPath.isEmpty())
        target.rsyncPath = o.rsyncPath;
    auto child = transport::ChildProcess::spawn(
        transport::remoteShellArgv(*words, target, command.commandLine));
    if (!child)
        return tl::unexpected(child.error());
    Endpoint end;
    end.child.emplace(std::move(*child));
    return end;
}

// Our client role: the sender of a push, the receiving side of a pull.
// Remote-shell, built-in SSH and daemon transfers all run it.
struct ClientRoles
{
    std::shared_ptr<Workers> workers;
    std::unique_ptr<Role> role;
    Sender* sender = nullptr;
    ReceiverSide* receiver = nullptr;
};

Result<ClientRoles> makeClientRoles(const TransferOptions& o, bool push,
                                    const filter::FilterList& filters,
                                    const HandshakeSettings& handshake)
{
    ClientRoles c;
    c.workers = makeWorkers(o);
    if (push) {
        auto settings = senderSettings(o, filters, false, false);
        if (!settings)
            return tl::unexpected(settings.error());
        settings->workers = c.workers;
        auto s = std::make_unique<Sender>(handshake, std::move(*settings),
                                          makeStackFilter(filters, filter::Side::Sender));
        c.sender = s.get();
        c.role = std::move(s);
    } else {
        ReceiverSettings settings = receiverSettings(o, filters, false, false);
        settings.workers = c.workers;
        auto r = std::make_unique<ReceiverSide>(handshake, std::move(settings),
                                                makeStackFilter(filters, filter::Side::Receiver));
        c.receiver = r.get();
        c.role = std::move(r);
    }
    return c;
}

// The outcome as stock's client reports it (main.c client_run and
// handle_stats), once the driver stopped and the peer's status is known.
LocalTransferResult clientOutcome(const ClientRoles& c, bool stopped, int peerStatus)
{
    LocalTransferResult result;
    result.workersUsed = c.workers->name();
    const Role& role = *c.role;
    if (c.sender) {
        result.stats = c.sender->stats();
        result.bytesSent = c.sender->bytesSent();
        result.bytesReceived = c.sender->bytesReceived();
    } else {
        // main.c handle_stats(): a client receiver reports the server
        // sender's numbers, read and written swapped.
        result.stats = c.receiver->stats();
        const protocol::TransferStats& peer = c.receiver->senderStats();
        result.stats.totalSize = peer.totalSize;
        result.stats.fileListBuildMs = peer.flistBuildTimeMs;
        result.stats.fileListTransferMs = peer.flistXferTimeMs;
        result.bytesSent = peer.senderBytesRead;
        result.bytesReceived = peer.senderBytesWritten;
    }
    if (stopped) {
        result.error = Error{ExitCode::Signal, QStringLiteral("received a signal, stopping"), {}};
        result.exitCode = ExitCode::Signal;
        return result;
    }
    if (role.hasFailed()) {
        Error e = role.error();
        if (e.code == ExitCode::StreamIo &&
            e.message.startsWith(QLatin1String("connection unexpectedly closed")))
            e.message = QStringLiteral("connection unexpectedly closed (%1 bytes received so far) "
                                       "[%2]")
                            .arg(role.bytesReceived())
                            .arg(c.sender ? QStringLiteral("sender") : QStringLiteral("Receiver"));
        // main.c: the remote shell's own status wins when it is worse,
        // unless we refused the peer's protocol ourselves (its complaint
        // about the closed connection only follows from ours).
        if (peerStatus > int(e.code) && e.code != ExitCode::Protocol)
            e.code = ExitCode(peerStatus);
        result.exitCode = e.code;
        result.exitAlreadyReported = role.failedByPeerExit();
        result.error = std::move(e);
        return result;
    }
    const ExitCode ours = exitCodeFor(role.ioError());
    result.exitCode = peerStatus > int(ours) ? ExitCode(peerStatus) : ours;
    return result;
}

} // namespace

struct RemoteTransfer::Private
{
    TransferOptions options;
    bool builtinSsh = false;
    bool defaultPrompts = true;
    std::optional<Endpoint> endpoint;
    ClientRoles roles;
};

RemoteTransfer::RemoteTransfer()
    : d(std::make_unique<Private>())
{}

RemoteTransfer::~RemoteTransfer() = default;

Role& RemoteTransfer::role()
{
    return *d->roles.role;
}

int RemoteTransfer::fd() const
{
    return d->endpoint->fd();
}

ChannelLimits RemoteTransfer::limits() const
{
    return channelLimits(d->options);
}

QByteArray RemoteTransfer::sshUsed() const
{
    if (!d->endpoint->ssh)
        return {};
    return d->endpoint->ssh->mode() == transport::SshChannel::Mode::EventLoop ? "event-loop"
                                                                              : "blocking";
}

bool isRemoteTransfer(const TransferOptions& o)
{
    if (options::parseLocation(o.destination).isRemote())
        return true;
    for (const QString& src : o.sources) {
        if (options::parseLocation(src).isRemote())
            return true;
    }
    return false;
}

bool isDaemonTransfer(const TransferOptions& o)
{
    auto isDaemon = [](const QString& arg) {
        return options::parseLocation(arg).kind == Location::Kind::Daemon;
    };
    return isDaemon(o.destination) || std::any_of(o.sources.begin(), o.sources.end(), isDaemon);
}

Result<std::unique_ptr<RemoteTransfer>> startRemoteTransfer(const TransferOptions& o,
                                                            const transport::SshPrompts* prompts)
{
    auto plan = planRemoteTransfer(o);
    if (!plan)
        return tl::unexpected(plan.error());
    if (plan->remote.kind == Location::Kind::Daemon)
        return makeError(
            ExitCode::Syntax,
            QStringLiteral("rsync daemon transfers run through runRemoteShellTransfer"));
    // main.c start_client(): daemon-only options are an error elsewhere.
    if (!o.passwordFile.isEmpty())
        return makeError(ExitCode::Syntax,
                         QStringLiteral("The --password-file option may only be used when "
                                        "accessing an rsync daemon."));
    // The built-in SSH client makes the connection itself and honours it.
    if (o.contimeout > 0 && !wantsBuiltinSsh(o, plan->remote))
        return makeError(ExitCode::Syntax,
                         QStringLiteral("The --contimeout option may only be used when "
                                        "connecting to an rsync daemon."));
    auto filters = buildFilterList(o);
    if (!filters)
        return tl::unexpected(filters.error());

    options::ServerArgsRequest request;
    request.role = plan->push ? options::ServerRole::Receiver : options::ServerRole::Sender;
    request.protocol = o.protocol ? o.protocol : kOurProtocol;
    request.paths = plan->remotePaths;
    // Our sender splits its list per directory; our receiver still takes
    // the list in one piece, so a pull does not offer it.
    request.offerIncRecurse = plan->push && senderCanIncRecurse(o);
    const options::RemoteShellCommand command = options::remoteShellCommand(o, request);

    std::unique_ptr<RemoteTransfer> t(new RemoteTransfer);
    RemoteTransfer::Private& d = *t->d;
    d.options = o;
    d.builtinSsh = wantsBuiltinSsh(o, plan->remote);
    d.defaultPrompts = prompts == nullptr;
    auto endpoint = d.builtinSsh ? connectBuiltinSsh(o, plan->remote, command, prompts)
                                 : spawnRemoteShell(o, plan->remote, command);
    if (!endpoint)
        return tl::unexpected(endpoint.error());
    d.endpoint.emplace(std::move(*endpoint));
    if (!command.secludedArgs.isEmpty() &&
        !writeAll(d.endpoint->fd(), secludedArgsBlock(command.secludedArgs)))
        return makeError(ExitCode::StreamIo, QStringLiteral("failed to send the arguments"));

    HandshakeSettings handshake = clientHandshake(o);
    handshake.offeredIncRecurse = request.offerIncRecurse;
    auto roles = makeClientRoles(o, plan->push, *filters, handshake);
    if (!roles)
        return tl::unexpected(roles.error());
    d.roles = std::move(*roles);
    return t;
}

LocalTransferResult RemoteTransfer::finish(bool stopped, const EventSink& sink)
{
    Role& role = *d->roles.role;
    Endpoint& endpoint = *d->endpoint;
    endpoint.closeChannel();
    if (d->roles.receiver && (stopped || role.hasFailed()))
        d->roles.receiver->interrupt();
    int childStatus = 0;
    if (stopped || role.hasFailed()) {
        // The remote side may still be explaining itself on stderr; give it
        // a moment, then stop it.
        childStatus = endpoint.exitCodeWithin(200).value_or(0);
        endpoint.terminate();
        endpoint.wait();
    } else {
        childStatus = endpoint.wait();
    }
    // What OpenSSH would have printed before exiting 255.
    if (endpoint.ssh && !stopped) {
        if (const std::optional<Error> sshError = endpoint.ssh->error()) {
            QByteArray text = sshError->message.toUtf8() + '\n';
            if (endpoint.ssh->unknownHostRefused() && d->defaultPrompts)
                text += "Use --ssh-accept-new to trust this host key and record it.\n";
            sink(MessageEvent{MessageEvent::Level::Error, text});
        }
    }

    return clientOutcome(d->roles, stopped, childStatus);
}

LocalTransferResult runClientSession(const TransferOptions& o, const RemotePlan& plan,
                                     const filter::FilterList& filters,
                                     const HandshakeSettings& handshake, const ClientPeer& peer,
                                     const EventSink& sink, const StopRequested& stop)
{
    auto roles = makeClientRoles(o, plan.push, filters, handshake);
    if (!roles)
        return failed(roles.error());
    Role& role = *roles->role;
    const ChannelLimits limits = channelLimits(o);
    bool stopped = false;
    QByteArray driver;
    if (o.async.receiver) {
        driver = "event-loop";
        stopped = runOnEventLoop(role, peer.fd, peer.fd, sink, stop, limits);
    } else {
        driver = "blocking";
        std::atomic<bool> stopFlag{false};
        serveBlocking(role, peer.fd, peer.fd, sink, stop, stopFlag, limits);
        stopped = stopFlag.load();
    }
    if (roles->receiver && (stopped || role.hasFailed()))
        roles->receiver->interrupt();
    const int peerStatus = peer.finish(stopped || role.hasFailed());
    LocalTransferResult result = clientOutcome(*roles, stopped, peerStatus);
    result.driverUsed = driver;
    return result;
}

LocalTransferResult runRemoteShellTransfer(const TransferOptions& o, const EventSink& sink,
                                           const StopRequested& stop,
                                           const transport::SshPrompts* prompts)
{
    if (isDaemonTransfer(o)) {
        auto plan = planRemoteTransfer(o);
        if (!plan)
            return failed(plan.error());
        return runDaemonTransfer(o, *plan, sink, stop);
    }
    auto transfer = startRemoteTransfer(o, prompts);
    if (!transfer)
        return failed(transfer.error());
    RemoteTransfer& t = **transfer;
    bool stopped = false;
    QByteArray driver;
    if (o.async.receiver) {
        driver = "event-loop";
        stopped = runOnEventLoop(t.role(), t.fd(), t.fd(), sink, stop, t.limits());
    } else {
        driver = "blocking";
        std::atomic<bool> stopFlag{false};
        serveBlocking(t.role(), t.fd(), t.fd(), sink, stop, stopFlag, t.limits());
        stopped = stopFlag.load();
    }
    LocalTransferResult result = t.finish(stopped, sink);
    result.driverUsed = driver;
    result.sshUsed = t.sshUsed();
    return result;
}

} // namespace qrsync::session
