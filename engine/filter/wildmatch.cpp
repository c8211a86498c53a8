#include "filter/wildmatch.h"

#include <QByteArray>

#include <cstring>

namespace qrsync::filter {

namespace {

// The four outcomes of rsync's dowild(): besides yes/no, a failure can tell
// the callers up the '*' recursion that no later start position can help
// (AbortAll), or that only a '**' further up could still help
// (AbortToStarStar). Without them the matcher is exponential on "*a*a*a*b".
enum class Outcome
{
    No,
    Yes,
    AbortAll,
    AbortToStarStar
};

using Byte = unsigned char;

bool inClass(QByteArrayView name, Byte c, bool* known)
{
    *known = true;
    const bool ascii = c < 0x80;
    const bool upper = c >= 'A' && c <= 'Z';
    const bool lower = c >= 'a' && c <= 'z';
    const bool digit = c >= '0' && c <= '9';
    const bool alpha = upper || lower;
    const bool print = c >= 0x20 && c < 0x7f;
    const bool space = c == ' ' || (c >= '\t' && c <= '\r');
    if (name == "alnum")
        return alpha || digit;
    if (name == "alpha")
        return alpha;
    if (name == "blank")
        return c == ' ' || c == '\t';
    if (name == "cntrl")
        return ascii && (c < 0x20 || c == 0x7f);
    if (name == "digit")
        return digit;
    if (name == "graph")
        return print && c != ' ';
    if (name == "lower")
        return lower;
    if (name == "print")
        return print;
    if (name == "punct")
        return print && c != ' ' && !alpha && !digit;
    if (name == "space")
        return space;
    if (name == "upper")
        return upper;
    if (name == "xdigit")
        return digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    *known = false;
    return false;
}

// Both strings are NUL-terminated (they come from QByteArray).
Outcome matchHere(const Byte* p, const Byte* t)
{
    for (; *p; ++p, ++t) {
        const Byte tc = *t;
        if (tc == 0 && *p != '*')
            return Outcome::AbortAll;
        switch (*p) {
        case '\\':
            // An escape at the very end compares against NUL and fails.
            ++p;
            if (*p == 0 || tc != *p)
                return Outcome::No;
            continue;
        case '?':
            if (tc == '/')
                return Outcome::No;
            continue;
        case '*': {
            bool crossesSlash = false;
            while (p[1] == '*') {
                crossesSlash = true;
                ++p;
            }
            ++p;
            if (*p == 0) {
                if (!crossesSlash && std::strchr(reinterpret_cast<const char*>(t), '/'))
                    return Outcome::No;
                return Outcome::Yes;
            }
            for (; *t; ++t) {
                const Outcome inner = matchHere(p, t);
                if (inner != Outcome::No) {
                    if (!crossesSlash || inner != Outcome::AbortToStarStar)
                        return inner;
                } else if (!crossesSlash && *t == '/') {
                    return Outcome::AbortToStarStar;
                }
            }
            return Outcome::AbortAll;
        }
        case '[': {
            Byte pc = *++p;
            if (pc == '^')
                pc = '!';
            const bool negated = pc == '!';
            if (negated)
                pc = *++p;
            Byte prev = 0;
            bool matched = false;
            // The first member is read before looking for ']', so "[]x]"
            // holds ']' and 'x'.
            do {
                if (pc == 0)
                    return Outcome::AbortAll;
                if (pc == '\\') {
                    pc = *++p;
                    if (pc == 0)
                        return Outcome::AbortAll;
                    matched = matched || tc == pc;
                } else if (pc == '-' && prev && p[1] && p[1] != ']') {
                    pc = *++p;
                    if (pc == '\\') {
                        pc = *++p;
                        if (pc == 0)
                            return Outcome::AbortAll;
                    }
                    matched = matched || (tc <= pc && tc >= prev);
                    pc = 0; // a range end cannot start another range
                } else if (pc == '[' && p[1] == ':') {
                    const Byte* nameStart = p + 2;
                    const Byte* q = nameStart;
                    while (*q && *q != ']')
                        ++q;
                    if (*q == 0)
                        return Outcome::AbortAll;
                    const qsizetype nameLen = q - nameStart - 1;
                    if (nameLen < 0 || q[-1] != ':') {
                        // No ":]": the '[' is an ordinary member.
                        matched = matched || tc == '[';
                        pc = '[';
                        continue;
                    }
                    p = q;
                    bool known = false;
                    const bool in =
                        inClass(QByteArrayView(reinterpret_cast<const char*>(nameStart), nameLen),
                                tc, &known);
                    if (!known)
                        return Outcome::AbortAll;
                    matched = matched || in;
                    pc = 0;
                } else {
                    matched = matched || tc == pc;
                }
            } while (prev = pc, (pc = *++p) != ']');
            if (matched == negated || tc == '/')
                return Outcome::No;
            continue;
        }
        default:
            if (tc != *p)
                return Outcome::No;
            continue;
        }
    }
    return *t ? Outcome::No : Outcome::Yes;
}

// The start of the last `count` '/'-separated elements, or null when the
// text has fewer elements (wildmatch.c trailing_N_elements).
const char* trailingElements(const QByteArray& text, int count)
{
    const char* begin = text.constData();
    for (const char* s = begin + text.size(); s-- > begin;) {
        if (*s == '/' && --count == 0)
            return s + 1;
    }
    return count == 1 ? begin : nullptr;
}

const char* anchoredStart(const QByteArray& text, MatchAnchor anchor)
{
    if (anchor.where > 0)
        return trailingElements(text, anchor.where);
    return text.constData();
}

} // namespace

bool wildMatch(QByteArrayView pattern, QByteArrayView text)
{
    return wildMatchAt(pattern, text, MatchAnchor{0});
}

bool wildMatchAt(QByteArrayView pattern, QByteArrayView text, MatchAnchor anchor)
{
    const QByteArray p = pattern.toByteArray();
    const QByteArray all = text.toByteArray();
    const char* t = anchoredStart(all, anchor);
    if (!t)
        return false;
    const auto* pb = reinterpret_cast<const Byte*>(p.constData());
    Outcome result = matchHere(pb, reinterpret_cast<const Byte*>(t));
    if (result != Outcome::Yes && anchor.where < 0 && result != Outcome::AbortAll) {
        // Retry after every '/', unless a retry can no longer help.
        for (;;) {
            if (*t == 0)
                return false;
            if (*t++ == '/') {
                result = matchHere(pb, reinterpret_cast<const Byte*>(t));
                if (result != Outcome::No && result != Outcome::AbortToStarStar)
                    break;
            }
        }
    }
    return result == Outcome::Yes;
}

bool literalMatchAt(QByteArrayView literal, QByteArrayView text, MatchAnchor anchor)
{
    const QByteArray all = text.toByteArray();
    const char* t = anchoredStart(all, MatchAnchor{anchor.where > 0 ? anchor.where : 0});
    if (!t)
        return false;
    return QByteArrayView(t, all.constData() + all.size() - t) == literal;
}

} // namespace qrsync::filter
