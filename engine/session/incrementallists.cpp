#include "session/incrementallists.h"

#include "protocol/filelistsort.h"

#include <QByteArray>
#include <QHash>

#include <algorithm>

namespace qrsync::session {

namespace {

struct DirNode
{
    size_t entry = 0;
    qint32 ndx = -1; // global index of the directory's entry
    int parent = -1;
    int firstChild = -1;
    int nextSibling = -1;
};

class Planner
{
public:
    explicit Planner(std::vector<protocol::FileEntry>& entries)
        : m_entries(entries)
    {}

    std::optional<std::vector<IncrementalList>> run()
    {
        std::vector<size_t> top;
        for (size_t i = 0; i < m_entries.size(); ++i) {
            const QByteArray& name = m_entries[i].name;
            const qsizetype slash = name.lastIndexOf('/');
            if (slash < 0)
                top.push_back(i);
            else
                m_children[name.left(slash)].push_back(i);
        }
        addList(std::move(top), -1);
        int current = m_rootFirst;
        while (current >= 0) {
            addList(m_children.take(m_entries[m_dirs[size_t(current)].entry].name), current);
            const DirNode& node = m_dirs[size_t(current)];
            if (node.firstChild >= 0) {
                current = node.firstChild;
                continue;
            }
            while (current >= 0 && m_dirs[size_t(current)].nextSibling < 0)
                current = m_dirs[size_t(current)].parent;
            if (current >= 0)
                current = m_dirs[size_t(current)].nextSibling;
        }
        if (!m_children.isEmpty())
            return std::nullopt; // entries whose directory was never listed
        renumberHardLinks();
        return std::move(m_lists);
    }

private:
    void addList(std::vector<size_t> sent, int dirIndex)
    {
        IncrementalList list;
        list.dirIndex = dirIndex;
        list.ndxStart = m_nextStart;
        list.sorted = sent;
        std::stable_sort(list.sorted.begin(), list.sorted.end(), [this](size_t a, size_t b) {
            return protocol::compareFileEntries(m_entries[a], m_entries[b]) < 0;
        });
        list.sent = std::move(sent);
        m_nextStart += qint32(list.sent.size()) + 1;

        const bool dotFirst = !list.sorted.empty() && m_entries[list.sorted.front()].name == ".";
        list.parentNdx =
            dirIndex >= 0 ? m_dirs[size_t(dirIndex)].ndx : (dotFirst ? list.ndxStart : -1);
        // The directory table takes this list's directories in sorted
        // order; "." is in the table but not in the tree (its contents are
        // the first list itself).
        int previous = -1;
        for (size_t k = 0; k < list.sorted.size(); ++k) {
            const size_t i = list.sorted[k];
            if (!m_entries[i].isDir())
                continue;
            m_dirs.push_back(DirNode{i, list.ndxStart + qint32(k), dirIndex, -1, -1});
            const int added = int(m_dirs.size()) - 1;
            if (m_entries[i].name == ".")
                continue;
            if (previous >= 0)
                m_dirs[size_t(previous)].nextSibling = added;
            else if (dirIndex >= 0)
                m_dirs[size_t(dirIndex)].firstChild = added;
            else
                m_rootFirst = added;
            previous = added;
        }
        m_lists.push_back(std::move(list));
    }

    // flist.c send_file_entry numbers a hard-link group by the global
    // transmission index of the member sent first; the scan numbered them
    // in its own order.
    void renumberHardLinks()
    {
        QHash<qint32, qint32> leaderOfGroup; // scan index of the scan's leader -> new leader
        for (const IncrementalList& list : m_lists) {
            for (size_t p = 0; p < list.sent.size(); ++p) {
                protocol::FileEntry& e = m_entries[list.sent[p]];
                if (!e.hardLinked)
                    continue;
                const qint32 group = e.hardLinkFirst ? qint32(list.sent[p]) : e.hardLinkLeader;
                const auto it = leaderOfGroup.constFind(group);
                if (it == leaderOfGroup.cend()) {
                    leaderOfGroup.insert(group, list.ndxStart + qint32(p));
                    e.hardLinkFirst = true;
                    e.hardLinkLeader = -1;
                } else {
                    e.hardLinkFirst = false;
                    e.hardLinkLeader = it.value();
                }
            }
        }
    }

    std::vector<protocol::FileEntry>& m_entries;
    QHash<QByteArray, std::vector<size_t>> m_children;
    std::vector<DirNode> m_dirs;
    std::vector<IncrementalList> m_lists;
    int m_rootFirst = -1;
    qint32 m_nextStart = 1; // filelist.md §5: the first list starts at 1
};

} // namespace

std::optional<std::vector<IncrementalList>>
planIncrementalLists(std::vector<protocol::FileEntry>& entries)
{
    return Planner(entries).run();
}

} // namespace qrsync::session
