#include "session/sender.h"

#include "checksum/stronghasher.h"
#include "delta/matcher.h"
#include "delta/signature.h"
#include "fs/filestat.h"
#include "fs/mappedfile.h"
#include "fs/uniquefd.h"
#include "protocol/filelistencoder.h"
#include "protocol/filelistsort.h"
#include "protocol/filterwire.h"
#include "protocol/reader.h"
#include "protocol/stats.h"
#include "protocol/tokenstream.h"

#include <QElapsedTimer>

#include <cerrno>
#include <fcntl.h>
#include <numeric>
#include <sys/stat.h>
#include <unistd.h>

namespace qrsync::session {

using protocol::kNdxDelStats;
using protocol::kNdxDone;

namespace {

// Forwards the matcher's output to the token encoder and counts it. The
// matcher walks the mapped file forwards, so pages well behind it are
// released as it goes (the file would otherwise count as resident memory).
class TokenSink final : public delta::DeltaSink
{
public:
    TokenSink(protocol::TokenEncoder& tokens, QByteArray& out, const fs::MappedFile& file)
        : m_tokens(tokens)
        , m_out(out)
        , m_file(file)
    {}
    void literal(QByteArrayView data) override
    {
        m_tokens.literal(data, m_out);
        literalBytes += data.size();
        advance(data.size());
    }
    void matchedBlock(qint32 blockIndex, QByteArrayView blockData) override
    {
        m_tokens.block(blockIndex, blockData, m_out);
        matchedBytes += blockData.size();
        advance(blockData.size());
    }
    qint64 literalBytes = 0;
    qint64 matchedBytes = 0;

private:
    static constexpr qint64 kReleaseStep = 1 << 20;
    static constexpr qint64 kReleaseMargin = 256 << 10;

    void advance(qint64 bytes)
    {
        m_offset += bytes;
        if (m_offset - m_released < kReleaseStep + kReleaseMargin)
            return;
        const qint64 upTo = m_offset - kReleaseMargin;
        m_file.discard(m_released, upTo - m_released);
        m_released = upTo;
    }

