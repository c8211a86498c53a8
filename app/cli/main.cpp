// qrsync: the rsync-compatible command line. Parsing lives in
// engine/options, the transfer in engine/session; this file wires them to
// stdout/stderr and turns the result into rsync's exit code.

#include "backup/archiveexport.h"
#include "backup/backuprun.h"
#include "backup/calendar.h"
#include "backup/systemdunits.h"
#include "daemon/daemonmain.h"
#include "jobs/desktopnotify.h"
#include "jobs/headlessrun.h"
#include "jobs/profilestore.h"
#include "jobs/storagepaths.h"
#include "options/asyncpaths.h"
#include "options/commandline.h"
#include "options/helptext.h"
#include "options/remotelocation.h"
#include "protocol/itemheader.h"
#include "protocol/outformat.h"
#include "session/localtransfer.h"
#include "session/progressline.h"
#include "session/remotetransfer.h"
#include "session/serversession.h"
#include "session/summary.h"
#include "session/terminaltext.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <csignal>
#include <cstdio>
#include <unistd.h>
#include <utility>

using namespace qrsync;

namespace {

// SIGINT, SIGTERM and SIGHUP end the run cleanly (exit 20, RERR_SIGNAL):
// the handler only raises a flag that the transfer polls.
volatile std::sig_atomic_t g_stopSignal = 0;

void onStopSignal(int signal)
{
    g_stopSignal = signal;
}

void installStopHandlers()
{
    struct sigaction action = {};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    for (int signal : {SIGINT, SIGTERM, SIGHUP})
        ::sigaction(signal, &action, nullptr);
    ::signal(SIGPIPE, SIG_IGN);
}

// A --info=progress2 line is left open (no newline) so the next one can
// overwrite it; any other output closes it first (log.c output_needs_newline).
bool g_outputNeedsNewline = false;

void writeRaw(const QByteArray& text)
{
    std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
}

void writeOut(const QByteArray& text)
{
    if (g_outputNeedsNewline) {
        writeRaw("\n");
        g_outputNeedsNewline = false;
    }
    writeRaw(text);
}

void writeErr(const QByteArray& text)
{
    std::fflush(stdout);
    std::fwrite(text.constData(), 1, size_t(text.size()), stderr);
}

// The closing line rsync prints before it exits with an error
// (log.c log_exit): "rsync error: TEXT (code N) at FILE(LINE) [ROLE=VER]".
void exitLine(ExitCode code)
{
    writeErr(QByteArray("qrsync error: ") + exitCodeText(code) + " (code " +
             QByteArray::number(int(code)) + ")\n");
}

int fail(const Error& e)
{
    writeErr("qrsync: " + e.message.toUtf8() + '\n');
    exitLine(e.code);
    return int(e.code);
}

// log.c log_item()/log_delete() for the client: the --out-format line.
class ItemPrinter
{
public:
    ItemPrinter(const options::TransferOptions& o, bool remote)
        : m_remote(remote)
        , m_format(options::effectiveOutFormat(o).toUtf8())
        , m_deleteFormat(m_format.contains("%i") || m_format.contains("%o")
                             ? m_format
                             : (o.verbose > 0 ? QByteArrayLiteral("deleting %n") : QByteArray()))
        , m_times(o.times)
        , m_utf8(session::localeIsUtf8())
    {}

    void print(const session::ItemEvent& e) const
    {
        const bool deletion = e.iflags & protocol::kItemDeleted;
        const QByteArray& format = deletion ? m_deleteFormat : m_format;
        if (format.isEmpty())
            return;
        protocol::OutFormatFields f;
        f.kind = e.file.fileKind();
        f.name = e.file.name;
        f.path = e.file.name;
        f.operation = deletion     ? QByteArrayLiteral("del.")
                      : e.received ? QByteArrayLiteral("recv")
                                   : QByteArrayLiteral("send");
        f.isDeletion = deletion;
        f.symlinkTarget = e.file.linkTarget;
        f.hardLinkTarget = e.hardLinkTarget;
        f.length = e.file.size;
        f.bytesTransferred = e.bytesTransferred;
        f.mode = e.file.mode;
        f.mtime = e.file.mtime;
        f.now = time(nullptr);
        f.pid = getpid();
        f.uid = e.file.uid;
        f.gid = e.file.gid;
        f.iflags = e.iflags;
        // log.c: '<' only for what this side sent over a real connection.
        f.itemize.sent = m_remote && !e.received;
        f.itemize.preserveTimes = m_times;
        writeOut(session::escapeForTerminal(protocol::formatOutLine(format, f), m_utf8) + '\n');
    }

private:
    bool m_remote;
    QByteArray m_format;
    QByteArray m_deleteFormat;
    bool m_times;
    bool m_utf8;
};

// --progress and --info=progress2 (progress.c), fed by the sender.
class ProgressPrinter
{
public:
    explicit ProgressPrinter(const options::TransferOptions& o)
        : m_perFile(o.progress)
        , m_whole(o.progress2)
        , m_human(o.humanReadable)
    {
        m_clock.start();
    }

