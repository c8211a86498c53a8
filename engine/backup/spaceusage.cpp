#include "backup/spaceusage.h"

namespace qrsync::backup {

void SpaceUsage::addLink(const QString& snapshot, InodeKey inode, quint64 linkCount, qint64 bytes)
{
    Inode& entry = m_inodes[inode];
    entry.linkCount = linkCount;
    entry.bytes = bytes;
    ++entry.linksIn[snapshot];
}

qint64 SpaceUsage::freedBy(const QSet<QString>& snapshots) const
{
    qint64 freed = 0;
    for (const Inode& inode : m_inodes) {
        quint64 removedLinks = 0;
        for (auto it = inode.linksIn.cbegin(); it != inode.linksIn.cend(); ++it) {
            if (snapshots.contains(it.key()))
                removedLinks += it.value();
        }
        // Links outside the snapshots (or in kept ones) keep the blocks.
        if (removedLinks > 0 && removedLinks >= inode.linkCount)
            freed += inode.bytes;
    }
    return freed;
}

} // namespace qrsync::backup
