// The receiver half of ReceiverSide (rsync receiver.c recv_files,
// receive_data, finish_transfer): rebuilds each file the sender sends into
// a temp file, verifies the whole-file checksum and renames it into place.

#include "session/receiverside.h"
#include "session/receiverside_p.h"

#include "delta/patcher.h"
#include "fs/metadata.h"
#include "protocol/tokenstream.h"

#include <sys/stat.h>

namespace qrsync::session {

using namespace protocol;


namespace {

mode_t currentUmask()
{
    const mode_t m = ::umask(0);
    ::umask(m);
    return m;
}

} // namespace

bool ReceiverSide::receiveStep()
{
    switch (m_recvState) {
    case RecvState::Records:
        return receiveRecord();
    case RecvState::FileData:
        return receiveFileData();
    case RecvState::FileSum:
        return receiveFileSum();
    case RecvState::WaitEcho: {
        const auto ndx = m_ndxIn.decode(data());
        if (ndx.isNeedMore())
            return false;
        if (ndx.isError() || ndx.value() != kNdxDone) {
            fail(Error{ExitCode::Protocol,
                       QStringLiteral("Invalid packet at end of run [receiver]"), {}});
            return false;
        }
        consume(ndx.consumed());
        m_recvState = RecvState::Done;
        return true;
    }
    case RecvState::Done:
        return false;
    }
    return false;
}

bool ReceiverSide::receiveRecord()
{
    const QByteArrayView in = data();
    const auto ndx = m_ndxIn.peek(in);
    if (ndx.isNeedMore())
        return false;
    if (ndx.isError()) {
        failProtocol(ndx.errorMessage());
        return false;
    }
    const qint32 index = ndx.value();
    if (index == kNdxDone) {
        m_ndxIn.decode(in);
        consume(ndx.consumed());
        // receiver.c: a phase ends with each NDX_DONE; after the third the
        // receiver waits for the goodbye (an echo from protocol 31).
        if (++m_recvPhase > 2)
            m_recvState = m_config.protocol >= 31 ? RecvState::WaitEcho : RecvState::Done;
        return true;
    }
    if (index < 0 || index >= qint32(m_files.size()) || m_files[size_t(index)].removed) {
        fail(Error{ExitCode::Protocol,
                   QStringLiteral("Invalid file index: %1 (count=%2) [receiver]")
                       .arg(index)
                       .arg(m_files.size()),
                   {}});
        return false;
    }
    const auto attrs = decodeItemAttrs(in.sliced(ndx.consumed()));
    if (attrs.isNeedMore())
        return false;
    if (attrs.isError()) {
        failProtocol(attrs.errorMessage());
        return false;
    }
    const ItemHeader& header = attrs.value();
    qsizetype used = ndx.consumed() + attrs.consumed();
    if (!(header.iflags & kItemTransfer) || m_settings.dryRun) {
        m_ndxIn.decode(in);
        consume(used);
        return true;
    }
    const FileEntry& f = m_files[size_t(index)];
    if (!f.isRegular() || m_recvPhase == 2) {
        fail(Error{ExitCode::Protocol,
                   QStringLiteral("got transfer request in phase %1 for %2 [receiver]")
                       .arg(m_recvPhase)
                       .arg(QString::fromUtf8(f.name)),
                   {}});
        return false;
    }
    const auto head = decodeSumHead(in.sliced(used), checksum::digestLength(m_config.checksum));
    if (head.isNeedMore())
        return false;
    if (head.isError()) {
        failProtocol(head.errorMessage());
        return false;
    }
    m_ndxIn.decode(in);
    consume(used + head.consumed());

    auto incoming = std::make_unique<Incoming>();
    incoming->ndx = index;
    incoming->redo = m_recvPhase >= 1;
    incoming->head = head.value();
    const QByteArray rel = localName(f);
    if (auto st = m_root->lstat(rel))
        incoming->previous = *st;
    if (!incoming->head.isEmpty()) {
        // The basis the generator chose (delta.md §6): the file itself or
        // the alt-dest file it named.
        QByteArray basisPath = m_root->path() + '/' + rel;
        if ((header.iflags & kItemBasisTypeFollows) && header.basisType < m_altDestPaths.size())
            basisPath = m_altDestPaths[header.basisType] + '/' + f.name;
        auto basis = fs::MappedFile::open(basisPath);
        if (!basis) {
            fail(Error{ExitCode::FileIo, basis.error().message, {}});
            return false;
        }
        incoming->basis = std::move(*basis);
    }
    fs::AtomicFileOptions options;
    options.inPlace = m_settings.inplace;
    options.sparse = m_settings.sparse;
    auto file = fs::AtomicFile::create(*m_root, rel, options);
    if (!file) {
        // The data still arrives: read and drop it, report, go on (rsync
        // receiver.c discard_receive_data).
        errorMessage(file.error().message.toUtf8() + '\n');
    } else {
        incoming->file.emplace(std::move(*file));
    }
    Incoming* raw = incoming.get();
    incoming->patcher = std::make_unique<delta::Patcher>(
        incoming->head, incoming->basis.data(), m_config.checksum,
        [raw](QByteArrayView piece) -> Result<> {
            if (!raw->file)
                return {};
            return raw->file->write(piece);
        });
    m_tokens->beginFile();
    m_incoming = std::move(incoming);
    ++m_stats.transferredFiles;
    m_stats.totalTransferredSize += f.size;
    m_recvState = RecvState::FileData;
    return true;
}

bool ReceiverSide::receiveFileData()
{
    bool progressed = false;
    for (;;) {
        const auto event = m_tokens->next(data());
        if (event.isNeedMore())
            return progressed;
        if (event.isError()) {
            abandonFile();
            failProtocol(event.errorMessage());
            return false;
        }
        consume(event.consumed());
        progressed = true;
        const TokenEvent& ev = event.value();
        Result<> written;
        switch (ev.kind) {
        case TokenEvent::Kind::Literal:
            m_stats.literalData += ev.literal.size();
            written = m_incoming->patcher->literal(ev.literal);
            break;
        case TokenEvent::Kind::Block: {
            written = m_incoming->patcher->block(ev.blockIndex);
            if (written) {
                const SumHead& h = m_incoming->head;
                const qint64 offset = qint64(ev.blockIndex) * h.blockLength;
                const QByteArrayView block =
                    m_incoming->basis.data().sliced(offset, h.lengthOfBlock(ev.blockIndex));
                m_tokens->matchedBlockData(block);
                m_stats.matchedData += block.size();
            }
            break;
        }
        case TokenEvent::Kind::End:
            m_recvState = RecvState::FileSum;
            return true;
        }
        if (!written) {
            if (written.error().code == ExitCode::Protocol ||
                written.error().code == ExitCode::StreamIo) {
                abandonFile();
                fail(written.error());
                return false;
            }
            // A write failure (disk full, ...): keep reading, report once.
            errorMessage(written.error().message.toUtf8() + '\n');
            if (m_incoming->file) {
                m_incoming->file->abort();
                m_incoming->file.reset();
            }
        }
    }
}

void ReceiverSide::abandonFile()
{
    if (m_incoming && m_incoming->file)
        m_incoming->file->abort();
    m_incoming.reset();
}

bool ReceiverSide::receiveFileSum()
{
    const int length = checksum::digestLength(m_config.checksum);
    if (data().size() < length)
        return false;
    const QByteArray expected = data().first(length).toByteArray();
    consume(length);
    std::unique_ptr<Incoming> in = std::move(m_incoming);
    m_recvState = RecvState::Records;
    const FileEntry& f = m_files[size_t(in->ndx)];
    const QByteArray rel = localName(f);
    if (!in->file)
        return true; // already reported
    if (!in->patcher->verify(expected)) {
        in->file->abort();
        if (in->redo) {
            errorMessage(QByteArray("ERROR: " + rel + " failed verification -- update discarded.\n"));
        } else {
            const QByteArray text =
                "WARNING: " + rel + " failed verification -- update discarded (will try again).\n";
            writeMessage(MsgTag::Warning, text);
            m_redo.push_back(in->ndx);
        }
        return true;
    }
    // rsync.c set_file_attrs on the temp file, then finish_transfer's
    // backup and rename. Without --perms a new file gets the source mode
    // less the umask, an existing one keeps its own.
    fs::WantedMetadata want = wanted(f);
    fs::MetaFields which = metaFields(f, true) | fs::MetaField::Perms;
    if (!m_settings.perms) {
        want.mode = in->previous && in->previous->isRegular()
                        ? in->previous->mode
                        : (f.mode & ~quint32(currentUmask()));
    }
    want.accurateTime = true;
    in->file->setMetadata(want, which);
    if (m_settings.backup && in->previous) {
        auto b = fs::backupPath(*m_root, rel, m_settings.backupOptions, fs::BackupWay::Link);
        if (!b)
            errorMessage(b.error().message.toUtf8() + '\n');
    }
    auto committed = in->file->commit();
    if (!committed) {
        errorMessage(committed.error().message.toUtf8() + '\n');
        return true;
    }
    fileDone(in->ndx);
    return true;
}

void ReceiverSide::fileDone(qint32 ndx)
{
    m_done[size_t(ndx)] = true;
    finishHardLinks(ndx);
}

} // namespace qrsync::session
