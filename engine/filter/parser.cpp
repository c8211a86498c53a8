#include "filter/parser_p.h"

#include <QString>

namespace qrsync::filter::detail {

namespace {

constexpr qsizetype kMaxPathLen = 4096;        // MAXPATHLEN
constexpr qsizetype kMaxLineLen = 4096 + 1024; // BIGPATHBUFLEN
constexpr int kMaxMergeDepth = 32;             // MAX_MERGE_DEPTH

bool isSpace(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

// The text of a bad rule for a message: the rule itself when the user
// typed it, its origin when it came out of a file (rsync 3.5.0 does not
// echo file contents, so a peer cannot read files back through errors).
QString ruleText(const ParseEnv& env, QByteArrayView rule)
{
    if (!env.origin.isEmpty())
        return QStringLiteral("<rule from %1>").arg(QString::fromUtf8(env.origin));
    return QString::fromUtf8(rule);
}

tl::unexpected<Error> syntaxError(const ParseEnv& env, const char* what, QByteArrayView rule)
{
    return makeError(ExitCode::Syntax,
                     QStringLiteral("%1: %2").arg(QLatin1String(what), ruleText(env, rule)));
}

struct Token
{
    Rule rule;
    bool clear = false;
    bool mergeFile = false;
    QByteArrayView pattern;
};

// Matches a long rule name at the start of s; on success returns the index
// of the character the modifier loop starts from (rule_strcmp()).
qsizetype keyword(QByteArrayView s, QByteArrayView word)
{
    if (!s.startsWith(word))
        return -1;
    const char next = s.size() > word.size() ? s[word.size()] : '\0';
    if (isSpace(next) || next == '_' || next == '\0')
        return word.size() - 1;
    if (next == ',')
        return word.size();
    return -1;
}

// The long rule names and the one-character type each stands for.
struct RuleWord
{
    QByteArrayView word;
    char type;
};
constexpr RuleWord kRuleWords[] = {
    {"clear", '!'}, {"dir-merge", ':'}, {"exclude", '-'}, {"hide", 'H'}, {"include", '+'},
    {"merge", '.'}, {"protect", 'P'},   {"risk", 'R'},    {"show", 'S'},
};

// parse_rule_tok(): reads one rule from the front of `rest`. Returns an
// empty optional at the end of input.
Result<std::optional<Token>> nextToken(const ParseEnv& env, QByteArrayView& rest, const Rule& tmpl,
                                       int xflags)
{
    QByteArrayView s = rest;
    if (tmpl.wordSplit) {
        while (!s.isEmpty() && isSpace(s.front()))
            s = s.sliced(1);
    }
    if (s.isEmpty() || s.front() == '\0')
        return std::optional<Token>();
    const QByteArrayView whole = s;
    auto at = [&](qsizetype i) -> char { return i < s.size() ? s[i] : '\0'; };

    Token tok;
    Rule& r = tok.rule;
    // FILTRULES_FROM_CONTAINER: what a merge file's rules inherit.
    r.absPath = tmpl.absPath;
    r.include = tmpl.include;
    r.directoryOnly = tmpl.directoryOnly;
    r.negate = tmpl.negate;
    r.perishable = tmpl.perishable;

    qsizetype i = 0;
    if (tmpl.noPrefixes) {
        if (at(0) == '!' && tmpl.cvsIgnore)
            tok.clear = true; // tentative, see the length check below
    } else if (xflags & xflag::OldPrefixes) {
        if (at(0) == '-' && at(1) == ' ') {
            r.include = false;
            i = 2;
        } else if (at(0) == '+' && at(1) == ' ') {
            r.include = true;
            i = 2;
        } else if (at(0) == '!') {
            tok.clear = true;
        }
    } else {
        // A long name is known by its first letter; anything else is the
        // one-character form, optionally followed by a comma.
        char type = at(0);
        qsizetype k = at(1) == ',' ? 1 : 0;
        for (const RuleWord& w : kRuleWords) {
            if (w.word[0] == at(0)) {
                k = keyword(s, w.word);
                type = w.type;
                break;
            }
        }
        if (k < 0)
            type = 0;
        i = k;
        bool sideFromType = false;
        switch (type) {
        case ':':
            r.perDirMerge = true;
            tok.mergeFile = true;
            break;
        case '.':
            tok.mergeFile = true;
            break;
        case '+':
            r.include = true;
            break;
        case '-':
            break;
        case 'S':
            r.include = true;
            r.senderSide = true;
            sideFromType = true;
            break;
        case 'H':
            r.senderSide = true;
            sideFromType = true;
            break;
        case 'R':
            r.include = true;
            r.receiverSide = true;
            sideFromType = true;
            break;
        case 'P':
            r.receiverSide = true;
            sideFromType = true;
            break;
        case '!':
            tok.clear = true;
            break;
        default:
            return syntaxError(env, "Unknown filter rule", whole);
        }
        while (type != '!' && at(++i) != '\0' && at(i) != ' ' && at(i) != '_') {
            const char c = at(i);
            if (tmpl.wordSplit && isSpace(c)) {
                --i;
                break;
            }
            bool valid = true;
            switch (c) {
            case '-':
            case '+':
                valid = tok.mergeFile && !r.noPrefixes;
                r.noPrefixes = true;
                if (c == '+')
                    r.include = true;
                break;
            case '/':
                r.absPath = true;
                break;
            case '!':
                // Negation belongs to a pattern, not to a merge file's rules.
                valid = !tok.mergeFile;
                r.negate = true;
                break;
            case 'C':
                valid = !r.noPrefixes && !sideFromType;
                r.noPrefixes = r.wordSplit = r.noInherit = r.cvsIgnore = true;
                break;
            case 'e':
                valid = tok.mergeFile;
                r.excludeSelf = true;
                break;
            case 'n':
                valid = tok.mergeFile;
                r.noInherit = true;
                break;
            case 'p':
                r.perishable = true;
                break;
            case 'r':
                valid = !sideFromType;
                r.receiverSide = true;
                break;
            case 's':
                valid = !sideFromType;
                r.senderSide = true;
                break;
            case 'w':
                valid = tok.mergeFile;
                r.wordSplit = true;
                break;
            case 'x':
                r.xattr = true;
                break;
            default:
                valid = false;
                break;
            }
            if (!valid) {
                if (!env.origin.isEmpty())
                    return syntaxError(env, "invalid modifier in filter rule", whole);
                const QByteArray what = "invalid modifier '" + QByteArray(1, c) + "' at position " +
                                        QByteArray::number(i) + " in filter rule";
                return syntaxError(env, what.constData(), whole);
            }
        }
        if (at(i) != '\0')
            ++i;
    }
    s = s.sliced(std::min(i, s.size()));

    if (tmpl.senderSide || tmpl.receiverSide) {
        // Both the merge rule and the rule name a side: ambiguous, refused.
        if (r.senderSide || r.receiverSide)
            return syntaxError(env, "specified-side merge file contains specified-side filter",
                               whole);
        r.senderSide = tmpl.senderSide;
        r.receiverSide = tmpl.receiverSide;
    }

    qsizetype len = 0;
    if (tmpl.wordSplit) {
        while (len < s.size() && !isSpace(s[len]) && s[len] != '\0')
            ++len;
    } else {
        len = s.indexOf('\0');
        if (len < 0)
            len = s.size();
    }

    if (tok.clear) {
        if (!tmpl.noPrefixes && !(xflags & xflag::OldPrefixes) && len)
            return syntaxError(env, "'!' rule has trailing characters", whole);
        if (len > 1)
            tok.clear = false; // "!foo" from --exclude is a pattern
    } else if (!len && !r.cvsIgnore) {
        return syntaxError(env, "unexpected end of filter rule", whole);
    }

    if (env.options->deleteExcluded && !r.senderSide && !r.receiverSide && !tok.mergeFile)
        r.senderSide = true;

    tok.pattern = s.first(len);
    rest = s.sliced(len);
    return std::optional<Token>(std::move(tok));
}

QByteArrayView baseName(QByteArrayView path)
{
    const qsizetype slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.sliced(slash + 1);
}

// add_rule().
void addRule(const ParseEnv& env, ParseTarget& target, QByteArrayView pattern, Rule rule,
             int xflags)
{
    QByteArray pat = pattern.toByteArray();
    if (pat.size() > 1 && pat.endsWith('/')) {
        pat.chop(1);
        rule.directoryOnly = true;
    }
    const bool mergeRule = rule.perDirMerge;
    if (!rule.absPath && !mergeRule && (xflags & xflag::AnchoredToAbs) && pat.startsWith('/')) {
        // An anchored rule in a per-dir file is anchored at that directory.
        rule.absPath = true;
        pat.prepend(env.dirPrefix);
    }
    rule.pattern = pat;
    rule.finishPattern();
    if (rule.perDirMerge) {
        const QByteArrayView base = baseName(rule.pattern);
        if (target.mergeNameActive && target.mergeNameActive(base))
            return;
        for (const Rule& other : *target.rules) {
            if (other.perDirMerge && baseName(other.pattern) == base)
                return;
        }
    }
    target.rules->append(rule);
}

Result<> loadCvsRules(ParseEnv& env, const Rule& cvsRule)
{
    if (*env.cvsLoaded)
        return {};
    *env.cvsLoaded = true;
    ParseTarget cvsTarget;
    cvsTarget.rules = env.cvsRules;
    ParseEnv cvsEnv = env;
    cvsEnv.origin.clear();
    // get_cvs_excludes(): the built-in names are perishable from protocol 30.
    Rule tmpl = cvsRule;
    tmpl.perishable = env.options->protocol >= 30;
    if (auto r = parseString(cvsEnv, cvsTarget, defaultCvsIgnore(), tmpl, 0); !r)
        return r;
    if (env.options->homeCvsignore) {
        auto r =
            parseContents(cvsEnv, cvsTarget, *env.options->homeCvsignore, ".cvsignore", cvsRule, 0);
        if (!r)
            return r;
    }
    return parseString(cvsEnv, cvsTarget, env.options->cvsIgnoreEnv, cvsRule, 0);
}

} // namespace

QByteArray cleanPath(QByteArrayView path)
{
    const bool absolute = path.startsWith('/');
    QList<QByteArrayView> parts;
    for (QByteArrayView rest = path; !rest.isEmpty();) {
        qsizetype slash = rest.indexOf('/');
        const QByteArrayView part = slash < 0 ? rest : rest.first(slash);
        rest = slash < 0 ? QByteArrayView() : rest.sliced(slash + 1);
        if (part.isEmpty() || part == ".")
            continue;
        if (part == ".." && !parts.isEmpty() && parts.back() != "..") {
            parts.removeLast();
            continue;
        }
        if (part == ".." && absolute)
            continue;
        parts.append(part);
    }
    QByteArray out = absolute ? "/" : "";
    for (qsizetype i = 0; i < parts.size(); ++i) {
        if (i)
            out += '/';
        out += parts[i];
    }
    return out;
}

Result<> parseString(ParseEnv& env, ParseTarget& target, QByteArrayView text, const Rule& tmpl,
                     int xflags)
{
    QByteArrayView rest = text;
    for (;;) {
        auto next = nextToken(env, rest, tmpl, xflags);
        if (!next)
            return tl::unexpected(next.error());
        if (!*next)
            return {};
        Token& tok = **next;
        if (tok.pattern.size() >= kMaxPathLen)
            continue; // rsync: "discarding over-long filter"
        if (tok.clear) {
            target.rules->clear();
            target.clearedInherited = true;
            continue;
        }
        QByteArrayView pattern = tok.pattern;
        Rule rule = tok.rule;
        if (tok.mergeFile) {
            if (pattern.isEmpty())
                pattern = ".cvsignore";
            if (rule.excludeSelf) {
                // "e": the merge file's own name is excluded, by a rule that
                // sits before the merge rule.
                addRule(env, target, baseName(pattern), Rule{}, 0);
                rule.excludeSelf = false;
            }
            if (!rule.perDirMerge) {
                // parse_merge_name(): a bare name is used as is, a name with
                // a '/' is relative to the directory being processed.
                QByteArray name = pattern.toByteArray();
                if (!name.startsWith('/') && name.contains('/'))
                    name = cleanPath(QByteArray(env.mergeDir + name));
                else if (name.startsWith('/'))
                    name = cleanPath(name);
                const char* kind = rule.include ? "include" : "exclude";
                if (!env.loader)
                    return makeError(ExitCode::FileIo,
                                     QStringLiteral("failed to open %1 file %2")
                                         .arg(QLatin1String(kind), QString::fromUtf8(name)));
                auto contents = env.loader(name);
                if (!contents)
                    return tl::unexpected(contents.error());
                if (!*contents)
                    return makeError(ExitCode::FileIo,
                                     QStringLiteral("failed to open %1 file %2: No such file or "
                                                    "directory (2)")
                                         .arg(QLatin1String(kind), QString::fromUtf8(name)));
                auto r = parseContents(env, target, **contents, name, rule, xflag::FatalErrors);
                if (!r)
                    return r;
                continue;
            }
        }
        const bool cvsList = rule.cvsIgnore && !tok.mergeFile;
        addRule(env, target, pattern, rule, xflags);
        if (cvsList) {
            auto r = loadCvsRules(env, rule);
            if (!r)
                return r;
        }
    }
}

Result<> parseContents(ParseEnv& env, ParseTarget& target, QByteArrayView contents,
                       QByteArrayView name, const Rule& tmpl, int xflags)
{
    if (env.depth >= kMaxMergeDepth) {
        if (xflags & xflag::FatalErrors)
            return makeError(ExitCode::FileIo,
                             QStringLiteral("merge-file include depth limit (%1) exceeded at %2")
                                 .arg(kMaxMergeDepth)
                                 .arg(QString::fromUtf8(name)));
        return {};
    }
    const QByteArray savedOrigin = env.origin;
    ++env.depth;
    const bool wordSplit = tmpl.wordSplit;
    const bool from0 = env.options->from0;
    int line = 0;
    Result<> result;
    qsizetype pos = 0;
    while (result && pos <= contents.size()) {
        // One line (or word) ends at its separator; "\r\n" is one end.
        qsizetype end = pos;
        while (end < contents.size()) {
            const char c = contents[end];
            if ((wordSplit && isSpace(c)) || (from0 ? c == '\0' : (c == '\n' || c == '\r')))
                break;
            ++end;
        }
        qsizetype next = end + 1;
        if (end < contents.size() && !from0 && contents[end] == '\r' && end + 1 < contents.size() &&
            contents[end + 1] == '\n')
            ++next;
        ++line;
        QByteArrayView item = contents.sliced(pos, end - pos);
        pos = next;
        if (item.size() >= kMaxLineLen)
            continue; // rsync: "discarding over-long filter"
        if (item.isEmpty() || (!wordSplit && (item.front() == ';' || item.front() == '#')))
            continue;
        env.origin = wordSplit ? name.toByteArray()
                               : name.toByteArray() + " line " + QByteArray::number(line);
        result = parseString(env, target, item, tmpl, xflags);
    }
    --env.depth;
    env.origin = savedOrigin;
    return result;
}

} // namespace qrsync::filter::detail
