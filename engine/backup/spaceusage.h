#pragma once

// Hard-link aware disk usage of a set of snapshots: which inodes each
// snapshot references and how many of each inode's links it holds. An
// inode's blocks are freed only when every one of its links goes, so the
// space a removal frees depends on which other snapshots are removed with
// it and on links outside the snapshots. Pure data; snapshotscan.h fills it.

#include <QHash>
#include <QSet>
#include <QString>

namespace qrsync::backup {

class SpaceUsage
{
public:
    struct InodeKey
    {
        quint64 device = 0;
        quint64 inode = 0;
        friend bool operator==(const InodeKey&, const InodeKey&) = default;
    };

    // One directory entry of `snapshot` naming the inode; `linkCount` is the
    // inode's st_nlink and `bytes` what it occupies (st_blocks * 512).
    void addLink(const QString& snapshot, InodeKey inode, quint64 linkCount, qint64 bytes);

    // Bytes freed by removing all of `snapshots` together.
    qint64 freedBy(const QSet<QString>& snapshots) const;

    qint64 inodeCount() const { return m_inodes.size(); }

private:
    struct Inode
    {
        quint64 linkCount = 0;
        qint64 bytes = 0;
        QHash<QString, quint64> linksIn; // snapshot -> links it holds
    };
    QHash<InodeKey, Inode> m_inodes;
};

inline size_t qHash(const SpaceUsage::InodeKey& k, size_t seed = 0)
{
    return ::qHash(k.device, seed) ^ ::qHash(k.inode, seed * 31 + 7);
}

} // namespace qrsync::backup
