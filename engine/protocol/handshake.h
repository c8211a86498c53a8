#pragma once

// Start-up pieces of a remote-shell session (handshake.md §3-§5, §7; rsync
// compat.c setup_protocol / set_allow_inc_recurse, options.c
// maybe_add_e_option): the `-e.` capability letters, the version exchange,
// the compat flags and the checksum seed. All pure: the caller feeds bytes
// and option values, nothing here reads the environment, a clock or a pid.

#include "core/result.h"
#include "protocol/decode.h"

#include <QByteArray>
#include <QByteArrayView>

namespace qrsync::protocol {

// Our protocol, and the range we speak (protocol 32 is 31 on the wire).
inline constexpr int kProtocolVersion = 32;
inline constexpr int kMinSupportedProtocol = 30;
// Stock's sanity range for a peer's number (rsync.h MIN/MAX_PROTOCOL_VERSION):
// outside it the "version" is most likely shell start-up noise.
inline constexpr int kStockMinProtocol = 20;
inline constexpr int kStockMaxProtocol = 40;

// The letters after `-e` in the option word (handshake.md §3).
struct ClientCapabilities
{
    bool incRecurse = false;        // i
    bool symlinkTimes = false;      // L
    bool symlinkIconv = false;      // s
    bool safeFlist = false;         // f
    bool avoidXattrOptim = false;   // x
    bool checksumSeedFix = false;   // C
    bool inplacePartialDir = false; // I
    bool varintFlistFlags = false;  // v
    bool id0Names = false;          // u
    bool legacyVarintByte = false;  // V: pre-release `v`; compat flags go as one byte

    // What stock 3.2.7-3.5.0 sends: ".iLsfxCIvu".
    static ClientCapabilities stock();
    // Reads the text after `e` (".iLsfxCIvu", or "31.12iL..." from a
    // pre-release). Like stock, looks for each letter anywhere; unknown
    // letters are ignored.
    static ClientCapabilities parse(QByteArrayView afterE);
    // ".<letters>" in stock's order, for the option word after `e`.
    QByteArray toLetters() const;

    friend bool operator==(const ClientCapabilities&, const ClientCapabilities&) = default;
};

// compat.c CF_* bits, sent by the server as a varint after the versions.
struct CompatFlags
{
    bool incRecurse = false;        // 0x001
    bool symlinkTimes = false;      // 0x002
    bool symlinkIconv = false;      // 0x004
    bool safeFlist = false;         // 0x008
    bool avoidXattrOptim = false;   // 0x010
    bool checksumSeedFix = false;   // 0x020
    bool inplacePartialDir = false; // 0x040
    bool varintFlistFlags = false;  // 0x080: also turns on name negotiation
    bool id0Names = false;          // 0x100
    qint32 unknownBits = 0;         // bits we do not know, kept for round trips

    static constexpr qint32 kIncRecurse = 0x001;
    static constexpr qint32 kSymlinkTimes = 0x002;
    static constexpr qint32 kSymlinkIconv = 0x004;
    static constexpr qint32 kSafeFlist = 0x008;
    static constexpr qint32 kAvoidXattrOptim = 0x010;
    static constexpr qint32 kChecksumSeedFix = 0x020;
    static constexpr qint32 kInplacePartialDir = 0x040;
    static constexpr qint32 kVarintFlistFlags = 0x080;
    static constexpr qint32 kId0Names = 0x100;

    qint32 toWire() const;
    static CompatFlags fromWire(qint32 bits);
    friend bool operator==(const CompatFlags&, const CompatFlags&) = default;
};

// What compat.c needs to know about the server's options; a stand-in until
// the options module exists.
struct CompatInputs
{
    ClientCapabilities client;
    bool serverIsSender = false; // am_sender on the server (a pull)
    bool recursive = false;      // -r
    bool useQsort = false;       // --use-qsort
    bool deleteBefore = false;   // receiving server only
    bool deleteAfter = false;    // receiving server only (--delete-delay does not count)
    bool delayUpdates = false;
    bool pruneEmptyDirs = false;    // -m
    bool canSetSymlinkTimes = true; // CAN_SET_SYMLINK_TIMES (Linux: yes)
    bool haveIconv = true;          // ICONV_OPTION (Debian: yes)
};

// The flags a server sends (compat.c set_allow_inc_recurse + setup_protocol).
// Stock to stock: 0x1FF.
CompatFlags serverCompatFlags(const CompatInputs& in);

// Both sides derive these from the flags (compat.c setup_protocol).
struct SessionSwitches
{
    bool incRecurse = false;
    bool safeFlist = false;        // use_safe_inc_flist: bit 3 or protocol >= 31
    bool xattrOptim = false;       // want_xattr_optim: protocol >= 31 and bit 4 clear
    bool properSeedOrder = false;  // CF_CHKSUM_SEED_FIX
    bool varintFlistFlags = false; // xfer_flags_as_varint
    bool negotiateNames = false;   // do_negotiated_strings
    bool id0Names = false;
    bool inplacePartial = false;
    friend bool operator==(const SessionSwitches&, const SessionSwitches&) = default;
};
// Fails like stock for --crtimes without varint flags (exit 2).
Result<SessionSwitches> deriveSwitches(const CompatFlags& flags, int protocol,
                                       bool preserveCrtimes = false);

// The server writes a varint; a `V` client gets a single byte instead.
void encodeCompatFlags(QByteArray& out, const CompatFlags& flags, bool asByte = false);
// read_varint, which also reads the one-byte form.
Decode<CompatFlags> decodeCompatFlags(QByteArrayView in);

// --- version exchange (§4) ---

void encodeVersion(QByteArray& out, qint32 version);
Decode<qint32> decodeVersion(QByteArrayView in);
// The protocol both sides use: min(ours, remote). Refuses a remote outside
// stock's sanity range with stock's "protocol version mismatch -- is your
// shell clean?", and anything below kMinSupportedProtocol (we speak 30+), both
// with exit 2 (RERR_PROTOCOL). `amServer` only picks the wording.
Result<int> negotiateProtocol(int ours, qint32 remote, bool amServer);

// --- checksum seed (§7) ---

void encodeChecksumSeed(QByteArray& out, qint32 seed);
Decode<qint32> decodeChecksumSeed(QByteArrayView in);
// Stock's default when --checksum-seed is not given: time() ^ (pid << 6),
// truncated to int32. Time and pid come in as arguments.
qint32 defaultChecksumSeed(qint64 unixTime, qint64 pid);

} // namespace qrsync::protocol
