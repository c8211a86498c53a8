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
    pollCompletions();
    switch (m_recvState) {
    case RecvState::Records:
        return receiveRecord();
    case RecvState::FileData:
        return receiveFileData();
    case RecvState::FileSum:
        return receiveFileSum();
    case RecvState::ReadStats: {
        const auto stats = decodeTransferStats(data(), m_config.protocol);
        if (!decoded(stats))
            return false;
        consume(stats.consumed());
        m_senderStats = stats.value();
        m_recvState = m_config.protocol >= 31 ? RecvState::WaitEcho : RecvState::Done;
        return true;
    }
    case RecvState::WaitEcho: {
        if (!skipDeleteStats())
            return false;
        const auto ndx = m_ndxIn.decode(data());
        if (ndx.isNeedMore())
            return false;
        if (ndx.isError() || ndx.value() != kNdxDone) {
            fail(Error{
                ExitCode::Protocol, QStringLiteral("Invalid packet at end of run [receiver]"), {}});
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

void ReceiverSide::pollCompletions()
{
    for (Completion& c : m_completions->take()) {
        switch (c.outcome) {
        case Completion::Outcome::Committed:
            if (!c.message.isEmpty())
                reportError("receiver", c.message); // in place, but its attributes are not
            if (!m_settings.partialDir.isEmpty()) {
                // The partial data has served as the basis: drop it.
                const QByteArray partial = partialPath(localName(m_files[size_t(c.ndx)]));
                (void)m_root->unlink(partial);
                (void)m_root->rmdir(partial.left(partial.lastIndexOf('/')));
            }
            finishHardLinks(c.ndx);
            reportSuccess(c.ndx);
            break;
        case Completion::Outcome::Redo:
            tell(MsgTag::Warning, c.message);
            m_redo.push_back(c.ndx);
            break;
        case Completion::Outcome::Failed:
            if (c.message.startsWith("ERROR: "))
                errorMessage(c.message); // receiver.c prints these as they are
            else
                reportError("receiver", c.message);
            break;
        }
    }
}

void ReceiverSide::logItem(qint32 ndx, quint32 iflags, const QByteArray& xname)
{
    ItemEvent e;
    e.file = m_files[size_t(ndx)];
    e.iflags = iflags;
    e.received = true;
    if ((iflags & kItemXnameFollows) && (iflags & kItemLocalChange))
        e.hardLinkTarget = xname;
    emitEvent(std::move(e));
}

void ReceiverSide::reportProgress(qint32 ndx, bool finished)
{
    // progress.c on a receiving client: a line when a file starts and one
    // when it is complete (the sender's side does the same for a push).
    if (!m_settings.progress || isServer())
        return;
    const FileEntry& f = m_files[size_t(ndx)];
    ProgressEvent e;
    e.name = f.name;
    e.total = f.size;
    e.done = finished ? f.size : 0;
    e.finished = finished;
    e.transferredFiles = m_stats.transferredFiles;
    e.filesToCheck = qint64(m_files.size()) - ndx - 1;
    e.totalFiles = qint64(m_files.size());
    emitEvent(std::move(e));
}

void ReceiverSide::maybeLogItem(qint32 ndx, quint32 iflags, const QByteArray& xname)
{
    // log.c maybe_log_item(), as the client sees it.
    const quint32 significant = iflags & kSignificantItemFlags;
    const bool seeItem =
        m_settings.itemizeLevel > 0 && (significant || !xname.isEmpty() ||
                                        m_settings.itemizeLevel > 1 || m_settings.nameLevel >= 2);
    const bool localChange = (iflags & kItemLocalChange) && significant;
    const bool dirChange = m_files[size_t(ndx)].isDir() && significant;
    if (seeItem || localChange || !xname.isEmpty() || dirChange)
        logItem(ndx, iflags, xname);
}

bool ReceiverSide::skipDeleteStats()
{
    // io.c read_ndx_and_attrs(): the delete counts a server sender passes
    // on may come before any index; the client has counted its own.
    const auto ndx = m_ndxIn.peek(data());
    if (!decoded(ndx))
        return false;
    if (ndx.value() != kNdxDelStats)
        return true;
    const auto stats = decodeDeleteStats(data().sliced(ndx.consumed()));
    if (!decoded(stats))
        return false;
    m_ndxIn.decode(data());
    consume(ndx.consumed() + stats.consumed());
    return true;
}

bool ReceiverSide::receiveRecord()
{
    if (!skipDeleteStats())
        return false;
    const QByteArrayView in = data();
    const auto ndx = m_ndxIn.peek(in);
    if (!decoded(ndx))
        return false;
    const qint32 index = ndx.value();
    if (index == kNdxDone) {
        m_ndxIn.decode(in);
        consume(ndx.consumed());
        // A phase ends here: every file of it must be written and verified
        // before the generator learns which ones need a redo.
        m_pipeline->drain();
        pollCompletions();
        // receiver.c: a phase ends with each NDX_DONE; after the third the
        // receiver waits for the goodbye (an echo from protocol 31).
        // A client then reads the server sender's totals (main.c
        // handle_stats) before the echo.
        if (++m_recvPhase > 2)
            m_recvState = !isServer()               ? RecvState::ReadStats
                          : m_config.protocol >= 31 ? RecvState::WaitEcho
                                                    : RecvState::Done;
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
    if (!decoded(attrs))
        return false;
    const ItemHeader& header = attrs.value();
    qsizetype used = ndx.consumed() + attrs.consumed();
    if (!(header.iflags & kItemTransfer) || m_settings.dryRun) {
        m_ndxIn.decode(in);
        consume(used);
        // receiver.c recv_files(): a client logs what the sender echoed.
        if (!isServer()) {
            if (header.iflags & kItemTransfer)
                logItem(index, header.iflags, {});
            else
                maybeLogItem(index, header.iflags, header.xname);
        }
        return true;
    }
    const FileEntry& f = m_files[size_t(index)];
    // rsync.c read_ndx_and_attrs(): stock's two refusals, with its text.
    if (!f.isRegular()) {
        fail(Error{ExitCode::Protocol,
                   QStringLiteral("received request to transfer non-regular file: %1 [receiver]")
                       .arg(index),
                   {}});
        return false;
    }
    if (m_recvPhase == 2) {
        fail(Error{
            ExitCode::Protocol, QStringLiteral("got transfer request in phase 2 [receiver]"), {}});
        return false;
    }
    const auto head = decodeSumHead(in.sliced(used), checksum::digestLength(m_config.checksum));
    if (head.isError()) {
        // io.c read_sum_head(): exit_cleanup(RERR_PROTOCOL), as stock.
        fail(Error{ExitCode::Protocol, head.errorMessage(), {}});
        return false;
    }
    if (!head.isOk())
        return false;
    m_ndxIn.decode(in);
    consume(used + head.consumed());

    auto incoming = std::make_shared<Incoming>();
    incoming->ndx = index;
    incoming->redo = m_recvPhase >= 1;
    incoming->head = head.value();
    incoming->rel = localName(f);
    const auto seen = m_requestedStat.constFind(index);
    if (seen != m_requestedStat.cend()) {
        incoming->previous = seen.value();
        m_requestedStat.erase(seen);
    } else if (auto st = m_root->lstat(incoming->rel)) {
        incoming->previous = *st;
    }
    if (!incoming->head.isEmpty()) {
        // The basis the generator chose (delta.md §6): the file itself or
        // the alt-dest file it named.
        // Files in the destination are opened through the root, never
        // through a symlink: the sender chooses when a head arrives, and a
        // symlink at the target (or above it) must not make a file outside
        // the destination the basis (CVE-2024-12086; receiver.c opens it
        // with do_open_checklinks()). A basis that cannot be opened is no
        // basis, as in receiver.c: only a block match then fails.
        QByteArray basisRel = incoming->rel;
        QByteArray basisPath; // outside the root: an alt dest, an absolute --partial-dir
        if ((header.iflags & kItemBasisTypeFollows) && header.basisType < m_altDestPaths.size())
            basisPath = m_altDestPaths[header.basisType] + '/' + f.name;
        else if ((header.iflags & kItemBasisTypeFollows) &&
                 header.basisType == kFnameCmpPartialDir && !m_settings.partialDir.isEmpty())
            basisRel = partialPath(incoming->rel);
        if (basisRel.startsWith('/'))
            basisPath = basisRel;
        auto basis = basisPath.isEmpty() ? fs::MappedFile::openIn(*m_root, basisRel)
                                         : fs::MappedFile::open(basisPath);
        if (basis)
            incoming->basis = std::move(*basis);
        else
            incoming->noBasis = true;
    }
    fs::AtomicFileOptions options;
    options.inPlace = m_settings.inplace;
    options.sparse = m_settings.sparse;
    auto file = fs::AtomicFile::create(*m_root, incoming->rel, options);
    if (file)
        incoming->file.emplace(std::move(*file));
    else
        incoming->writeError = file.error(); // the data still arrives: read and drop it
    Incoming* raw = incoming.get();
    incoming->patcher =
        std::make_unique<delta::Patcher>(incoming->head, incoming->basis.data(), m_config.checksum,
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
    // receiver.c: the item is logged before its data (log_before_transfer)
    // so that --progress lines follow their name.
    if (!isServer())
        logItem(index, header.iflags, {});
    reportProgress(index, false);
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
        const std::shared_ptr<Incoming> in = m_incoming;
        switch (ev.kind) {
        case TokenEvent::Kind::Literal: {
            m_stats.literalData += ev.literal.size();
            const QByteArray bytes = ev.literal;
            m_pipeline->submit([in, bytes] { in->apply(in->patcher->literal(bytes)); },
                               bytes.size());
            break;
        }
        case TokenEvent::Kind::Block: {
            // Checked here, not on the worker: a reference outside the
            // basis is the peer's protocol error (receiver.c receive_data).
            const SumHead& h = in->head;
            const qint32 index = ev.blockIndex;
            if (in->noBasis && index >= 0 && index < h.count) {
                abandonFile();
                fail(Error{ExitCode::Protocol,
                           QStringLiteral("got a block match with no basis file for \"%1\" "
                                          "[receiver]")
                               .arg(QString::fromUtf8(m_root->fullPath(in->rel))),
                           {}});
                return false;
            }
            const qint64 offset = qint64(index) * h.blockLength;
            const qint64 length = index >= 0 && index < h.count ? h.lengthOfBlock(index) : -1;
            if (length < 0 || offset + length > in->basis.size()) {
                abandonFile();
                fail(Error{ExitCode::Protocol,
                           QStringLiteral("Invalid block index %1 (count=%2) [receiver]")
                               .arg(index)
                               .arg(h.count),
                           {}});
                return false;
            }
            m_tokens->matchedBlockData(in->basis.data().sliced(offset, length));
            m_stats.matchedData += length;
            // Keep the mapped basis from counting whole as resident memory:
            // drop its pages now and then (reads fault them back in).
            in->sinceDiscard += length;
            if (in->sinceDiscard >= (1 << 20)) {
                in->basis.discard(0, in->basis.size());
                in->sinceDiscard = 0;
            }
            m_pipeline->submit([in, index] { in->apply(in->patcher->block(index)); }, length);
            break;
        }
        case TokenEvent::Kind::End:
            m_recvState = RecvState::FileSum;
            return true;
        }
    }
}

void ReceiverSide::abandonFile()
{
    if (m_incoming) {
        const std::shared_ptr<Incoming> in = std::move(m_incoming);
        m_pipeline->submit(
            [in] { in->apply(makeError(ExitCode::Protocol, QStringLiteral("abandoned"))); }, 0);
    }
}

bool ReceiverSide::receiveFileSum()
{
    const int length = checksum::digestLength(m_config.checksum);
    if (data().size() < length)
        return false;
    const QByteArray expected = data().first(length).toByteArray();
    consume(length);
    std::shared_ptr<Incoming> in = std::move(m_incoming);
    m_recvState = RecvState::Records;
    const FileEntry& f = m_files[size_t(in->ndx)];
    reportProgress(in->ndx, true);

    // rsync.c set_file_attrs on the temp file, then finish_transfer's
    // backup and rename. Without --perms a new file gets the source mode
    // less the umask, an existing one keeps its own. Everything the task
    // needs is computed here; the task itself touches only `in`.
    fs::WantedMetadata want = wanted(f);
    const fs::MetaFields which = metaFields(f, true) | fs::MetaField::Perms;
    if (!m_settings.perms) {
        // rsync.c dest_mode(): keep an existing file's permissions; a new
        // one gets the source's, limited to the default permissions (the
        // umask applied, set-id and sticky bits off).
        want.mode = in->previous && in->previous->isRegular()
                        ? in->previous->mode
                        : (f.mode & (~07777u | (0777u & ~quint32(currentUmask()))));
    }
    want.accurateTime = true;
    const fs::SafeRoot* root = &*m_root;
    const bool backup = m_settings.backup && in->previous.has_value();
    const fs::BackupOptions backupOptions = m_settings.backupOptions;
    const std::shared_ptr<CompletionQueue> completions = m_completions;
    m_pipeline->submit(
        [in, expected, want, which, root, backup, backupOptions, completions] {
            Completion c;
            c.ndx = in->ndx;
            if (in->writeError || !in->file) {
                c.outcome = Completion::Outcome::Failed;
                c.message = (in->writeError ? in->writeError->message.toUtf8()
                                            : QByteArrayLiteral("write failed")) +
                            '\n';
                completions->push(std::move(c));
                return;
            }
            if (!in->patcher->verify(expected)) {
                (void)in->file->abort();
                if (in->redo) {
                    c.outcome = Completion::Outcome::Failed;
                    c.message = "ERROR: " + in->rel + " failed verification -- update discarded.\n";
                } else {
                    c.outcome = Completion::Outcome::Redo;
                    c.message = "WARNING: " + in->rel +
                                " failed verification -- update discarded (will try again).\n";
                }
                completions->push(std::move(c));
                return;
            }
            in->file->setMetadata(want, which);
            if (backup) {
                auto b = fs::backupPath(*root, in->rel, backupOptions, fs::BackupWay::Link);
                if (!b) {
                    c.outcome = Completion::Outcome::Failed;
                    c.message = b.error().message.toUtf8() + '\n';
                    completions->push(c);
                }
            }
            auto committed = in->file->commit();
            if (!committed) {
                c.outcome = Completion::Outcome::Failed;
                c.message = committed.error().message.toUtf8() + '\n';
            } else {
                c.outcome = Completion::Outcome::Committed;
                if (const auto& e = in->file->metadataError())
                    c.message = e->message.toUtf8() + '\n';
            }
            completions->push(std::move(c));
        },
        0);
    return true;
}

QByteArray ReceiverSide::partialPath(const QByteArray& rel) const
{
    if (m_settings.partialDir.isEmpty())
        return rel;
    const qsizetype slash = rel.lastIndexOf('/');
    const QByteArray dir = slash < 0 ? QByteArray() : rel.left(slash + 1);
    const QByteArray name = slash < 0 ? rel : rel.mid(slash + 1);
    return dir + m_settings.partialDir + '/' + name;
}

void ReceiverSide::interrupt()
{
    if (!m_pipeline)
        return;
    m_pipeline->drain();
    pollCompletions();
    if (!m_incoming)
        return;
    const std::shared_ptr<Incoming> in = std::move(m_incoming);
    if (!in->file)
        return;
    const bool keep =
        (m_settings.partial || !m_settings.partialDir.isEmpty()) && in->patcher->bytesWritten() > 0;
    if (!keep) {
        (void)in->file->abort();
        return;
    }
    const fs::WantedMetadata want = wanted(m_files[size_t(in->ndx)]);
    in->file->setMetadata(want, metaFields(m_files[size_t(in->ndx)], false) | fs::MetaField::Perms);
    if (auto r = in->file->keepAsPartial(partialPath(in->rel)); !r)
        reportError("receiver", r.error().message.toUtf8() + '\n');
}

} // namespace qrsync::session
