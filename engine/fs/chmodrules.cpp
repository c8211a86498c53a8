#include "fs/chmodrules.h"

namespace qrsync::fs {

namespace {

constexpr quint32 kPermBits = 07777; // rsync.h CHMOD_BITS
constexpr quint32 kTypeMask = 0170000;
constexpr quint32 kDirType = 0040000;
constexpr quint32 kLinkType = 0120000;

// The special bit that goes with each class in `who` (0100 -> setuid, 0010
// -> setgid, 0001 -> sticky), cleared by "=u"-style copies (chmod.c
// mode_dest_special_bits).
quint32 specialBitsOf(quint32 who)
{
    quint32 bits = 0;
    if (who & 0100)
        bits |= 04000;
    if (who & 0010)
        bits |= 02000;
    if (who & 0001)
        bits |= 01000;
    return bits;
}

} // namespace

// One rule, e.g. "Dgo+rX" or "F644". Stock's acceptance (chmod.c
// parse_chmod): D/F and who letters in any order before the operator; an
// octal number only before any who letter; after the operator either
// permission letters or exactly one class letter to copy from.
bool ChmodRules::parseValue(const QString& value, quint32 umask, std::vector<Rule>& out)
{
    for (const QString& piece : value.split(QLatin1Char(','))) {
        enum class Phase
        {
            Who,
            Perms,
            Octal
        };
        Phase phase = Phase::Who;
        Rule rule;
        bool haveOp = false;
        quint32 who = 0;     // 0111 pattern of u/g/o
        quint32 whoTop = 0;  // setuid/setgid that "s" means for that who
        quint32 what = 0;    // rwx as 0..7, or the octal number
        quint32 special = 0; // s/t bits asked for
        quint32 copyFrom = 0;

        for (const QChar qc : piece) {
            const char16_t c = qc.unicode();
            switch (phase) {
            case Phase::Who:
                if (c == u'D' || c == u'F') {
                    if ((c == u'D' && rule.filesOnly) || (c == u'F' && rule.dirsOnly))
                        return false;
                    (c == u'D' ? rule.dirsOnly : rule.filesOnly) = true;
                } else if (c == u'u') {
                    who |= 0100;
                    whoTop |= 04000;
                } else if (c == u'g') {
                    who |= 0010;
                    whoTop |= 02000;
                } else if (c == u'o') {
                    who |= 0001;
                } else if (c == u'a') {
                    // Like chmod(1), "a+s" sets both setuid and setgid.
                    who |= 0111;
                    whoTop |= 06000;
                } else if (c == u'+' || c == u'-' || c == u'=') {
                    rule.op = c == u'+' ? Op::Add : c == u'-' ? Op::Remove : Op::Assign;
                    haveOp = true;
                    phase = Phase::Perms;
                } else if (c >= u'0' && c <= u'7' && who == 0) {
                    rule.op = Op::SetOctal;
                    haveOp = true;
                    what = c - u'0';
                    phase = Phase::Octal;
                } else {
                    return false;
                }
                break;
            case Phase::Perms:
                if (c == u'u' || c == u'g' || c == u'o') {
                    if (what || special || copyFrom)
                        return false;
                    copyFrom = c == u'u' ? 0100 : c == u'g' ? 0010 : 0001;
                    break;
                }
                if (copyFrom)
                    return false;
                if (c == u'r') {
                    what |= 4;
                } else if (c == u'w') {
                    what |= 2;
                } else if (c == u'x' || c == u'X') {
                    what |= 1;
                    if (c == u'X')
                        rule.xIfExecutable = true;
                } else if (c == u's') {
                    special |= whoTop ? whoTop : 04000;
                } else if (c == u't') {
                    special |= 01000;
                } else {
                    return false;
                }
                break;
            case Phase::Octal:
                if (c < u'0' || c > u'7')
                    return false;
                what = what * 8 + (c - u'0');
                if (what > kPermBits)
                    return false;
                break;
            }
        }
        if (!haveOp)
            return false;

        // No who part means "all classes, minus the umask" (chmod.c); the
        // umask then also filters bits copied from another class.
        const bool whoGiven = who != 0;
        const quint32 target = whoGiven ? who : 0111;
        const quint32 bits = whoGiven ? target * what : (target * what) & ~umask;
        rule.copyFrom = copyFrom;
        rule.copyTo = target;
        rule.copyMask = whoGiven ? kPermBits : ~umask & kPermBits;
        switch (rule.op) {
        case Op::Add:
            rule.keep = kPermBits;
            rule.set = bits | special;
            break;
        case Op::Remove:
            rule.keep = kPermBits & ~(bits | special);
            break;
        case Op::Assign:
            // "=" resets the rwx of the named classes, and their special
            // bits only when s/t or a class copy is part of the rule.
            rule.keep = kPermBits & ~(target * 7) & ~(special ? whoTop : 0) &
                        ~(copyFrom ? specialBitsOf(target) : 0);
            rule.set = bits | special;
            break;
        case Op::SetOctal:
            rule.keep = 0;
            rule.set = what;
            rule.copyFrom = rule.copyTo = 0;
            break;
        }
        out.push_back(rule);
    }
    return true;
}

Result<ChmodRules> ChmodRules::parse(const QStringList& values, quint32 umask)
{
    ChmodRules rules;
    for (const QString& value : values) {
        if (!parseValue(value, umask, rules.m_rules))
            return makeError(ExitCode::Syntax,
                             QStringLiteral("Invalid argument passed to --chmod (%1)").arg(value),
                             value);
    }
    return rules;
}

quint32 ChmodRules::apply(quint32 mode) const
{
    // flist.c only tweaks modes of non-symlinks with a mode at all.
    if (mode == 0 || (mode & kTypeMask) == kLinkType)
        return mode;
    const quint32 typeBits = mode & ~kPermBits;
    const bool isDir = (mode & kTypeMask) == kDirType;
    // X looks at the mode before the first rule (tweak_mode's IsX).
    const bool wasExecutable = mode & 0111;
    quint32 perms = mode & kPermBits;
    for (const Rule& rule : m_rules) {
        if ((rule.dirsOnly && !isDir) || (rule.filesOnly && isDir))
            continue;
        quint32 copied = 0;
        if (rule.copyFrom & 0100)
            copied |= (perms >> 6) & 7;
        if (rule.copyFrom & 0010)
            copied |= (perms >> 3) & 7;
        if (rule.copyFrom & 0001)
            copied |= perms & 7;
        copied = (rule.copyTo * copied) & rule.copyMask;

        perms &= rule.keep;
        quint32 set = rule.set;
        if (rule.xIfExecutable && !wasExecutable && !isDir)
            set &= ~0111u;
        perms |= set;
        if (rule.op == Op::Remove)
            perms &= ~copied;
        else
            perms |= copied;
    }
    return (perms & kPermBits) | typeBits;
}

} // namespace qrsync::fs
