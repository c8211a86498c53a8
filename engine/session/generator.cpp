// The generator half of ReceiverSide (rsync generator.c recv_generator,
// itemize, generate_files; delete.c delete_in_dir): decides per file what
// the destination needs and tells the sender.

#include "session/listline.h"
#include "session/receiverside.h"
#include "session/terminaltext.h"

#include "checksum/stronghasher.h"
#include "delta/signature.h"
#include "delta/sumsizes.h"
#include "fs/directory.h"
#include "fs/metadata.h"
#include "protocol/reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace qrsync::session {

using namespace protocol;

namespace {

constexpr quint32 kChmodBits = 07777;

bool isRegular(quint32 mode)
{
    return (mode & kModeTypeMask) == kModeRegular;
}

} // namespace

fs::WantedMetadata ReceiverSide::wanted(const FileEntry& f) const
{
    fs::WantedMetadata w;
    w.mode = f.mode;
    w.uid = f.uid;
    w.gid = f.gid;
    w.mtimeSec = f.mtime;
    w.mtimeNsec = f.mtimeNsec;
    w.atimeSec = f.atime;
    w.modifyWindow = m_settings.modifyWindow;
    return w;
}

fs::MetaFields ReceiverSide::metaFields(const FileEntry& f, bool withTimes) const
{
    fs::MetaFields which;
    if (m_settings.perms && !f.isSymlink())
        which |= fs::MetaField::Perms;
    if (m_settings.preserve.uid && m_settings.amRoot)
        which |= fs::MetaField::Owner;
    if (m_settings.preserve.gid && canSetGroup(f.gid))
        which |= fs::MetaField::Group;
    const bool keepTime = m_settings.times && !(f.isDir() && m_settings.omitDirTimes);
    if (withTimes && keepTime)
        which |= fs::MetaField::Mtime;
    return which;
}

void ReceiverSide::setAttributes(const QByteArray& rel, const FileEntry& f, bool setTimes)
{
    if (m_settings.dryRun || !m_root)
        return;
    auto r = fs::applyMetadata(*m_root, rel, wanted(f), metaFields(f, setTimes));
    if (!r)
        reportError("generator", r.error().message.toUtf8() + '\n');
}

bool ReceiverSide::canSetGroup(quint32 gid) const
{
    // uidlist.c: a non-root receiver can only give files groups it is in
    // (rsync marks the others FLAG_SKIP_GROUP and leaves them alone).
    if (m_settings.amRoot)
        return true;
    return m_ownGroups.contains(gid);
}

quint32 ReceiverSide::attributeFlags(const FileEntry& f, const fs::FileStat& st) const
{
    quint32 iflags = 0;
    if (f.isRegular() && f.size != st.size)
        iflags |= kItemReportSize;
    if (!f.isSymlink() && m_settings.perms && (st.mode & kChmodBits) != (f.mode & kChmodBits))
        iflags |= kItemReportPerms;
    if (m_settings.preserve.uid && m_settings.amRoot && f.uid != st.uid)
        iflags |= kItemReportOwner;
    if (m_settings.preserve.gid && canSetGroup(f.gid) && f.gid != st.gid)
        iflags |= kItemReportGroup;
    return iflags;
}

void ReceiverSide::itemize(qint32 ndx, const FileEntry& f, const fs::FileStat* st, quint32 iflags,
                           quint8 basisType, const QByteArray& xname)
{
    // generator.c itemize(): attribute differences against what is there
    // (or IS_NEW), then a record to the sender if anything is significant.
    if (st) {
        iflags |= attributeFlags(f, *st);
        const bool keepTime = m_settings.times && !(f.isDir() && m_settings.omitDirTimes);
        const bool timeDiffers = keepTime ? !fs::sameTime(st->mtimeSec, st->mtimeNsec, f.mtime,
                                                          f.mtimeNsec, m_settings.modifyWindow)
                                          : (iflags & (kItemTransfer | kItemLocalChange)) &&
                                                !(iflags & kItemMatched) &&
                                                (!(iflags & kItemXnameFollows) || !xname.isEmpty());
        if (timeDiffers)
            iflags |= kItemReportTime;
    } else {
        iflags |= kItemIsNew;
    }
    iflags &= 0xFFFF;
    if (!(iflags & kSignificantItemFlags) && xname.isEmpty() && m_settings.nameLevel < 2 &&
        m_settings.itemizeLevel < 2)
        return;
    ItemHeader header;
    header.iflags = quint16(iflags);
    header.basisType = basisType;
    header.xname = xname;
    QByteArray out;
    encodeItemHeader(out, m_ndxOut, ndx, header);
    genWrite(out);
    if ((iflags & kItemIsNew) && !(iflags & kItemTransfer)) {
        ++m_stats.createdFiles;
        if (f.isDir())
            ++m_stats.createdDirs;
        else if (f.isSymlink())
            ++m_stats.createdSymlinks;
        else if (f.isDevice())
            ++m_stats.createdDevices;
        else if (f.isSpecial())
            ++m_stats.createdSpecials;
    }
}

