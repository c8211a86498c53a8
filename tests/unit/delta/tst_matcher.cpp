// The sender's matcher and the receiver's patcher together: every delta,
// applied to its basis, must give back the new file byte for byte; the
// in-place rule must hold; stock's own token sequence must be reproduced.

#include "checksum/stronghasher.h"
#include "delta/matcher.h"
#include "delta/patcher.h"
#include "delta/sumsizes.h"
#include "testsupport.h"

#include <QRandomGenerator>
#include <QTest>

#include <vector>

using namespace qrsync::delta;
using qrsync::checksum::ChecksumType;
using qrsync::checksum::StrongHasher;
using qrsync::protocol::SumHead;

namespace {

constexpr qint32 kSeed = 0x1234567;

struct Event
{
    qint32 block = -1; // -1: literal
    QByteArray literal;
};

class Recorder : public DeltaSink
{
public:
    void literal(QByteArrayView data) override
    {
        QVERIFY(!data.isEmpty());
        QVERIFY(data.size() <= kLiteralChunkSize);
        literalBytes += data.size();
        events.push_back({-1, data.toByteArray()});
    }
    void matchedBlock(qint32 blockIndex, QByteArrayView blockData) override
    {
        matchedBytes += blockData.size();
        events.push_back({blockIndex, {}});
    }

    std::vector<Event> events;
    qint64 literalBytes = 0;
    qint64 matchedBytes = 0;
};

QByteArray randomBytes(QRandomGenerator& rng, qsizetype n)
{
    QByteArray out(n, Qt::Uninitialized);
    qsizetype i = 0;
    for (; i + 4 <= n; i += 4) {
        const quint32 v = rng.generate();
        std::memcpy(out.data() + i, &v, 4);
    }
    for (; i < n; ++i)
        out[i] = char(rng.bounded(256));
    return out;
}

struct Outcome
{
    Recorder recorder;
    QByteArray output;
    SumHead head;
    QByteArray senderDigest;
};

// Signature of basis, delta of newFile, patch through a Patcher.
void roundTrip(const QByteArray& basis, const QByteArray& newFile, qint32 forcedBlock,
               ChecksumType type, bool inplace, Outcome& out)
{
    const qint32 blockLength = blockLengthFor(basis.size(), forcedBlock);
    const qint32 s2 =
        strongSumLengthFor(basis.size(), blockLength, qrsync::checksum::digestLength(type), false);
    out.head = sumHeadFor(basis.size(), blockLength, s2);
    const Signature sig = buildSignature(basis, out.head, type, kSeed, true);
    StrongHasher fileSum(type);
    computeDelta(newFile, sig, type, kSeed, true, out.recorder, MatchOptions{inplace}, &fileSum);
    out.senderDigest = fileSum.finish();

    Patcher patcher(out.head, basis, type, [&out](QByteArrayView bytes) -> qrsync::Result<> {
        out.output.append(bytes);
        return {};
    });
    for (const Event& e : out.recorder.events) {
        if (e.block < 0)
            QVERIFY_RESULT(patcher.literal(e.literal));
        else
            QVERIFY_RESULT(patcher.block(e.block));
    }
    QVERIFY(patcher.verify(out.senderDigest));
}

QByteArray digestOf(ChecksumType type, const QByteArray& data)
{
    StrongHasher h(type);
    h.update(data);
    return h.finish();
}

enum class Edit
{
    Insert,
    Delete,
    Change,
    Duplicate
};

QByteArray randomEdits(QRandomGenerator& rng, QByteArray data, int edits)
{
    for (int e = 0; e < edits; ++e) {
        const auto kind = Edit(rng.bounded(4));
        const qsizetype at = data.isEmpty() ? 0 : rng.bounded(int(data.size()));
        const qsizetype len = 1 + rng.bounded(rng.bounded(2) ? 20 : 3000);
        switch (kind) {
        case Edit::Insert:
            data.insert(at, randomBytes(rng, len));
            break;
        case Edit::Delete:
            data.remove(at, len);
            break;
        case Edit::Change:
            data.replace(at, std::min(len, data.size() - at), randomBytes(rng, len));
            break;
        case Edit::Duplicate: {
            const qsizetype from = data.isEmpty() ? 0 : rng.bounded(int(data.size()));
            data.insert(at, data.mid(from, len));
            break;
        }
        }
    }
    return data;
}

} // namespace

class TestMatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void randomEditsRoundTrip_data();
    void randomEditsRoundTrip();
    void edgeCases_data();
    void edgeCases();
    void unchangedFileIsAllBlocks();
    void runsPreferConsecutiveBlocks();
    void largeFileSmallChange();
    void inplaceRule_data();
    void inplaceRule();
    void stockTokenSequence();
    void patcherRejectsBadInput();
};

void TestMatcher::randomEditsRoundTrip_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<int>("size");
    QTest::addColumn<qint32>("block");
    QTest::addColumn<int>("edits");
    QTest::addColumn<ChecksumType>("type");
    const ChecksumType types[] = {ChecksumType::Xxh128, ChecksumType::Md5, ChecksumType::Md4,
                                  ChecksumType::Xxh3, ChecksumType::Sha1};
    quint32 seed = 1;
    for (int size : {1, 699, 700, 701, 5000, 100'000, 300'000}) {
        for (qint32 block : {0, 16, 1000}) {
            for (int edits : {0, 1, 5, 40}) {
                const ChecksumType type = types[seed % 5];
                QTest::addRow("size %d block %d edits %d seed %u", size, block, edits, seed)
                    << seed << size << block << edits << type;
                ++seed;
            }
        }
    }
}

void TestMatcher::randomEditsRoundTrip()
{
    QFETCH(quint32, seed);
    QFETCH(int, size);
    QFETCH(qint32, block);
    QFETCH(int, edits);
    QFETCH(ChecksumType, type);
    QRandomGenerator rng(seed);
    QByteArray basis = randomBytes(rng, size);
    if (seed % 3 == 0) {
        // Repeated content: many blocks share weak and strong sums.
        const QByteArray unit = randomBytes(rng, 700);
        basis.clear();
        while (basis.size() < size)
            basis.append(unit);
        basis.truncate(size);
    }
    const QByteArray newFile = randomEdits(rng, basis, edits);
    Outcome o;
    roundTrip(basis, newFile, block, type, false, o);
    QCOMPARE(o.output.size(), newFile.size());
    QVERIFY(o.output == newFile);
    QCOMPARE(o.senderDigest, digestOf(type, newFile));
}