    protocol::TokenEncoder& m_tokens;
    QByteArray& m_out;
    const fs::MappedFile& m_file;
    qint64 m_offset = 0;
    qint64 m_released = 0;
};

// A whole file goes out in pieces of this size per step, so the output
// buffer stays bounded however large the file is.
constexpr qsizetype kWholeFileSlice = 256 * 1024;
// sender.c: incremental lists are kept this many files ahead of the
// generator (MIN_FILECNT_LOOKAHEAD).
constexpr qint64 kListLookahead = 1000;

} // namespace

struct Sender::FileInProgress
{
    qint32 ndx = 0;
    quint32 iflags = 0;
    QByteArray xname;
    fs::UniqueFd fd; // whole-file transfers stream from here
    qint64 size = 0;
    qint64 offset = 0; // how much has been sent
    checksum::StrongHasher hasher;
    explicit FileInProgress(checksum::ChecksumType type)
        : hasher(type)
    {}
};

Sender::Sender(HandshakeSettings handshake, SenderSettings settings,
               std::unique_ptr<PathFilter> filter)
    : Role(std::move(handshake))
    , m_settings(std::move(settings))
    , m_filter(std::move(filter))
{}

Sender::~Sender() = default;

void Sender::start()
{
    m_ndxIn = protocol::NdxDecoder(m_config.protocol);
    m_ndxOut = protocol::NdxEncoder(m_config.protocol);
    m_config.fileList = makeFileListConfig(m_config, m_settings.preserve);
    const auto level =
        protocol::effectiveCompressionLevel(m_config.compression, m_settings.compressLevel);
    m_tokens =
        protocol::makeTokenEncoder(m_config.compression, level.value_or(0), m_config.protocol);
    m_plainTokens = m_config.compression == protocol::CompressionType::None;
    if (m_settings.readFilterList) {
        m_state = State::ReadFilters;
        return;
    }
    sendFileList();
}

bool Sender::readFilters()
{
    if (!readFilterList(m_settings.filterFromWire, m_filter))
        return false;
    m_state = State::Requests;
    sendFileList();
    return true;
}

void Sender::sendFileList()
{
    QByteArray out;
    if (m_settings.sendFilterList) {
        protocol::encodeFilterList(out, m_settings.filterRules);
    }

    BuiltFileList built = buildFileList(m_settings.sources, m_settings.build, *m_filter);
    for (const QByteArray& text : built.notices)
        tell(protocol::MsgTag::Info, text);
    for (const QByteArray& text : built.errors)
        reportError("sender", text, false);
    addIoError(built.ioError);

    if (m_settings.preserve.alwaysChecksum) {
        // --checksum: every regular file's digest goes into the list; the
        // files are independent, so they are hashed as worker jobs.
        const int length = m_config.fileList.checksumLength;
        const checksum::ChecksumType type = m_config.checksum;
        std::vector<size_t> regular;
        for (size_t i = 0; i < built.entries.size(); ++i) {
            if (built.entries[i].isRegular())
                regular.push_back(i);
        }
        m_settings.workers->forEach(qsizetype(regular.size()), [&](qsizetype k) {
            const size_t i = regular[size_t(k)];
            QByteArray sum(length, '\0'); // stock sends zeros for an unreadable file
            if (auto mapped = fs::MappedFile::open(built.localPaths[i])) {
                checksum::StrongHasher hasher(type);
                hasher.update(mapped->data());
                sum = hasher.finish().left(length);
            }
            built.entries[i].checksum = sum;
        });
    }

    for (const protocol::FileEntry& e : built.entries)
        countListed(e);
    std::optional<std::vector<IncrementalList>> lists;
    if (m_config.incRecurse()) {
        // With incremental recursion ids travel inline, by name.
        for (protocol::FileEntry& e : built.entries) {
            e.userName = built.userNames.value(e.uid);
            e.groupName = built.groupNames.value(e.gid);
        }
        lists = planIncrementalLists(built.entries);
        if (!lists) {
            fail(Error{ExitCode::Protocol,
                       QStringLiteral("the file list cannot be split for incremental recursion"),
                       {}});
            return;
        }
    }

    m_listEncoder = std::make_unique<protocol::FileListEncoder>(m_config.fileList);
    if (lists) {
        m_listEncoder->beginList(lists->front().ndxStart);
        for (size_t i : lists->front().sent)
            m_listEncoder->encodeEntry(built.entries[i], out);
    } else {
        for (const protocol::FileEntry& e : built.entries)
            m_listEncoder->encodeEntry(e, out);
    }
    m_listEncoder->encodeEnd(out, qint32(built.ioError));
    if (!m_config.fileList.usesSafeFlist() && built.ioError) {
        QByteArray bits;
        protocol::encodeI32(bits, qint32(built.ioError));
        writeMessage(protocol::MsgTag::IoError, bits);
    }
    m_listEncoder->encodeIdLists(out, built.userNames, built.groupNames);
    m_stats.fileListSize = out.size();
    write(out);
    m_stats.fileListBuildMs = built.buildMs;
    m_stats.fileListTransferMs = 0;
    const bool empty = std::none_of(built.entries.cbegin(), built.entries.cend(),
                                    [](const protocol::FileEntry& e) { return !e.removed; });
    if (!m_settings.isServer)
        emitEvent(FileListEvent{qint64(built.entries.size()), m_stats.totalSize});

    if (lists) {
        startIncrementalLists(std::move(*lists), std::move(built.entries),
                              std::move(built.localPaths));
    } else {
        // Indices name positions in the sorted list (filelist.md §2).
        std::vector<size_t> order(built.entries.size());
        std::iota(order.begin(), order.end(), size_t(0));
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
            return protocol::compareFileEntries(built.entries[a], built.entries[b]) < 0;
        });
        placeSorted(order, 0, built.entries, built.localPaths);
        m_filesListed = qint64(built.entries.size());
    }
    // main.c do_server_sender(): with nothing to send a server just ends;
    // its client does not start a receiver for an empty list.
    if (m_settings.isServer && empty) {
        flush();
        finish();
    }
}

