#pragma once

// What the two ends of a session agreed on during the handshake
// (handshake.md §4-§7), shared by every role of that session.

#include "checksum/checksumtype.h"
#include "protocol/compressiontype.h"
#include "protocol/filelistconfig.h"
#include "protocol/handshake.h"

#include <QtGlobal>

namespace qrsync::session {

inline constexpr int kOurProtocol = protocol::kProtocolVersion;

struct SessionConfig
{
    int protocol = kOurProtocol;
    quint32 compatFlags = 0; // protocol::CompatFlags bits, as on the wire
    checksum::ChecksumType checksum = checksum::ChecksumType::Md5; // block and file sums
    qint32 seed = 0;
    protocol::CompressionType compression = protocol::CompressionType::None;
    protocol::FileListConfig fileList;

    bool seedFix() const { return compatFlags & protocol::CompatFlags::kChecksumSeedFix; }
    bool incRecurse() const { return compatFlags & protocol::CompatFlags::kIncRecurse; }
    bool varintFlistFlags() const { return compatFlags & protocol::CompatFlags::kVarintFlistFlags; }
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