    void onFileList(const session::FileListEvent& e) { m_totalSize = e.totalSize; }

    void onProgress(const session::ProgressEvent& e)
    {
        session::ProgressState state;
        state.humanReadable = m_human;
        state.transferredFiles = int(e.transferredFiles);
        state.filesToCheck = int(e.filesToCheck);
        state.totalFiles = int(e.totalFiles);
        const qint64 now = m_clock.elapsed();
        if (e.phaseEnd) {
            if (m_whole && m_sawFile) {
                state.wholeTransfer = true;
                state.bytes = m_doneBefore;
                state.total = m_totalSize;
                writeLine(m_meter.finish(now, state));
                g_outputNeedsNewline = true;
            }
            return;
        }
        m_sawFile = true;
        if (m_whole) {
            state.wholeTransfer = true;
            state.bytes = m_doneBefore + e.done;
            state.total = m_totalSize;
            if (!e.finished) {
                const QByteArray line = m_meter.update(now, state);
                if (!line.isEmpty())
                    writeLine(line);
                return;
            }
            m_doneBefore += e.total;
            state.bytes = m_doneBefore;
            writeLine(m_meter.finish(now, state));
            g_outputNeedsNewline = true;
            return;
        }
        if (!m_perFile)
            return;
        state.bytes = e.done;
        state.total = e.total;
        const QByteArray line =
            e.finished ? m_meter.finish(now, state) : m_meter.update(now, state);
        if (!line.isEmpty())
            writeLine(line);
    }

private:
    void writeLine(const QByteArray& line)
    {
        g_outputNeedsNewline = false;
        writeRaw(line);
        std::fflush(stdout);
    }

