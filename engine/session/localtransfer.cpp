#include "session/localtransfer.h"

#include "filter/filterlist.h"
#include "filter/filterstack.h"
#include "filter/wire.h"
#include "options/commandline.h"
#include "protocol/handshake.h"
#include "protocol/filelistsort.h"
#include "session/channeldriver.h"
#include "session/filelistbuilder.h"
#include "session/listline.h"
#include "session/receiverside.h"
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

namespace {

using options::TransferOptions;

QByteArray encodePath(const QString& path)
{
    return QFile::encodeName(path);
}

Result<std::optional<QByteArray>> readWholeFile(const QByteArray& path)
{
    QFile f(QFile::decodeName(path));
    if (!f.exists())
        return std::optional<QByteArray>();
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ExitCode::FileSelect,
                         QStringLiteral("failed to open filter file %1").arg(f.fileName()));
    return std::optional<QByteArray>(f.readAll());
}

Result<filter::FilterList> buildFilterList(const TransferOptions& o)
{
    filter::ParseOptions parse;
    parse.deleteExcluded = o.deleteExcluded;
    parse.cvsIgnoreEnv = qgetenv("CVSIGNORE");
    const QByteArray home = qgetenv("HOME");
    if (!home.isEmpty()) {
        auto contents = readWholeFile(home + "/.cvsignore");
        if (contents && *contents)
            parse.homeCvsignore = **contents;
    }
    filter::FilterList list(parse);
    const filter::FileLoader loader = [](const QByteArray& path) { return readWholeFile(path); };
    for (const options::FilterArg& arg : o.filters) {
        const QByteArray value = arg.value.toUtf8();
        Result<> r;
        switch (arg.kind) {
        case options::FilterArg::Kind::Exclude:
            r = list.addExclude(value);
            break;
        case options::FilterArg::Kind::Include:
            r = list.addInclude(value);
            break;
        case options::FilterArg::Kind::ExcludeFrom:
        case options::FilterArg::Kind::IncludeFrom: {
            QByteArray contents;
            if (value == "-") {
                QFile in;
                if (in.open(stdin, QIODevice::ReadOnly))
                    contents = in.readAll();
            } else {
                auto read = readWholeFile(encodePath(arg.value));
                if (!read || !*read)
                    return makeError(ExitCode::FileSelect,
                                     QStringLiteral("failed to open %1 file %2")
                                         .arg(arg.kind == options::FilterArg::Kind::ExcludeFrom
                                                  ? QStringLiteral("exclude")
                                                  : QStringLiteral("include"),
                                              arg.value));
                contents = **read;
            }
            r = arg.kind == options::FilterArg::Kind::ExcludeFrom
                    ? list.addExcludeFrom(contents, value)
                    : list.addIncludeFrom(contents, value);
            break;
        }
        case options::FilterArg::Kind::Filter:
            r = list.addFilter(value, loader);
            break;
        case options::FilterArg::Kind::FilterShortF:
            r = list.addRsyncFilterOption();
            break;
        case options::FilterArg::Kind::CvsExclude:
            break; // added last, below, as rsync does
        }
        if (!r)
            return tl::unexpected(r.error());
    }
    const bool cvs = std::any_of(o.filters.cbegin(), o.filters.cend(), [](const auto& arg) {
        return arg.kind == options::FilterArg::Kind::CvsExclude;
    });
    if (cvs) {
        if (auto r = list.addCvsExclude(); !r)
            return tl::unexpected(r.error());
    }
    // options.c: with backups beside the files, --delete must not remove
    // them (a protect rule for the suffix).
    if (o.backup && o.backupDir.isEmpty() && o.deleteMode != TransferOptions::DeleteMode::None &&
        !o.deleteExcluded) {
        if (auto r = list.addFilter(QByteArray("P *" + o.suffix.toUtf8())); !r)
            return tl::unexpected(r.error());
    }
    return list;
}

// Adapts filter::FilterStack to what the roles ask (session/pathfilter.h).
class StackFilter final : public PathFilter
{
public:
    StackFilter(const filter::FilterList& list, filter::Side side)
        : m_stack(list)
        , m_side(side)
    {}

    bool excluded(const QByteArray& relPath, bool isDir) const override
    {
        return m_stack.check(relPath, isDir, m_side).excluded();
    }

