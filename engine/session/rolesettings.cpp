#include "session/rolesettings.h"

#include "filter/filterstack.h"
#include "filter/wire.h"
#include "fs/chmodrules.h"
#include "options/commandline.h"
#include "options/remotelocation.h"
#include "protocol/handshake.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <sys/stat.h>
#include <unistd.h>

#include <ctime>

namespace qrsync::session {

using options::TransferOptions;

namespace {

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

} // namespace

QByteArray encodePath(const QString& path)
{
    return QFile::encodeName(path);
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

std::unique_ptr<PathFilter> makeStackFilter(const filter::FilterList& list, filter::Side side)
{
    return std::make_unique<StackFilter>(list, side);
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

bool senderCanIncRecurse(const TransferOptions& o)
{
    return o.incRecursive && o.recursive && !o.relative && o.sources.size() == 1;
}

HandshakeSettings clientHandshake(const TransferOptions& o)
{
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
    return clientHs;
}

quint32 serverCompatFlags(const QString& caps)
{
    using protocol::CompatFlags;
    quint32 flags = CompatFlags::kSymlinkTimes; // Linux sets symlink times
    const std::pair<char, quint32> letters[] = {
        {'f', CompatFlags::kSafeFlist},        {'x', CompatFlags::kAvoidXattrOptim},
        {'C', CompatFlags::kChecksumSeedFix},  {'I', CompatFlags::kInplacePartialDir},
        {'v', CompatFlags::kVarintFlistFlags}, {'u', CompatFlags::kId0Names},
    };
    for (const auto& [letter, bit] : letters) {
        if (caps.contains(QLatin1Char(letter)))
            flags |= bit;
    }
    return flags;
}

HandshakeSettings serverHandshake(const TransferOptions& o, quint32 compatFlags)
{
    HandshakeSettings clientHs = clientHandshake(o);
    HandshakeSettings serverHs = clientHs;
    serverHs.side = HandshakeSettings::Side::Server;
    serverHs.compatFlags = compatFlags;
    serverHs.seed =
        o.checksumSeed ? o.checksumSeed : protocol::defaultChecksumSeed(time(nullptr), getpid());

    return serverHs;
}

Result<SenderSettings> senderSettings(const TransferOptions& o, const filter::FilterList& filters,
                                      bool isServer, bool localServer)
{
    const bool deleting = o.deleteMode != TransferOptions::DeleteMode::None;
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
        if (!rules)
            return tl::unexpected(rules.error());
        s.build.chmod = std::move(*rules);
    }
    s.isServer = isServer;
    // exclude.c send_filter_list(): a pushing client sends its rules when
    // the receiver needs them for deletions (an in-process pair too: our
    // server side reads them); a server sender reads the client's.
    s.sendFilterList =
        !isServer && filter::clientSendsFilterList(true, deleting, o.deleteExcluded, false);
    if (s.sendFilterList)
        s.filterRules = filter::rulesForWire(filters, true);
    s.readFilterList = isServer && !localServer;
    s.preserve = preserveFlags(o);
    s.dryRun = o.dryRun;
    s.progress = o.progress || o.progress2;
    s.removeSourceFiles = o.removeSourceFiles;
    if (options::effectiveOutFormat(o).contains(QLatin1String("%i")))
        s.itemizeLevel = o.itemizeChanges > 1 ? 2 : 1;
    s.nameLevel = options::infoLevel(o, QStringLiteral("NAME"));
    s.inplace = o.inplace;
    s.compressLevel = o.compressLevel;

    return s;
}

// exclude.c add_implied_include(), for the plain cases: each source of a
// pull names one top-level entry of the list, its last component. A source
// meaning "the contents of" (a trailing '/', ".", the remote home), one
// with wildcards or escapes, and -R turn the check off (stock then checks
// with patterns; we accept, and fs::SafeRoot keeps all of it inside).
static QList<QByteArray> requestedTopNames(const TransferOptions& o)
{
    if (o.relative)
        return {};
    QList<QByteArray> names;
    for (const QString& src : o.sources) {
        const options::Location loc = options::parseLocation(src);
        QString path = loc.isRemote() ? loc.path : src.mid(src.startsWith(u':') ? 1 : 0);
        // A daemon path starts with its module, which the list never names.
        if (loc.kind == options::Location::Kind::Daemon)
            path = path.contains(u'/') ? path.section(u'/', 1) : QString();
        const QString last = path.section(u'/', -1);
        if (last.isEmpty() || last == QLatin1String(".") || last == QLatin1String("..") ||
            last.contains(QRegularExpression(QStringLiteral("[*?\\[\\]\\\\]"))))
            return {};
        names << encodePath(last);
    }
    return names;
}

ReceiverSettings receiverSettings(const TransferOptions& o, const filter::FilterList& filters,
                                  bool isServer, bool localServer)
{
    const bool deleting = o.deleteMode != TransferOptions::DeleteMode::None;
    ReceiverSettings r;
    r.destination = encodePath(o.destination);
    if (!isServer)
        r.requestedNames = requestedTopNames(o);
    r.preserve = preserveFlags(o);
    r.perms = o.perms;
    r.times = o.times;
    r.omitDirTimes = o.omitDirTimes;
    r.amRoot = ::geteuid() == 0;
    r.recursive = o.recursive;
    r.dryRun = o.dryRun;
    // options.c: whole files by default only when both ends are local; over
    // a connection the delta algorithm is the point (unless -W).
    r.wholeFile = o.wholeFile.value_or(localServer);
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
    const bool receiverWantsList =
        filter::clientSendsFilterList(true, deleting, o.deleteExcluded, false);
    r.expectFilterList = isServer && receiverWantsList;
    if (!isServer && !localServer) {
        r.listOnly = o.listOnly || o.destination.isEmpty();
        r.humanReadable = o.humanReadable;
        r.progress = o.progress || o.progress2;
        r.sendFilterList = true; // a pulling client always sends its rules
        r.filterRules = filter::rulesForWire(filters, false);
    }
    if (options::effectiveOutFormat(o).contains(QLatin1String("%i")))
        r.itemizeLevel = o.itemizeChanges > 1 ? 2 : 1;
    r.nameLevel = options::infoLevel(o, QStringLiteral("NAME"));
    r.pipelinedWrites = o.async.receiver;
    r.removeSourceFiles = o.removeSourceFiles;
    // main.c get_local_name(): INFO_GTE(NAME, 1) or an out-format with %i.
    r.logCreatedDirectory =
        o.verbose > 0 || o.progress || options::effectiveOutFormat(o).contains(QLatin1String("%i"));

    return r;
}

ChannelLimits channelLimits(const TransferOptions& o)
{
    ChannelLimits limits;
    limits.timeoutSeconds = o.timeout;
    limits.bytesPerSecond = qint64(o.bwLimitKiB) * 1024;
    return limits;
}

std::shared_ptr<Workers> makeWorkers(const TransferOptions& o)
{
    return o.async.workers ? std::shared_ptr<Workers>(makePoolWorkers())
                           : std::shared_ptr<Workers>(std::make_shared<InlineWorkers>());
}

} // namespace qrsync::session
