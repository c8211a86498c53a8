#pragma once

// The engine's in-memory file-list entry, shared by every role (sender,
// generator, receiver). Fields hold what the wire carries (filelist.md §3):
// the name is the raw relative path as sent, the mode is a Linux st_mode with
// its type bits, and the flags are the ones that survive on the receiving
// side (flist.c recv_file_entry: FLAG_TOP_DIR / FLAG_CONTENT_DIR /
// FLAG_IMPLIED_DIR are derived from topDir and noContentDir).

#include <QByteArray>
#include <QtGlobal>

namespace qrsync::protocol {

// Linux st_mode type bits (sys/stat.h values; the wire uses them as is).
inline constexpr quint32 kModeTypeMask = 0170000;
inline constexpr quint32 kModeSocket = 0140000;
inline constexpr quint32 kModeSymlink = 0120000;
inline constexpr quint32 kModeRegular = 0100000;
inline constexpr quint32 kModeBlockDevice = 0060000;
inline constexpr quint32 kModeDirectory = 0040000;
inline constexpr quint32 kModeCharDevice = 0020000;
inline constexpr quint32 kModeFifo = 0010000;

enum class FileKind
{
    Regular,
    Directory,
    Symlink,
    CharDevice,
    BlockDevice,
    Fifo,
    Socket,
    Unknown
};

FileKind fileKindOfMode(quint32 mode);

struct FileEntry
{
    QByteArray name; // '/'-separated relative path as on the wire; "." is the top dir
    quint32 mode = 0;
    qint64 size = 0; // st_size; the symlink target length; 0 for devices
    qint64 mtime = 0;
    quint32 mtimeNsec = 0;
    qint64 atime = 0;  // -U, non-directories only
    qint64 crtime = 0; // -N
    quint32 uid = 0;
    quint32 gid = 0;
    QByteArray userName;  // sent inline with inc-recursion; empty: no name
    QByteArray groupName; // likewise
    quint32 rdevMajor = 0;
    quint32 rdevMinor = 0;
    QByteArray linkTarget; // symlinks with -l
    QByteArray checksum;   // --checksum file sum (regular files)

    bool topDir = false;        // XMIT_TOP_DIR on a directory
    bool noContentDir = false;  // XMIT_NO_CONTENT_DIR: contents not part of the transfer
    bool hardLinked = false;    // XMIT_HLINKED
    bool hardLinkFirst = false; // XMIT_HLINK_FIRST: leader of its group
    qint32 hardLinkLeader = -1; // non-first members: the leader's ndx (transmission order)

    // Set by sortFileList() on a duplicate the receiver drops (flist.c
    // clear_file): the slot stays so indices do not shift.
    bool removed = false;

    FileKind fileKind() const { return fileKindOfMode(mode); }
    bool isDir() const { return (mode & kModeTypeMask) == kModeDirectory; }
    bool isRegular() const { return (mode & kModeTypeMask) == kModeRegular; }
    bool isSymlink() const { return (mode & kModeTypeMask) == kModeSymlink; }
    // rsync.h IS_DEVICE / IS_SPECIAL.
    bool isDevice() const
    {
        const quint32 t = mode & kModeTypeMask;
        return t == kModeCharDevice || t == kModeBlockDevice;
    }
    bool isSpecial() const
    {
        const quint32 t = mode & kModeTypeMask;
        return t == kModeFifo || t == kModeSocket;
    }

    friend bool operator==(const FileEntry&, const FileEntry&) = default;
};

} // namespace qrsync::protocol
