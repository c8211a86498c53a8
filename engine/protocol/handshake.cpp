#include "protocol/handshake.h"

#include "protocol/reader.h"

namespace qrsync::protocol {

namespace {

struct Letter
{
    char letter;
    bool ClientCapabilities::*field;
};

// options.c maybe_add_e_option order, so toLetters() matches stock's word.
constexpr Letter kLetters[] = {
    {'i', &ClientCapabilities::incRecurse},        {'L', &ClientCapabilities::symlinkTimes},
    {'s', &ClientCapabilities::symlinkIconv},      {'f', &ClientCapabilities::safeFlist},
    {'x', &ClientCapabilities::avoidXattrOptim},   {'C', &ClientCapabilities::checksumSeedFix},
    {'I', &ClientCapabilities::inplacePartialDir}, {'v', &ClientCapabilities::varintFlistFlags},
    {'u', &ClientCapabilities::id0Names},          {'V', &ClientCapabilities::legacyVarintByte},
};

struct Bit
{
    qint32 bit;
    bool CompatFlags::*field;
};

constexpr Bit kBits[] = {
    {CompatFlags::kIncRecurse, &CompatFlags::incRecurse},
    {CompatFlags::kSymlinkTimes, &CompatFlags::symlinkTimes},
    {CompatFlags::kSymlinkIconv, &CompatFlags::symlinkIconv},
    {CompatFlags::kSafeFlist, &CompatFlags::safeFlist},
    {CompatFlags::kAvoidXattrOptim, &CompatFlags::avoidXattrOptim},
    {CompatFlags::kChecksumSeedFix, &CompatFlags::checksumSeedFix},
    {CompatFlags::kInplacePartialDir, &CompatFlags::inplacePartialDir},
    {CompatFlags::kVarintFlistFlags, &CompatFlags::varintFlistFlags},
    {CompatFlags::kId0Names, &CompatFlags::id0Names},
};

} // namespace

ClientCapabilities ClientCapabilities::stock()
{
    ClientCapabilities c;
    for (const Letter& l : kLetters)
        c.*l.field = l.letter != 'V';
    return c;
}

ClientCapabilities ClientCapabilities::parse(QByteArrayView afterE)
{
    // compat.c tests strchr(client_info, letter) over the whole text, so a
    // pre-release "31.12" prefix (digits and a dot) never matches a letter.
    ClientCapabilities c;
    for (const Letter& l : kLetters)
        c.*l.field = afterE.contains(l.letter);
    return c;
}

QByteArray ClientCapabilities::toLetters() const
{
    QByteArray out(1, '.');
    for (const Letter& l : kLetters) {
        if (this->*l.field)
            out.append(l.letter);
    }
    return out;
}

qint32 CompatFlags::toWire() const
{
    qint32 bits = unknownBits;
    for (const Bit& b : kBits) {
        if (this->*b.field)
            bits |= b.bit;
    }
    return bits;
}

CompatFlags CompatFlags::fromWire(qint32 bits)
{
    CompatFlags f;
    qint32 known = 0;
    for (const Bit& b : kBits) {
        f.*b.field = bits & b.bit;
        known |= b.bit;
    }
    f.unknownBits = bits & ~known;
    return f;
}

CompatFlags serverCompatFlags(const CompatInputs& in)
{
    // set_allow_inc_recurse: no -r or --use-qsort, a receiving server that
    // must see the whole list first, or a client without `i`.
    bool allowIncRecurse = in.recursive && !in.useQsort;
    if (!in.serverIsSender &&
        (in.deleteBefore || in.deleteAfter || in.delayUpdates || in.pruneEmptyDirs))
        allowIncRecurse = false;
    if (!in.client.incRecurse)
        allowIncRecurse = false;

    CompatFlags f;
    f.incRecurse = allowIncRecurse;
    f.symlinkTimes = in.canSetSymlinkTimes;
    f.symlinkIconv = in.haveIconv;
    f.safeFlist = in.client.safeFlist;
    f.avoidXattrOptim = in.client.avoidXattrOptim;
    f.checksumSeedFix = in.client.checksumSeedFix;
    f.inplacePartialDir = in.client.inplacePartialDir;
    f.id0Names = in.client.id0Names;
    f.varintFlistFlags = in.client.varintFlistFlags || in.client.legacyVarintByte;
    return f;
}

Result<SessionSwitches> deriveSwitches(const CompatFlags& flags, int protocol, bool preserveCrtimes)
{
    if (preserveCrtimes && !flags.varintFlistFlags)
        return makeError(
            ExitCode::Protocol,
            QStringLiteral("Both rsync versions must be at least 3.2.0 for --crtimes."));
    SessionSwitches s;
    s.incRecurse = flags.incRecurse;
    s.safeFlist = flags.safeFlist || protocol >= 31;
    s.xattrOptim = protocol >= 31 && !flags.avoidXattrOptim;
    s.properSeedOrder = flags.checksumSeedFix;
    s.varintFlistFlags = flags.varintFlistFlags;
    s.negotiateNames = flags.varintFlistFlags;
    s.id0Names = flags.id0Names;
    s.inplacePartial = flags.inplacePartialDir;
    return s;
}

void encodeCompatFlags(QByteArray& out, const CompatFlags& flags, bool asByte)
{
    if (asByte) {
        // compat.c writes the low byte only for a `V` client.
        encodeU8(out, quint8(flags.toWire()));
        return;
    }
    encodeVarint(out, flags.toWire());
}

Decode<CompatFlags> decodeCompatFlags(QByteArrayView in)
{
    auto v = decodeVarint(in);
    if (!v.isOk())
        return Decode<CompatFlags>::from(v);
    return Decode<CompatFlags>::ok(CompatFlags::fromWire(v.value()), v.consumed());
}

void encodeVersion(QByteArray& out, qint32 version)
{
    encodeI32(out, version);
}

Decode<qint32> decodeVersion(QByteArrayView in)
{
    return decodeI32(in);
}

Result<int> negotiateProtocol(int ours, qint32 remote, bool amServer)
{
    if (remote < kStockMinProtocol || remote > kStockMaxProtocol)
        return makeError(ExitCode::Protocol,
                         QStringLiteral("protocol version mismatch -- is your shell clean?"),
                         QStringLiteral("remote protocol %1").arg(remote));
    const int used = std::min(ours, int(remote));
    if (used < kMinSupportedProtocol)
        return makeError(ExitCode::Protocol,
                         QStringLiteral("protocol %1 is older than the minimum supported (%2)")
                             .arg(used)
                             .arg(kMinSupportedProtocol),
                         amServer ? QStringLiteral("Client") : QStringLiteral("Server"));
    return used;
}

void encodeChecksumSeed(QByteArray& out, qint32 seed)
{
    encodeI32(out, seed);
}

Decode<qint32> decodeChecksumSeed(QByteArrayView in)
{
    return decodeI32(in);
}

qint32 defaultChecksumSeed(qint64 unixTime, qint64 pid)
{
    // compat.c: time(NULL) ^ (getpid() << 6), stored in an int.
    return qint32(quint32(quint64(unixTime) ^ (quint64(pid) << 6)));
}

} // namespace qrsync::protocol