bool ReceiverSide::quickCheckOk(const FileEntry& f, const fs::FileStat& st,
                                const QByteArray& absPath) const
{
    // generator.c quick_check_ok().
    switch (f.fileKind()) {
    case FileKind::Regular: {
        if (!st.isRegular() || st.size != f.size)
            return false;
        if (m_settings.preserve.alwaysChecksum) {
            const auto cached = m_destSums.constFind(absPath);
            if (cached != m_destSums.cend())
                return cached.value() == f.checksum;
            auto mapped = fs::MappedFile::open(absPath);
            if (!mapped)
                return false;
            checksum::StrongHasher hasher(m_config.checksum);
            hasher.update(mapped->data());
            const QByteArray sum = hasher.finish().left(m_config.fileList.checksumLength);
            return sum == f.checksum;
        }
        if (m_settings.sizeOnly)
            return true;
        if (m_settings.ignoreTimes)
            return false;
        return fs::sameTime(st.mtimeSec, st.mtimeNsec, f.mtime, f.mtimeNsec,
                            m_settings.modifyWindow);
    }
    case FileKind::Symlink:
        return st.isSymlink() && st.linkTarget == f.linkTarget;
    case FileKind::CharDevice:
    case FileKind::BlockDevice:
        return (st.mode & kModeTypeMask) == (f.mode & kModeTypeMask) &&
               st.rdevMajor == f.rdevMajor && st.rdevMinor == f.rdevMinor;
    case FileKind::Fifo:
    case FileKind::Socket:
        return (st.mode & kModeTypeMask) == (f.mode & kModeTypeMask);
    case FileKind::Directory:
    case FileKind::Unknown:
        return false;
    }
    return false;
}

void ReceiverSide::logDeletion(const QByteArray& rel, bool isDir, quint32 mode)
{
    if (isServer()) {
        QByteArray body = rel;
        if (isDir)
            body.append('\0');
        writeMessage(MsgTag::Deleted, body);
    } else {
        // log.c log_delete() on a pulling client: "*deleting NAME".
        ItemEvent e;
        e.file.name = rel;
        e.file.mode = mode;
        e.iflags = kItemDeleted;
        e.received = true;
        emitEvent(std::move(e));
    }
    switch (fileKindOfMode(mode)) {
    case FileKind::Regular:
        ++m_deleteStats.files;
        break;
    case FileKind::Directory:
        ++m_deleteStats.dirs;
        break;
    case FileKind::Symlink:
        ++m_deleteStats.symlinks;
        break;
    case FileKind::CharDevice:
    case FileKind::BlockDevice:
        ++m_deleteStats.devices;
        break;
    case FileKind::Fifo:
    case FileKind::Socket:
    case FileKind::Unknown:
        ++m_deleteStats.specials;
        break;
    }
}

bool ReceiverSide::deleteItem(const QByteArray& rel, const fs::FileStat& st, bool forReplace)
{
    // delete.c delete_item(): a directory goes with its contents only with
    // --delete or --force; each deleted entry is reported unless the delete
    // only makes room for a new item.
    if (m_settings.dryRun) {
        // Report what a real run would delete, contents first.
        if (!forReplace && st.isDirectory() && m_root) {
            if (auto fd = m_root->openDirectory(rel)) {
                if (auto names = fs::readDirectoryNamesOfFd(fd->get(), rel)) {
                    std::sort(names->begin(), names->end());
                    for (auto it = names->rbegin(); it != names->rend(); ++it) {
                        const QByteArray child = rel + '/' + *it;
                        if (auto cst = m_root->lstat(child))
                            deleteItem(child, *cst, false);
                    }
                }
            }
        }
        if (!forReplace)
            logDeletion(rel, st.isDirectory(), st.mode);
        return true;
    }
    if (m_settings.backup && !st.isDirectory()) {
        auto b = fs::backupPath(*m_root, rel, m_settings.backupOptions, fs::BackupWay::Rename);
        if (!b) {
            reportError("generator", b.error().message.toUtf8() + '\n');
            return false;
        }
        if (!forReplace)
            logDeletion(rel, st.isDirectory(), st.mode);
        return true;
    }
    if (st.isDirectory()) {
        const bool recurse = m_settings.deleteMode != DeleteMode::None || m_settings.force;
        auto fd = m_root->openDirectory(rel);
        std::vector<QByteArray> names;
        if (fd) {
            auto listed = fs::readDirectoryNamesOfFd(fd->get(), rel);
            if (listed)
                names = std::move(*listed);
        }
        if (!names.empty() && !recurse) {
            errorMessage("cannot delete non-empty directory: " + rel + '\n');
            return false;
        }
        std::sort(names.begin(), names.end());
        for (auto it = names.rbegin(); it != names.rend(); ++it) {
            const QByteArray child = rel + '/' + *it;
            auto cst = m_root->lstat(child);
            if (cst)
                deleteItem(child, *cst, false);
        }
        auto r = m_root->rmdir(rel);
        if (!r) {
            reportError("generator", r.error().message.toUtf8() + '\n');
            return false;
        }
    } else {
        auto r = m_root->unlink(rel);
        if (!r) {
            reportError("generator", r.error().message.toUtf8() + '\n');
            return false;
        }
    }
    if (!forReplace)
        logDeletion(rel, st.isDirectory(), st.mode);
    return true;
}