void Sender::countListed(const protocol::FileEntry& e)
{
    ++m_stats.numFiles;
    if (e.isRegular()) {
        ++m_stats.numRegular;
        m_stats.totalSize += e.size;
    } else if (e.isDir()) {
        ++m_stats.numDirs;
    } else if (e.isSymlink()) {
        ++m_stats.numSymlinks;
        m_stats.totalSize += e.size;
    } else if (e.isDevice()) {
        ++m_stats.numDevices;
    } else if (e.isSpecial()) {
        ++m_stats.numSpecials;
    }
}

void Sender::placeSorted(const std::vector<size_t>& sorted, qint32 ndxStart,
                         std::vector<protocol::FileEntry>& entries, std::vector<QByteArray>& paths)
{
    const size_t end = size_t(ndxStart) + sorted.size();
    if (m_sorted.size() < end) {
        m_sorted.resize(end);
        m_sortedLocal.resize(end);
    }
    // Each entry belongs to one list: move it, a large list is never held twice.
    for (size_t k = 0; k < sorted.size(); ++k) {
        m_sorted[size_t(ndxStart) + k] = std::move(entries[sorted[k]]);
        m_sortedLocal[size_t(ndxStart) + k] = std::move(paths[sorted[k]]);
    }
    m_sentEnd = qint32(end);
}

void Sender::startIncrementalLists(std::vector<IncrementalList> lists,
                                   std::vector<protocol::FileEntry> entries,
                                   std::vector<QByteArray> paths)
{
    m_lists = std::move(lists);
    m_scanned = std::move(entries);
    m_scannedLocal = std::move(paths);
    m_listsEnded = false;
    // The first list is on its way; place it like every later one.
    const IncrementalList& first = m_lists.front();
    placeSorted(first.sorted, first.ndxStart, m_scanned, m_scannedLocal);
    if (first.parentNdx >= 0) {
        m_sorted[size_t(first.ndxStart - 1)] = m_sorted[size_t(first.parentNdx)];
        m_sortedLocal[size_t(first.ndxStart - 1)] = m_sortedLocal[size_t(first.parentNdx)];
    }
    m_filesListed = qint64(first.sent.size());
    m_listStarts.push_back(first.ndxStart);
    m_listsSent = 1;
    // flist.c send_file_list: a lone first entry is followed at once by
    // one more list (or the end), so that "file -> newname" is recognised;
    // sender.c then tops up its lookahead before reading any request.
    sendExtraLists(kListLookahead);
}

void Sender::sendExtraLists(qint64 atLeast)
{
    if (m_listsEnded)
        return;
    QByteArray out;
    // The generator works on the list of its latest request, or past every
    // list it has declared done; count what is listed beyond that.
    const size_t position = std::max(m_requestList, m_listsFreed);
    qint64 ahead = 0;
    for (size_t k = position + 1; k < m_listsSent; ++k)
        ahead += qint64(m_lists[k].sent.size());
    while (ahead < atLeast && m_listsSent < m_lists.size()) {
        sendList(m_listsSent, out);
        ahead += qint64(m_lists[m_listsSent].sent.size());
        ++m_listsSent;
    }
    if (m_listsSent == m_lists.size()) {
        m_ndxOut.encode(out, protocol::kNdxFlistEof);
        m_listsEnded = true;
        m_lists.clear();
        m_scanned.clear();
        m_scannedLocal.clear();
    }
    m_stats.fileListSize += out.size();
    write(out);
}

void Sender::sendList(size_t k, QByteArray& out)
{
    const IncrementalList& list = m_lists[k];
    m_ndxOut.encode(out, protocol::kNdxFlistOffset - list.dirIndex);
    m_listEncoder->beginList(list.ndxStart);
    for (size_t i : list.sent)
        m_listEncoder->encodeEntry(m_scanned[i], out);
    m_listEncoder->encodeEnd(out, 0); // every scan error went with the first list
    placeSorted(list.sorted, list.ndxStart, m_scanned, m_scannedLocal);
    m_listStarts.push_back(list.ndxStart);
    m_sorted[size_t(list.ndxStart - 1)] = m_sorted[size_t(list.parentNdx)];
    m_sortedLocal[size_t(list.ndxStart - 1)] = m_sortedLocal[size_t(list.parentNdx)];
    m_filesListed += qint64(list.sent.size());
}

