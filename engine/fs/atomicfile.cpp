#include "atomicfile.h"

#include "saferoot.h"

#include <QRandomGenerator>

#include <cerrno>
#include <climits>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace qrsync::fs {

namespace {

// rsync.h TMPNAME_SUFFIX ".XXXXXX".
constexpr qsizetype TempSuffixLength = 7;
// fileio.c SPARSE_WRITE_SIZE: zero runs are looked for per 1 KiB piece.
constexpr qsizetype SparseChunk = 1024;

QByteArray randomPart()
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    QByteArray out(6, Qt::Uninitialized);
    for (char& c : out)
        c = alphabet[QRandomGenerator::global()->bounded(int(sizeof alphabet - 1))];
    return out;
}

} // namespace

QByteArray tempNameTemplate(const QByteArray& leaf, bool inTempDir)
{
    // receiver.c get_tmpname(): room for the name is NAME_MAX - 1 (the dot)
    // - 7 (the suffix), minus the terminator strlcpy keeps.
    QByteArray name = leaf;
    QByteArray out;
    if (!inTempDir) {
        if (name.startsWith('.'))
            name.remove(0, 1);
        out += '.';
    }
    const qsizetype maxName = NAME_MAX - 1 - TempSuffixLength - 1;
    if (name.size() > maxName) {
        const bool cutHighBit = uchar(name.at(maxName)) & 0x80;
        name.truncate(maxName);
        // Don't leave half a multi-byte character behind.
        if (cutHighBit) {
            while (!name.isEmpty() && (uchar(name.back()) & 0x80))
                name.chop(1);
        }
    }
    if (name.endsWith('.'))
        name.chop(1);
    out += name;
    out += ".XXXXXX";
    return out;
}

AtomicFile::AtomicFile(AtomicFile&&) noexcept = default;
AtomicFile& AtomicFile::operator=(AtomicFile&& other) noexcept
{
    if (this != &other) {
        if (!isFinished())
            (void)abort();
        m_root = other.m_root;
        m_rel = std::move(other.m_rel);
        m_leaf = std::move(other.m_leaf);
        m_parentFd = std::move(other.m_parentFd);
        m_tempDirFd = std::move(other.m_tempDirFd);
        m_tempLeaf = std::move(other.m_tempLeaf);
        m_tempDir = std::move(other.m_tempDir);
        m_fd = std::move(other.m_fd);
        m_options = std::move(other.m_options);
        m_offset = other.m_offset;
        m_want = other.m_want;
        m_which = other.m_which;
    }
    return *this;
}

AtomicFile::~AtomicFile()
{
    if (!isFinished())
        (void)abort();
}

QByteArray AtomicFile::tempPath() const
{
    if (m_tempLeaf.isEmpty())
        return m_rel;
    if (!m_tempDir.isEmpty())
        return m_tempDir + '/' + m_tempLeaf;
    const qsizetype slash = m_rel.lastIndexOf('/');
    const QByteArray rel = slash < 0 ? m_tempLeaf : m_rel.left(slash + 1) + m_tempLeaf;
    return m_root ? m_root->fullPath(rel) : rel;
}