void ReceiverSide::deleteInDir(const QByteArray& dirRel)
{
    if (!m_root)
        return;
    if (m_ioErrorSkipsDeletes) {
        static const QByteArray kSkip("IO error encountered -- skipping file deletion\n");
        tell(MsgTag::Info, kSkip);
        m_ioErrorSkipsDeletes = false; // say it once; deletions stay off
        m_settings.deleteMode = DeleteMode::None;
        return;
    }
    auto fd = m_root->openDirectory(dirRel);
    if (!fd)
        return;
    auto names = fs::readDirectoryNamesOfFd(fd->get(), dirRel);
    if (!names)
        return;
    std::sort(names->begin(), names->end());
    // delete.c walks the directory listing backwards.
    for (auto it = names->rbegin(); it != names->rend(); ++it) {
        const QByteArray rel = dirRel == "." ? *it : dirRel + '/' + *it;
        if (m_listedNames.contains(rel))
            continue;
        if (!m_settings.partialDir.isEmpty() && !m_settings.partialDir.contains('/') &&
            *it == m_settings.partialDir)
            continue; // rsync protects a relative --partial-dir from deletion
        auto st = m_root->lstat(rel);
        if (!st)
            continue;
        if (!m_settings.deleteExcluded && m_filter->excluded(rel, st->isDirectory()))
            continue;
        deleteItem(rel, *st, false);
    }
}

void ReceiverSide::deletePass()
{
    // delete.c do_delete_pass(): every directory whose contents were sent.
    for (const FileEntry& f : m_files) {
        if (f.isDir() && !f.noContentDir && !f.removed)
            deleteInDir(localName(f));
    }
}

void ReceiverSide::reportSuccess(qint32 ndx)
{
    if (!m_settings.removeSourceFiles || m_settings.dryRun)
        return;
    QByteArray body;
    encodeI32(body, ndx);
    writeMessage(MsgTag::Success, body);
}

void ReceiverSide::writeDone()
{
    QByteArray out;
    m_ndxOut.encode(out, kNdxDone);
    genWrite(out);
}

void ReceiverSide::writeDeleteStats()
{
    QByteArray out;
    m_ndxOut.encode(out, kNdxDelStats);
    encodeDeleteStats(out, m_deleteStats);
    genWrite(out);
}

void ReceiverSide::genWrite(const QByteArray& bytes)
{
    if (!m_batching) {
        write(bytes);
        return;
    }
    if (m_batch.empty() || m_batch.back().job)
        m_batch.push_back(Segment{});
    m_batch.back().bytes.append(bytes);
}

void ReceiverSide::beginBatch(qint32 from, qint32 to)
{
    m_batching = true;
    m_destSums.clear();
    if (!m_settings.preserve.alwaysChecksum || !m_root)
        return;
    // --checksum compares every same-sized destination file by content:
    // hash this batch's candidates as worker jobs first.
    std::vector<QByteArray> paths;
    for (qint32 i = from; i < to; ++i) {
        const FileEntry& f = m_files[size_t(i)];
        if (f.removed || !f.isRegular())
            continue;
        auto st = m_root->lstat(localName(f));
        if (st && st->isRegular() && st->size == f.size)
            paths.push_back(m_root->path() + '/' + localName(f));
    }
    std::vector<QByteArray> sums(paths.size());
    const checksum::ChecksumType type = m_config.checksum;
    const int length = m_config.fileList.checksumLength;
    m_settings.workers->forEach(qsizetype(paths.size()), [&](qsizetype k) {
        if (auto mapped = fs::MappedFile::open(paths[size_t(k)])) {
            checksum::StrongHasher hasher(type);
            hasher.update(mapped->data());
            sums[size_t(k)] = hasher.finish().left(length);
        }
    });
    for (size_t k = 0; k < paths.size(); ++k)
        m_destSums.insert(paths[k], sums[k]);
}

