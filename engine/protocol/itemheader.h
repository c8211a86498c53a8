#pragma once

// The per-file record header (delta.md §1, rsync sender.c/rsync.c
// read_ndx_and_attrs, generator.c itemize): ndx, shortint iflags, a
// fnamecmp type byte if ITEM_BASIS_TYPE_FOLLOWS, a vstring xname if
// ITEM_XNAME_FOLLOWS. The ndx goes through the stream's NdxEncoder /
// NdxDecoder (ndx.h), kept apart so that a role can read the ndx first, act on
// negative values, and only then decode the rest with decodeItemAttrs().
// Also the NDX_DEL_STATS payload.

#include "protocol/decode.h"

#include <QByteArray>
#include <QByteArrayView>

namespace qrsync::protocol {

class NdxEncoder;

// rsync.h ITEM_*. Bits 0..15 travel as the shortint; the higher ones are
// local markers used by log_formatted() and never sent.
inline constexpr quint32 kItemReportAtime = 1u << 0;
inline constexpr quint32 kItemReportChange = 1u << 1;
inline constexpr quint32 kItemReportSize = 1u << 2;     // regular files
inline constexpr quint32 kItemReportTimeFail = 1u << 2; // symlinks: same bit
inline constexpr quint32 kItemReportTime = 1u << 3;
inline constexpr quint32 kItemReportPerms = 1u << 4;
inline constexpr quint32 kItemReportOwner = 1u << 5;
inline constexpr quint32 kItemReportGroup = 1u << 6;
inline constexpr quint32 kItemReportAcl = 1u << 7;
inline constexpr quint32 kItemReportXattr = 1u << 8;
inline constexpr quint32 kItemReportCrtime = 1u << 10;
inline constexpr quint32 kItemBasisTypeFollows = 1u << 11;
inline constexpr quint32 kItemXnameFollows = 1u << 12;
inline constexpr quint32 kItemIsNew = 1u << 13;
inline constexpr quint32 kItemLocalChange = 1u << 14;
inline constexpr quint32 kItemTransfer = 1u << 15;
inline constexpr quint32 kItemMissingData = 1u << 16; // local only
inline constexpr quint32 kItemDeleted = 1u << 17;     // local only
inline constexpr quint32 kItemMatched = 1u << 18;     // local only

// The bits that make an itemize-only record worth sending (generator.c
// itemize: SIGNIFICANT_ITEM_FLAGS).
inline constexpr quint32 kSignificantItemFlags =
    ~(kItemBasisTypeFollows | kItemXnameFollows | kItemLocalChange) & 0xFFFF;

// fnamecmp_type values (delta.md §7).
inline constexpr quint8 kFnameCmpFname = 0x80;      // the file itself
inline constexpr quint8 kFnameCmpPartialDir = 0x81; // the --partial-dir file
inline constexpr quint8 kFnameCmpBackup = 0x82;
inline constexpr quint8 kFnameCmpFuzzy = 0x83; // 0x84 + N: fuzzy in dest dir N
// Stock reads xname into char[MAXPATHLEN] and refuses len >= 4096.
inline constexpr qsizetype kMaxXnameLength = 4095;

struct ItemHeader
{
    quint16 iflags = 0;
    quint8 basisType = 0; // on the wire only with kItemBasisTypeFollows
    QByteArray xname;     // on the wire only with kItemXnameFollows
    friend bool operator==(const ItemHeader&, const ItemHeader&) = default;
};

// Everything after the ndx. Fields not flagged in iflags are not written.
// Returns false (appending nothing) for an xname longer than kMaxXnameLength.
bool encodeItemAttrs(QByteArray& out, const ItemHeader& header);
// ndx through `ndx` (which advances), then the attributes.
bool encodeItemHeader(QByteArray& out, NdxEncoder& ndx, qint32 index, const ItemHeader& header);
// Everything after the ndx (protocol >= 29). Fields not flagged are left at
// their defaults.
Decode<ItemHeader> decodeItemAttrs(QByteArrayView in);

// NDX_DEL_STATS payload (main.c write_del_stats): five varints. On the wire
// the first counts regular files only; stock's deleted_files total is their sum.
struct DeleteStats
{
    qint32 files = 0;
    qint32 dirs = 0;
    qint32 symlinks = 0;
    qint32 devices = 0;
    qint32 specials = 0;
    qint64 total() const { return qint64(files) + dirs + symlinks + devices + specials; }
    friend bool operator==(const DeleteStats&, const DeleteStats&) = default;
};

// Stock 3.5.0 read_del_stats caps each count to [0, 1 << 28].
inline constexpr qint32 kMaxWireDeleteStat = 1 << 28;

void encodeDeleteStats(QByteArray& out, const DeleteStats& stats);
Decode<DeleteStats> decodeDeleteStats(QByteArrayView in);

} // namespace qrsync::protocol
