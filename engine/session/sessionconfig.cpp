#include "session/sessionconfig.h"

#include <algorithm>

namespace qrsync::session {

protocol::FileListConfig makeFileListConfig(const SessionConfig& session,
                                            const PreserveFlags& flags)
{
    protocol::FileListConfig c;
    c.protocol = session.protocol;
    c.varintFlags = session.varintFlistFlags();
    c.preserveUid = flags.uid;
    c.preserveGid = flags.gid;
    c.preserveLinks = flags.links;
    c.preserveDevices = flags.devices;
    c.preserveSpecials = flags.specials;
    c.preserveHardLinks = flags.hardLinks;
    c.preserveAtimes = flags.atimes;
    c.alwaysChecksum = flags.alwaysChecksum;
    // flist.c: the file-list sum is the full digest, at most 16 bytes.
    c.checksumLength = std::min(16, checksum::digestLength(session.checksum));
    c.incRecurse = session.incRecurse();
    c.numericIds = flags.numericIds;
    c.id0Names = session.compatFlags & protocol::CompatFlags::kId0Names;
    c.safeFlist = session.compatFlags & protocol::CompatFlags::kSafeFlist;
    c.relativePaths = flags.relativePaths;
    return c;
}

} // namespace qrsync::session
