#include "filter/filterlist.h"

#include "filter/parser_p.h"

namespace qrsync::filter {

QByteArrayView defaultCvsIgnore()
{
    // rsync.1 "--cvs-exclude" (DEFAULT_CVSIGNORE, rsync 3.5.0).
    return "RCS SCCS CVS CVS.adm RCSLOG cvslog.* tags TAGS .make.state .nse_depinfo *~ #* .#* "
           ",* _$* *$ *.old *.bak *.BAK *.orig *.rej .del-* *.a *.olb *.o *.obj *.so *.exe "
           "*.Z *.elc *.ln core .svn/ .git/ .hg/ .bzr/";
}

FilterList::FilterList(ParseOptions options)
    : m_options(std::move(options))
{}

Result<> FilterList::parse(QByteArrayView text, const Rule& tmpl, int xflags,
                           const FileLoader& loader)
{
    detail::ParseEnv env;
    env.options = &m_options;
    env.loader = loader;
    env.cvsRules = &m_cvsRules;
    env.cvsLoaded = &m_cvsLoaded;
    detail::ParseTarget target;
    target.rules = &m_rules;
    return detail::parseString(env, target, text, tmpl, xflags);
}

Result<> FilterList::parseFileContents(QByteArrayView contents, QByteArrayView name,
                                       const Rule& tmpl, int xflags)
{
    detail::ParseEnv env;
    env.options = &m_options;
    env.cvsRules = &m_cvsRules;
    env.cvsLoaded = &m_cvsLoaded;
    detail::ParseTarget target;
    target.rules = &m_rules;
    return detail::parseContents(env, target, contents, name, tmpl, xflags);
}

Result<> FilterList::addFilter(QByteArrayView rule, const FileLoader& loader)
{
    return parse(rule, Rule{}, 0, loader);
}

Result<> FilterList::addExclude(QByteArrayView pattern)
{
    return parse(pattern, Rule{}, xflag::OldPrefixes, {});
}

Result<> FilterList::addInclude(QByteArrayView pattern)
{
    Rule tmpl;
    tmpl.include = true;
    return parse(pattern, tmpl, xflag::OldPrefixes, {});
}

Result<> FilterList::addExcludeFrom(QByteArrayView contents, QByteArrayView fileName)
{
    return parseFileContents(contents, fileName, Rule{}, xflag::FatalErrors | xflag::OldPrefixes);
}

Result<> FilterList::addIncludeFrom(QByteArrayView contents, QByteArrayView fileName)
{
    Rule tmpl;
    tmpl.include = true;
    return parseFileContents(contents, fileName, tmpl, xflag::FatalErrors | xflag::OldPrefixes);
}

Result<> FilterList::addRsyncFilterOption()
{
    // options.c: -F counts; the first adds the per-dir file (scanning from
    // "/" down to the transfer root), the second hides the files themselves.
    switch (++m_fCount) {
    case 1:
        return parse(": /.rsync-filter", Rule{}, 0, {});
    case 2:
        return parse("- .rsync-filter", Rule{}, 0, {});
    }
    return {};
}

Result<> FilterList::addCvsExclude()
{
    m_cvsOption = true;
    const qsizetype before = m_rules.size();
    auto r = parse(":C", Rule{}, 0, {});
    if (r)
        r = parse("-C", Rule{}, 0, {});
    for (qsizetype i = before; i < m_rules.size(); ++i)
        m_rules[i].fromCvsOption = true;
    return r;
}

Result<> FilterList::addParsed(QByteArrayView rule, int xflags, const FileLoader& loader)
{
    return parse(rule, Rule{}, xflags, loader);
}

} // namespace qrsync::filter
