#pragma once

// The receiving end of a session: rsync's generator and receiver, which
// stock runs as two processes sharing one connection (main.c do_recv). The
// generator (generator.cpp) walks the sorted file list, decides what is
// stale, makes directories, links and devices itself, deletes extraneous
// files and sends requests with block sums; the receiver (receiver.cpp)
// rebuilds each requested file from the sender's tokens into a temp file
// and renames it into place. Here both live in one role: the connection's
// output is the generator's, its input the receiver's, and what stock
// passes between the two processes (redo requests, "phase done", finished
// files) is a method call.
//
// Invariants: nothing is written outside the destination root (every path
// goes through fs::SafeRoot); a file is only ever renamed into place
// complete and verified; a failed or killed run leaves at most a temp file.

#include "checksum/checksumtype.h"
#include "fs/atomicfile.h"
#include "fs/backup.h"
#include "fs/mappedfile.h"
#include "fs/saferoot.h"
#include "options/transferoptions.h"
#include "protocol/fileentry.h"
#include "protocol/idlist.h"
#include "protocol/itemheader.h"
#include "protocol/ndx.h"
#include "protocol/stats.h"
#include "protocol/sumhead.h"
#include "session/pathfilter.h"
#include "session/role.h"
#include "session/sessionconfig.h"
#include "session/workers.h"
#include "session/writepipeline.h"

#include <QByteArray>
#include <QHash>
#include <QSet>

#include <deque>
#include <memory>
#include <optional>
#include <vector>

namespace qrsync::delta {
class Patcher;
}
namespace qrsync::protocol {
class TokenDecoder;
class FileListDecoder;
} // namespace qrsync::protocol

namespace qrsync::session {

using DeleteMode = options::TransferOptions::DeleteMode;
using AltDestKind = options::TransferOptions::AltDestKind;

struct ReceiverSettings
{
    QByteArray destination; // as given; a trailing '/' means "a directory"
    PreserveFlags preserve;
    bool perms = false;
    bool times = false;
    bool omitDirTimes = false;
    bool amRoot = false;
    bool recursive = false;
    bool dryRun = false;
    bool wholeFile = true;
    bool ignoreTimes = false;
    bool sizeOnly = false;
    int modifyWindow = 0;
    bool update = false;
    bool existing = false;
    bool ignoreExisting = false;
    std::optional<qint64> maxSize;
    std::optional<qint64> minSize;
    DeleteMode deleteMode = DeleteMode::None;
    bool deleteExcluded = false;
    bool force = false;
    bool backup = false;
    fs::BackupOptions backupOptions;
    AltDestKind altDestKind = AltDestKind::Link;
    QList<QByteArray> altDests; // absolute, or relative to the destination
    bool inplace = false;
    bool partial = false;
    QByteArray partialDir;
    bool sparse = false;
    qint32 blockSize = 0;
    bool expectFilterList = false;
    FilterFromWire filterFromWire; // a server's filter from the client's rules
    std::shared_ptr<Workers> workers = std::make_shared<InlineWorkers>();
    bool removeSourceFiles = false;   // tell the sender which files are safely here
    bool pipelinedWrites = false;     // the receiver async path: writes on a worker
    bool logCreatedDirectory = false; // "created directory DEST" (-v or -i)
    // A client receiver (a pull) sends the filter rules first (wire form)
    // and logs the items itself, as the sender does in a push.
    bool sendFilterList = false;
    QList<QByteArray> filterRules;
    // A pulling client: the top-level names its source arguments asked
    // for; the list may hold nothing else (empty: no check).
    QList<QByteArray> requestedNames;
    int itemizeLevel = 0; // log.c: 0 no %i, 1 %i, 2 -ii
    // --list-only on a pulling client: the generator lists each entry
    // (generator.c list_file_entry) and touches nothing.
    bool listOnly = false;
    bool progress = false; // --progress / --info=progress2 on a pulling client
    int humanReadable = 1;
    int nameLevel = 0; // --info=name
};

class ReceiverSide final : public Role
{
public:
    ReceiverSide(HandshakeSettings handshake, ReceiverSettings settings,
                 std::unique_ptr<PathFilter> filter);
    ~ReceiverSide() override;

