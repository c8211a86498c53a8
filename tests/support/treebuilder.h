#pragma once

// Builds source trees for parity tests with exact metadata: nanosecond
// mtimes, modes, odd names, links, fifos, devices, sparse and large files.
// Paths are raw bytes; failures abort the test with a message.

#include <QByteArray>

namespace qrsync::test {

class TreeBuilder
{
public:
    explicit TreeBuilder(QByteArray root);

    const QByteArray& root() const { return m_root; }
    QByteArray path(const QByteArray& rel) const;

    void dir(const QByteArray& rel, quint32 mode = 0755);
    void file(const QByteArray& rel, const QByteArray& content, quint32 mode = 0644);
    // A file of `size` pseudo-random bytes from `seed` (deterministic).
    void randomFile(const QByteArray& rel, qint64 size, quint32 seed, quint32 mode = 0644);
    // A file with data only at its start and end; the middle is a hole.
    void sparseFile(const QByteArray& rel, qint64 size);
    void symlink(const QByteArray& rel, const QByteArray& target);
    void hardLink(const QByteArray& rel, const QByteArray& existingRel);
    void fifo(const QByteArray& rel, quint32 mode = 0644);
    void charDevice(const QByteArray& rel, quint32 major, quint32 minor);
    void setMtime(const QByteArray& rel, qint64 sec, qint64 nsec);
    void chown(const QByteArray& rel, quint32 uid, quint32 gid);
    // Overwrites `length` bytes at `offset` with pseudo-random data and keeps
    // the old mtime unless told otherwise (so only a checksum can see it).
    void patch(const QByteArray& rel, qint64 offset, qint64 length, quint32 seed);
    // Appends `length` pseudo-random bytes (the mtime changes to now).
    void append(const QByteArray& rel, qint64 length, quint32 seed);
    void remove(const QByteArray& rel);

    // The tree of the foundation parity test: every file type, odd names,
    // varied permissions and nanosecond times. bigFileSize 0 leaves out the
    // large file.
    void buildRichTree(qint64 bigFileSize);
    // A second state of the rich tree: files added, modified, deleted and
    // renamed, and metadata-only changes.
    void applyChangeSet();

private:
    QByteArray m_root;
};

} // namespace qrsync::test