    void enterDirectory(const QByteArray& absDir, const QByteArray& relDir) override
    {
        if (m_stack.depth() == 0) {
            // The transfer root: where names are relative to.
            QByteArray root = absDir;
            if (relDir != ".")
                root.chop(relDir.size());
            m_root = QFile::encodeName(
                QDir(QFile::decodeName(root.isEmpty() ? "." : root)).absolutePath());
            m_stack.setRootPath(m_root);
        }
        const QByteArray root = m_root;
        auto r = m_stack.enterDirectory(relDir, [root](const QByteArray& path) {
            return readWholeFile(path.startsWith('/') ? path : root + '/' + path);
        });
        m_pushed.push_back(bool(r));
    }

    void leaveDirectory() override
    {
        if (!m_pushed.empty() && m_pushed.back())
            m_stack.leaveDirectory();
        if (!m_pushed.empty())
            m_pushed.pop_back();
    }

private:
    filter::FilterStack m_stack;
    filter::Side m_side;
    QByteArray m_root;
    std::vector<bool> m_pushed;
};

QByteArray absoluteBeside(const QString& destination, const QString& path)
{
    if (path.startsWith(QLatin1Char('/')))
        return encodePath(QDir::cleanPath(path));
    return encodePath(QDir::cleanPath(QDir(destination).absoluteFilePath(path)));
}

PreserveFlags preserveFlags(const TransferOptions& o)
{
    PreserveFlags p;
    p.uid = o.owner;
    p.gid = o.group;
    p.links = o.links;
    p.devices = o.devices;
    p.specials = o.specials;
    p.hardLinks = o.hardLinks > 0;
    p.atimes = o.atimes > 0;
    p.alwaysChecksum = o.alwaysChecksum;
    p.numericIds = o.numericIds;
    p.relativePaths = o.relative;
    return p;
}

