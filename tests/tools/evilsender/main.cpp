// qrsync-evilsender: a deliberately misbehaving `rsync --server --sender`
// for the hostile-peer and error tests (issue 4, deliverables 4 and 5).
//
//   qrsync-evilsender SCENARIO OUTSIDE --server --sender -<flags>e.<caps> . PATH
//
// It is started by a client through a loopback remote shell with
// --rsync-path="qrsync-evilsender SCENARIO OUTSIDE". It performs a correct
// protocol-32 handshake (handshake.md §4-7: version, compat flags without
// incremental recursion, checksum name negotiation, seed), reads the
// client's filter list, and then sends a file list and file data crafted
// for SCENARIO. OUTSIDE is a directory beside the client's destination that
// the scenarios aim at; the tests check it afterwards. Everything else the
// client asks for is served honestly, so that a scenario fails only through
// the one thing it is about. Not spoken: -z (no compression is negotiated)
// and incremental recursion (except to switch it on unasked).
//
// Scenarios (see tests/interop/tst_hostilepeers.cpp and tst_remoteerrors.cpp):
//   dotdot, dotdot-inner, absolute, symlink-parent, symlink-parent-deep,
//   dir-becomes-symlink, write-through-symlink, delete-through-symlink,
//   basis-through-symlink, partial-dir-symlink, sumhead-blength, sumhead-count, sumhead-s2length,
//   sumhead-remainder, block-index, ndx-out-of-range, ndx-negative,
//   transfer-directory, bad-file-sum, hardlink-leader, inc-recurse-unasked,
//   unrequested-name, close-after-handshake, close-mid-flist, close-mid-file, protocol-29,
//   garbage; anything else is an honest server.

#include "wire.h"

#include "checksum/stronghasher.h"
#include "protocol/fileentry.h"
#include "protocol/filelistencoder.h"
#include "protocol/filelistsort.h"
#include "protocol/filterwire.h"
#include "protocol/handshake.h"
#include "protocol/itemheader.h"
#include "protocol/negotiation.h"
#include "protocol/reader.h"
#include "protocol/stats.h"
#include "protocol/sumhead.h"

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QMap>
#include <QRandomGenerator>

#include <csignal>
#include <cstdio>
#include <unistd.h>

using namespace qrsync;
using namespace qrsync::protocol;

namespace {

constexpr qint64 kTime = 1700000000;

struct Options
{
    bool links = false, uid = false, gid = false, devices = false, relative = false;
    bool hardLinks = false;
    bool numericIds = false;
    ClientCapabilities caps;
};

Options parseOptions(int argc, char** argv, int first)
{
    Options o;
    for (int i = first; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "--numeric-ids")
            o.numericIds = true;
        if (!a.startsWith('-') || a.startsWith("--"))
            continue;
        const qsizetype e = a.indexOf('e');
        const QByteArray letters = e < 0 ? a.mid(1) : a.mid(1, e - 1);
        o.links |= letters.contains('l');
        o.uid |= letters.contains('o');
        o.gid |= letters.contains('g');
        o.devices |= letters.contains('D');
        o.relative |= letters.contains('R');
        o.hardLinks |= letters.contains('H');
        if (e >= 0)
            o.caps = ClientCapabilities::parse(QByteArrayView(a).sliced(e + 1));
    }
    return o;
}

FileEntry entry(const QByteArray& name, quint32 mode, qint64 size = 0)
{
    FileEntry f;
    f.name = name;
    f.mode = mode;
    f.size = size;
    f.mtime = kTime;
    f.uid = quint32(::getuid());
    f.gid = quint32(::getgid());
    return f;
}
FileEntry dir(const QByteArray& name)
{
    FileEntry f = entry(name, kModeDirectory | 0755, 4096);
    f.topDir = name == ".";
    return f;
}
FileEntry file(const QByteArray& name, qint64 size)
{
    return entry(name, kModeRegular | 0644, size);
}
FileEntry symlinkTo(const QByteArray& name, const QByteArray& target)
{
    FileEntry f = entry(name, kModeSymlink | 0777, target.size());
    f.linkTarget = target;
    return f;
}

