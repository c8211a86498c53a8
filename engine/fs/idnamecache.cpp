#include "idnamecache.h"

#include <cerrno>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <vector>

namespace qrsync::fs {

namespace {

// Runs a getpw*_r/getgr*_r call, growing the buffer on ERANGE.
template<typename Entry, typename Call>
std::optional<Entry> lookup(Call call, std::vector<char>& buf)
{
    buf.resize(1024);
    for (;;) {
        Entry entry;
        Entry* found = nullptr;
        const int rc = call(&entry, buf.data(), buf.size(), &found);
        if (rc == ERANGE && buf.size() < (1u << 20)) {
            buf.resize(buf.size() * 4);
            continue;
        }
        if (rc != 0 || !found)
            return std::nullopt;
        return entry;
    }
}

} // namespace

std::optional<QByteArray> IdNameCache::userName(quint32 uid)
{
    if (auto it = m_userNames.constFind(uid); it != m_userNames.constEnd())
        return *it;
    std::vector<char> buf;
    auto pw = lookup<struct passwd>(
        [uid](passwd* e, char* b, size_t n, passwd** r) { return ::getpwuid_r(uid, e, b, n, r); },
        buf);
    std::optional<QByteArray> name;
    if (pw)
        name = QByteArray(pw->pw_name);
    m_userNames.insert(uid, name);
    return name;
}

std::optional<QByteArray> IdNameCache::groupName(quint32 gid)
{
    if (auto it = m_groupNames.constFind(gid); it != m_groupNames.constEnd())
        return *it;
    std::vector<char> buf;
    auto gr = lookup<struct group>(
        [gid](group* e, char* b, size_t n, group** r) { return ::getgrgid_r(gid, e, b, n, r); },
        buf);
    std::optional<QByteArray> name;
    if (gr)
        name = QByteArray(gr->gr_name);
    m_groupNames.insert(gid, name);
    return name;
}

std::optional<quint32> IdNameCache::uidForName(const QByteArray& name)
{
    if (auto it = m_uids.constFind(name); it != m_uids.constEnd())
        return *it;
    std::vector<char> buf;
    const QByteArray z = name; // NUL-terminated copy
    auto pw =
        lookup<struct passwd>([&z](passwd* e, char* b, size_t n,
                                   passwd** r) { return ::getpwnam_r(z.constData(), e, b, n, r); },
                              buf);
    std::optional<quint32> id;
    if (pw)
        id = pw->pw_uid;
    m_uids.insert(name, id);
    return id;
}

std::optional<quint32> IdNameCache::gidForName(const QByteArray& name)
{
    if (auto it = m_gids.constFind(name); it != m_gids.constEnd())
        return *it;
    std::vector<char> buf;
    const QByteArray z = name;
    auto gr =
        lookup<struct group>([&z](group* e, char* b, size_t n,
                                  group** r) { return ::getgrnam_r(z.constData(), e, b, n, r); },
                             buf);
    std::optional<quint32> id;
    if (gr)
        id = gr->gr_gid;
    m_gids.insert(name, id);
    return id;
}

} // namespace qrsync::fs
