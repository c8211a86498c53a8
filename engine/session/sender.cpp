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

    protocol::FileListEncoder encoder(m_config.fileList);
    for (const protocol::FileEntry& e : built.entries)
        encoder.encodeEntry(e, out);
    encoder.encodeEnd(out, qint32(built.ioError));
    if (!m_config.fileList.usesSafeFlist() && built.ioError) {
        QByteArray bits;
        protocol::encodeI32(bits, qint32(built.ioError));
        writeMessage(protocol::MsgTag::IoError, bits);
    }
    encoder.encodeIdLists(out, built.userNames, built.groupNames);
    m_stats.fileListSize = out.size();
    write(out);
    m_stats.fileListBuildMs = built.buildMs;

    // Indices name positions in the sorted list (filelist.md §2); keep the
    // local path of each entry next to it.
    std::vector<size_t> order(built.entries.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return protocol::compareFileEntries(built.entries[a], built.entries[b]) < 0;
    });
    for (const protocol::FileEntry& e : built.entries) {
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
    // Apply the permutation in place, cycle by cycle, so a large list is
    // never held twice.
    for (size_t start = 0; start < order.size(); ++start) {
        if (order[start] == start || order[start] == size_t(-1))
            continue;
        size_t current = start;
        protocol::FileEntry entry = std::move(built.entries[start]);
        QByteArray local = std::move(built.localPaths[start]);
        for (;;) {
            const size_t next = order[current];
            order[current] = size_t(-1);
            if (next == start) {
                built.entries[current] = std::move(entry);
                built.localPaths[current] = std::move(local);
                break;
            }
            built.entries[current] = std::move(built.entries[next]);
            built.localPaths[current] = std::move(built.localPaths[next]);
            current = next;
        }
    }
    m_sorted = std::move(built.entries);
    m_sortedLocal = std::move(built.localPaths);
    m_stats.fileListTransferMs = 0;
    if (!m_settings.isServer)
        emitEvent(FileListEvent{qint64(m_sorted.size()), m_stats.totalSize});
    // main.c do_server_sender(): with nothing to send a server just ends;
    // its client does not start a receiver for an empty list.
    const bool empty = std::none_of(m_sorted.cbegin(), m_sorted.cend(),
                                    [](const protocol::FileEntry& e) { return !e.removed; });
    if (m_settings.isServer && empty) {
        flush();
        finish();
    }
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
    e.totalFiles = qint64(m_sorted.size());
    e.filesToCheck = e.totalFiles - f.ndx - 1;
    emitEvent(std::move(e));
}

void Sender::removeSentSource(qint32 ndx)
{
    // sender.c successful_send(): the receiver has the file; remove our
    // copy unless it changed since the list was built.
    if (ndx < 0 || ndx >= qint32(m_sorted.size()))
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
    const QByteArrayView in = data();
    const auto ndx = m_ndxIn.peek(in);
    if (!decoded(ndx))
        return false;
    const qint32 index = ndx.value();
    if (index == kNdxDone) {
        m_ndxIn.decode(in);
        consume(ndx.consumed());
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
            e.totalFiles = qint64(m_sorted.size());
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
    if (index < 0 || index >= qint32(m_sorted.size())) {
        failProtocol(QStringLiteral("Invalid file index: %1 (count=%2) [sender]")
                         .arg(index)
                         .arg(m_sorted.size()));
        return false;
    }
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