class EvilSender
{
public:
    EvilSender(QByteArray scenario, QByteArray outside, Options options)
        : m_scenario(std::move(scenario))
        , m_outside(std::move(outside))
        , m_options(options)
    {}

    int run();

private:
    bool is(const char* name) const { return m_scenario == name; }
    void handshake();
    void buildList();
    void sendList();
    void serve();
    void sendFile(qint32 ndx, const ItemHeader& header, SumHead head);
    void sendTokens(const QByteArray& content);
    void sendUnrequested();
    void finishRun();
    qint32 indexOf(const QByteArray& name) const;

    QByteArray m_scenario;
    QByteArray m_outside;
    Options m_options;
    evil::Wire m_wire;
    checksum::ChecksumType m_checksum = checksum::ChecksumType::Md5;
    FileListConfig m_config;
    std::vector<FileEntry> m_list; // transmission order
    QMap<QByteArray, QByteArray> m_content;
    std::vector<FileEntry> m_sorted; // the client's ndx order
};

void EvilSender::handshake()
{
    const qint32 clientVersion = m_wire.readRawItem<qint32>(decodeVersion);
    QByteArray out;
    if (is("protocol-29")) {
        // An old server: it announces 29 and then waits for the client.
        encodeVersion(out, 29);
        m_wire.writeRaw(out);
        m_wire.readRaw(1 << 20); // until the client hangs up
    }
    encodeVersion(out, 32);
    m_wire.protocol = std::min(32, int(clientVersion));
    if (is("garbage")) {
        // A sane version, then noise where the compat flags belong.
        QByteArray noise(4096, '\0');
        QRandomGenerator rng(20241214); // fixed: the same noise every run
        for (char& c : noise)
            c = char(rng.bounded(256));
        out += noise;
        m_wire.writeRaw(out);
        m_wire.readRaw(1 << 20);
    }
    // compat.c setup_protocol() without CF_INC_RECURSE, which our client
    // does not offer; inc-recurse-unasked sets it anyway.
    const ClientCapabilities& c = m_options.caps;
    CompatFlags flags;
    flags.incRecurse = is("inc-recurse-unasked");
    flags.symlinkTimes = c.symlinkTimes;
    flags.safeFlist = c.safeFlist;
    flags.avoidXattrOptim = c.avoidXattrOptim;
    flags.checksumSeedFix = c.checksumSeedFix;
    flags.inplacePartialDir = c.inplacePartialDir;
    flags.varintFlistFlags = c.varintFlistFlags;
    flags.id0Names = c.id0Names;
    encodeCompatFlags(out, flags);
    if (flags.varintFlistFlags)
        encodeNameList(out, offeredNameList(NameKind::Checksum, true));
    m_wire.writeRaw(out);
    if (flags.varintFlistFlags) {
        const QByteArray theirs = m_wire.readRawItem<QByteArray>(decodeNameList);
        const auto chosen =
            chooseName(NameKind::Checksum, theirs, offeredNameList(NameKind::Checksum, true));
        if (!chosen)
            evil::Wire::die("no checksum in common");
        m_checksum = *checksum::checksumTypeFromName(*chosen);
    }
    out.clear();
    encodeChecksumSeed(out, 12345);
    m_wire.writeRaw(out);
    if (is("close-after-handshake"))
        m_wire.hangUp();
    m_wire.startMultiplex();

    m_config.protocol = m_wire.protocol;
    m_config.varintFlags = flags.varintFlistFlags;
    m_config.preserveUid = m_options.uid;
    m_config.preserveGid = m_options.gid;
    m_config.preserveLinks = m_options.links;
    m_config.preserveDevices = m_options.devices;
    m_config.preserveSpecials = m_options.devices;
    m_config.preserveHardLinks = m_options.hardLinks;
    m_config.incRecurse = flags.incRecurse;
    m_config.numericIds = m_options.numericIds;
    m_config.id0Names = flags.id0Names;
    m_config.safeFlist = flags.safeFlist;
    m_config.relativePaths = m_options.relative;
}