Result<AtomicFile> AtomicFile::create(const SafeRoot& root, const QByteArray& rel,
                                      AtomicFileOptions options)
{
    auto parent = root.openParent(rel);
    if (!parent)
        return tl::unexpected(parent.error());
    if (parent->leaf == ".")
        return makeError(ExitCode::Partial, QStringLiteral("cannot write the destination root"),
                         displayPath(rel));

    AtomicFile f;
    f.m_root = &root;
    f.m_rel = rel;
    f.m_leaf = parent->leaf;
    f.m_parentFd = std::move(parent->fd);
    f.m_options = std::move(options);

    if (f.m_options.inPlace) {
        UniqueFd fd(::openat(f.m_parentFd.get(), f.m_leaf.constData(),
                             O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC,
                             0600));
        if (!fd.isValid())
            return tl::unexpected(failedError(errno, "open", rel));
        struct ::stat st;
        if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode))
            return makeError(ExitCode::Partial,
                             QStringLiteral("in-place target is not a regular file: ") +
                                 quotedPath(rel),
                             displayPath(rel));
        ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
        f.m_fd = std::move(fd);
        return f;
    }

    const bool inTempDir = !f.m_options.tempDir.isEmpty();
    if (inTempDir) {
        f.m_tempDir = f.m_options.tempDir;
        f.m_tempDirFd.reset(
            ::open(f.m_options.tempDir.constData(), O_PATH | O_DIRECTORY | O_CLOEXEC));
        if (!f.m_tempDirFd.isValid())
            return tl::unexpected(failedError(errno, "open", f.m_options.tempDir));
    } else {
        f.m_tempDirFd.reset(::fcntl(f.m_parentFd.get(), F_DUPFD_CLOEXEC, 0));
        if (!f.m_tempDirFd.isValid())
            return tl::unexpected(failedError(errno, "open", rel));
    }

    QByteArray name = tempNameTemplate(f.m_leaf, inTempDir);
    // Like mkstemp(), but relative to the directory fd we resolved safely.
    for (int attempt = 0; attempt < 100; ++attempt) {
        name.replace(name.size() - 6, 6, randomPart());
        UniqueFd fd(::openat(f.m_tempDirFd.get(), name.constData(),
                             O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
        if (fd.isValid()) {
            // The umask may have taken bits away; 0600 is what rsync's
            // receiver relies on (do_mkstemp).
            ::fchmod(fd.get(), 0600);
            f.m_fd = std::move(fd);
            f.m_tempLeaf = name;
            return f;
        }
        if (errno != EEXIST) {
            f.m_tempLeaf = name;
            return tl::unexpected(failedError(errno, "mkstemp", f.tempPath(), ExitCode::Partial));
        }
    }
    return makeError(ExitCode::Partial,
                     QStringLiteral("mkstemp: no unique temp name for ") + quotedPath(rel));
}

Result<> AtomicFile::write(QByteArrayView data)
{
    if (isFinished())
        return makeError(ExitCode::FileIo, QStringLiteral("write after the file was finished"),
                         displayPath(m_rel));
    auto writeAll = [this](const char* p, qsizetype n, qint64 at) -> Result<> {
        while (n > 0) {
            const ssize_t w = ::pwrite(m_fd.get(), p, size_t(n), at);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                return tl::unexpected(
                    failedError(w < 0 ? errno : ENOSPC, "write", tempPath(), ExitCode::FileIo));
            p += w;
            n -= w;
            at += w;
        }
        return {};
    };
    if (!m_options.sparse || m_options.inPlace) {
        auto r = writeAll(data.data(), data.size(), m_offset);
        if (!r)
            return r;
        m_offset += data.size();
        return {};
    }
    // fileio.c write_sparse(): per piece, skip the leading and trailing
    // zeros and write the middle; the skipped ranges stay holes.
    for (qsizetype pos = 0; pos < data.size(); pos += SparseChunk) {
        const qsizetype len = std::min(SparseChunk, data.size() - pos);
        const char* p = data.data() + pos;
        qsizetype first = 0;
        while (first < len && p[first] == 0)
            ++first;
        if (first < len) {
            qsizetype last = len;
            while (last > first && p[last - 1] == 0)
                --last;
            auto r = writeAll(p + first, last - first, m_offset + first);
            if (!r)
                return r;
        }
        m_offset += len;
    }
    return {};
}

Result<> AtomicFile::seek(qint64 offset)
{
    if (offset < 0)
        return makeError(ExitCode::FileIo, QStringLiteral("negative seek"), displayPath(m_rel));
    m_offset = offset;
    return {};
}

void AtomicFile::setMetadata(const WantedMetadata& want, MetaFields which)
{
    m_want = want;
    m_which = which;
}

// Sets the size: a temp file ending in a hole, or an in-place file that
// shrank, ends exactly at the offset (receiver.c: do_ftruncate at the end).
Result<> AtomicFile::finishData()
{
    if (::ftruncate(m_fd.get(), m_offset) != 0)
        return tl::unexpected(failedError(errno, "ftruncate", tempPath(), ExitCode::FileIo));
    if (m_options.fsync && ::fsync(m_fd.get()) != 0)
        return tl::unexpected(failedError(errno, "fsync", tempPath(), ExitCode::FileIo));
    return {};
}

Result<MetaFields> AtomicFile::commit()
{
    if (isFinished())
        return makeError(ExitCode::FileIo, QStringLiteral("commit of a finished file"),
                         displayPath(m_rel));
    if (auto r = finishData(); !r) {
        (void)abort();
        return tl::unexpected(r.error());
    }
    MetaFields changed;
    std::optional<Error> metadataError;
    if (m_which) {
        // rsync's finish_transfer() reports a failed chown/chmod and still
        // renames the file into place: the data is good.
        auto r = applyMetadataFd(m_fd.get(), tempPath(), m_want, m_which);
        if (r)
            changed = *r;
        else
            metadataError = r.error();
    }
    if (!m_tempLeaf.isEmpty()) {
        if (::renameat(m_tempDirFd.get(), m_tempLeaf.constData(), m_parentFd.get(),
                       m_leaf.constData()) != 0) {
            // rsync falls back to a copy across file systems (robust_rename);
            // not done here yet: the caller sees EXDEV.
            const Error e = systemError(
                errno,
                QStringLiteral("rename %1 -> %2").arg(quotedPath(tempPath()), quotedPath(m_rel)),
                m_rel);
            (void)abort();
            return tl::unexpected(e);
        }
    }
    m_tempLeaf.clear();
    m_fd.reset();
    m_metadataError = metadataError;
    return changed;
}

Result<> AtomicFile::abort()
{
    if (isFinished())
        return {};
    m_fd.reset();
    if (m_tempLeaf.isEmpty())
        return {};
    const QByteArray shown = tempPath();
    const bool ok = ::unlinkat(m_tempDirFd.get(), m_tempLeaf.constData(), 0) == 0;
    const int err = errno;
    m_tempLeaf.clear();
    if (!ok && err != ENOENT)
        return tl::unexpected(failedError(err, "unlink", shown));
    return {};
}

Result<> AtomicFile::keepAsPartial(const QByteArray& rel)
{
    if (isFinished())
        return makeError(ExitCode::Partial, QStringLiteral("keep of a finished file"),
                         displayPath(m_rel));
    if (m_tempLeaf.isEmpty()) { // in place: the data already is where it goes
        auto r = finishData();
        m_fd.reset();
        return r;
    }
    if (auto r = finishData(); !r) {
        (void)abort();
        return r;
    }
    MetaFields which = m_which;
    which &= ~(MetaFields(MetaField::Mtime) | MetaField::Atime);
    if (which) {
        if (auto r = applyMetadataFd(m_fd.get(), tempPath(), m_want, which); !r) {
            (void)abort();
            return tl::unexpected(r.error());
        }
    }
    auto dest = m_root->openParent(rel);
    if (!dest && rel.contains('/')) {
        // handle_partial_dir(): the partial dir is made on demand, 0700.
        const QByteArray dir = rel.left(rel.lastIndexOf('/'));
        if (auto made = m_root->mkdir(dir, 0700); made)
            dest = m_root->openParent(rel);
    }
    if (!dest) {
        (void)abort();
        return tl::unexpected(dest.error());
    }
    if (::renameat(m_tempDirFd.get(), m_tempLeaf.constData(), dest->fd.get(),
                   dest->leaf.constData()) != 0) {
        const Error e = systemError(
            errno, QStringLiteral("rename %1 -> %2").arg(quotedPath(tempPath()), quotedPath(rel)),
            rel);
        (void)abort();
        return tl::unexpected(e);
    }
    m_tempLeaf.clear();
    m_fd.reset();
    return {};
}

} // namespace qrsync::fs