ExitCode exitCodeFor(quint32 ioError)
{
    if (ioError & 1)
        return ExitCode::Partial;
    if (ioError & 2)
        return ExitCode::Vanished;
    if (ioError & 4)
        return ExitCode::DelLimit;
    return ExitCode::Ok;
}

} // namespace

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
    StackFilter filter(*filters, filter::Side::Sender);
    BuiltFileList built = buildFileList(sources, build, filter);
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

    const PreserveFlags preserve = preserveFlags(o);
    const bool deleting = o.deleteMode != TransferOptions::DeleteMode::None;

    HandshakeSettings clientHs;
    clientHs.side = HandshakeSettings::Side::Client;
    clientHs.protocol = o.protocol ? o.protocol : kOurProtocol;
    if (!o.checksumChoice.isEmpty())
        clientHs.forcedChecksum = o.checksumChoice.section(QLatin1Char(','), 0, 0).toUtf8();
    if (qEnvironmentVariableIsSet("RSYNC_CHECKSUM_LIST"))
        clientHs.checksumListOverride = qgetenv("RSYNC_CHECKSUM_LIST");
    if (o.compress || !o.compressChoice.isEmpty()) {
        clientHs.compress = true;
        if (qEnvironmentVariableIsSet("RSYNC_COMPRESS_LIST"))
            clientHs.compressListOverride = qgetenv("RSYNC_COMPRESS_LIST");
        clientHs.forcedCompression = o.compressChoice.toUtf8();
    }
    HandshakeSettings serverHs = clientHs;
    serverHs.side = HandshakeSettings::Side::Server;
    // What a stock server announces to a stock client (handshake.md §5),
    // less incremental recursion, which the local pair does not use yet.
    serverHs.compatFlags =
        protocol::CompatFlags::kSymlinkTimes | protocol::CompatFlags::kSafeFlist |
        protocol::CompatFlags::kAvoidXattrOptim | protocol::CompatFlags::kChecksumSeedFix |
        protocol::CompatFlags::kInplacePartialDir | protocol::CompatFlags::kVarintFlistFlags |
        protocol::CompatFlags::kId0Names;
    serverHs.seed =
        o.checksumSeed ? o.checksumSeed : protocol::defaultChecksumSeed(time(nullptr), getpid());

    SenderSettings s;
    for (const QString& src : o.sources)
        s.sources << SourceArgument{encodePath(src)};
    s.build.recursive = o.recursive;
    s.build.dirs = o.dirs;
    s.build.preserveLinks = o.links;
    s.build.copyLinks = o.copyLinks;
    s.build.copyDirlinks = o.copyDirlinks;
    s.build.preserveDevices = o.devices;
    s.build.preserveSpecials = o.specials;
    s.build.preserveHardLinks = o.hardLinks > 0;
    s.build.oneFileSystem = o.oneFileSystem;
    if (!o.chmod.isEmpty()) {
        const mode_t mask = ::umask(0);
        ::umask(mask);
        auto rules = fs::ChmodRules::parse(o.chmod, quint32(mask));
        if (!rules) {
            result.error = rules.error();
            result.exitCode = rules.error().code;
            return result;
        }
        s.build.chmod = std::move(*rules);
    }
    s.sendFilterList = filter::clientSendsFilterList(true, deleting, o.deleteExcluded, false);
    if (s.sendFilterList)
        s.filterRules = filter::rulesForWire(*filters, true);
    s.preserve = preserve;
    s.dryRun = o.dryRun;
    s.progress = o.progress || o.progress2;
    s.removeSourceFiles = o.removeSourceFiles;
    if (options::effectiveOutFormat(o).contains(QLatin1String("%i")))
        s.itemizeLevel = o.itemizeChanges > 1 ? 2 : 1;
    s.nameLevel = options::infoLevel(o, QStringLiteral("NAME"));
    s.inplace = o.inplace;
    s.compressLevel = o.compressLevel;

    ReceiverSettings r;
    r.destination = encodePath(o.destination);
    r.preserve = preserve;
    r.perms = o.perms;
    r.times = o.times;
    r.omitDirTimes = o.omitDirTimes;
    r.amRoot = ::geteuid() == 0;
    r.recursive = o.recursive;
    r.dryRun = o.dryRun;
    r.wholeFile = o.wholeFile.value_or(true); // local copies default to whole files
    r.ignoreTimes = o.ignoreTimes;
    r.sizeOnly = o.sizeOnly;
    r.modifyWindow = o.modifyWindow;
    r.update = o.update;
    r.existing = o.existing;
    r.ignoreExisting = o.ignoreExisting;
    r.maxSize = o.maxSize;
    r.minSize = o.minSize;
    r.deleteMode = o.deleteMode;
    r.deleteExcluded = o.deleteExcluded;
    r.force = o.force;
    r.backup = o.backup;
    // options.c: backups beside the files imply --omit-dir-times.
    if (o.backup && o.backupDir.isEmpty())
        r.omitDirTimes = true;
    if (!o.backupDir.isEmpty())
        r.backupOptions.dir = absoluteBeside(o.destination, o.backupDir);
    r.backupOptions.suffix = o.suffix.toUtf8();
    r.backupOptions.preserveOwner = r.amRoot && o.owner;
    r.altDestKind = o.altDestKind;
    for (const QString& alt : o.altDests)
        r.altDests << absoluteBeside(o.destination, alt);
    r.inplace = o.inplace;
    r.partial = o.partial;
    r.partialDir = o.partialDir.toUtf8();
    r.sparse = o.sparse;
    r.blockSize = o.blockSize;
    r.expectFilterList = s.sendFilterList;
    r.pipelinedWrites = o.async.receiver;
    r.removeSourceFiles = o.removeSourceFiles;
    // main.c get_local_name(): INFO_GTE(NAME, 1) or an out-format with %i.
    r.logCreatedDirectory =
        o.verbose > 0 || o.progress || options::effectiveOutFormat(o).contains(QLatin1String("%i"));

    // The "workers" path: checksum and signature jobs on a pool, or inline.
    const std::shared_ptr<Workers> workers =
        o.async.workers ? std::shared_ptr<Workers>(makePoolWorkers())
                        : std::shared_ptr<Workers>(std::make_shared<InlineWorkers>());
    s.workers = workers;
    r.workers = workers;
    result.workersUsed = workers->name();

    Sender sender(clientHs, s, std::make_unique<StackFilter>(*filters, filter::Side::Sender));
    ReceiverSide receiver(serverHs, r,
                          std::make_unique<StackFilter>(*filters, filter::Side::Receiver));

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
        std::thread senderThread([&] { serveBlocking(sender, fds[0], lockedSink, stop, stopped); });
        {
            EventLoopChannelDriver driver(receiver, fds[1], lockedSink,
                                          [&] { return stopped.load() || (stop && stop()); });
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
        BlockingPairDriver driver(sender, receiver, sink, stop);
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
