// Checksum names and sizes, the weak rolling sum against its definition,
// and the strong hashers against published test vectors.

#include "checksum/checksumtype.h"
#include "checksum/rollingchecksum.h"
#include "checksum/stronghasher.h"
#include "testsupport.h"

#include <xxhash.h>

#include <QRandomGenerator>
#include <QTest>
#include <QtEndian>

#include <cstring>

using namespace qrsync::checksum;
using qrsync::test::fromHex;
using qrsync::test::toHex;

namespace {

// delta.md §3 spelled out, bytes signed.
quint32 weakByDefinition(QByteArrayView b)
{
    quint32 s1 = 0;
    quint32 s2 = 0;
    const auto n = quint32(b.size());
    for (quint32 i = 0; i < n; ++i) {
        const auto x = quint32(qint32(static_cast<signed char>(b[i])));
        s1 += x;
        s2 += (n - i) * x;
    }
    return (s1 & 0xffff) | (s2 << 16);
}

QByteArray randomBytes(qsizetype n, quint32 seed)
{
    QRandomGenerator rng(seed);
    QByteArray out(n, Qt::Uninitialized);
    for (qsizetype i = 0; i < n; ++i)
        out[i] = char(rng.bounded(256));
    return out;
}

const ChecksumType kAllTypes[] = {ChecksumType::None,  ChecksumType::Md4,   ChecksumType::Md5,
                                  ChecksumType::Sha1,  ChecksumType::Xxh64, ChecksumType::Xxh3,
                                  ChecksumType::Xxh128};

} // namespace

class TestChecksums : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void names();
    void weakSignedBytes();
    void weakMatchesDefinition();
    void weakKernelsAgree();
    void rollingMatchesOneShot();
    void strongVectors_data();
    void strongVectors();
    void incrementalEqualsOneShot();
    void moveKeepsState();
    void blockSumSeedPlacement();
};

void TestChecksums::names()
{
    for (ChecksumType t : kAllTypes) {
        const QByteArray name = checksumTypeName(t);
        QCOMPARE(checksumTypeFromName(name), std::optional(t));
        QCOMPARE(checksumTypeFromName(name.toUpper()), std::optional(t));
    }
    QCOMPARE(checksumTypeFromName("xxhash"), std::optional(ChecksumType::Xxh64));
    QCOMPARE(checksumTypeFromName("XXHash"), std::optional(ChecksumType::Xxh64));
    QVERIFY(!checksumTypeFromName("sha256"));
    QVERIFY(!checksumTypeFromName("md"));
    QVERIFY(!checksumTypeFromName(""));
    // handshake.md §6.
    QCOMPARE(digestLength(ChecksumType::Xxh128), 16);
    QCOMPARE(digestLength(ChecksumType::Xxh3), 8);
    QCOMPARE(digestLength(ChecksumType::Xxh64), 8);
    QCOMPARE(digestLength(ChecksumType::Md5), 16);
    QCOMPARE(digestLength(ChecksumType::Md4), 16);
    QCOMPARE(digestLength(ChecksumType::Sha1), 20);
    QCOMPARE(digestLength(ChecksumType::None), 0);
    for (ChecksumType t : kAllTypes)
        QVERIFY(digestLength(t) <= kMaxDigestLength);
}

void TestChecksums::weakSignedBytes()
{
    // Bytes >= 0x80 count as negative: a single 0xff is s1 = s2 = -1.
    QCOMPARE(weakChecksum(fromHex("ff")), quint32(0xffffffff));
    QCOMPARE(weakChecksum(fromHex("01 02")), quint32((1 + 2) | ((2 * 1 + 1 * 2) << 16)));
    QCOMPARE(weakChecksum({}), quint32(0));
}

void TestChecksums::weakMatchesDefinition()
{
    for (int n : {0, 1, 2, 3, 4, 5, 7, 8, 63, 700, 701, 4099, 131072}) {
        const QByteArray b = randomBytes(n, quint32(n) + 1);
        QCOMPARE(weakChecksum(b), weakByDefinition(b));
    }
}

