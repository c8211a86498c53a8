#pragma once

// --chmod rules (rsync 3.5.0 chmod.c parse_chmod / tweak_mode). Each --chmod
// value is a comma-separated list of rules; a rule is [DF]*[ugoa]*[-+=] then
// [rwxXst]* or one of u/g/o (copy another class's bits), or [DF]* and an
// octal number up to 7777. Only one operator per rule: "u+rw-x" is refused,
// as stock does. Rules without a who part ("+x", "=r", "=u") are masked by
// the process umask captured at startup (main.c orig_umask); with a who part
// they are not. Invariants: rules apply in order, D/F restrict a rule to
// directories/non-directories, and X is judged on the mode as it was before
// any rule ran (tweak_mode's IsX).

#include "core/result.h"

#include <QStringList>
#include <QtGlobal>

#include <vector>

namespace qrsync::fs {

class ChmodRules
{
public:
    // Parses every --chmod value in command-line order. `umask` is the
    // process umask at startup (the caller reads it once, as rsync's main()
    // does); it only affects rules with no [ugoa] part. An invalid value
    // gives ExitCode::Syntax, "Invalid argument passed to --chmod (VALUE)",
    // with the value as context.
    static Result<ChmodRules> parse(const QStringList& values, quint32 umask);

    // The new st_mode for an entry whose current st_mode is `mode` (type bits
    // included: they decide D/F and X, and come back unchanged). Symlinks and
    // a zero mode are returned as is, as flist.c skips them.
    quint32 apply(quint32 mode) const;

    bool isEmpty() const { return m_rules.empty(); }

private:
    enum class Op
    {
        Add,
        Remove,
        Assign,
        SetOctal
    };

    struct Rule
    {
        Op op = Op::Add;
        quint32 keep = 0;           // bits of the old mode that survive
        quint32 set = 0;            // bits then turned on
        quint32 copyFrom = 0;       // 0100/0010/0001: the class "=u" etc. copies
        quint32 copyTo = 0;         // classes the copied rwx lands in (0111 pattern)
        quint32 copyMask = 0;       // umask filter for copies without a who part
        bool dirsOnly = false;      // D
        bool filesOnly = false;     // F
        bool xIfExecutable = false; // X: x only on dirs or already-executable files
    };

    static bool parseValue(const QString& value, quint32 umask, std::vector<Rule>& out);

    std::vector<Rule> m_rules;
};

} // namespace qrsync::fs
