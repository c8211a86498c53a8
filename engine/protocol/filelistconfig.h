#pragma once

// Everything that changes how a file list is encoded (filelist.md §3-4),
// plus the XMIT_* flag bits of rsync.h. Both sides of a session derive the
// same config from the options and the compat flags (handshake.md §5).

#include <QtGlobal>

namespace qrsync::protocol {

namespace xmit {
inline constexpr quint32 kTopDir = 1u << 0;
inline constexpr quint32 kSameMode = 1u << 1;
inline constexpr quint32 kExtendedFlags = 1u << 2;
inline constexpr quint32 kSameUid = 1u << 3;
inline constexpr quint32 kSameGid = 1u << 4;
inline constexpr quint32 kSameName = 1u << 5;
inline constexpr quint32 kLongName = 1u << 6;
inline constexpr quint32 kSameTime = 1u << 7;
inline constexpr quint32 kSameRdevMajor = 1u << 8; // devices
inline constexpr quint32 kNoContentDir = 1u << 8;  // directories
inline constexpr quint32 kHardLinked = 1u << 9;
inline constexpr quint32 kUserNameFollows = 1u << 10;
inline constexpr quint32 kGroupNameFollows = 1u << 11;
inline constexpr quint32 kHardLinkFirst = 1u << 12;
inline constexpr quint32 kIoErrorEndList = 1u << 12; // with kExtendedFlags, byte mode end marker
inline constexpr quint32 kModNsec = 1u << 13;
inline constexpr quint32 kSameAtime = 1u << 14;
inline constexpr quint32 kCrtimeEqMtime = 1u << 17;
} // namespace xmit

// Stock's limits (rsync.h MAXPATHLEN, MAX_WIRE_NSEC, IOERR_VALID_MASK).
inline constexpr int kMaxPathLength = 4096;
inline constexpr quint32 kMaxWireNsec = 999999999;
inline constexpr qint32 kIoErrorValidMask = 0x7;

struct FileListConfig
{
    int protocol = 32;        // 30..32
    bool varintFlags = true;  // CF_VARINT_FLIST_FLAGS
    bool preserveUid = false; // -o
    bool preserveGid = false; // -g
    bool preserveLinks = false;
    bool preserveDevices = false;
    bool preserveSpecials = false;
    bool preserveHardLinks = false;
    bool preserveAtimes = false;  // -U
    bool preserveCrtimes = false; // -N (varint flags only)
    bool alwaysChecksum = false;  // -c
    int checksumLength = 16;      // file-checksum digest length, at most 16
    bool incRecurse = false;      // CF_INC_RECURSE: ids travel inline as names
    bool numericIds = false;
    bool id0Names = false;      // CF_ID0_NAMES
    bool safeFlist = false;     // CF_SAFE_FLIST
    bool relativePaths = false; // -R: a leading '/' is allowed

    // compat.c use_safe_inc_flist: io_error may ride in the end marker.
    bool usesSafeFlist() const { return safeFlist || protocol >= 31; }
};

} // namespace qrsync::protocol