    bool m_perFile;
    bool m_whole;
    int m_human;
    QElapsedTimer m_clock;
    session::ProgressMeter m_meter;
    qint64 m_totalSize = 0;
    qint64 m_doneBefore = 0;
    bool m_sawFile = false;
};

int runTransfer(const options::TransferOptions& o)
{
    const bool listing = o.listOnly || o.destination.isEmpty();
    const bool remote = session::isRemoteTransfer(o);
    if (o.protocol > 0 && o.protocol < 30) {
        // Stock still speaks 20-29; we do not: refuse before connecting.
        return fail(Error{ExitCode::Syntax,
                          QStringLiteral("--protocol=%1 is not supported: qrsync speaks protocols "
                                         "30 to 32")
                              .arg(o.protocol),
                          {}});
    }
    QElapsedTimer timer;
    timer.start();
    const ItemPrinter printer(o, remote);
    ProgressPrinter progress(o);
    const bool quiet = o.quiet;
    // flist.c: "building file list ..." with -v (then "done") or, with
    // --progress, a count of the files to consider.
    const int flistInfo = listing ? 0 : options::infoLevel(o, QStringLiteral("FLIST"));
    // A pulling client receives the list instead (flist.c recv_file_list;
    // "incremental" only once incremental recursion is offered).
    const bool pull = remote && !options::parseLocation(o.destination).isRemote();
    const QByteArray listStart = pull ? QByteArrayLiteral("receiving file list ... ")
                                      : QByteArrayLiteral("building file list ... ");
    // A daemon shows its motd once connected, before the list starts
    // (stock prints its list line only then); elsewhere it starts at once.
    const bool daemon = remote && session::isDaemonTransfer(o);
    bool listStartPending = !quiet && flistInfo >= 1;
    auto startList = [&] {
        if (!std::exchange(listStartPending, false))
            return;
        writeOut(flistInfo >= 2 && !pull ? listStart + "\n 0 files...\r" : listStart);
    };
    if (!daemon)
        startList();
    auto sink = [&](const session::SessionEvent& event) {
        if (!std::holds_alternative<session::MessageEvent>(event))
            startList();
        if (const auto* item = std::get_if<session::ItemEvent>(&event)) {
            printer.print(*item);
        } else if (const auto* list = std::get_if<session::FileListEvent>(&event)) {
            progress.onFileList(*list);
            if (!quiet && flistInfo >= 2)
                writeOut(QByteArray::number(list->files) + " files to consider\n");
            else if (!quiet && flistInfo == 1)
                writeOut("done\n");
        } else if (const auto* p = std::get_if<session::ProgressEvent>(&event)) {
            if (!quiet)
                progress.onProgress(*p);
        } else if (const auto* msg = std::get_if<session::MessageEvent>(&event)) {
            switch (msg->level) {
            case session::MessageEvent::Level::Info:
                if (!quiet)
                    writeOut(msg->text);
                break;
            case session::MessageEvent::Level::Warning:
            case session::MessageEvent::Level::Error:
            case session::MessageEvent::Level::ErrorXfer:
                writeErr(msg->text);
                break;
            }
        }
    };
    installStopHandlers();
    const auto stop = [] { return g_stopSignal != 0; };
    const session::LocalTransferResult result =
        remote    ? session::runRemoteShellTransfer(o, sink, stop)
        : listing ? session::runLocalListing(o, sink)
                  : session::runLocalTransfer(o, sink, stop);
    if (result.error && result.exitCode != ExitCode::Signal && !result.error->message.isEmpty())
        writeErr("qrsync: " + result.error->message.toUtf8() + '\n');

    session::SummaryInput summary;
    summary.stats = result.stats;
    summary.bytesSent = result.bytesSent;
    summary.bytesReceived = result.bytesReceived;
    summary.seconds = timer.elapsed() / 1000.0;
    summary.statsLevel = options::infoLevel(o, QStringLiteral("STATS"));
    summary.humanReadable = o.humanReadable;
    summary.dryRun = o.dryRun;
    // A run that never reached a session (no daemon, refused by it) ends
    // without the summary, as stock's exit_cleanup() does.
    const bool neverConnected = result.exitCode == ExitCode::StartClient ||
                                result.exitCode == ExitCode::SocketIo ||
                                result.exitCode == ExitCode::ConTimeout;
    if (!quiet && !listing && !neverConnected)
        writeOut(session::formatSummary(summary));
    if (g_outputNeedsNewline)
        writeOut({});
    // --debug=async: which implementation each async path used, so tests
    // and bug reports can tell the modes apart.
    if (o.debug.contains(QStringLiteral("async"), Qt::CaseInsensitive)) {
        writeErr("async paths used: receiver=" + result.driverUsed +
                 " workers=" + result.workersUsed +
                 (result.sshUsed.isEmpty() ? QByteArray() : " ssh=" + result.sshUsed) + '\n');
    }
    if (result.exitCode != ExitCode::Ok && !result.exitAlreadyReported)
        exitLine(result.exitCode);
    std::fflush(stdout);
    return int(result.exitCode);
}

// --server: the protocol on stdin/stdout; only text that cannot reach the
// client through the connection goes to stderr.
int runServer(options::ServerInvocation invocation)
{
    installStopHandlers();
    // The kill switches reach a server through its environment only.
    auto async = options::asyncPathsFromEnvironment(options::compiledAsyncPaths(),
                                                    options::systemEnvironment());
    if (!async)
        return fail(async.error());
    invocation.options.async = *async;
    const auto sink = [](const session::SessionEvent& event) {
        if (const auto* msg = std::get_if<session::MessageEvent>(&event))
            writeErr(msg->text);
    };
    return int(session::runServer(invocation, STDIN_FILENO, STDOUT_FILENO, sink,
                                  [] { return g_stopSignal != 0; }));
}

backup::BackupRunOptions profileRunOptions()
{
    backup::BackupRunOptions how;
    how.headless.configDir = jobs::defaultConfigDirectory();
    how.headless.dataDir = jobs::defaultDataDirectory();
    how.headless.env = options::systemEnvironment();
    how.headless.stop = [] { return g_stopSignal != 0; };
    how.stateDir = jobs::defaultStateDirectory();
    how.note = [](const QString& text) { writeErr("qrsync: " + text.toUtf8() + '\n'); };
    return how;
}

// --alert-on-failure (what the scheduled units pass): a failed run also
// raises a desktop notification, as nobody watches a timer's output.
void alertFailure(const QString& profileName, const Error& e)
{
    QString body = e.message;
    if (!e.context.isEmpty())
        body += QStringLiteral(" (%1)").arg(e.context);
    body += QStringLiteral("\n") + QString::fromUtf8(exitCodeText(e.code)) +
            QStringLiteral(" (code %1)").arg(int(e.code));
    auto sent = jobs::sendDesktopNotification(
        QStringLiteral("qrsync: profile \"%1\" failed").arg(profileName), body, true);
    if (!sent)
        writeErr("qrsync: cannot show a desktop notification: " + sent.error().toString().toUtf8() +
                 '\n');
}

// --profile NAME: a profile of the desktop app, run headless through the
// same job code, recorded in the same history (engine/jobs); one run of a
// profile at a time, snapshots and retention in engine/backup.
int runProfile(const QString& name, bool alert)
{
    installStopHandlers();
    auto run = backup::runProfile(name, profileRunOptions());
    if (!run) {
        if (alert)
            alertFailure(name, run.error());
        return fail(run.error());
    }
    for (const jobs::JobMessage& m : run->run.messages)
        writeErr(m.text.toUtf8() + '\n');
    const jobs::JobResult& r = run->run.result;
    writeOut(QByteArray("profile ") + name.toUtf8() + ": " +
             QByteArray::number(r.filesTransferred) + " files transferred, " +
             QByteArray::number(r.deletions) + " deleted\n");
    if (!run->snapshot.isEmpty())
        writeOut("snapshot " + run->snapshot.toUtf8() + " complete" +
                 (run->linkedTo.isEmpty()
                      ? QByteArray()
                      : " (unchanged files linked to " + run->linkedTo.toUtf8() + ")") +
                 '\n');
    if (run->pruned && !run->pruned->removed.isEmpty())
        writeOut("pruned " + QByteArray::number(run->pruned->removed.size()) +
                 " snapshot(s), freeing " +
                 backup::formatBytes(run->pruned->plan.freedBytes).toUtf8() + '\n');
    if (r.error && !r.error->message.isEmpty())
        writeErr("qrsync: " + r.error->message.toUtf8() + '\n');
    std::fflush(stdout);
    if (r.exitCode != ExitCode::Ok) {
        exitLine(r.exitCode);
        if (alert)
            alertFailure(name, r.error ? Error{r.exitCode, r.error->message, r.error->context}
                                       : Error{r.exitCode, QStringLiteral("the run failed"), {}});
        return int(r.exitCode);
    }
    if (run->pruneError) {
        writeErr("qrsync: prune failed: " + run->pruneError->toString().toUtf8() + '\n');
        if (alert)
            alertFailure(name, *run->pruneError);
        return fail(*run->pruneError);
    }
    return 0;
}

// --profile NAME --prune [--dry-run]: the retention simulator's table, then
// (without --dry-run) the prune it describes.
int pruneProfile(const QString& name, bool dryRun)
{
    installStopHandlers();
    auto outcome = backup::pruneProfile(name, dryRun, profileRunOptions());
    if (!outcome)
        return fail(outcome.error());
    writeOut(backup::formatPlan(outcome->plan, dryRun).toUtf8());
    std::fflush(stdout);
    return 0;
}

// --profile NAME --install-schedule: the profile's systemd user units
// (engine/backup/systemdunits.h), enabled when a user manager runs.
int installSchedule(const QString& name)
{
    jobs::ProfileStore store(jobs::defaultConfigDirectory());
    const std::optional<jobs::Profile> profile = store.findByName(name);
    if (!profile)
        return fail(Error{ExitCode::Syntax, QStringLiteral("no profile named \"%1\"").arg(name),
                          store.directory()});
    auto installed = backup::installSchedule(*profile, backup::defaultUserUnitDirectory(),
                                             QCoreApplication::applicationFilePath());
    if (!installed)
        return fail(installed.error());
    for (const QString& path : installed->written)
        writeOut("wrote " + path.toUtf8() + '\n');
    for (const QString& path : installed->removed)
        writeOut("removed " + path.toUtf8() + '\n');
    writeOut(installed->note.toUtf8() + '\n');
    std::fflush(stdout);
    return 0;
}

// --check-calendar=EXPR: is it a valid OnCalendar= expression, and when
// would it fire next.
int checkCalendar(const QStringList& args)
{
    QStringList rest = args;
    QString expression = rest.takeFirst().mid(int(qstrlen("--check-calendar")));
    if (expression.startsWith(QLatin1Char('=')))
        expression = expression.mid(1);
    else if (expression.isEmpty() && !rest.isEmpty())
        expression = rest.takeFirst();
    if (expression.isEmpty() || !rest.isEmpty())
        return fail(
            Error{ExitCode::Syntax, QStringLiteral("usage: qrsync --check-calendar=EXPR"), {}});
    auto check = backup::checkCalendar(expression);
    if (!check)
        return fail(check.error());
    writeOut("normalized: " + check->normalized.toUtf8() + " (checked by " +
             check->checkedBy.toUtf8() + ")\n");
    for (const QDateTime& t : check->nextRuns)
        writeOut("next: " + t.toString(QStringLiteral("ddd yyyy-MM-dd HH:mm:ss")).toUtf8() + '\n');
    std::fflush(stdout);
    return 0;
}

// --export-archive=FILE SRC: SRC (a snapshot or any local folder) as one
// .tar.gz/.tar.zst/.zip, written atomically (engine/backup/archiveexport.h).
int exportArchive(const QStringList& args)
{
    QStringList rest = args;
    QString file = rest.takeFirst().mid(int(qstrlen("--export-archive")));
    if (file.startsWith(QLatin1Char('=')))
        file = file.mid(1);
    else if (file.isEmpty() && !rest.isEmpty())
        file = rest.takeFirst();
    if (file.isEmpty() || rest.size() != 1)
        return fail(Error{
            ExitCode::Syntax, QStringLiteral("usage: qrsync --export-archive=FILE SOURCE"), {}});
    installStopHandlers();
    backup::ExportOptions how;
    how.stop = [] { return g_stopSignal != 0; };
    auto summary = backup::exportArchive(rest.first(), file, how);
    if (!summary)
        return fail(summary.error());
    writeOut("exported " + QByteArray::number(summary->entries) + " entries (" +
             backup::formatBytes(summary->fileBytes).toUtf8() + " of file data) to " +
             file.toUtf8() + '\n');
    std::fflush(stdout);
    return 0;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    if (!args.isEmpty() && args.first().startsWith(QLatin1String("--profile"))) {
        // --profile NAME / --profile=NAME, and nothing else but the prune
        // switches: the profile holds the whole transfer.
        QStringList rest = args;
        QString name = rest.takeFirst().mid(int(qstrlen("--profile")));
        if (name.startsWith(QLatin1Char('=')))
            name = name.mid(1);
        else if (name.isEmpty() && !rest.isEmpty())
            name = rest.takeFirst();
        const bool prune = rest.removeAll(QStringLiteral("--prune")) > 0;
        const bool dryRun = rest.removeAll(QStringLiteral("--dry-run")) > 0;
        const bool schedule = rest.removeAll(QStringLiteral("--install-schedule")) > 0;
        const bool alert = rest.removeAll(QStringLiteral("--alert-on-failure")) > 0;
        if (name.isEmpty() || !rest.isEmpty() || (dryRun && !prune) ||
            int(prune) + int(schedule) + int(alert) > 1)
            return fail(Error{ExitCode::Syntax,
                              QStringLiteral("usage: qrsync --profile NAME [--alert-on-failure | "
                                             "--prune [--dry-run] | --install-schedule]"),
                              {}});
        if (schedule)
            return installSchedule(name);
        return prune ? pruneProfile(name, dryRun) : runProfile(name, alert);
    }
    if (!args.isEmpty() && args.first().startsWith(QLatin1String("--export-archive")))
        return exportArchive(args);
    if (!args.isEmpty() && args.first().startsWith(QLatin1String("--check-calendar")))
        return checkCalendar(args);
    // --daemon takes its own options (rsync restarts option parsing with
    // the daemon's table).
    if (args.contains(QStringLiteral("--daemon")) && !args.contains(QStringLiteral("--server")))
        return daemon::runDaemon(args);
    auto parsed = options::parseCommandLine(args, options::systemEnvironment());
    if (!parsed)
        return fail(parsed.error());
    switch (parsed->action) {
    case options::ParsedCommandLine::Action::Help:
        writeOut(options::helpText().toUtf8());
        return 0;
    case options::ParsedCommandLine::Action::Version:
        writeOut(options::versionText().toUtf8());
        return 0;
    case options::ParsedCommandLine::Action::Server:
        return runServer(*parsed->server);
    case options::ParsedCommandLine::Action::Daemon:
        return fail(Error{ExitCode::Syntax, QStringLiteral("--daemon is not supported yet"), {}});
    case options::ParsedCommandLine::Action::Transfer:
        return runTransfer(parsed->options);
    }
    return int(ExitCode::Syntax);
}