void EvilSender::buildList()
{
    const QByteArray planted("planted by the evil sender\n");
    auto add = [this](FileEntry f, const QByteArray& content = {}) {
        if (f.isRegular())
            m_content.insert(f.name, content);
        m_list.push_back(std::move(f));
    };
    if (is("unrequested-name")) {
        // The client asked for SRC/honest alone; a second name comes along
        // (think .bashrc in a pull into $HOME: CVE-2022-29154).
        add(file("honest", 7), "honest\n");
        add(file("planted", planted.size()), planted);
        return;
    }
    add(dir("."));
    if (is("id-names")) {
        // Not hostile: ids this machine knows by other numbers. The names
        // decide (uidlist.c): 4242 "nobody" and 4243 "nogroup" here.
        FileEntry f = file("owned", 6);
        f.uid = 4242;
        f.gid = 4243;
        add(f, "owned\n");
        return;
    }
    add(file("honest", 7), "honest\n");
    if (is("dotdot")) {
        add(file("../outside/planted", planted.size()), planted);
    } else if (is("dotdot-inner")) {
        add(dir("sub"));
        add(file("sub/../../outside/planted", planted.size()), planted);
    } else if (is("absolute")) {
        add(file(m_outside + "/planted", planted.size()), planted);
    } else if (is("symlink-parent")) {
        add(symlinkTo("d", m_outside));
        add(file("d/planted", planted.size()), planted);
    } else if (is("symlink-parent-deep")) {
        // --relative style: the implied parent "a" arrives as a symlink,
        // then a directory and a file are sent below it.
        add(symlinkTo("a", m_outside));
        add(dir("a/b"));
        add(file("a/b/planted", planted.size()), planted);
    } else if (is("dir-becomes-symlink")) {
        // The destination has a real directory "d"; the list turns it into
        // a symlink to OUTSIDE and then sends files "into" it.
        add(symlinkTo("d", m_outside));
        add(file("d/planted", planted.size()), planted);
        add(file("d/keep", planted.size()), planted);
    } else if (is("write-through-symlink")) {
        // The destination's "d" already is this symlink; the file below it
        // is pushed together with the list (see sendList()).
        add(symlinkTo("d", m_outside));
        add(file("d/planted", planted.size()), planted);
    } else if (is("partial-dir-symlink")) {
        // The client runs with --partial-dir=.p: the list makes ".p" a
        // symlink to OUTSIDE, then the server dies in the middle of "data"
        // (CVE-2026-70460 class: partial data kept through a symlink).
        add(symlinkTo(".p", m_outside));
        add(file("data", 100000), QByteArray(100000, 'z'));
    } else if (is("delete-through-symlink")) {
        // The destination's "d" is a symlink to OUTSIDE (left by an earlier
        // run); the list says "d" is a directory, and --delete cleans it.
        add(dir("d"));
        add(file("d/f", 2), "f\n");
    } else if (is("basis-through-symlink")) {
        // The test runs with --max-size=1, so the generator leaves the
        // destination's "x" (a symlink to OUTSIDE/secret) alone.
        add(file("x", 5), "hello");
    } else if (is("hardlink-leader")) {
        FileEntry f = file("h", 3);
        f.hardLinked = true;
        f.hardLinkLeader = 1000;
        add(f, "hl\n");
    } else if (is("transfer-directory")) {
        add(dir("sub"));
    } else {
        add(file("data", 100000), QByteArray(100000, 'z'));
    }
}

