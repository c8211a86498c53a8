#pragma once

// -H: which entries share an inode (filelist.md §3, "Hard links"). Keyed by
// (dev, ino) across the whole run; the first index seen for an inode leads
// its group.

#include <QtGlobal>

#include <cstddef>
#include <optional>
#include <unordered_map>

namespace qrsync::fs {

class HardLinkMap
{
public:
    struct Membership
    {
        qint32 leader; // the group's first index
        bool isLeader; // true when `index` itself was the first
    };

    // Records `index` for (dev, ino) unless the inode is known; returns the
    // group's leader either way.
    Membership add(quint64 dev, quint64 ino, qint32 index);
    std::optional<qint32> leaderOf(quint64 dev, quint64 ino) const;
    std::size_t size() const { return m_leaders.size(); }
    void clear() { m_leaders.clear(); }

private:
    struct Key
    {
        quint64 dev;
        quint64 ino;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash
    {
        std::size_t operator()(const Key& k) const noexcept
        {
            return std::size_t(k.ino * 0x9E3779B97F4A7C15ull ^ k.dev);
        }
    };
    std::unordered_map<Key, qint32, KeyHash> m_leaders;
};

} // namespace qrsync::fs