void ReceiverSide::flushBatch()
{
    std::vector<size_t> jobs;
    for (size_t i = 0; i < m_batch.size(); ++i) {
        if (m_batch[i].job)
            jobs.push_back(i);
    }
    m_settings.workers->forEach(qsizetype(jobs.size()), [&](qsizetype k) {
        Segment& segment = m_batch[jobs[size_t(k)]];
        segment.bytes = segment.job();
    });
    m_batching = false;
    for (Segment& segment : m_batch)
        write(segment.bytes);
    m_batch.clear();
    m_destSums.clear();
}

void ReceiverSide::generateDirectory(qint32 ndx, const FileEntry& f, const fs::FileStat* st)
{
    const QByteArray rel = localName(f);
    std::optional<fs::FileStat> existing;
    if (st)
        existing = *st;
    if (existing && !existing->isDirectory()) {
        if (!deleteItem(rel, *existing, true))
            return;
        existing.reset();
    }
    bool itemizing = true;
    std::optional<fs::FileStat> alt;
    if (!existing && !m_altDestPaths.empty() && m_root) {
        fs::FileStat altStat;
        const int j = tryAltDestsNonRegular(ndx, f, rel, altStat);
        if (j == -2)
            itemizing = false;
        else if (j >= 0)
            alt = altStat;
    }
    if (itemizing)
        itemize(ndx, f, existing ? &*existing : (alt ? &*alt : nullptr),
                existing ? 0 : kItemLocalChange);
    const bool alreadyThere = m_createdDestination && rel == ".";
    if (!existing && !alreadyThere && !m_settings.dryRun && m_root) {
        // Without -p a new directory gets rsync's dest_mode(): no set-id or
        // sticky bits (mkdir applies the umask).
        const quint32 mode =
            m_settings.perms ? (f.mode & kChmodBits) | 0700 : (f.mode & 0777) | 0700;
        auto r = m_root->mkdir(rel, mode);
        if (!r) {
            // generator.c: report, then skip everything below it.
            reportError("generator", "recv_generator: " + r.error().message.toUtf8() + '\n');
            errorMessage("*** Skipping any contents from this failed directory ***\n", false);
            m_skipDir = rel == "." ? QByteArray() : rel + '/';
            m_skipAll = rel == ".";
            return;
        }
    }
    setAttributes(rel, f, false);
    m_dirsToTouch.push_back(ndx);
    if (m_settings.deleteMode == DeleteMode::During && !f.noContentDir)
        deleteInDir(rel);
}

void ReceiverSide::sendRequest(qint32 ndx, const FileEntry& f, const fs::FileStat* realSt,
                               quint8 basisType, const QByteArray& basisPath, bool redo)
{
    // generator.c notify_others: the record is itemized against what the
    // destination really holds, whichever file serves as the basis.
    quint32 iflags = kItemTransfer;
    if (m_settings.preserve.alwaysChecksum)
        iflags |= kItemReportChange;
    if (basisType != kFnameCmpFname)
        iflags |= kItemBasisTypeFollows;
    itemize(ndx, f, realSt, iflags, basisType);
    if (basisType == kFnameCmpFname)
        m_requestedStat.insert(ndx, realSt ? std::optional<fs::FileStat>(*realSt) : std::nullopt);
    if (m_settings.dryRun)
        return;
    if (m_settings.wholeFile || basisPath.isEmpty()) {
        QByteArray out;
        encodeSumHead(out, SumHead{});
        genWrite(out);
        return;
    }
    // The sum head and block sums of the basis: a pure job over the file.
    const qint32 forcedBlock = m_settings.blockSize;
    const checksum::ChecksumType type = m_config.checksum;
    const qint32 seed = m_config.seed;
    const bool seedFix = m_config.seedFix();
    auto job = [basisPath, forcedBlock, type, seed, seedFix, redo]() {
        SumHead head;
        delta::Signature signature;
        auto basis = fs::MappedFile::open(basisPath);
        if (basis && basis->size() > 0) {
            const qint32 blength = delta::blockLengthFor(basis->size(), forcedBlock);
            const qint32 s2 = delta::strongSumLengthFor(basis->size(), blength,
                                                        checksum::digestLength(type), redo);
            head = delta::sumHeadFor(basis->size(), blength, s2);
            signature.head = head;
            // In slices of blocks, releasing each slice's pages afterwards,
            // so a large basis is never resident all at once.
            const qint32 sliceBlocks = std::max<qint32>(1, (1 << 20) / head.blockLength);
            for (qint32 first = 0; first < head.count; first += sliceBlocks) {
                const qint32 count = std::min(sliceBlocks, head.count - first);
                const bool last = first + count == head.count;
                SumHead part{count, head.blockLength, head.s2Length, last ? head.remainder : 0};
                const qint64 offset = qint64(first) * head.blockLength;
                const qint64 length =
                    last ? basis->size() - offset : qint64(count) * head.blockLength;
                const delta::Signature slice = delta::buildSignature(
                    basis->data().sliced(offset, length), part, type, seed, seedFix);
                signature.weak.insert(signature.weak.end(), slice.weak.begin(), slice.weak.end());
                signature.strong.append(slice.strong);
                basis->discard(offset, length);
            }
        }
        QByteArray out;
        encodeSumHead(out, head);
        if (!head.isEmpty())
            delta::encodeSignatureBlocks(out, signature);
        return out;
    };
    if (m_batching)
        m_batch.push_back(Segment{{}, std::move(job)});
    else
        write(job());
}