void EvilSender::sendList()
{
    FileListEncoder encoder(m_config);
    encoder.beginList(m_config.incRecurse ? 1 : 0);
    QByteArray out;
    if (is("close-mid-flist")) {
        encoder.encodeEntry(m_list.front(), out);
        m_wire.writeData(out);
        m_wire.hangUp();
    }
    for (const FileEntry& f : m_list) {
        if (f.hardLinked) {
            // FileListEncoder asserts sane leaders: write this one by hand.
            QByteArray e;
            encodeVarint(
                e, qint32(xmit::kHardLinked | xmit::kSameUid | xmit::kSameGid | xmit::kSameTime));
            encodeU8(e, quint8(f.name.size()));
            e += f.name;
            encodeVarint(e, f.hardLinkLeader);
            out += e;
            continue;
        }
        encoder.encodeEntry(f, out);
    }
    encoder.encodeEnd(out, 0);
    if (is("id-names"))
        encoder.encodeIdLists(out, {{4242, "nobody"}}, {{4243, "nogroup"}});
    else
        encoder.encodeIdLists(out, {}, {});
    m_wire.writeData(out);

    // The order the client's indices follow (filelist.md §6).
    m_sorted = m_list;
    sortFileList(m_sorted, DuplicatePolicy::Keep);
    if (is("write-through-symlink")) {
        // In the same write as the list: the receiver meets it before its
        // generator has looked at anything.
        ItemHeader h;
        h.iflags = quint16(kItemTransfer | kItemIsNew);
        sendFile(indexOf("d/planted"), h, SumHead{});
    }
    m_wire.flush();
}

void EvilSender::sendTokens(const QByteArray& content)
{
    QByteArray out;
    for (qsizetype at = 0; at < content.size(); at += 32768) {
        const QByteArray chunk = content.mid(at, 32768);
        encodeI32(out, qint32(chunk.size()));
        out += chunk;
    }
    encodeI32(out, 0);
    m_wire.writeData(out);
}

void EvilSender::sendFile(qint32 ndx, const ItemHeader& header, SumHead head)
{
    // sender.c send_files(): echo the header and the sum head, then the
    // tokens (literals only) and the whole-file checksum.
    const QByteArray content = ndx >= 0 && size_t(ndx) < m_sorted.size()
                                   ? m_content.value(m_sorted[size_t(ndx)].name)
                                   : QByteArray();
    m_wire.writeNdx(is("ndx-out-of-range") ? 1000 : is("ndx-negative") ? -50 : ndx);
    QByteArray out;
    encodeItemAttrs(out, header);
    if (is("sumhead-blength"))
        head = SumHead{1, 1 << 30, 2, 0};
    else if (is("sumhead-count"))
        head = SumHead{-5, 700, 2, 0};
    else if (is("sumhead-s2length"))
        head = SumHead{1, 700, 64, 0};
    else if (is("sumhead-remainder"))
        head = SumHead{1, 700, 2, 900};
    else if (is("block-index"))
        head = SumHead{1, 700, 2, 0};
    encodeSumHead(out, head);
    m_wire.writeData(out);
    if (is("close-mid-file") || is("partial-dir-symlink")) {
        QByteArray part;
        encodeI32(part, 32768);
        part += content.left(32768);
        m_wire.writeData(part);
        m_wire.flush();
        ::usleep(300000);
        m_wire.hangUp();
    }
    if (is("block-index")) {
        QByteArray t;
        encodeI32(t, -(7 + 1)); // block 7 of a one-block basis
        encodeI32(t, 0);
        m_wire.writeData(t);
    } else {
        sendTokens(content);
    }
    checksum::StrongHasher hasher(m_checksum);
    hasher.update(content);
    QByteArray sum = hasher.finish();
    if (is("bad-file-sum"))
        sum[0] = char(sum[0] ^ 0x55);
    m_wire.writeData(sum);
    m_wire.flush();
}

qint32 EvilSender::indexOf(const QByteArray& name) const
{
    for (size_t i = 0; i < m_sorted.size(); ++i)
        if (m_sorted[i].name == name)
            return qint32(i);
    return -1;
}

