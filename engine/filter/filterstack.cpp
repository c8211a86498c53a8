#include "filter/filterstack.h"

#include "filter/parser_p.h"

namespace qrsync::filter {

namespace {

QByteArrayView baseName(QByteArrayView path)
{
    const qsizetype slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.sliced(slash + 1);
}

} // namespace

FilterStack::FilterStack(const FilterList& list)
    : m_options(list.options())
    , m_top(list.rules())
    , m_cvs(list.cvsRules())
    , m_cvsLoaded(list.m_cvsLoaded)
{
    registerSlots(m_top);
}

void FilterStack::setRootPath(QByteArrayView absoluteRoot)
{
    m_root = detail::cleanPath(absoluteRoot);
    if (m_root == "/")
        m_root.clear();
}

void FilterStack::registerSlots(QList<Rule>& rules)
{
    for (Rule& rule : rules) {
        if (!rule.perDirMerge)
            continue;
        rule.mergeSlot = int(m_slots.size());
        m_slots.push_back(Slot{rule, {}, true});
    }
}

QByteArray FilterStack::loaderPath(const QByteArray& absPath) const
{
    if (absPath.startsWith(QByteArray(m_root + '/')))
        return absPath.mid(m_root.size() + 1);
    return absPath;
}

Result<> FilterStack::parseInto(int slot, QByteArrayView contents, const QByteArray& name,
                                const QByteArray& absDir, const QByteArray& relDir,
                                const FileLoader& readFile)
{
    detail::ParseEnv env;
    env.options = &m_options;
    env.loader = readFile;
    env.cvsRules = &m_cvs;
    env.cvsLoaded = &m_cvsLoaded;
    env.dirPrefix = absDir == "/" ? QByteArray() : absDir;
    env.mergeDir = relDir.isEmpty() ? QByteArray() : relDir + '/';
    QList<Rule> local;
    detail::ParseTarget target;
    target.rules = &local;
    target.mergeNameActive = [this](QByteArrayView base) {
        for (const Slot& s : m_slots) {
            if (baseName(s.rule.pattern) == base)
                return true;
        }
        return false;
    };
    const Rule tmpl = m_slots[size_t(slot)].rule;
    auto r = detail::parseContents(env, target, contents, name, tmpl, xflag::AnchoredToAbs);
    if (!r)
        return r;
    registerSlots(local);
    // The new rules go in front of what this list inherited.
    Slot& s = m_slots[size_t(slot)];
    if (!target.clearedInherited)
        local += s.rules;
    s.rules = local;
    return {};
}

Result<> FilterStack::setupMergeFile(int slot, const QByteArray& absDir, const FileLoader& readFile)
{
    // setup_merge_file(): a name with a path keeps only its base name; when
    // that path is the current directory or one of its parents, every
    // directory from there down to (not including) the current one is read
    // first, as inherited rules.
    const QByteArray name = m_slots[size_t(slot)].rule.pattern;
    if (!name.startsWith('/') && !name.contains('/'))
        return {};
    const QByteArray resolved =
        detail::cleanPath(name.startsWith('/') ? name : absDir + '/' + name);
    const qsizetype slash = resolved.lastIndexOf('/');
    QByteArray from = resolved.first(slash + 1); // ends in '/'
    const QByteArray base = resolved.mid(slash + 1);
    m_slots[size_t(slot)].rule.pattern = base;
    m_slots[size_t(slot)].rule.finishPattern();

    const QByteArray current = absDir == "/" ? absDir : absDir + '/';
    if (!current.startsWith(from))
        return {};
    QByteArray dir = from;
    while (dir.size() < current.size()) {
        const QByteArray path = dir + base;
        auto contents = readFile(loaderPath(path));
        if (!contents)
            return tl::unexpected(contents.error());
        if (*contents) {
            const QByteArray absParent = dir.size() > 1 ? dir.chopped(1) : QByteArray("/");
            auto r = parseInto(slot, **contents, path, absParent, QByteArray(), readFile);
            if (!r)
                return r;
            if (m_slots[size_t(slot)].rule.noInherit)
                m_slots[size_t(slot)].rules.clear();
        }
        const qsizetype next = current.indexOf('/', dir.size());
        dir = current.first(next + 1);
    }
    return {};
}

Result<> FilterStack::enterDirectory(const QByteArray& relDir, const FileLoader& readFile)
{
    QByteArray dir = detail::cleanPath(relDir);
    if (dir == "." || dir == "/")
        dir.clear();
    const QByteArray absDir = m_root + '/' + dir;
    const QByteArray absDirClean = detail::cleanPath(absDir);
    m_frames.push_back(m_slots);
    // Slots may be added while we go (dir-merge rules inside merge files);
    // they are read in this same directory, as in push_local_filters().
    for (size_t i = 0; i < m_slots.size(); ++i) {
        if (m_slots[i].rule.noInherit)
            m_slots[i].rules.clear();
        if (m_slots[i].needsSetup) {
            m_slots[i].needsSetup = false;
            auto r = setupMergeFile(int(i), absDirClean, readFile);
            if (!r) {
                leaveDirectory();
                return r;
            }
        }
        const QByteArray name = m_slots[i].rule.pattern;
        const QByteArray path = dir.isEmpty() ? name : dir + '/' + name;
        auto contents = readFile(path);
        if (!contents) {
            leaveDirectory();
            return tl::unexpected(contents.error());
        }
        if (!*contents)
            continue;
        auto r = parseInto(int(i), **contents, path, absDirClean, dir, readFile);
        if (!r) {
            leaveDirectory();
            return r;
        }
    }
    return {};
}

void FilterStack::leaveDirectory()
{
    Q_ASSERT_X(!m_frames.empty(), "FilterStack::leaveDirectory", "not inside a directory");
    if (m_frames.empty())
        return;
    m_slots = std::move(m_frames.back());
    m_frames.pop_back();
}

MatchResult FilterStack::checkList(const QList<Rule>& rules, const QByteArray& listName,
                                   QByteArrayView relPath, bool isDirectory, Side side,
                                   bool ignorePerishable) const
{
    const QByteArrayView absPrefix =
        m_root.isEmpty() ? QByteArrayView() : QByteArrayView(m_root).sliced(1);
    for (const Rule& rule : rules) {
        if (ignorePerishable && rule.perishable)
            continue;
        if (rule.perDirMerge) {
            if (rule.mergeSlot < 0 || size_t(rule.mergeSlot) >= m_slots.size())
                continue;
            const Slot& slot = m_slots[size_t(rule.mergeSlot)];
            const QByteArray name = "[per-dir " + baseName(slot.rule.pattern).toByteArray() + ']';
            MatchResult r =
                checkList(slot.rules, name, relPath, isDirectory, side, ignorePerishable);
            if (r.verdict != MatchResult::Verdict::NoMatch)
                return r;
            continue;
        }
        if (rule.cvsIgnore) {
            MatchResult r =
                checkList(m_cvs, "[global CVS]", relPath, isDirectory, side, ignorePerishable);
            if (r.verdict != MatchResult::Verdict::NoMatch)
                return r;
            continue;
        }
        if (!rule.appliesTo(side))
            continue;
        if (ruleMatches(rule, relPath, isDirectory, absPrefix)) {
            return MatchResult{rule.include ? MatchResult::Verdict::Included
                                            : MatchResult::Verdict::Excluded,
                               rule.text(), listName};
        }
    }
    return {};
}

MatchResult FilterStack::check(QByteArrayView relPath, bool isDirectory, Side side,
                               bool ignorePerishable) const
{
    return checkList(m_top, QByteArray(), relPath, isDirectory, side, ignorePerishable);
}

} // namespace qrsync::filter