ReceiverSide::AltDestOutcome ReceiverSide::tryAltDestsRegular(qint32 ndx, const FileEntry& f,
                                                              const QByteArray& rel,
                                                              std::optional<fs::FileStat>& st)
{
    // generator.c try_dests_reg(): the best alt-dest file, by level: 1 a
    // regular file, 2 the quick check passes, 3 attributes match too. An
    // exact match (3) is hard-linked (--link-dest) or taken as done
    // (--compare-dest); a content match (2) is copied in (a local change);
    // anything else may serve as the delta basis. When the destination
    // already has the file only an exact match counts.
    const bool existing = st.has_value();
    int level = 0;
    int best = -1;
    fs::FileStat bestStat;
    for (int j = 0; j < int(m_altDestPaths.size()); ++j) {
        const QByteArray altPath = m_altDestPaths[size_t(j)] + '/' + f.name;
        auto ast = fs::lstatAt(AT_FDCWD, altPath);
        if (!ast || !ast->isRegular())
            continue;
        if (level == 0) {
            level = 1;
            best = j;
            bestStat = *ast;
        }
        if (!quickCheckOk(f, *ast, altPath))
            continue;
        if (level == 1) {
            level = 2;
            best = j;
            bestStat = *ast;
        }
        if (unchangedAttrs(f, *ast)) {
            level = 3;
            best = j;
            bestStat = *ast;
            break;
        }
    }
    AltDestOutcome outcome;
    if (level == 0)
        return outcome;
    const QByteArray altPath = m_altDestPaths[size_t(best)] + '/' + f.name;
    const auto finished = [&] {
        finishHardLinks(ndx);
        reportSuccess(ndx);
        outcome.handled = true;
    };
    bool copy = level >= 2 && !existing;
    if (level == 3 && m_settings.altDestKind != AltDestKind::Copy) {
        if (existing) {
            if (m_settings.altDestKind == AltDestKind::Link && st->dev == bestStat.dev &&
                st->ino == bestStat.ino)
                return outcome; // already the same file
            if (!m_settings.dryRun)
                (void)m_root->unlink(rel);
        }
        if (m_settings.altDestKind == AltDestKind::Compare) {
            itemize(ndx, f, &bestStat, 0);
            finished();
            return outcome;
        }
        if (m_settings.dryRun) {
            finished();
            return outcome;
        }
        auto parent = m_root->openParent(rel);
        if (parent && ::linkat(AT_FDCWD, altPath.constData(), parent->fd.get(),
                               parent->leaf.constData(), 0) == 0) {
            finished();
            return outcome;
        }
        copy = true; // try_a_copy
    } else if (existing) {
        return outcome;
    }
    if (copy) {
        // copy_altdest_file(): the alt file's data into place, locally.
        if (!m_settings.dryRun) {
            auto source = fs::MappedFile::open(altPath);
            auto target = fs::AtomicFile::create(*m_root, rel);
            if (!source || !target) {
                reportError("generator",
                            (!source ? source.error() : target.error()).message.toUtf8() + '\n');
                return outcome;
            }
            if (auto w = target->write(source->data()); !w) {
                reportError("generator", w.error().message.toUtf8() + '\n');
                return outcome;
            }
            target->setMetadata(wanted(f), metaFields(f, true) | fs::MetaField::Perms);
            if (auto c = target->commit(); !c) {
                reportError("generator", c.error().message.toUtf8() + '\n');
                return outcome;
            }
        }
        itemize(ndx, f, &bestStat, kItemLocalChange);
        finished();
        return outcome;
    }
    outcome.basis = best;
    outcome.basisStat = bestStat;
    return outcome;
}

