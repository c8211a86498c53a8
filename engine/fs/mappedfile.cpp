#include "mappedfile.h"

#include "filestat.h"
#include "saferoot.h"
#include "uniquefd.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utility>

namespace qrsync::fs {

MappedFile::MappedFile(MappedFile&& other) noexcept
    : m_map(std::exchange(other.m_map, nullptr))
    , m_size(std::exchange(other.m_size, 0))
    , m_buffer(std::move(other.m_buffer))
{}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept
{
    if (this != &other) {
        release();
        m_map = std::exchange(other.m_map, nullptr);
        m_size = std::exchange(other.m_size, 0);
        m_buffer = std::move(other.m_buffer);
    }
    return *this;
}

MappedFile::~MappedFile()
{
    release();
}

void MappedFile::release()
{
    if (m_map)
        ::munmap(m_map, size_t(m_size));
    m_map = nullptr;
    m_size = 0;
    m_buffer.clear();
}

QByteArrayView MappedFile::data() const
{
    if (m_map)
        return QByteArrayView(static_cast<const char*>(m_map), m_size);
    return QByteArrayView(m_buffer);
}

void MappedFile::discard(qint64 offset, qint64 length) const
{
    if (!m_map || length <= 0)
        return;
    // Whole pages inside the range only; the kernel drops them from this
    // process (they stay in the page cache) and faults them back in if
    // they are read again, so this never changes what data() returns.
    const qint64 page = ::sysconf(_SC_PAGESIZE);
    const qint64 begin = (offset + page - 1) / page * page;
    const qint64 end = std::min(offset + length, m_size) / page * page;
    if (end > begin)
        ::madvise(static_cast<char*>(m_map) + begin, size_t(end - begin), MADV_DONTNEED);
}

Result<MappedFile> MappedFile::fromFd(int fd, const QByteArray& shownPath, Mode mode,
                                      qint64 maxSize)
{
    struct ::stat st;
    if (::fstat(fd, &st) != 0)
        return tl::unexpected(failedError(errno, "fstat", shownPath));
    if (st.st_size > maxSize)
        return makeError(ExitCode::FileIo,
                         QStringLiteral("file too large to map: ") + quotedPath(shownPath),
                         displayPath(shownPath));
    MappedFile f;
    if (mode == Mode::Auto && S_ISREG(st.st_mode) && st.st_size > 0) {
        void* p = ::mmap(nullptr, size_t(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
        if (p != MAP_FAILED) {
            f.m_map = p;
            f.m_size = st.st_size;
            return f;
        }
    }
    // read() until EOF: st_size may be 0 for procfs files or wrong for FUSE.
    QByteArray buf;
    buf.reserve(qsizetype(st.st_size > 0 ? st.st_size : 4096));
    char chunk[65536];
    qint64 at = 0;
    for (;;) {
        const ssize_t n = ::pread(fd, chunk, sizeof chunk, at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return tl::unexpected(failedError(errno, "read", shownPath, ExitCode::FileIo));
        if (n == 0)
            break;
        if (buf.size() + n > maxSize)
            return makeError(ExitCode::FileIo,
                             QStringLiteral("file too large to read: ") + quotedPath(shownPath),
                             displayPath(shownPath));
        buf.append(chunk, n);
        at += n;
    }
    f.m_size = buf.size();
    f.m_buffer = std::move(buf);
    return f;
}

Result<MappedFile> MappedFile::open(const QByteArray& path, Mode mode)
{
    UniqueFd fd(::open(path.constData(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
    if (!fd.isValid())
        return tl::unexpected(failedError(errno, "open", path));
    return fromFd(fd.get(), path, mode);
}

Result<MappedFile> MappedFile::openIn(const SafeRoot& root, const QByteArray& rel, Mode mode)
{
    auto fd = root.openRead(rel);
    if (!fd)
        return tl::unexpected(fd.error());
    return fromFd(fd->get(), rel, mode);
}

} // namespace qrsync::fs
