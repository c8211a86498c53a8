#include "hardlinkmap.h"

namespace qrsync::fs {

HardLinkMap::Membership HardLinkMap::add(quint64 dev, quint64 ino, qint32 index)
{
    auto [it, inserted] = m_leaders.try_emplace(Key{dev, ino}, index);
    return Membership{it->second, inserted};
}

std::optional<qint32> HardLinkMap::leaderOf(quint64 dev, quint64 ino) const
{
    auto it = m_leaders.find(Key{dev, ino});
    if (it == m_leaders.end())
        return std::nullopt;
    return it->second;
}

} // namespace qrsync::fs