void TestChecksums::weakKernelsAgree()
{
    // Every vector kernel against the definition: all lengths around the
    // chunk sizes, random data, and the extremes of the signed byte range
    // (a lane overflow would show on long runs of 0x7f or 0x80).
    QByteArray extremes;
    for (int i = 0; i < 5000; ++i)
        extremes.append(char(i % 3 == 0 ? 0x80 : (i % 3 == 1 ? 0x7f : 0xff)));
    const QByteArray inputs[] = {randomBytes(5000, 7), extremes, QByteArray(70000, char(0x80)),
                                 QByteArray(70000, char(0x7f))};
    const auto kernels = availableWeakSumKernels();
    QVERIFY(kernels.size() >= 2);
    for (const QByteArray& input : inputs) {
        for (qsizetype n = 0; n < input.size(); n += (n < 300 ? 1 : 997)) {
            for (qsizetype offset : {qsizetype(0), qsizetype(1), qsizetype(13)}) {
                if (offset + n > input.size())
                    continue;
                const QByteArrayView block = QByteArrayView(input).sliced(offset, n);
                const quint32 expected = weakByDefinition(block.toByteArray());
                for (WeakSumKernel k : kernels)
                    QCOMPARE(weakChecksumWith(k, block), expected);
            }
        }
        QCOMPARE(weakChecksum(input), weakByDefinition(input));
    }
}

void TestChecksums::rollingMatchesOneShot()
{
    const QByteArray data = randomBytes(5000, 42);
    const QByteArrayView v(data);
    for (int window : {1, 7, 700}) {
        RollingChecksum r;
        r.init(v.first(window));
        qsizetype start = 0;
        for (; start + window < v.size(); ++start) {
            QCOMPARE(r.value(), weakChecksum(v.sliced(start, window)));
            r.roll(v[start], v[start + window]);
        }
        // The tail: the window shrinks down to nothing, as at end of file.
        for (; start < v.size(); ++start) {
            QCOMPARE(r.length(), qint32(v.size() - start));
            QCOMPARE(r.value(), weakChecksum(v.sliced(start)));
            r.shrink(v[start]);
        }
        QCOMPARE(r.length(), 0);
        QCOMPARE(r.value(), quint32(0));
    }
}

void TestChecksums::strongVectors_data()
{
    QTest::addColumn<ChecksumType>("type");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("digest");
    // RFC 1320 / RFC 1321 / FIPS 180 test vectors.
    QTest::newRow("md4 empty") << ChecksumType::Md4 << QByteArray()
                               << fromHex("31d6cfe0d16ae931b73c59d7e0c089c0");
    QTest::newRow("md4 abc") << ChecksumType::Md4 << QByteArray("abc")
                             << fromHex("a448017aaf21d8525fc10ae87aa6729d");
    QTest::newRow("md5 empty") << ChecksumType::Md5 << QByteArray()
                               << fromHex("d41d8cd98f00b204e9800998ecf8427e");
    QTest::newRow("md5 abc") << ChecksumType::Md5 << QByteArray("abc")
                             << fromHex("900150983cd24fb0d6963f7d28e17f72");
    QTest::newRow("sha1 abc") << ChecksumType::Sha1 << QByteArray("abc")
                              << fromHex("a9993e364706816aba3e25717850c26c9cd0d89d");
    // xxhash's published values for the empty input (seed 0), written
    // little-endian as rsync sends them: XXH64 = 0xef46db3751d8e999,
    // XXH3_64 = 0x2d06800538d394c2, XXH3_128 = 0x99aa06d3014798d86001c324468d497f.
    QTest::newRow("xxh64 empty") << ChecksumType::Xxh64 << QByteArray()
                                 << fromHex("99e9d85137db46ef");
    QTest::newRow("xxh3 empty") << ChecksumType::Xxh3 << QByteArray()
                                << fromHex("c294d338058006 2d");
    QTest::newRow("xxh128 empty") << ChecksumType::Xxh128 << QByteArray()
                                  << fromHex("7f498d4624c30160 d8984701d306aa99");
    QTest::newRow("none") << ChecksumType::None << QByteArray("abc") << QByteArray();
}

