#include "session/localtransfer.h"

#include "filter/filterlist.h"
#include "filter/filterstack.h"
#include "filter/wire.h"
#include "options/commandline.h"
#include "protocol/filelistsort.h"
#include "protocol/handshake.h"
#include "session/channeldriver.h"
#include "session/filelistbuilder.h"
#include "session/listline.h"
#include "session/receiverside.h"
#include "session/rolesettings.h"
#include "session/sender.h"
#include "session/terminaltext.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>

namespace qrsync::session {

using options::TransferOptions;

LocalTransferResult runLocalListing(const TransferOptions& o, const EventSink& sink)
{
    // rsync --list-only: the sender's file list, sorted, one line each
    // (generator.c list_file_entry). Without -r only the top level.
    LocalTransferResult result;
    auto filters = buildFilterList(o);
    if (!filters) {
        result.error = filters.error();
        result.exitCode = filters.error().code;
        return result;
    }
    QList<SourceArgument> sources;
    for (const QString& src : o.sources)
        sources << SourceArgument{encodePath(src)};
    FileListBuildOptions build;
    build.recursive = o.recursive;
    build.dirs = true;
    build.preserveLinks = o.links;
    build.copyLinks = o.copyLinks;
    build.copyDirlinks = o.copyDirlinks;
    build.oneFileSystem = o.oneFileSystem;
    const auto filter = makeStackFilter(*filters, filter::Side::Sender);
    BuiltFileList built = buildFileList(sources, build, *filter);
    for (const QByteArray& text : built.errors)
        sink(MessageEvent{MessageEvent::Level::Error, "qrsync: [sender] " + text});
    std::vector<protocol::FileEntry> entries = std::move(built.entries);
    protocol::sortFileList(entries, protocol::DuplicatePolicy::Remove);
    for (protocol::FileEntry& e : entries) {
        if (e.removed)
            continue;
        if (!o.links)
            e.linkTarget.clear(); // stock shows targets only with -l
        sink(MessageEvent{MessageEvent::Level::Info,
                          escapeForTerminal(formatListLine(e, o.humanReadable), localeIsUtf8()) +
                              '\n'});
        ++result.stats.numFiles;
    }
    result.exitCode = exitCodeFor(built.ioError);
    return result;
}

LocalTransferResult runLocalTransfer(const TransferOptions& o, const EventSink& sink,
                                     const StopRequested& stop)
{
    LocalTransferResult result;
    auto filters = buildFilterList(o);
    if (!filters) {
        result.error = filters.error();
        result.exitCode = filters.error().code;
        return result;
    }

    // What a stock server announces to a stock client (handshake.md §5),
    // less incremental recursion, which the local pair does not use yet.
    const HandshakeSettings clientHs = clientHandshake(o);
    const HandshakeSettings serverHs =
        serverHandshake(o, serverCompatFlags(QStringLiteral("LsfxCIvu")));
    auto senderSet = senderSettings(o, *filters, false, true);
    if (!senderSet) {
        result.error = senderSet.error();
        result.exitCode = senderSet.error().code;
        return result;
    }
    SenderSettings s = std::move(*senderSet);
    ReceiverSettings r = receiverSettings(o, *filters, true, true);
    const std::shared_ptr<Workers> workers = makeWorkers(o);
    s.workers = workers;
    r.workers = workers;
    result.workersUsed = workers->name();

    Sender sender(clientHs, s, makeStackFilter(*filters, filter::Side::Sender));
    ReceiverSide receiver(serverHs, r, makeStackFilter(*filters, filter::Side::Receiver));

    const ChannelLimits limits = channelLimits(o);
    PairOutcome outcome;
    if (o.async.receiver) {
        // The receiving side on this thread's event loop (its writes on the
        // pipeline's worker); the sender, standing in for the peer process
        // of a real connection, on a thread of its own with the blocking loop.
        result.driverUsed = "event-loop+pipelined-writes";
        std::mutex sinkMutex;
        const EventSink lockedSink = [&](const SessionEvent& e) {
            std::lock_guard<std::mutex> lock(sinkMutex);
            sink(e);
        };
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
            result.error = Error{ExitCode::Ipc, QStringLiteral("socketpair failed"), {}};
            result.exitCode = ExitCode::Ipc;
            return result;
        }
        std::atomic<bool> stopped{false};
        std::thread senderThread(
            [&] { serveBlocking(sender, fds[0], fds[0], lockedSink, stop, stopped, limits); });
        {
            EventLoopChannelDriver driver(receiver, fds[1], lockedSink,
                                          [&] { return stopped.load() || (stop && stop()); });
            driver.setLimits(limits);
            QEventLoop loop;
            QObject::connect(&driver, &EventLoopChannelDriver::finished, &loop, &QEventLoop::quit);
            driver.start();
            loop.exec();
            if (driver.stopped())
                stopped = true;
        }
        ::shutdown(fds[1], SHUT_RDWR); // wakes the sender if it still waits
        senderThread.join();
        ::close(fds[0]);
        ::close(fds[1]);
        outcome.stopped = stopped.load();
        if (sender.hasFailed())
            outcome.clientError = sender.error();
        if (receiver.hasFailed())
            outcome.serverError = receiver.error();
        if (!outcome.stopped && !sender.isFinished() && !outcome.clientError &&
            !outcome.serverError)
            outcome.clientError = Error{ExitCode::StreamIo, QStringLiteral("transfer stalled"), {}};
    } else {
        result.driverUsed = "blocking-in-order";
        BlockingPairDriver driver(sender, receiver, sink, stop, limits);
        outcome = driver.run();
    }
    result.stats = sender.stats();
    result.bytesSent = sender.bytesSent();
    result.bytesReceived = sender.bytesReceived();

    if (outcome.stopped) {
        receiver.interrupt();
        result.error = Error{ExitCode::Signal, QStringLiteral("received a signal, stopping"), {}};
        result.exitCode = ExitCode::Signal;
        return result;
    }
    const std::optional<Error>& fatal =
        outcome.serverError ? outcome.serverError : outcome.clientError;
    if (fatal) {
        receiver.interrupt();
        result.error = fatal;
        result.exitCode = fatal->code;
        return result;
    }
    result.exitCode = exitCodeFor(sender.ioError() | receiver.ioError());
    return result;
}

} // namespace qrsync::session