size_t Sender::listOfNdx(qint32 ndx) const
{
    // The list whose range (its directory slot included) holds ndx.
    const auto after = std::upper_bound(m_listStarts.cbegin(), m_listStarts.cend(), ndx + 1);
    return after == m_listStarts.cbegin() ? 0 : size_t(after - m_listStarts.cbegin()) - 1;
}

qint64 Sender::fileOrdinal(qint32 ndx) const
{
    // progress.c set_current_file_index(): the index minus the list's
    // number, one directory slot preceding each list.
    if (!m_config.incRecurse())
        return ndx;
    return ndx - qint64(listOfNdx(ndx)) - 1;
}

bool Sender::listFreed()
{
    // sender.c send_files: an NDX_DONE frees the oldest list; while others
    // remain it is echoed without ending the phase.
    if (!m_config.incRecurse() || m_listsFreed >= m_listsSent)
        return false;
    ++m_listsFreed;
    if (m_listsFreed >= m_listsSent)
        return false;
    QByteArray out;
    m_ndxOut.encode(out, kNdxDone);
    write(out);
    return true;
}

void Sender::reportProgress(bool finished)
{
    if (!m_settings.progress || m_settings.isServer)
        return;
    const FileInProgress& f = *m_current;
    ProgressEvent e;
    e.name = m_sorted[size_t(f.ndx)].name;
    e.done = finished ? f.size : f.offset;
    e.total = f.size;
    e.finished = finished;
    e.transferredFiles = m_stats.transferredFiles;
    e.totalFiles = m_filesListed;
    e.filesToCheck = e.totalFiles - fileOrdinal(f.ndx) - 1;
    emitEvent(std::move(e));
}

void Sender::removeSentSource(qint32 ndx)
{
    // sender.c successful_send(): the receiver has the file; remove our
    // copy unless it changed since the list was built.
    if (ndx < 0 || ndx >= m_sentEnd || m_sorted[size_t(ndx)].name.isEmpty())
        return;
    const protocol::FileEntry& file = m_sorted[size_t(ndx)];
    const QByteArray& path = m_sortedLocal[size_t(ndx)];
    if (file.isDir())
        return;
    auto st = fs::lstatAt(AT_FDCWD, path, absolutePath(path));
    if (!st) {
        reportError("sender", st.error().message.toUtf8() + '\n');
        return;
    }
    const bool changed = (file.isRegular() && st->size != file.size) ||
                         st->mtimeSec != file.mtime || st->mtimeNsec != file.mtimeNsec;
    if (changed) {
        errorMessage("ERROR: Skipping sender remove for changed file: " + file.name + '\n');
        return;
    }
    if (::unlink(path.constData()) != 0) {
        const int err = errno;
        reportError(
            "sender",
            fs::failedError(err, "sender failed to remove", absolutePath(path)).message.toUtf8() +
                '\n');
    }
}

void Sender::handleMessage(const protocol::OobMessage& message)
{
    if (message.tag == protocol::MsgTag::Success) {
        qint32 ndx = -1;
        if (message.body.size() >= 4)
            protocol::Reader(message.body).i32(ndx);
        if (m_settings.removeSourceFiles)
            removeSentSource(ndx);
        return;
    }
    if (message.tag == protocol::MsgTag::Deleted) {
        // A server generator reports each deletion (log.c log_delete); the
        // client prints it as "*deleting".
        ItemEvent e;
        QByteArray name = message.body;
        const bool isDir = name.endsWith('\0');
        if (isDir)
            name.chop(1);
        e.file.name = name;
        e.file.mode = isDir ? protocol::kModeDirectory : protocol::kModeRegular;
        e.iflags = protocol::kItemDeleted;
        if (!m_settings.isServer)
            emitEvent(std::move(e));
        return;
    }
    Role::handleMessage(message);
}

void Sender::countCreated(const protocol::FileEntry& file)
{
    // sender.c counts what the generator reports as new (--stats).
    ++m_stats.createdFiles;
    if (file.isRegular())
        ++m_stats.createdRegular;
    else if (file.isDir())
        ++m_stats.createdDirs;
    else if (file.isSymlink())
        ++m_stats.createdSymlinks;
    else if (file.isDevice())
        ++m_stats.createdDevices;
    else
        ++m_stats.createdSpecials;
}

