#pragma once

// A metadata-complete picture of a directory tree, for comparing what qrsync
// produced with what stock rsync produced from the same source.

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>

namespace qrsync::test {

struct EntrySnapshot
{
    char type = '?';   // f d l p s c b
    quint32 perms = 0; // st_mode & 07777
    quint32 uid = 0;
    quint32 gid = 0;
    qint64 size = 0; // regular files
    qint64 mtimeSec = 0;
    qint64 mtimeNsec = 0;
    QByteArray linkTarget;
    QByteArray contentHash; // regular files
    quint64 rdev = 0;
    quint64 nlink = 0;
    quint64 blocks = 0;       // st_blocks, to see sparseness
    QByteArray hardLinkGroup; // smallest path sharing the inode (when nlink > 1)
};

struct CompareOptions
{
    bool perms = true;
    bool owner = true;
    bool times = true; // regular files and symlinks
    bool dirTimes = true;
    // Protocol 30 sends whole seconds only (XMIT_MOD_NSEC is protocol 31+,
    // flist.c send_file_entry()), so a copy and its source differ below.
    bool nanoseconds = true;
    bool hardLinks = true; // compare inode sharing
    bool rootEntry = true; // compare the top directory itself
    // Directory times below these prefixes depend on when the run made
    // them (backup trees), not on what was copied.
    QList<QByteArray> volatileDirTimesUnder;
};

class TreeSnapshot
{
public:
    static TreeSnapshot take(const QByteArray& root);

    const QMap<QByteArray, EntrySnapshot>& entries() const { return m_entries; }

    // Human-readable differences (empty when the trees match).
    static QStringList diff(const TreeSnapshot& expected, const TreeSnapshot& actual,
                            const CompareOptions& options = {});

private:
    QMap<QByteArray, EntrySnapshot> m_entries; // key: relative path, "." for the root
};

} // namespace qrsync::test