void ReceiverSide::generateRegular(qint32 ndx, const FileEntry& f)
{
    const QByteArray rel = localName(f);
    const QByteArray abs = m_root ? m_root->path() + '/' + rel : QByteArray();
    std::optional<fs::FileStat> st;
    if (m_root) {
        if (auto r = m_root->lstat(rel))
            st = *r;
    }
    if (m_settings.maxSize && f.size > *m_settings.maxSize)
        return;
    if (m_settings.minSize && f.size < *m_settings.minSize)
        return;
    if (m_settings.existing && !st)
        return;
    if (m_settings.ignoreExisting && st)
        return;
    if (m_settings.update && st && st->isRegular() &&
        f.mtime - st->mtimeSec < std::max(m_settings.modifyWindow, 0))
        return;
    if (st && !st->isRegular()) {
        if (!deleteItem(rel, *st, true))
            return;
        st.reset();
    }

    quint8 basisType = kFnameCmpFname;
    QByteArray basisPath = abs;
    if (!m_altDestPaths.empty() && (!st || m_settings.altDestKind != AltDestKind::Copy)) {
        const AltDestOutcome outcome = tryAltDestsRegular(ndx, f, rel, st);
        if (outcome.handled)
            return;
        if (outcome.basis >= 0) {
            // try_dests_reg() leaves the alt file's stat as "what is there"
            // for the itemized line.
            st = outcome.basisStat;
            basisType = quint8(outcome.basis);
            basisPath = m_altDestPaths[size_t(outcome.basis)] + '/' + f.name;
        }
    }

    // generator.c: a --partial-dir file is the preferred basis.
    if (!m_settings.partialDir.isEmpty() && m_root && basisType == kFnameCmpFname) {
        const QByteArray partial = partialPath(rel);
        auto pst = m_root->lstat(partial);
        if (pst && pst->isRegular()) {
            if (st && quickCheckOk(f, *st, abs)) {
                (void)m_root->unlink(partial); // up to date: the partial is stale
            } else {
                sendRequest(ndx, f, st ? &*st : nullptr, kFnameCmpPartialDir,
                            m_root->fullPath(partial), false);
                return;
            }
        }
    }
    if (st && basisType == kFnameCmpFname && quickCheckOk(f, *st, abs)) {
        itemize(ndx, f, &*st, 0);
        if (!unchangedAttrs(f, *st))
            setAttributes(rel, f, true); // rsync.c set_file_attrs() decides from the stat it has
        finishHardLinks(ndx);
        reportSuccess(ndx); // generator.c return_with_success
        return;
    }
    const bool haveBasis = st || basisType != kFnameCmpFname;
    sendRequest(ndx, f, st ? &*st : nullptr, basisType, haveBasis ? basisPath : QByteArray(),
                false);
    if (m_settings.dryRun) {
        finishHardLinks(ndx);
    }
}

void ReceiverSide::finishHardLinks(qint32 leaderNdx)
{
    // hlink.c finish_hard_link(): the members that sort before the one that
    // got the data are linked to it, itemized as "hf ... => NAME".
    const auto it = m_hardLinkFollowers.constFind(leaderNdx);
    if (it == m_hardLinkFollowers.cend())
        return;
    const FileEntry& leader = m_files[size_t(leaderNdx)];
    const QByteArray leaderRel = localName(leader);
    std::optional<fs::FileStat> leaderSt;
    if (m_root) {
        if (auto r = m_root->lstat(leaderRel))
            leaderSt = *r;
    }
    for (qint32 m : it.value()) {
        const FileEntry& f = m_files[size_t(m)];
        const QByteArray rel = localName(f);
        std::optional<fs::FileStat> st;
        if (m_root) {
            if (auto r = m_root->lstat(rel))
                st = *r;
        }
        if (st && leaderSt && st->dev == leaderSt->dev && st->ino == leaderSt->ino)
            continue; // already linked
        if (st && !m_settings.dryRun && !deleteItem(rel, *st, true))
            continue;
        if (!m_settings.dryRun && m_root) {
            auto r = m_root->link(leaderRel, rel);
            if (!r) {
                reportError("generator", r.error().message.toUtf8() + '\n');
                continue;
            }
        }
        itemize(m, f, st ? &*st : nullptr, kItemLocalChange | kItemXnameFollows, 0, leader.name);
    }
}

bool ReceiverSide::unchangedAttrs(const FileEntry& f, const fs::FileStat& st) const
{
    // generator.c unchanged_attrs(): times, perms and ownership as preserved.
    const bool keepTime = m_settings.times && !(f.isDir() && m_settings.omitDirTimes);
    if (keepTime &&
        !fs::sameTime(st.mtimeSec, st.mtimeNsec, f.mtime, f.mtimeNsec, m_settings.modifyWindow))
        return false;
    const quint32 differences = attributeFlags(f, st) & ~kItemReportSize;
    return differences == 0;
}