void TestChecksums::strongVectors()
{
    QFETCH(ChecksumType, type);
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, digest);
    StrongHasher h(type);
    h.update(input);
    QCOMPARE(toHex(h.finish()), toHex(digest));
    // finish() resets: the same input gives the same digest again.
    h.update(input);
    QCOMPARE(toHex(h.finish()), toHex(digest));
    // Seed 0 means "no seed" for every block sum.
    QCOMPARE(toHex(blockSum(type, input, 0, true)), toHex(digest));
    QCOMPARE(toHex(blockSum(type, input, 0, false)), toHex(digest));
}

void TestChecksums::incrementalEqualsOneShot()
{
    const QByteArray data = randomBytes(300000, 7);
    for (ChecksumType t : kAllTypes) {
        StrongHasher whole(t);
        whole.update(data);
        const QByteArray expected = whole.finish();
        StrongHasher pieces(t);
        qsizetype pos = 0;
        for (qsizetype step = 1; pos < data.size(); step = step * 3 + 1) {
            const qsizetype n = std::min(step, data.size() - pos);
            pieces.update(QByteArrayView(data).sliced(pos, n));
            pos += n;
        }
        QCOMPARE(toHex(pieces.finish()), toHex(expected));
        QCOMPARE(expected.size(), digestLength(t));
    }
}

void TestChecksums::moveKeepsState()
{
    StrongHasher a(ChecksumType::Md5);
    a.update("ab");
    StrongHasher b(std::move(a));
    b.update("c");
    QCOMPARE(toHex(b.finish()), toHex(fromHex("900150983cd24fb0d6963f7d28e17f72")));
    StrongHasher c(ChecksumType::Xxh3);
    c = std::move(b);
    QCOMPARE(c.type(), ChecksumType::Md5);
}

void TestChecksums::blockSumSeedPlacement()
{
    const QByteArray block = randomBytes(700, 3);
    const qint32 seed = 12345;
    const QByteArray seedLE = fromHex("39300000");
    auto digest = [](ChecksumType t, const QByteArray& bytes) {
        StrongHasher h(t);
        h.update(bytes);
        return h.finish();
    };
    QCOMPARE(blockSum(ChecksumType::Md5, block, seed, true),
             digest(ChecksumType::Md5, seedLE + block));
    QCOMPARE(blockSum(ChecksumType::Md5, block, seed, false),
             digest(ChecksumType::Md5, block + seedLE));
    QCOMPARE(blockSum(ChecksumType::Md4, block, seed, true),
             digest(ChecksumType::Md4, block + seedLE));
    QCOMPARE(blockSum(ChecksumType::Sha1, block, seed, true),
             digest(ChecksumType::Sha1, seedLE + block));
    // The xxh seed is sign-extended: a negative seed is not the same as its
    // zero-extended value, and differs from seed 0.
    char expected[8];
    qToLittleEndian(quint64(XXH64(block.data(), 700, ~0ULL)), expected);
    QCOMPARE(blockSum(ChecksumType::Xxh64, block, -1, true), QByteArray(expected, 8));
    qToLittleEndian(quint64(XXH3_64bits_withSeed(block.data(), 700, 0xffffff85ULL)), expected);
    QVERIFY(blockSum(ChecksumType::Xxh3, block, -123, true) != QByteArray(expected, 8));
    QCOMPARE(blockSum(ChecksumType::Xxh128, block, seed, true).size(), 16);
    // The caller-buffer variant agrees and writes only digestLength bytes.
    BlockSummer summer(ChecksumType::Xxh3, seed, true);
    char out[kMaxDigestLength + 1];
    std::memset(out, 0x5a, sizeof out);
    summer.sumInto(block, out);
    QCOMPARE(QByteArray(out, 8), blockSum(ChecksumType::Xxh3, block, seed, true));
    QCOMPARE(out[8], char(0x5a));
}

QTEST_GUILESS_MAIN(TestChecksums)
#include "tst_checksums.moc"