    const TransferStats& stats() const { return m_stats; }
    // The generator decides timeouts on the receiving side (io.c).
    const char* whoAmI() const override { return "generator"; }
    // A client receiver's view of the run's totals: what the server sender
    // reported at the end, as rsync's handle_stats() reads them.
    const protocol::TransferStats& senderStats() const { return m_senderStats; }

    // The run stopped early (signal, peer gone): finish the writes already
    // handed over, then keep the file being received as a partial file
    // (--partial, --partial-dir) or remove its temp file (receiver.c
    // cleanup: handle_partial_dir()).
    void interrupt();

protected:
    void start() override;
    bool step() override;

private:
    enum class State
    {
        ReadFilters,
        ReadFileList,
        ReadIdLists,
        Running,
        Done
    };
    enum class GenPhase
    {
        Files,
        WaitPhase0,
        WaitPhase1,
        Finished
    };
    enum class RecvState
    {
        Records,
        FileData,
        FileSum,
        ReadStats, // client: the server sender's totals
        WaitEcho,
        Done
    };

    // receiverside.cpp: reading the lists, setting up the destination.
    bool readFilters();
    bool readFileList();
    bool isRequested(const QByteArray& name) const;
    bool readIdLists();
    bool prepareDestination();
    void mapIdsByName(const protocol::IdList& lists);

    // generator.cpp
    bool generateStep();
    void recvGenerator(qint32 ndx);
    bool parentIsListedDir(const QByteArray& name);
    void generateDirectory(qint32 ndx, const protocol::FileEntry& f, const fs::FileStat* st);
    void generateRegular(qint32 ndx, const protocol::FileEntry& f);
    struct AltDestOutcome
    {
        bool handled = false; // linked, copied in, or up to date: nothing to request
        int basis = -1;       // else: the alt dest to use as the delta basis
        fs::FileStat basisStat;
    };
    AltDestOutcome tryAltDestsRegular(qint32 ndx, const protocol::FileEntry& f,
                                      const QByteArray& rel, std::optional<fs::FileStat>& st);
    void generateSpecial(qint32 ndx, const protocol::FileEntry& f, const QByteArray& rel,
                         const std::optional<fs::FileStat>& st);
    void itemize(qint32 ndx, const protocol::FileEntry& f, const fs::FileStat* st, quint32 iflags,
                 quint8 basisType = 0, const QByteArray& xname = {});
    bool canSetGroup(quint32 gid) const;
    quint32 attributeFlags(const protocol::FileEntry& f, const fs::FileStat& st) const;
    void setAttributes(const QByteArray& rel, const protocol::FileEntry& f, bool setTimes);
    fs::WantedMetadata wanted(const protocol::FileEntry& f) const;
    fs::MetaFields metaFields(const protocol::FileEntry& f, bool withTimes) const;
    bool unchangedAttrs(const protocol::FileEntry& f, const fs::FileStat& st) const;
    int tryAltDestsNonRegular(qint32 ndx, const protocol::FileEntry& f, const QByteArray& rel,
                              fs::FileStat& altStat);
    bool quickCheckOk(const protocol::FileEntry& f, const fs::FileStat& st,
                      const QByteArray& rel) const;
    bool deleteItem(const QByteArray& rel, const fs::FileStat& st, bool forReplace);
    void deleteInDir(const QByteArray& dirRel);
    void deletePass();
    void logDeletion(const QByteArray& rel, bool isDir, quint32 mode);
    void sendRequest(qint32 ndx, const protocol::FileEntry& f, const fs::FileStat* realSt,
                     quint8 basisType, const QByteArray& basisPath, bool redo);
    void finishHardLinks(qint32 leaderNdx);
    void touchUpDirectories();
    void writeDone();
    void reportSuccess(qint32 ndx); // MSG_SUCCESS for --remove-source-files
    // The generator's output. While a batch of files is generated, output
    // is held in order and block signatures become worker jobs, run
    // together when the batch ends (flushBatch).
    void genWrite(const QByteArray& bytes);
    void beginBatch(qint32 from, qint32 to);
    void flushBatch();
    void writeDeleteStats();
    QByteArray localName(const protocol::FileEntry& f) const;
    // Where --partial keeps rel's data: rel itself, or "dir/PARTIAL/name".
    QByteArray partialPath(const QByteArray& rel) const;