void Sender::writeHeader(qint32 ndx, const protocol::ItemHeader& header)
{
    QByteArray out;
    protocol::encodeItemHeader(out, m_ndxOut, ndx, header);
    write(out);
}

void Sender::logItem(qint32 ndx, quint32 iflags, const QByteArray& xname)
{
    if (m_settings.isServer)
        return;
    ItemEvent e;
    e.file = m_sorted[size_t(ndx)];
    e.iflags = iflags;
    if ((iflags & protocol::kItemXnameFollows) && (iflags & protocol::kItemLocalChange))
        e.hardLinkTarget = xname;
    emitEvent(std::move(e));
}

void Sender::maybeLogItem(qint32 ndx, quint32 iflags, const QByteArray& xname)
{
    // sender.c maybe_log_item(): a record without a transfer is shown when
    // the format itemizes it, or it changed something locally, or it names
    // a hard link, or it is a directory whose attributes changed.
    const quint32 significant = iflags & protocol::kSignificantItemFlags;
    const bool seeItem =
        m_settings.itemizeLevel > 0 && (significant || !xname.isEmpty() ||
                                        m_settings.itemizeLevel > 1 || m_settings.nameLevel >= 2);
    const bool localChange = (iflags & protocol::kItemLocalChange) && significant;
    const bool dirChange = m_sorted[size_t(ndx)].isDir() && significant;
    if (seeItem || localChange || !xname.isEmpty() || dirChange)
        logItem(ndx, iflags, xname);
}

bool Sender::step()
{
    if (m_current)
        return continueFile();
    if (outputFull())
        return false;
    switch (m_state) {
    case State::ReadFilters:
        return readFilters();
    case State::Requests:
        return handleRequest();
    case State::Goodbye:
    case State::GoodbyeEcho:
        return handleGoodbye();
    case State::Done:
        return false;
    }
    return false;
}

bool Sender::handleRequest()
{
    sendExtraLists(kListLookahead);
    const QByteArrayView in = data();
    const auto ndx = m_ndxIn.peek(in);
    if (!decoded(ndx))
        return false;
    const qint32 index = ndx.value();
    if (index == kNdxDone) {
        m_ndxIn.decode(in);
        consume(ndx.consumed());
        if (listFreed())
            return true;
        // sender.c send_files: one NDX_DONE per phase change, then a final
        // one after the third (max_phase is 2 from protocol 29).
        QByteArray out;
        m_ndxOut.encode(out, kNdxDone);
        write(out);
        if (m_settings.progress && !m_settings.isServer) {
            // sender.c: with --info=progress2 each phase end repeats the
            // totals line (end_progress(0)).
            ProgressEvent e;
            e.phaseEnd = true;
            e.transferredFiles = m_stats.transferredFiles;
            e.totalFiles = m_filesListed;
            emitEvent(std::move(e));
        }
        if (++m_phase > 2) {
            if (m_settings.isServer) {
                QByteArray stats;
                protocol::TransferStats t;
                t.senderBytesRead = bytesReceived();
                t.senderBytesWritten = bytesSent() + outgoingSize();
                t.totalSize = m_stats.totalSize;
                t.flistBuildTimeMs = m_stats.fileListBuildMs;
                t.flistXferTimeMs = m_stats.fileListTransferMs;
                protocol::encodeTransferStats(stats, t, m_config.protocol);
                write(stats);
            }
            m_state = State::Goodbye;
        }
        return true;
    }
    if (index < 0 || index >= m_sentEnd) {
        failProtocol(
            QStringLiteral("Invalid file index: %1 (count=%2) [sender]").arg(index).arg(m_sentEnd));
        return false;
    }
    if (m_sorted[size_t(index)].name.isEmpty()) {
        // A list's directory slot when that list has no directory.
        fail(Error{ExitCode::Protocol,
                   QStringLiteral("refusing transfer of cleared file index %1").arg(index),
                   {}});
        return false;
    }
    if (m_config.incRecurse())
        m_requestList = listOfNdx(index);
    const QByteArrayView afterNdx = in.sliced(ndx.consumed());
    const auto attrs = protocol::decodeItemAttrs(afterNdx);
    if (!decoded(attrs))
        return false;
    const protocol::ItemHeader& header = attrs.value();
    qsizetype used = ndx.consumed() + attrs.consumed();
    const bool transfer = header.iflags & protocol::kItemTransfer;
    if (header.iflags & protocol::kItemIsNew)
        countCreated(m_sorted[size_t(index)]);
    if (!transfer || m_settings.dryRun) {
        m_ndxIn.decode(in);
        consume(used);
        if (transfer)
            logItem(index, header.iflags, header.xname); // a dry run's transfer
        else
            maybeLogItem(index, header.iflags, header.xname);
        writeHeader(index, header);
        return true;
    }
    const auto head =
        protocol::decodeSumHead(in.sliced(used), checksum::digestLength(m_config.checksum));
    if (!decoded(head))
        return false;
    used += head.consumed();
    const qsizetype sumsBytes = qsizetype(head.value().count) * (4 + head.value().s2Length);
    if (in.size() - used < sumsBytes)
        return false;
    const QByteArray sums = in.sliced(used, sumsBytes).toByteArray();
    m_ndxIn.decode(in);
    consume(used + sumsBytes);
    startFile(index, header, head.value(), sums);
    return true;
}

