#include "session/remotetransfer.h"

#include "options/serverargs.h"
#include "session/channeldriver.h"
#include "session/receiverside.h"
#include "session/remotetransfer_p.h"
#include "session/rolesettings.h"
#include "session/sender.h"
#include "transport/childprocess.h"
#include "transport/remoteshell.h"

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

} // namespace

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

LocalTransferResult runRemoteShellTransfer(const TransferOptions& o, const EventSink& sink,
                                           const StopRequested& stop)
{
    auto plan = planRemoteTransfer(o);
    if (!plan)
        return failed(plan.error());
    if (plan->remote.kind == Location::Kind::Daemon)
        return runDaemonTransfer(o, *plan, sink, stop);
    // main.c start_client(): daemon-only options are an error elsewhere.
    if (!o.passwordFile.isEmpty())
        return failed(Error{ExitCode::Syntax,
                            QStringLiteral("The --password-file option may only be used when "
                                           "accessing an rsync daemon."),
                            {}});
    if (o.contimeout > 0)
        return failed(Error{ExitCode::Syntax,
                            QStringLiteral("The --contimeout option may only be used when "
                                           "connecting to an rsync daemon."),
                            {}});
    auto filters = buildFilterList(o);
    if (!filters)
        return failed(filters.error());

    options::ServerArgsRequest request;
    request.role = plan->push ? options::ServerRole::Receiver : options::ServerRole::Sender;
    request.protocol = o.protocol ? o.protocol : kOurProtocol;
    request.paths = plan->remotePaths;
    request.offerIncRecurse = false; // the roles keep the list in one piece
    const options::RemoteShellCommand command = options::remoteShellCommand(o, request);

    QString rsh = o.rsh;
    if (rsh.isEmpty())
        rsh = qEnvironmentVariable("RSYNC_RSH", QStringLiteral("ssh"));
    auto words = transport::splitRemoteShellCommand(rsh);
    if (!words)
        return failed(words.error());
    transport::RemoteShellTarget target;
    target.user = plan->remote.user;
    target.host = plan->remote.host;
    if (!o.rsyncPath.isEmpty())
        target.rsyncPath = o.rsyncPath;
    auto child = transport::ChildProcess::spawn(
        transport::remoteShellArgv(*words, target, command.commandLine));
    if (!child)
        return failed(child.error());
    if (!command.secludedArgs.isEmpty() &&
        !writeAll(child->fd(), secludedArgsBlock(command.secludedArgs)))
        return failed(
            Error{ExitCode::StreamIo, QStringLiteral("failed to send the arguments"), {}});

    ClientPeer peer;
    peer.fd = child->fd();
    peer.finish = [&child](bool failedOrStopped) {
        child->closeChannel();
        if (!failedOrStopped)
            return child->wait();
        // The remote side may still be explaining itself on stderr; give it
        // a moment, then stop it.
        const int status = child->exitCodeWithin(200).value_or(0);
        child->terminate();
        child->wait();
        return status;
    };
    return runClientSession(o, *plan, *filters, clientHandshake(o), peer, sink, stop);
}

LocalTransferResult runClientSession(const TransferOptions& o, const RemotePlan& plan,
                                     const filter::FilterList& filters,
                                     const HandshakeSettings& handshake, const ClientPeer& peer,
                                     const EventSink& sink, const StopRequested& stop)
{
    LocalTransferResult result;
    const std::shared_ptr<Workers> workers = makeWorkers(o);
    result.workersUsed = workers->name();
    std::unique_ptr<Role> role;
    Sender* sender = nullptr;
    ReceiverSide* receiver = nullptr;
    if (plan.push) {
        auto settings = senderSettings(o, filters, false, false);
        if (!settings)
            return failed(settings.error());
        settings->workers = workers;
        auto s = std::make_unique<Sender>(handshake, std::move(*settings),
                                          makeStackFilter(filters, filter::Side::Sender));
        sender = s.get();
        role = std::move(s);
    } else {
        ReceiverSettings settings = receiverSettings(o, filters, false, false);
        settings.workers = workers;
        auto r = std::make_unique<ReceiverSide>(handshake, std::move(settings),
                                                makeStackFilter(filters, filter::Side::Receiver));
        receiver = r.get();
        role = std::move(r);
    }

    const ChannelLimits limits = channelLimits(o);
    bool stopped = false;
    if (o.async.receiver) {
        result.driverUsed = "event-loop";
        stopped = runOnEventLoop(*role, peer.fd, peer.fd, sink, stop, limits);
    } else {
        result.driverUsed = "blocking";
        std::atomic<bool> stopFlag{false};
        serveBlocking(*role, peer.fd, peer.fd, sink, stop, stopFlag, limits);
        stopped = stopFlag.load();
    }
    if (receiver && (stopped || role->hasFailed()))
        receiver->interrupt();
    const int childStatus = peer.finish(stopped || role->hasFailed());
    if (sender) {
        result.stats = sender->stats();
        result.bytesSent = sender->bytesSent();
        result.bytesReceived = sender->bytesReceived();
    } else {
        // main.c handle_stats(): a client receiver reports the server
        // sender's numbers, read and written swapped.
        result.stats = receiver->stats();
        const protocol::TransferStats& peer = receiver->senderStats();
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
    if (role->hasFailed()) {
        Error e = role->error();
        if (e.code == ExitCode::StreamIo &&
            e.message.startsWith(QLatin1String("connection unexpectedly closed")))
            e.message = QStringLiteral("connection unexpectedly closed (%1 bytes received so far) "
                                       "[%2]")
                            .arg(role->bytesReceived())
                            .arg(sender ? QStringLiteral("sender") : QStringLiteral("Receiver"));
        // main.c: the remote shell's own status wins when it is worse,
        // unless we refused the peer's protocol ourselves (its complaint
        // about the closed connection only follows from ours).
        if (childStatus > int(e.code) && e.code != ExitCode::Protocol)
            e.code = ExitCode(childStatus);
        result.exitCode = e.code;
        result.exitAlreadyReported = role->failedByPeerExit();
        result.error = std::move(e);
        return result;
    }
    const ExitCode ours = exitCodeFor(role->ioError());
    result.exitCode = childStatus > int(ours) ? ExitCode(childStatus) : ours;
    return result;
}

} // namespace qrsync::session
