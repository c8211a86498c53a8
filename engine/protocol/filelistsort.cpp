#include "protocol/filelistsort.h"

#include <algorithm>
#include <cstring>

namespace qrsync::protocol {

namespace {

// A walk over the byte stream f_name_cmp compares for one entry:
// dirname, "/", basename, then "/" again for a directory. Each part has a
// kind: Path (a directory component) or Item (a leaf); at a part boundary
// an Item sorts before a Path.
class NameWalker
{
public:
    enum class Kind
    {
        Item,
        Path
    };

    explicit NameWalker(const FileEntry& f)
        : m_isDir(f.isDir())
    {
        const QByteArrayView name(f.name);
        const qsizetype slash = name.lastIndexOf('/');
        if (slash >= 0) {
            m_dir = name.first(slash);
            m_base = name.sliced(slash + 1);
            m_part = Part::Dir;
            m_kind = Kind::Path;
            m_cur = m_dir;
        } else {
            m_base = name;
            enterBase();
        }
    }

    Kind kind() const { return m_kind; }
    bool exhausted() const { return m_pos >= m_cur.size(); }
    int peek() const { return exhausted() ? 0 : int(quint8(m_cur[m_pos])); }
    void step() { ++m_pos; }

    // Moves to the next part once the current one is used up. Returns true
    // when the walk has reached its end (f_name_cmp's s_TRAILING branch).
    bool advance()
    {
        switch (m_part) {
        case Part::Dir:
            m_part = Part::Slash;
            setCurrent("/");
            return false;
        case Part::Slash:
            enterBase();
            return false;
        case Part::Base:
            m_part = Part::Trailing;
            if (m_kind == Kind::Path) {
                setCurrent("/");
                return false;
            }
            m_kind = Kind::Item;
            return true;
        case Part::Trailing:
            m_kind = Kind::Item;
            return true;
        }
        return true;
    }

private:
    enum class Part
    {
        Dir,
        Slash,
        Base,
        Trailing
    };

    void setCurrent(QByteArrayView v)
    {
        m_cur = v;
        m_pos = 0;
    }
    // A directory named "." is the transfer root: it sorts first.
    void enterBase()
    {
        m_kind = m_isDir ? Kind::Path : Kind::Item;
        if (m_kind == Kind::Path && m_base == ".") {
            m_kind = Kind::Item;
            m_part = Part::Trailing;
            setCurrent({});
        } else {
            m_part = Part::Base;
            setCurrent(m_base);
        }
    }

