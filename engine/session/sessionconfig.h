#pragma once

// What the two ends of a session agreed on during the handshake
// (handshake.md §4-§7), shared by every role of that session.

#include "checksum/checksumtype.h"
#include "protocol/compressiontype.h"
#include "protocol/filelistconfig.h"

#include <QtGlobal>

namespace qrsync::session {

// compat.c CF_* bits (handshake.md §5).
namespace compat {
inline constexpr quint32 kIncRecurse = 1u << 0;
inline constexpr quint32 kSymlinkTimes = 1u << 1;
inline constexpr quint32 kSymlinkIconv = 1u << 2;
inline constexpr quint32 kSafeFlist = 1u << 3;
inline constexpr quint32 kAvoidXattrOptim = 1u << 4;
inline constexpr quint32 kChecksumSeedFix = 1u << 5;
inline constexpr quint32 kInplacePartialDir = 1u << 6;
inline constexpr quint32 kVarintFlistFlags = 1u << 7;
inline constexpr quint32 kId0Names = 1u << 8;
} // namespace compat

inline constexpr int kOurProtocol = 32;
inline constexpr int kMinProtocol = 30;

struct SessionConfig
{
    int protocol = kOurProtocol;
    quint32 compatFlags = 0;
    checksum::ChecksumType checksum = checksum::ChecksumType::Md5; // block and file sums
    qint32 seed = 0;
    protocol::CompressionType compression = protocol::CompressionType::None;
    protocol::FileListConfig fileList;

    bool seedFix() const { return compatFlags & compat::kChecksumSeedFix; }
    bool incRecurse() const { return compatFlags & compat::kIncRecurse; }
    bool varintFlistFlags() const { return compatFlags & compat::kVarintFlistFlags; }
};

} // namespace qrsync::session

namespace qrsync::session {

// The options both ends must agree on to code the file list identically.
struct PreserveFlags
{
    bool uid = false;
    bool gid = false;
    bool links = false;
    bool devices = false;
    bool specials = false;
    bool hardLinks = false;
    bool atimes = false;
    bool alwaysChecksum = false;
    bool numericIds = false;
    bool relativePaths = false;
};

protocol::FileListConfig makeFileListConfig(const SessionConfig& session,
                                            const PreserveFlags& flags);

} // namespace qrsync::session