void TestMatcher::edgeCases_data()
{
    QTest::addColumn<QByteArray>("basis");
    QTest::addColumn<QByteArray>("newFile");
    QRandomGenerator rng(77);
    const QByteArray a = randomBytes(rng, 3000);
    QTest::newRow("empty basis") << QByteArray() << a;
    QTest::newRow("empty new file") << a << QByteArray();
    QTest::newRow("both empty") << QByteArray() << QByteArray();
    QTest::newRow("new shorter than a block") << a << a.first(100);
    QTest::newRow("new is the short last block") << a << a.sliced(2800);
    QTest::newRow("new is one block") << a << a.sliced(700, 700);
    QTest::newRow("basis shorter than a block") << a.first(300) << a;
    QTest::newRow("long literal") << a.first(700) << randomBytes(rng, 100'000) + a.first(700);
    QTest::newRow("blocks reversed")
        << a << a.sliced(2100) + a.sliced(1400, 700) + a.sliced(700, 700) + a.first(700);
}

void TestMatcher::edgeCases()
{
    QFETCH(QByteArray, basis);
    QFETCH(QByteArray, newFile);
    for (bool inplace : {false, true}) {
        Outcome o;
        roundTrip(basis, newFile, 0, ChecksumType::Md5, inplace, o);
        QVERIFY(o.output == newFile);
        if (newFile.isEmpty())
            QVERIFY(o.recorder.events.empty());
    }
}

void TestMatcher::unchangedFileIsAllBlocks()
{
    QRandomGenerator rng(5);
    const QByteArray data = randomBytes(rng, 1'000'003);
    Outcome o;
    roundTrip(data, data, 0, ChecksumType::Xxh128, false, o);
    QCOMPARE(o.recorder.literalBytes, qint64(0));
    QCOMPARE(qsizetype(o.recorder.events.size()), qsizetype(o.head.count));
    for (qint32 i = 0; i < o.head.count; ++i)
        QCOMPARE(o.recorder.events[size_t(i)].block, i);
}

void TestMatcher::runsPreferConsecutiveBlocks()
{
    // Every block is identical, so any block matches anywhere; the matcher
    // must still continue the run (0, 1, 2, ...) for TOKENRUN encoding.
    const QByteArray data(700 * 50, 'z');
    Outcome o;
    roundTrip(data, data, 0, ChecksumType::Md5, false, o);
    QCOMPARE(o.recorder.literalBytes, qint64(0));
    for (size_t i = 0; i < o.recorder.events.size(); ++i)
        QCOMPARE(o.recorder.events[i].block, qint32(i));
}

void TestMatcher::largeFileSmallChange()
{
    QRandomGenerator rng(64);
    const QByteArray basis = randomBytes(rng, qsizetype(64) << 20);
    QByteArray newFile = basis;
    const qsizetype at = 20'000'001; // not block-aligned
    newFile.replace(at, 1 << 20, randomBytes(rng, 1 << 20));
    Outcome o;
    roundTrip(basis, newFile, 0, ChecksumType::Xxh128, false, o);
    QVERIFY(o.output == newFile);
    // 1 MiB changed; at most the two blocks straddling its edges come extra.
    const qint64 blockLength = o.head.blockLength;
    QCOMPARE(blockLength, qint64(8192));
    QVERIFY2(o.recorder.literalBytes >= (1 << 20) &&
                 o.recorder.literalBytes <= (1 << 20) + 2 * blockLength,
             qPrintable(QString::number(o.recorder.literalBytes)));
}

void TestMatcher::inplaceRule_data()
{
    QTest::addColumn<quint32>("seed");
    for (quint32 seed = 100; seed < 160; ++seed)
        QTest::addRow("seed %u", seed) << seed;
}

void TestMatcher::inplaceRule()
{
    QFETCH(quint32, seed);
    QRandomGenerator rng(seed);
    const qint32 block = seed % 2 ? 64 : 0;
    QByteArray basis = randomBytes(rng, 2000 + rng.bounded(60'000));
    QByteArray newFile;
    switch (seed % 4) {
    case 0: // data moves towards the end: everything behind the write offset
        newFile = randomBytes(rng, 5000) + basis;
        break;
    case 1: // blocks shuffled around
        newFile = basis.sliced(basis.size() / 2) + basis.first(basis.size() / 2);
        break;
    default:
        newFile = randomEdits(rng, basis, 10);
        break;
    }
    Outcome o;
    roundTrip(basis, newFile, block, ChecksumType::Md5, true, o);
    QVERIFY(o.output == newFile);

    // Replay as an in-place receiver: one buffer, the basis overwritten as
    // we go, blocks read from its current contents.
    QByteArray file = basis;
    qint64 pos = 0;
    std::vector<bool> intact(size_t(o.head.count), false);
    for (const Event& e : o.recorder.events) {
        QByteArray bytes = e.literal;
        if (e.block >= 0) {
            const qint64 offset = qint64(e.block) * o.head.blockLength;
            QVERIFY2(offset >= pos || intact[size_t(e.block)],
                     qPrintable(QStringLiteral("block %1 at %2 is behind write offset %3")
                                    .arg(e.block)
                                    .arg(offset)
                                    .arg(pos)));
            if (offset == pos)
                intact[size_t(e.block)] = true;
            bytes = file.mid(offset, o.head.lengthOfBlock(e.block));
        }
        if (file.size() < pos + bytes.size())
            file.resize(pos + bytes.size());
        file.replace(pos, bytes.size(), bytes);
        pos += bytes.size();
    }
    file.truncate(pos);
    QVERIFY(file == newFile);
    // Unchanged data stays matched in place.
    Outcome same;
    roundTrip(basis, basis, block, ChecksumType::Md5, true, same);
    QCOMPARE(same.recorder.literalBytes, qint64(0));
}

void TestMatcher::stockTokenSequence()
{
    // tests/data/checksum/push-md5: stock answered with blocks 0-70, a
    // 700-byte literal, blocks 72-142. Same sums in, same tokens out.
    const QByteArray basis = qrsync::test::readTestData(QStringLiteral("checksum/basis.bin"));
    QByteArray newFile = basis;
    newFile.replace(71 * 700 + 5, 10, "CHANGEDXYZ");
    std::vector<qint32> stockTokens;
    QByteArray stockDigest;
    for (const QByteArray& line :
         qrsync::test::readTestData(QStringLiteral("checksum/push-md5/expected.txt")).split('\n')) {
        const QList<QByteArray> f = line.split(' ');
        if (f[0] == "token")
            stockTokens.push_back(f[1].toInt());
        else if (f[0] == "filesum")
            stockDigest = QByteArray::fromHex(f[1]);
    }
    QCOMPARE(stockTokens.size(), size_t(71 + 1 + 71 + 1));

    const SumHead head{143, 700, 2, 600};
    const Signature sig = buildSignature(basis, head, ChecksumType::Md5, 12345, true);
    Recorder rec;
    StrongHasher fileSum(ChecksumType::Md5);
    computeDelta(newFile, sig, ChecksumType::Md5, 12345, true, rec, {}, &fileSum);
    std::vector<qint32> ours;
    for (const Event& e : rec.events)
        ours.push_back(e.block >= 0 ? -(e.block + 1) : qint32(e.literal.size()));
    ours.push_back(0);
    QCOMPARE(ours, stockTokens);
    QCOMPARE(fileSum.finish(), stockDigest);
}

void TestMatcher::patcherRejectsBadInput()
{
    const QByteArray basis(1500, 'b');
    const SumHead head{3, 700, 2, 100};
    QByteArray out;
    Patcher p(head, basis, ChecksumType::Md5, [&out](QByteArrayView b) -> qrsync::Result<> {
        out.append(b);
        return {};
    });
    QVERIFY_RESULT(p.block(2));
    QCOMPARE(out.size(), 100);
    for (qint32 bad : {3, -1, 0x7fffffff}) {
        Patcher q(head, basis, ChecksumType::Md5,
                  [](QByteArrayView) -> qrsync::Result<> { return {}; });
        const auto r = q.block(bad);
        QVERIFY(!r);
        QCOMPARE(r.error().code, qrsync::ExitCode::Protocol);
        // Sticky: a valid call after the error fails too.
        QVERIFY(!q.literal("x"));
    }
    // A basis shorter than its head is our I/O problem, not the peer's.
    Patcher shortBasis(head, QByteArrayView(basis).first(1000), ChecksumType::Md5,
                       [](QByteArrayView) -> qrsync::Result<> { return {}; });
    QCOMPARE(shortBasis.block(1).error().code, qrsync::ExitCode::FileIo);
    // Writer errors come back unchanged.
    Patcher failing(head, basis, ChecksumType::Md5, [](QByteArrayView) -> qrsync::Result<> {
        return qrsync::makeError(qrsync::ExitCode::FileIo, QStringLiteral("disk full"));
    });
    QCOMPARE(failing.literal("abc").error().message, QStringLiteral("disk full"));
    // verify(): the digest of what was written, nothing else.
    Patcher good(head, basis, ChecksumType::Md5,
                 [](QByteArrayView) -> qrsync::Result<> { return {}; });
    QVERIFY_RESULT(good.literal("abc"));
    QVERIFY(!good.verify(digestOf(ChecksumType::Md5, "abd")));
    Patcher good2(head, basis, ChecksumType::Md5,
                  [](QByteArrayView) -> qrsync::Result<> { return {}; });
    QVERIFY_RESULT(good2.literal("abc"));
    QCOMPARE(good2.bytesWritten(), qint64(3));
    QVERIFY(good2.verify(digestOf(ChecksumType::Md5, "abc")));
}

QTEST_GUILESS_MAIN(TestMatcher)
#include "tst_matcher.moc"