void Sender::startFile(qint32 ndx, const protocol::ItemHeader& header,
                       const protocol::SumHead& head, QByteArrayView sums)
{
    const QByteArray& path = m_sortedLocal[size_t(ndx)];
    fs::UniqueFd fd(::open(path.constData(), O_RDONLY | O_CLOEXEC));
    struct stat st;
    if (!fd.isValid() || ::fstat(fd.get(), &st) != 0) {
        // sender.c: tell the generator, write nothing on the data stream.
        const int err = errno;
        const QByteArray shown = absolutePath(path);
        reportError("sender",
                    fs::systemError(
                        err,
                        QStringLiteral("send_files failed to open %1").arg(fs::quotedPath(shown)),
                        shown)
                            .message.toUtf8() +
                        '\n');
        QByteArray body;
        protocol::encodeI32(body, ndx);
        writeMessage(protocol::MsgTag::NoSend, body);
        return;
    }
    writeHeader(ndx, header);
    QByteArray out;
    protocol::encodeSumHead(out, head);
    m_tokens->beginFile();
    auto current = std::make_unique<FileInProgress>(m_config.checksum);
    current->ndx = ndx;
    current->iflags = header.iflags;
    current->xname = header.xname;
    current->size = st.st_size;
    if (!head.isEmpty()) {
        // Matching needs the whole file at hand: map it for the match.
        auto mapped = fs::MappedFile::fromFd(fd.get(), path);
        auto signature = delta::decodeSignatureBlocks(sums, head);
        if (!signature.isOk()) {
            failProtocol(signature.isError() ? signature.errorMessage()
                                             : QStringLiteral("short block sums"));
            return;
        }
        if (mapped) {
            TokenSink sink(*m_tokens, out, *mapped);
            delta::MatchOptions options;
            options.inplace = m_settings.inplace;
            delta::computeDelta(mapped->data(), signature.value(), m_config.checksum, m_config.seed,
                                m_config.seedFix(), sink, options, &current->hasher);
            m_stats.literalData += sink.literalBytes;
            m_stats.matchedData += sink.matchedBytes;
        } else {
            reportError("sender", mapped.error().message.toUtf8() + '\n');
        }
        current->offset = current->size; // nothing left to stream
    } else {
        current->fd = std::move(fd);
    }
    write(out);
    m_current = std::move(current);
    if (m_settings.progress)
        logItem(ndx, header.iflags, header.xname); // named before its data
    continueFile();
}

