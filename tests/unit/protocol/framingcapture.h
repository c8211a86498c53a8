#pragma once

// Test helper shared by the framing suites: splits a stock capture
// (tests/data/protocol/framing, recorded with tests/tools/rsh-tap.py) into its
// raw prefix and its frames, and walks a generator's data stream (ndx, item
// header, sum head and sums, delete stats) with the codecs under test,
// re-encoding each item as it goes.

#include "protocol/handshake.h"
#include "protocol/itemheader.h"
#include "protocol/multiplex.h"
#include "protocol/ndx.h"
#include "protocol/negotiation.h"
#include "protocol/reader.h"
#include "protocol/sumhead.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace qrsync::test {

struct SplitCapture
{
    QString error; // empty when the whole capture was understood
    qint32 version = 0;
    std::optional<protocol::CompatFlags> compat; // server-to-client only
    QByteArray checksumList;
    QByteArray compressList;
    std::optional<qint32> seed; // server-to-client only
    qsizetype prefixLength = 0;
    QList<protocol::Frame> frames;
    QByteArray data;      // MSG_DATA bodies joined
    QByteArray reencoded; // prefix + every frame encoded again
};

// `fromServer` selects the server's prefix (version, compat flags, lists,
// seed) over the client's (version, lists). `compress`: -z without a
// --compress-choice, so a compression list was exchanged.
inline SplitCapture splitCapture(const QByteArray& raw, bool fromServer, bool compress)
{
    using namespace qrsync::protocol;
    SplitCapture c;
    qsizetype pos = 0;
    auto fail = [&](const QString& what) {
        c.error = QStringLiteral("%1 at offset %2").arg(what).arg(pos);
        return c;
    };
    auto v = decodeVersion(raw);
    if (!v.isOk())
        return fail(QStringLiteral("version"));
    c.version = v.value();
    pos += v.consumed();
    if (fromServer) {
        auto f = decodeCompatFlags(QByteArrayView(raw).sliced(pos));
        if (!f.isOk())
            return fail(QStringLiteral("compat flags"));
        c.compat = f.value();
        pos += f.consumed();
    }
    auto list = decodeNameList(QByteArrayView(raw).sliced(pos));
    if (!list.isOk())
        return fail(QStringLiteral("checksum list"));
    c.checksumList = list.value();
    pos += list.consumed();
    if (compress) {
        auto cl = decodeNameList(QByteArrayView(raw).sliced(pos));
        if (!cl.isOk())
            return fail(QStringLiteral("compress list"));
        c.compressList = cl.value();
        pos += cl.consumed();
    }
    if (fromServer) {
        auto s = decodeChecksumSeed(QByteArrayView(raw).sliced(pos));
        if (!s.isOk())
            return fail(QStringLiteral("seed"));
        c.seed = s.value();
        pos += s.consumed();
    }
    c.prefixLength = pos;
    c.reencoded = raw.first(pos);
    while (pos < raw.size()) {
        auto f = decodeFrame(QByteArrayView(raw).sliced(pos));
        if (!f.isOk())
            return fail(f.isError() ? f.errorMessage() : QStringLiteral("truncated frame"));
        pos += f.consumed();
        if (f.value().tag == MsgTag::Data)
            c.data += f.value().body;
        encodeFrame(c.reencoded, f.value().tag, f.value().body);
        c.frames.append(f.value());
    }
    return c;
}

struct GeneratorRecord
{
    qint32 ndx = 0;
    protocol::ItemHeader header;
    std::optional<protocol::SumHead> sums;
};

struct GeneratorWalk
{
    QString error;
    QList<GeneratorRecord> records;
    QList<qint32> ndxSequence; // every ndx, negatives included
    std::optional<protocol::DeleteStats> deleteStats;
    qsizetype consumed = 0;
    QByteArray reencoded;
};

// Walks the generator -> sender stream from `data` to its end.
inline GeneratorWalk walkGeneratorStream(QByteArrayView data, int protocol, int maxDigest = 16)
{
    using namespace qrsync::protocol;
    GeneratorWalk w;
    NdxDecoder ndxIn(protocol);
    NdxEncoder ndxOut(protocol);
    qsizetype pos = 0;
    auto fail = [&](const QString& what) {
        w.error = QStringLiteral("%1 at stream offset %2").arg(what).arg(pos);
        w.consumed = pos;
        return w;
    };
    while (pos < data.size()) {
        auto n = ndxIn.decode(data.sliced(pos));
        if (!n.isOk())
            return fail(QStringLiteral("ndx: ") + n.errorMessage());
        pos += n.consumed();
        const qint32 ndx = n.value();
        w.ndxSequence.append(ndx);
        ndxOut.encode(w.reencoded, ndx);
        if (ndx == kNdxDelStats) {
            auto s = decodeDeleteStats(data.sliced(pos));
            if (!s.isOk())
                return fail(QStringLiteral("delete stats"));
            pos += s.consumed();
            w.deleteStats = s.value();
            encodeDeleteStats(w.reencoded, s.value());
            continue;
        }
        if (ndx < 0)
            continue;
        auto h = decodeItemAttrs(data.sliced(pos));
        if (!h.isOk())
            return fail(QStringLiteral("item header"));
        pos += h.consumed();
        GeneratorRecord rec{ndx, h.value(), std::nullopt};
        encodeItemAttrs(w.reencoded, rec.header);
        if (rec.header.iflags & kItemTransfer) {
            auto sh = decodeSumHead(data.sliced(pos), maxDigest);
            if (!sh.isOk())
                return fail(QStringLiteral("sum head"));
            pos += sh.consumed();
            rec.sums = sh.value();
            encodeSumHead(w.reencoded, sh.value());
            const qsizetype sumBytes = qsizetype(sh.value().count) * (4 + sh.value().s2Length);
            if (data.size() - pos < sumBytes)
                return fail(QStringLiteral("block sums"));
            w.reencoded.append(data.sliced(pos, sumBytes));
            pos += sumBytes;
        }
        w.records.append(rec);
    }
    w.consumed = pos;
    return w;
}

} // namespace qrsync::test
