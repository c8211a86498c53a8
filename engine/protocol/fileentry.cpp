#include "protocol/fileentry.h"

namespace qrsync::protocol {

FileKind fileKindOfMode(quint32 mode)
{
    switch (mode & kModeTypeMask) {
    case kModeRegular:
        return FileKind::Regular;
    case kModeDirectory:
        return FileKind::Directory;
    case kModeSymlink:
        return FileKind::Symlink;
    case kModeCharDevice:
        return FileKind::CharDevice;
    case kModeBlockDevice:
        return FileKind::BlockDevice;
    case kModeFifo:
        return FileKind::Fifo;
    case kModeSocket:
        return FileKind::Socket;
    default: // a switch over raw mode bits, not over one of our enums
        return FileKind::Unknown;
    }
}

} // namespace qrsync::protocol