bool Sender::continueFile()
{
    FileInProgress& f = *m_current;
    if (f.offset < f.size) {
        if (outputFull())
            return false;
        // Stream the next slice with read(): a mapping would count the
        // whole file against our resident memory.
        if (m_readBuffer.size() != kWholeFileSlice)
            m_readBuffer = QByteArray(kWholeFileSlice, Qt::Uninitialized);
        const qint64 want = std::min<qint64>(kWholeFileSlice, f.size - f.offset);
        qint64 got = 0;
        while (got < want) {
            const ssize_t n = ::read(f.fd.get(), m_readBuffer.data() + got, size_t(want - got));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            got += n;
        }
        if (got < want) {
            // The file shrank while we sent it (rsync: "file has vanished"
            // or a changed file); its checksum will not match, and the
            // receiver asks again in the redo phase.
            reportError("sender",
                        "read errors mapping " +
                            fs::quotedPath(absolutePath(m_sortedLocal[size_t(f.ndx)])).toUtf8() +
                            '\n');
            f.size = f.offset + got;
        }
        if (m_plainTokens) {
            // Plain tokens are just "int32 length, bytes": frame the read
            // buffer straight into the output, one copy fewer.
            for (qint64 pos = 0; pos < got; pos += delta::kLiteralChunkSize) {
                const QByteArrayView piece(m_readBuffer.constData() + pos,
                                           std::min<qint64>(delta::kLiteralChunkSize, got - pos));
                QByteArray token;
                protocol::encodeI32(token, qint32(piece.size()));
                write(token);
                write(piece);
                f.hasher.update(piece);
            }
        } else {
            QByteArray out;
            out.reserve(got + (got / delta::kLiteralChunkSize + 2) * 8);
            for (qint64 pos = 0; pos < got; pos += delta::kLiteralChunkSize) {
                const QByteArrayView piece(m_readBuffer.constData() + pos,
                                           std::min<qint64>(delta::kLiteralChunkSize, got - pos));
                m_tokens->literal(piece, out);
                f.hasher.update(piece);
            }
            write(out);
        }
        m_stats.literalData += got;
        f.offset += got;
        reportProgress(false); // match.c show_progress() after each piece
        if (f.offset < f.size)
            return true;
    }
    finishFile();
    return true;
}

void Sender::finishFile()
{
    FileInProgress& f = *m_current;
    QByteArray out;
    m_tokens->endFile(out);
    out.append(f.hasher.finish());
    write(out);
    const protocol::FileEntry& file = m_sorted[size_t(f.ndx)];
    ++m_stats.transferredFiles;
    m_stats.totalTransferredSize += file.size;
    reportProgress(true);
    // sender.c logs a transferred file once its data is out (with
    // --progress it was named before).
    if (!m_settings.progress)
        logItem(f.ndx, f.iflags, f.xname);
    m_current.reset();
}

bool Sender::handleGoodbye()
{
    const QByteArrayView in = data();
    const auto ndx = m_ndxIn.peek(in);
    if (!decoded(ndx))
        return false;
    if (ndx.value() == kNdxDelStats) {
        const auto stats = protocol::decodeDeleteStats(in.sliced(ndx.consumed()));
        if (!decoded(stats))
            return false;
        m_ndxIn.decode(in);
        consume(ndx.consumed() + stats.consumed());
        const protocol::DeleteStats& d = stats.value();
        m_stats.deletedRegular = d.files;
        m_stats.deletedDirs = d.dirs;
        m_stats.deletedSymlinks = d.symlinks;
        m_stats.deletedDevices = d.devices;
        m_stats.deletedSpecials = d.specials;
        m_stats.deletedFiles = d.total();
        if (m_settings.isServer) {
            // io.c read_ndx_and_attrs(): a server sender passes the counts
            // on to the client's receiver.
            QByteArray out;
            m_ndxOut.encode(out, kNdxDelStats);
            protocol::encodeDeleteStats(out, d);
            write(out);
        }
        return true;
    }
    m_ndxIn.decode(in);
    consume(ndx.consumed());
    if (ndx.value() != kNdxDone) {
        fail(Error{ExitCode::Protocol,
                   QStringLiteral("Invalid packet at end of run (%1) [sender]").arg(ndx.value()),
                   {}});
        return false;
    }
    // main.c read_final_goodbye: from protocol 31 the sender echoes the
    // generator's NDX_DONE to the receiver, then reads the goodbye.
    if (m_state == State::Goodbye && m_config.protocol >= 31) {
        QByteArray out;
        m_ndxOut.encode(out, kNdxDone);
        write(out);
        m_state = State::GoodbyeEcho;
        return true;
    }
    m_state = State::Done;
    finish();
    return true;
}

} // namespace qrsync::session