int ReceiverSide::tryAltDestsNonRegular(qint32 ndx, const FileEntry& f, const QByteArray& rel,
                                        fs::FileStat& altStat)
{
    // generator.c try_dests_non(): the best alt-dest entry of the same
    // type; an identical one is hard-linked (--link-dest) or taken as up
    // to date, a similar one is what the new entry is itemized against.
    int best = -1;
    int level = 0;
    for (int j = 0; j < int(m_altDestPaths.size()); ++j) {
        const QByteArray altPath = m_altDestPaths[size_t(j)] + '/' + f.name;
        auto st = fs::lstatAt(AT_FDCWD, altPath);
        if (!st || (st->mode & kModeTypeMask) != (f.mode & kModeTypeMask))
            continue;
        if (level < 1) {
            level = 1;
            best = j;
            altStat = *st;
        }
        if (!f.isDir() && !quickCheckOk(f, *st, altPath))
            continue;
        if (level < 2) {
            level = 2;
            best = j;
            altStat = *st;
        }
        if (unchangedAttrs(f, *st)) {
            level = 3;
            best = j;
            altStat = *st;
            break;
        }
    }
    if (level == 0)
        return -1;
    if (level < 3)
        return best;
    if (m_settings.altDestKind == AltDestKind::Link && !f.isDir()) {
        if (m_settings.dryRun)
            return -2;
        const QByteArray altPath = m_altDestPaths[size_t(best)] + '/' + f.name;
        auto parent = m_root->openParent(rel);
        if (!parent || ::linkat(AT_FDCWD, altPath.constData(), parent->fd.get(),
                                parent->leaf.constData(), 0) != 0)
            return -3;
        finishHardLinks(ndx);
    }
    return -2;
}

bool ReceiverSide::parentIsListedDir(const QByteArray& name)
{
    const qsizetype slash = name.lastIndexOf('/');
    // Top-level names, and -R lists, whose parents may be left out
    // (--no-implied-dirs); the fs::SafeRoot walk still refuses symlinks.
    if (slash <= 0 || m_settings.preserve.relativePaths)
        return true;
    const QByteArrayView parent = QByteArrayView(name).first(slash);
    if (parent == m_lastListedParent)
        return true;
    if (!m_listedDirs.contains(parent.toByteArray()))
        return false;
    m_lastListedParent = parent.toByteArray();
    return true;
}

void ReceiverSide::recvGenerator(qint32 ndx)
{
    const FileEntry& f = m_files[size_t(ndx)];
    if (f.removed)
        return;
    if (m_settings.listOnly) {
        protocol::FileEntry shown = f;
        if (!m_settings.preserve.links)
            shown.linkTarget.clear(); // stock shows targets only with -l
        emitEvent(MessageEvent{
            MessageEvent::Level::Info,
            escapeForTerminal(formatListLine(shown, m_settings.humanReadable), localeIsUtf8()) +
                '\n'});
        return;
    }
    const bool hardLinkFollower = m_hardLinkTarget[size_t(ndx)] >= 0;
    if (hardLinkFollower && !m_root)
        return; // linked once its group's data is in place
    const QByteArray rel = localName(f);
    if (!parentIsListedDir(f.name)) {
        // generator.c recv_generator() (3.4.0, CVE-2024-12087): an entry
        // must lie in a directory of the list. One below a symlink the list
        // made, or below nothing, means a sender trying to steer our writes.
        fail(Error{ExitCode::Protocol,
                   QStringLiteral("ABORTING due to invalid path from sender: %1")
                       .arg(QString::fromUtf8(f.name)),
                   {}});
        return;
    }
    if (m_skipAll || (!m_skipDir.isEmpty() && rel.startsWith(m_skipDir)))
        return; // below a directory that could not be made
    std::optional<fs::FileStat> st;
    if (m_root) {
        if (auto r = m_root->lstat(rel))
            st = *r;
    }
    // generator.c defers a group member only while it is missing: one that
    // is already there and up to date gets its attributes (and its item
    // line) in list order; the others are linked once the data is in place.
    if (hardLinkFollower && !(st && st->isRegular() && f.isRegular() &&
                              quickCheckOk(f, *st, m_root->path() + '/' + rel)))
        return;
    if (f.isDir()) {
        if (m_createdDestination && rel == ".")
            st.reset(); // generator.c FLAG_DIR_CREATED: itemized as new
        if (m_settings.existing && !st && !(m_createdDestination && rel == "."))
            return;
        generateDirectory(ndx, f, st ? &*st : nullptr);
        return;
    }
    if (m_settings.existing && !st)
        return;
    if (m_settings.ignoreExisting && st)
        return;
    if ((f.isSymlink() && m_settings.preserve.links) ||
        (f.isDevice() && m_settings.amRoot && m_settings.preserve.devices) ||
        (f.isSpecial() && m_settings.preserve.specials)) {
        generateSpecial(ndx, f, rel, st);
        return;
    }
    if (!isRegular(f.mode)) {
        // generator.c: INFO_GTE(NONREG, 1), on by default.
        tell(MsgTag::Info, QByteArray("skipping non-regular file \"" + f.name + "\"\n"));
        return;
    }
    generateRegular(ndx, f);
}