    bool m_isDir;
    QByteArrayView m_dir;
    QByteArrayView m_base;
    Part m_part = Part::Base;
    Kind m_kind = Kind::Item;
    QByteArrayView m_cur;
    qsizetype m_pos = 0;
};

int orderOfKinds(NameWalker::Kind first)
{
    return first == NameWalker::Kind::Path ? 1 : -1;
}

// f_name_cmp for protocol >= 29, ignoring the removed mark.
int compareNames(const FileEntry& a, const FileEntry& b)
{
    NameWalker w1(a);
    NameWalker w2(b);
    if (w1.kind() != w2.kind())
        return orderOfKinds(w1.kind());
    while (true) {
        if (w1.exhausted()) {
            w1.advance();
            if (!w2.exhausted() && w1.kind() != w2.kind())
                return orderOfKinds(w1.kind());
        }
        if (w2.exhausted()) {
            if (w2.advance() && w1.exhausted())
                return 0;
            if (w1.kind() != w2.kind())
                return orderOfKinds(w1.kind());
        }
        const int dif = w1.peek() - w2.peek();
        if (dif != 0)
            return dif;
        w1.step();
        w2.step();
    }
}

// flist_sort_and_clean's flag merge when two directories collide: the
// survivor gains the other's top/content flags and stays an implied
// directory only if both were.
void mergeDirFlags(FileEntry& keep, const FileEntry& drop)
{
    auto content = [](const FileEntry& f) { return !f.noContentDir; };
    auto top = [](const FileEntry& f) { return f.topDir && !f.noContentDir; };
    auto implied = [](const FileEntry& f) { return f.topDir && f.noContentDir; };
    const bool isContent = content(keep) || content(drop);
    const bool isTop = top(keep) || top(drop);
    const bool isImplied = implied(keep) && implied(drop);
    keep.noContentDir = !isContent;
    keep.topDir = isContent ? isTop : isImplied;
}

// flist_find for a non-directory named like `dir` among the kept entries
// of [low, high].
qsizetype findNonDirNamed(const std::vector<FileEntry>& v, const FileEntry& dir, qsizetype low,
                          qsizetype high)
{
    FileEntry probe;
    probe.name = dir.name;
    probe.mode = kModeRegular;
    const auto first = v.begin() + low;
    const auto last = v.begin() + high + 1;
    auto less = [](const FileEntry& x, const FileEntry& y) { return compareNames(x, y) < 0; };
    auto [from, to] = std::equal_range(first, last, probe, less);
    for (auto it = from; it != to; ++it) {
        if (!it->removed)
            return it - v.begin();
    }
    return -1;
}

} // namespace

namespace {

// The common case while sorting: two entries of the same directory. Then
// f_name_cmp's walk reduces to "non-directories first, then the leaf names
// bytewise, a directory's name ending in '/'". Returns false (deciding
// nothing) when the names are not plain siblings.
bool compareSiblings(const FileEntry& a, const FileEntry& b, int& result)
{
    const QByteArray& x = a.name;
    const QByteArray& y = b.name;
    const auto isDot = [](const QByteArray& n) { return n.size() == 1 && n[0] == '.'; };
    if (isDot(x) || isDot(y))
        return false;
    const auto* px = reinterpret_cast<const uchar*>(x.constData());
    const auto* py = reinterpret_cast<const uchar*>(y.constData());
    const qsizetype shorter = std::min(x.size(), y.size());
    qsizetype l = 0;
    while (l < shorter && px[l] == py[l])
        ++l;
    // With no '/' left in either remainder, both last slashes lie in the
    // shared prefix: same directory.
    if (std::memchr(px + l, '/', size_t(x.size() - l)) ||
        std::memchr(py + l, '/', size_t(y.size() - l)))
        return false;
    const bool dx = a.isDir();
    const bool dy = b.isDir();
    if (dx != dy) {
        result = dx ? 1 : -1;
        return true;
    }
    const int cx = l < x.size() ? int(px[l]) : (dx ? int('/') : 0);
    const int cy = l < y.size() ? int(py[l]) : (dy ? int('/') : 0);
    result = cx - cy;
    return true;
}

} // namespace

int compareFileEntriesByWalk(const FileEntry& a, const FileEntry& b)
{
    if (a.removed)
        return b.removed ? 0 : -1;
    if (b.removed)
        return 1;
    return compareNames(a, b);
}

int compareFileEntries(const FileEntry& a, const FileEntry& b)
{
    if (a.removed)
        return b.removed ? 0 : -1;
    if (b.removed)
        return 1;
    int result = 0;
    if (compareSiblings(a, b, result))
        return result;
    return compareNames(a, b);
}

void sortFileList(std::vector<FileEntry>& v, DuplicatePolicy policy)
{
    // Stock sorts with a stable merge sort (flist.c fsort_tmp).
    std::stable_sort(v.begin(), v.end(), [](const FileEntry& a, const FileEntry& b) {
        return compareFileEntries(a, b) < 0;
    });
    if (policy == DuplicatePolicy::Keep)
        return;

    const qsizetype n = qsizetype(v.size());
    qsizetype i = 0;
    while (i < n && v[size_t(i)].removed)
        ++i;
    if (i >= n)
        return;
    qsizetype low = i;
    qsizetype prev = i;
    while (++i < n) {
        FileEntry& file = v[size_t(i)];
        if (file.removed)
            continue;
        qsizetype j = -1;
        if (compareNames(file, v[size_t(prev)]) == 0)
            j = prev;
        else if (file.isDir())
            j = findNonDirNamed(v, file, low, prev);
        if (j < 0) {
            prev = i;
            continue;
        }
        // A directory beats a non-directory (it may have contents in the
        // list); otherwise the first one stays.
        qsizetype keep = j;
        qsizetype drop = i;
        if (file.isDir()) {
            if (!v[size_t(j)].isDir())
                std::swap(keep, drop);
            else
                mergeDirFlags(v[size_t(j)], file);
        }
        v[size_t(drop)].removed = true;
        if (keep == i) {
            if (low == drop) {
                qsizetype k = drop + 1;
                while (k < i && v[size_t(k)].removed)
                    ++k;
                low = k;
            }
            prev = i;
        }
    }
}

} // namespace qrsync::protocol
