#pragma once

// A read-only view of a whole file: the sender's source while matching and
// the receiver's basis. Regular files are mmap()ed; empty files and files
// that cannot be mapped (procfs, some FUSE) are read() into memory instead.
//
// Caveat: if another process truncates a mapped file, touching the lost
// pages raises SIGBUS. rsync avoids this with its read()-based map_ptr();
// callers reading files that may change under them should prefer
// MappedFile::Mode::Read.

#include "core/result.h"

#include <QByteArray>
#include <QByteArrayView>

namespace qrsync::fs {

class SafeRoot;

class MappedFile
{
public:
    enum class Mode
    {
        Auto,
        Read
    };

    // Maps `fd` (not consumed; the mapping stays valid after it is closed).
    // Files larger than `maxSize` are refused (the view must fit in memory
    // with the fallback, and in a qsizetype).
    static Result<MappedFile> fromFd(int fd, const QByteArray& shownPath, Mode mode = Mode::Auto,
                                     qint64 maxSize = qint64(1) << 40);
    static Result<MappedFile> open(const QByteArray& path, Mode mode = Mode::Auto);
    static Result<MappedFile> openIn(const SafeRoot& root, const QByteArray& rel,
                                     Mode mode = Mode::Auto);

    MappedFile() = default;
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();

    QByteArrayView data() const;
    // Releases the resident pages of [offset, offset + length) from this
    // process (madvise MADV_DONTNEED): long sequential passes over big
    // files then do not count the whole file as resident memory. The data
    // stays readable; it is read back from the page cache if touched.
    void discard(qint64 offset, qint64 length) const;
    qint64 size() const { return m_size; }
    bool isMapped() const { return m_map != nullptr; }

private:
    void release();

    void* m_map = nullptr;
    qint64 m_size = 0;
    QByteArray m_buffer; // the read() fallback
};

} // namespace qrsync::fs