void ReceiverSide::generateSpecial(qint32 ndx, const FileEntry& f, const QByteArray& rel,
                                   const std::optional<fs::FileStat>& st)
{
    // generator.c recv_generator(): the symlink and device/special
    // branches, which differ only in how the entry is made.
    const auto finished = [&] {
        finishHardLinks(ndx);
        reportSuccess(ndx);
    };
    if (st && quickCheckOk(f, *st, {})) {
        if (!unchangedAttrs(f, *st))
            setAttributes(rel, f, true);
        itemize(ndx, f, &*st, 0);
        finished();
        return;
    }
    const bool sameType = st && (st->mode & kModeTypeMask) == (f.mode & kModeTypeMask);
    std::optional<fs::FileStat> alt;
    bool itemizing = true;
    if (!st && !m_altDestPaths.empty()) {
        fs::FileStat altStat;
        const int j = tryAltDestsNonRegular(ndx, f, rel, altStat);
        if (j == -2 && m_settings.altDestKind != AltDestKind::Copy)
            return; // linked, or up to date in a --compare-dest
        if (j == -2 || j == -3)
            itemizing = false;
        else if (j >= 0)
            alt = altStat;
    }
    if (st && !deleteItem(rel, *st, true))
        return;
    if (!m_settings.dryRun && m_root) {
        auto r = f.isSymlink() ? m_root->symlink(rel, f.linkTarget)
                               : m_root->mknod(rel, f.mode, f.rdevMajor, f.rdevMinor);
        if (!r) {
            reportError("generator", r.error().message.toUtf8() + '\n');
            return;
        }
    }
    setAttributes(rel, f, true);
    if (itemizing)
        itemize(ndx, f, sameType ? &*st : (alt ? &*alt : nullptr),
                kItemLocalChange | kItemReportChange);
    finished();
}

void ReceiverSide::touchUpDirectories()
{
    // generator.c touch_up_dirs(): directory times (and modes) last, since
    // filling a directory changes its mtime.
    for (qint32 ndx : m_dirsToTouch) {
        const FileEntry& f = m_files[size_t(ndx)];
        setAttributes(localName(f), f, true);
    }
}

bool ReceiverSide::generateStep()
{
    switch (m_genPhase) {
    case GenPhase::Files: {
        if (outputFull())
            return false;
        if (m_cursor == 0 && m_settings.deleteMode == DeleteMode::Before)
            deletePass();
        const qint32 n = qint32(m_files.size());
        const qint32 stop = std::min(n, m_cursor + 64);
        beginBatch(m_cursor, stop);
        while (m_cursor < stop && !hasFailed())
            recvGenerator(m_cursor++);
        flushBatch();
        if (m_cursor < n)
            return true;
        // generate_files(): the end of phase 0 (one list: one NDX_DONE).
        writeDone();
        m_genPhase = GenPhase::WaitPhase0;
        return true;
    }
    case GenPhase::WaitPhase0: {
        if (m_recvPhase < 1)
            return false;
        // Phase 1: redo requests for files that failed verification.
        while (!m_redo.empty()) {
            const qint32 ndx = m_redo.front();
            m_redo.pop_front();
            const FileEntry& f = m_files[size_t(ndx)];
            std::optional<fs::FileStat> st;
            if (m_root) {
                if (auto r = m_root->lstat(localName(f)))
                    st = *r;
            }
            sendRequest(ndx, f, st ? &*st : nullptr, kFnameCmpFname,
                        st && m_root ? m_root->path() + '/' + localName(f) : QByteArray(), true);
        }
        writeDone(); // end of phase 1
        writeDone(); // phase 2 (no --delay-updates)
        const bool earlyDelete = m_settings.deleteMode != DeleteMode::After &&
                                 m_settings.deleteMode != DeleteMode::Delay;
        if (m_config.protocol >= 31 && earlyDelete) {
            if (m_settings.deleteMode != DeleteMode::None || m_settings.force)
                writeDeleteStats();
            writeDone();
        }
        m_genPhase = GenPhase::WaitPhase1;
        return true;
    }
    case GenPhase::WaitPhase1: {
        if (m_recvPhase < 2)
            return false;
        if (m_settings.deleteMode == DeleteMode::After ||
            m_settings.deleteMode == DeleteMode::Delay)
            deletePass();
        touchUpDirectories();
        const bool earlyDelete = m_settings.deleteMode != DeleteMode::After &&
                                 m_settings.deleteMode != DeleteMode::Delay;
        if (m_config.protocol >= 31 && !earlyDelete) {
            writeDeleteStats();
            writeDone();
        }
        writeDone(); // the goodbye
        m_genPhase = GenPhase::Finished;
        return true;
    }
    case GenPhase::Finished:
        return false;
    }
    return false;
}

} // namespace qrsync::session