    // receiver.cpp
    bool receiveStep();
    bool receiveRecord();
    bool skipDeleteStats(); // false: need more input (or failed)
    bool receiveFileData();
    bool receiveFileSum();
    void abandonFile();
    void pollCompletions();
    void logItem(qint32 ndx, quint32 iflags, const QByteArray& xname);
    void reportProgress(qint32 ndx, bool finished);
    void maybeLogItem(qint32 ndx, quint32 iflags, const QByteArray& xname);

    ReceiverSettings m_settings;
    std::unique_ptr<PathFilter> m_filter;
    State m_state = State::ReadFileList;
    std::unique_ptr<protocol::FileListDecoder> m_flistDecoder;
    std::vector<protocol::FileEntry> m_files; // sorted: index = ndx
    QSet<QByteArray> m_listedNames;           // every name in the list (--delete only)
    QSet<QByteArray> m_listedDirs;            // the list's directories
    QByteArray m_lastListedParent;            // the last parent found among them
    std::optional<fs::SafeRoot> m_root;
    QByteArray m_soloName;
    bool m_createdDestination = false; // get_local_name() made it: "." is new // "file -> newname":
                                       // the destination's last component
    std::vector<QByteArray> m_altDestPaths;

    // Generator state.
    GenPhase m_genPhase = GenPhase::Files;
    qint32 m_cursor = 0;
    protocol::NdxEncoder m_ndxOut;
    std::deque<qint32> m_redo;
    QHash<qint32, std::vector<qint32>> m_hardLinkFollowers; // last member -> the others
    std::vector<qint32> m_hardLinkTarget; // member -> the member that gets the data (-1)
    std::vector<qint32> m_dirsToTouch;
    protocol::DeleteStats m_deleteStats;
    struct Segment
    {
        QByteArray bytes;
        std::function<QByteArray()> job; // set: bytes come from running it
    };
    bool m_batching = false;
    std::vector<Segment> m_batch;
    QHash<QByteArray, QByteArray> m_destSums; // --checksum sums of this batch's files
    // What the generator saw at the destination for each requested file,
    // so the receiver need not look again.
    QHash<qint32, std::optional<fs::FileStat>> m_requestedStat;
    bool m_ioErrorSkipsDeletes = false;
    QSet<quint32> m_ownGroups; // a non-root receiver's groups
    QByteArray m_skipDir;      // "dir/": its mkdir failed, skip what is below
    bool m_skipAll = false;    // the destination root itself failed

    // Receiver state.
    RecvState m_recvState = RecvState::Records;
    int m_recvPhase = 0;
    protocol::NdxDecoder m_ndxIn;
    std::unique_ptr<protocol::TokenDecoder> m_tokens;
    struct Incoming;
    struct Completion;
    class CompletionQueue;
    std::shared_ptr<Incoming> m_incoming;
    std::shared_ptr<CompletionQueue> m_completions;
    TransferStats m_stats;
    protocol::TransferStats m_senderStats;
    // Last: destroyed first, so its worker finishes before the state its
    // tasks use goes away.
    std::unique_ptr<WritePipeline> m_pipeline;
};

} // namespace qrsync::session