// Records nobody asked for, sent once the generator has finished phase 0:
// the receiver must judge them by the destination as it is, not trust that
// the generator asked for them.
void EvilSender::sendUnrequested()
{
    if (is("transfer-directory")) {
        ItemHeader h;
        h.iflags = quint16(kItemTransfer);
        m_wire.writeNdx(indexOf("sub"));
        QByteArray out;
        encodeItemAttrs(out, h);
        encodeSumHead(out, SumHead{});
        m_wire.writeData(out);
        sendTokens("x");
        m_wire.flush();
        return;
    }
    if (is("symlink-parent") || is("dir-becomes-symlink")) {
        // The file "through" the symlink, whatever the generator thought.
        ItemHeader h;
        h.iflags = quint16(kItemTransfer | kItemIsNew);
        sendFile(indexOf("d/planted"), h, SumHead{});
        return;
    }
    if (is("basis-through-symlink")) {
        // "x" is a symlink to OUTSIDE/secret at the destination. Ask the
        // receiver to rebuild "x" from its basis block 0: a receiver that
        // opens the basis through the symlink copies the secret in.
        QFile f(QFile::decodeName(m_outside + "/secret"));
        if (!f.open(QIODevice::ReadOnly))
            evil::Wire::die("no OUTSIDE/secret");
        const QByteArray secret = f.readAll();
        ItemHeader h;
        h.iflags = quint16(kItemTransfer);
        m_wire.writeNdx(indexOf("x"));
        QByteArray out;
        encodeItemAttrs(out, h);
        encodeSumHead(out, SumHead{1, qint32(secret.size()), 16, 0});
        encodeI32(out, -1); // block 0
        encodeI32(out, 0);
        checksum::StrongHasher hasher(m_checksum);
        hasher.update(secret);
        out += hasher.finish();
        m_wire.writeData(out);
        m_wire.flush();
    }
}

void EvilSender::serve()
{
    // The generator's requests (delta.md §1, §8): answer each, echo phase
    // ends; the third NDX_DONE ends the loop.
    int phase = 0;
    for (;;) {
        const qint32 ndx = m_wire.readNdx();
        if (ndx == kNdxDone) {
            // The generator has been through the whole list: the
            // destination now holds what it made (symlinks included).
            if (phase == 0)
                sendUnrequested();
            if (++phase > 2)
                break;
            m_wire.writeNdx(kNdxDone);
            m_wire.flush();
            continue;
        }
        if (ndx < 0)
            evil::Wire::die("unexpected negative ndx from the generator");
        const ItemHeader header = m_wire.readItem<ItemHeader>(decodeItemAttrs);
        if (!(header.iflags & kItemTransfer)) {
            m_wire.writeNdx(ndx);
            QByteArray out;
            encodeItemAttrs(out, header);
            m_wire.writeData(out);
            continue;
        }
        const SumHead head = m_wire.readItem<SumHead>(
            [](QByteArrayView in) { return decodeSumHead(in, kMaxSumLength); });
        m_wire.skipData(qsizetype(head.count) * (4 + head.s2Length));
        sendFile(ndx, header, head);
    }
    m_wire.writeNdx(kNdxDone);
}

void EvilSender::finishRun()
{
    // main.c: a server sender's stats, then read_final_goodbye().
    QByteArray out;
    encodeTransferStats(out, TransferStats{}, m_wire.protocol);
    m_wire.writeData(out);
    m_wire.flush();
    qint32 ndx = m_wire.readNdx();
    if (ndx == kNdxDelStats) {
        m_wire.readItem<DeleteStats>(decodeDeleteStats);
        ndx = m_wire.readNdx();
    }
    if (m_wire.protocol >= 31) {
        m_wire.writeNdx(kNdxDone);
        m_wire.flush();
        m_wire.readNdx();
    }
}

int EvilSender::run()
{
    handshake();
    // exclude.c recv_filter_list(): the client receiver always sends it.
    m_wire.readItem<QList<QByteArray>>([](QByteArrayView in) { return decodeFilterList(in); });
    buildList();
    sendList();
    serve();
    finishRun();
    // A normal end: the client waits for us to exit before it closes.
    m_wire.flush();
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 4) {
        std::fprintf(stderr, "usage: qrsync-evilsender SCENARIO OUTSIDE --server --sender ...\n");
        return 1;
    }
    // A client that gives up closes the pipe; end quietly (exit 0), so the
    // client's exit code is its own and not the remote shell's status.
    std::signal(SIGPIPE, SIG_IGN);
    EvilSender s(argv[1], argv[2], parseOptions(argc, argv, 3));
    return s.run();
}
