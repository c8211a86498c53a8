#include "filter/rule.h"

#include "filter/wildmatch.h"

namespace qrsync::filter {

void Rule::finishPattern()
{
    slashCount = int(pattern.count('/'));
    wild = pattern.contains('*') || pattern.contains('[') || pattern.contains('?');
    wild2 = wild && pattern.contains("**");
    wild2Prefix = wild2 && pattern.startsWith("**");
    wild3Suffix = wild2 && pattern.endsWith("***");
}

bool Rule::appliesTo(Side side) const
{
    if (senderSide == receiverSide)
        return true;
    switch (side) {
    case Side::Sender:
        return senderSide;
    case Side::Receiver:
        return receiverSide;
    }
    return true;
}

QByteArray Rule::prefix() const
{
    QByteArray out;
    out += perDirMerge ? ':' : include ? '+' : '-';
    if (absPath)
        out += '/';
    if (negate)
        out += '!';
    if (cvsIgnore) {
        out += 'C';
    } else {
        if (noInherit)
            out += 'n';
        if (wordSplit)
            out += 'w';
        if (noPrefixes)
            out += include ? '+' : '-';
    }
    if (excludeSelf)
        out += 'e';
    if (xattr)
        out += 'x';
    if (senderSide)
        out += 's';
    if (receiverSide)
        out += 'r';
    if (perishable)
        out += 'p';
    out += ' ';
    return out;
}

QByteArray Rule::text() const
{
    QByteArray out = prefix();
    out += pattern;
    if (directoryOnly)
        out += '/';
    return out;
}

bool ruleMatches(const Rule& rule, QByteArrayView relPath, bool isDirectory,
                 QByteArrayView absPrefix)
{
    const bool onMatch = !rule.negate;
    QByteArrayView name = relPath;
    if (name.startsWith('/'))
        name = name.sliced(1);
    if (name.isEmpty())
        return false;
    // xattr rules only ever see xattr names (rule_matches NAME_IS_XATTR).
    if (rule.xattr)
        return false;

    // rsync matches against a virtual concatenation of strings; one joined
    // buffer is equivalent.
    QByteArray text;
    if (!rule.slashCount && !rule.wild2) {
        // No '/' and no "**": only the last path element matters.
        const qsizetype slash = name.lastIndexOf('/');
        if (slash >= 0)
            name = name.sliced(slash + 1);
    } else if (rule.absPath && !absPrefix.isEmpty()) {
        text += absPrefix;
        text += '/';
    } else if (rule.wild2Prefix) {
        // Lets "**/" match at the start of the path.
        text += '/';
    }
    text += name;
    if (isDirectory) {
        // Lets "dir/***" match dir itself.
        if (rule.wild3Suffix)
            text += '/';
    } else if (rule.directoryOnly) {
        return !onMatch;
    }

    QByteArrayView pattern = rule.pattern;
    const bool anchored = pattern.startsWith('/');
    if (anchored)
        pattern = pattern.sliced(1);

    int where = 0;
    if (!anchored && rule.slashCount && !rule.wild2)
        where = rule.slashCount + 1; // the last slashCount+1 elements
    else if (!anchored && !rule.wild2Prefix && rule.wild2)
        where = -1; // at the start or after any '/'

    bool hit = false;
    const bool joined = text.size() != name.size();
    if (rule.wild) {
        hit = wildMatchAt(pattern, text, MatchAnchor{where});
    } else if (joined) {
        hit = literalMatchAt(pattern, text, MatchAnchor{where});
    } else if (anchored) {
        hit = name == pattern;
    } else {
        // A literal matches whole trailing elements.
        hit = name.endsWith(pattern) &&
              (name.size() == pattern.size() || name[name.size() - pattern.size() - 1] == '/');
    }
    return hit ? onMatch : !onMatch;
}

} // namespace qrsync::filter
