#include "session/serversession.h"

#include "options/asyncpaths.h"
#include "session/channeldriver.h"
#include "session/receiverside.h"
#include "session/rolesettings.h"
#include "session/sender.h"

#include <unistd.h>

namespace qrsync::session {

namespace {

// -s: the real arguments follow on stdin as "rsync\0ARG\0...\0\0".
Result<QStringList> readSecludedArgs(int fd)
{
    QStringList args;
    QByteArray current;
    bool sawProgramName = false;
    for (;;) {
        char c;
        const ssize_t n = ::read(fd, &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return makeError(ExitCode::StreamIo,
                             QStringLiteral("connection closed while reading the arguments"));
        if (c != '\0') {
            if (current.size() > 64 * 1024)
                return makeError(ExitCode::Protocol, QStringLiteral("argument too long"));
            current.append(c);
            continue;
        }
        if (current.isEmpty())
            return args;
        if (sawProgramName)
            args << QString::fromUtf8(current);
        sawProgramName = true;
        current.clear();
    }
}

FilterFromWire filterFromWire(const options::TransferOptions& o, filter::Side side)
{
    return [o, side](const QList<QByteArray>& rules) -> Result<std::unique_ptr<PathFilter>> {
        auto list = buildFilterList(o);
        if (!list)
            return tl::unexpected(list.error());
        for (const QByteArray& rule : rules) {
            if (auto r = list->addFilter(rule); !r)
                return tl::unexpected(r.error());
        }
        return makeStackFilter(*list, side);
    };
}

} // namespace

Result<PreparedServer> prepareServer(const options::ServerInvocation& invocation, int peerProtocol,
                                     std::shared_ptr<Workers> sharedWorkers)
{
    options::TransferOptions o = invocation.options;
    PreparedServer prepared;
    prepared.sends = invocation.role == options::ServerRole::Sender;
    if (prepared.sends)
        o.sources = invocation.paths;
    else
        o.destination = invocation.paths.isEmpty() ? QStringLiteral(".") : invocation.paths.first();

    auto filters = buildFilterList(o);
    if (!filters)
        return tl::unexpected(filters.error());
    quint32 compat = serverCompatFlags(invocation.capabilities);
    // compat.c set_allow_inc_recurse(): the client allows it with `i`; we
    // serve it when we send (our receiver takes the list in one piece).
    if (prepared.sends && invocation.capabilities.contains(QLatin1Char('i')) &&
        senderCanIncRecurse(o))
        compat |= protocol::CompatFlags::kIncRecurse;
    HandshakeSettings handshake = serverHandshake(o, compat);
    handshake.peerProtocol = peerProtocol;
    const std::shared_ptr<Workers> workers = sharedWorkers ? sharedWorkers : makeWorkers(o);

    if (prepared.sends) {
        auto settings = senderSettings(o, *filters, true, false);
        if (!settings)
            return tl::unexpected(settings.error());
        settings->workers = workers;
        settings->filterFromWire = filterFromWire(o, filter::Side::Sender);
        prepared.role = std::make_unique<Sender>(handshake, std::move(*settings),
                                                 makeStackFilter(*filters, filter::Side::Sender));
    } else {
        ReceiverSettings settings = receiverSettings(o, *filters, true, false);
        settings.workers = workers;
        settings.filterFromWire = filterFromWire(o, filter::Side::Receiver);
        prepared.role = std::make_unique<ReceiverSide>(
            handshake, std::move(settings), makeStackFilter(*filters, filter::Side::Receiver));
    }
    prepared.role->setRelayFatalErrors(true);
    return prepared;
}

ExitCode finishServer(PreparedServer& server, bool stopped)
{
    Role& role = *server.role;
    // A refusing daemon session (ErrorRole) has no receiver to interrupt.
    if (!server.sends && (stopped || role.hasFailed())) {
        if (auto* receiver = dynamic_cast<ReceiverSide*>(&role))
            receiver->interrupt();
    }
    if (stopped)
        return ExitCode::Signal;
    if (role.hasFailed())
        return role.error().code;
    return exitCodeFor(role.ioError());
}

ExitCode runServer(const options::ServerInvocation& given, int inFd, int outFd,
                   const EventSink& sink, const StopRequested& stop)
{
    options::ServerInvocation invocation = given;
    if (invocation.secludedArgsFollow) {
        auto args = readSecludedArgs(inFd);
        if (!args)
            return args.error().code;
        // The command line stopped after the option word; the rest (long
        // options, ".", the paths) came through the pipe.
        const QStringList full = invocation.arguments + *args;
        auto reparsed = options::parseServerArguments(full);
        if (!reparsed) {
            sink(MessageEvent{MessageEvent::Level::Error,
                              "qrsync: " + reparsed.error().message.toUtf8() + '\n'});
            return reparsed.error().code;
        }
        reparsed->options.async = invocation.options.async;
        invocation = std::move(*reparsed);
    }
    auto prepared = prepareServer(invocation);
    if (!prepared) {
        sink(MessageEvent{MessageEvent::Level::Error,
                          "qrsync: " + prepared.error().message.toUtf8() + '\n'});
        return prepared.error().code;
    }
    Role& role = *prepared->role;
    const options::TransferOptions& o = invocation.options;
    bool stopped = false;
    if (o.async.receiver) {
        stopped = runOnEventLoop(role, inFd, outFd, sink, stop, channelLimits(o));
    } else {
        std::atomic<bool> stopFlag{false};
        serveBlocking(role, inFd, outFd, sink, stop, stopFlag, channelLimits(o));
        stopped = stopFlag.load();
    }
    return finishServer(*prepared, stopped);
}

} // namespace qrsync::session
