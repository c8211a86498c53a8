#pragma once

// The sender role (rsync sender.c send_files, flist.c send_file_list) as a
// state machine: it sends the file list, then answers each generator
// request with the file's delta against the basis described by the block
// sums (or the whole file), echoing the item header so the receiving side
// learns the itemized change. A client sender also logs each item (the
// lines `-i` prints) and reads the final goodbye.

#include "checksum/checksumtype.h"
#include "protocol/fileentry.h"
#include "protocol/itemheader.h"
#include "protocol/ndx.h"
#include "protocol/sumhead.h"
#include "session/filelistbuilder.h"
#include "session/incrementallists.h"
#include "session/role.h"
#include "session/sessionconfig.h"
#include "session/workers.h"

#include <QByteArray>

#include <memory>
#include <vector>

namespace qrsync::protocol {
class TokenEncoder;
class FileListEncoder;
} // namespace qrsync::protocol

namespace qrsync::session {

struct SenderSettings
{
    bool isServer = false;
    QList<SourceArgument> sources;
    FileListBuildOptions build;
    // Filter rules to send first (filelist.md §1), already in wire form;
    // sendFilterList says whether the receiving server expects the list.
    bool sendFilterList = false;
    QList<QByteArray> filterRules;
    // A server sender reads the client's rules first and filters by them.
    bool readFilterList = false;
    FilterFromWire filterFromWire;
    PreserveFlags preserve;
    bool dryRun = false;
    // --progress: log each file before its data (sender.c), and report
    // progress events while it is sent.
    bool progress = false;
    bool removeSourceFiles = false; // --remove-source-files: on MSG_SUCCESS
    // log.c: how much the client's output format itemizes (0: no %i,
    // 1: %i, 2: -ii) and the --info=name level, for maybe_log_item().
    int itemizeLevel = 0;
    int nameLevel = 0;
    std::optional<int> compressLevel; // --compress-level
    bool inplace = false;
    std::shared_ptr<Workers> workers = std::make_shared<InlineWorkers>();
};

class Sender final : public Role
{
public:
    Sender(HandshakeSettings handshake, SenderSettings settings,
           std::unique_ptr<PathFilter> filter);
    ~Sender() override;

    const TransferStats& stats() const { return m_stats; }
    const char* whoAmI() const override { return "sender"; }
    const std::vector<protocol::FileEntry>& fileList() const { return m_sorted; }

protected:
    void start() override;
    bool step() override;
    void handleMessage(const protocol::OobMessage& message) override;

private:
    enum class State
    {
        ReadFilters,
        Requests,
        Goodbye,
        GoodbyeEcho,
        Done
    };

    struct FileInProgress; // a whole-file transfer sent over several steps

    bool readFilters();
    void sendFileList();
    void countListed(const protocol::FileEntry& e);
    void placeSorted(const std::vector<size_t>& sorted, qint32 ndxStart,
                     std::vector<protocol::FileEntry>& entries, std::vector<QByteArray>& paths);
    // Incremental recursion (filelist.md §7).
    void startIncrementalLists(std::vector<IncrementalList> lists,
                               std::vector<protocol::FileEntry> entries,
                               std::vector<QByteArray> paths);
    void sendExtraLists(qint64 atLeast); // keeps that many files listed ahead of the generator
    void sendList(size_t k, QByteArray& out);
    size_t listOfNdx(qint32 ndx) const;
    bool listFreed();                     // an NDX_DONE that freed a list and is not a phase change
    qint64 fileOrdinal(qint32 ndx) const; // position among the real entries (progress)
    bool handleRequest();                 // one generator record; false: need more data
    bool handleGoodbye();
    void startFile(qint32 ndx, const protocol::ItemHeader& header, const protocol::SumHead& head,
                   QByteArrayView sums);
    bool continueFile(); // sends the next piece of the current file
    void finishFile();
    void logItem(qint32 ndx, quint32 iflags, const QByteArray& xname);
    void maybeLogItem(qint32 ndx, quint32 iflags, const QByteArray& xname);
    void reportProgress(bool finished);
    void removeSentSource(qint32 ndx);
    void writeHeader(qint32 ndx, const protocol::ItemHeader& header);
    void countCreated(const protocol::FileEntry& file);

    SenderSettings m_settings;
    std::unique_ptr<PathFilter> m_filter;
    State m_state = State::Requests;
    int m_phase = 0;
    // By ndx. With incremental recursion each list occupies ndxStart..
    // ndxStart + count - 1 and the slot before it holds a copy of its
    // directory's entry; an unnamed entry marks an index nothing stands for.
    std::vector<protocol::FileEntry> m_sorted;
    std::vector<QByteArray> m_sortedLocal; // local path of each ndx
    qint32 m_sentEnd = 0;                  // indices below this have been listed
    qint64 m_filesListed = 0;              // real entries listed so far

    // Incremental recursion: the planned lists and the scan they index.
    std::vector<IncrementalList> m_lists;
    std::vector<protocol::FileEntry> m_scanned;
    std::vector<QByteArray> m_scannedLocal;
    std::unique_ptr<protocol::FileListEncoder> m_listEncoder;
    std::vector<qint32> m_listStarts; // ndxStart of every list sent
    size_t m_listsSent = 0;
    size_t m_listsFreed = 0;  // lists the generator declared done (NDX_DONE)
    size_t m_requestList = 0; // list of the latest request
    bool m_listsEnded = true; // NDX_FLIST_EOF sent (or no incremental lists)
    protocol::NdxDecoder m_ndxIn;
    protocol::NdxEncoder m_ndxOut;
    std::unique_ptr<protocol::TokenEncoder> m_tokens;
    std::unique_ptr<FileInProgress> m_current;
    QByteArray m_readBuffer;
    bool m_plainTokens = false; // no compression: literals framed in place
    TransferStats m_stats;
};

} // namespace qrsync::session
