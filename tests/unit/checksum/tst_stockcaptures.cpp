// Weak and strong sums against stock rsync 3.5.0 captures (see
// tests/data/checksum/README.md): the generator's block sums with seed
// 12345 and the sender's whole-file digest, for every algorithm.

#include "checksum/rollingchecksum.h"
#include "checksum/stronghasher.h"
#include "testsupport.h"

#include <QTest>

#include <algorithm>

using namespace qrsync::checksum;
using qrsync::test::readTestData;
using qrsync::test::toHex;

namespace {

struct Capture
{
    qint32 seed = 0;
    qint32 count = 0;
    qint32 blockLength = 0;
    qint32 s2Length = 0;
    qint32 remainder = 0;
    QList<quint32> sum1;
    QList<QByteArray> sum2;
    QByteArray fileSum;
};

Capture parseExpected(const QByteArray& text)
{
    Capture c;
    for (const QByteArray& line : text.split('\n')) {
        const QList<QByteArray> f = line.split(' ');
        if (f[0] == "seed") {
            c.seed = f[1].toInt();
        } else if (f[0] == "head") {
            c.count = f[1].toInt();
            c.blockLength = f[2].toInt();
            c.s2Length = f[3].toInt();
            c.remainder = f[4].toInt();
        } else if (f[0] == "sum") {
            c.sum1.append(f[2].toUInt(nullptr, 16));
            c.sum2.append(QByteArray::fromHex(f[3]));
        } else if (f[0] == "filesum") {
            c.fileSum = QByteArray::fromHex(f[1]);
        }
    }
    return c;
}

// new.bin: basis.bin with ten bytes changed inside block 71.
QByteArray newFile(const QByteArray& basis)
{
    QByteArray n = basis;
    n.replace(71 * 700 + 5, 10, "CHANGEDXYZ");
    return n;
}

} // namespace

class TestStockCaptures : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void blockAndFileSums_data();
    void blockAndFileSums();
    void printedDigests();
};

void TestStockCaptures::blockAndFileSums_data()
{
    QTest::addColumn<ChecksumType>("type");
    QTest::newRow("md5") << ChecksumType::Md5;
    QTest::newRow("md4") << ChecksumType::Md4;
    QTest::newRow("sha1") << ChecksumType::Sha1;
    QTest::newRow("xxh64") << ChecksumType::Xxh64;
    QTest::newRow("xxh3") << ChecksumType::Xxh3;
    QTest::newRow("xxh128") << ChecksumType::Xxh128;
}

void TestStockCaptures::blockAndFileSums()
{
    QFETCH(ChecksumType, type);
    const QByteArray basis = readTestData(QStringLiteral("checksum/basis.bin"));
    QCOMPARE(basis.size(), 100000);
    const Capture c =
        parseExpected(readTestData(QStringLiteral("checksum/push-%1/expected.txt")
                                       .arg(QString::fromLatin1(checksumTypeName(type)))));
    QCOMPARE(c.seed, 12345);
    QCOMPARE(c.count, 143);
    QCOMPARE(c.sum1.size(), c.count);

    BlockSummer summer(type, c.seed, true);
    int mismatchesWithoutFix = 0;
    for (qint32 i = 0; i < c.count; ++i) {
        const qsizetype len = i == c.count - 1 ? c.remainder : c.blockLength;
        const QByteArrayView block =
            QByteArrayView(basis).sliced(qsizetype(i) * c.blockLength, len);
        QCOMPARE(weakChecksum(block), c.sum1[i]);
        char sum2[kMaxDigestLength];
        summer.sumInto(block, sum2);
        QCOMPARE(toHex(QByteArray(sum2, c.s2Length)), toHex(c.sum2[i]));
        if (blockSum(type, block, c.seed, false).left(c.s2Length) != c.sum2[i])
            ++mismatchesWithoutFix;
    }
    // Only md5 depends on CF_CHKSUM_SEED_FIX, and then the order matters.
    QCOMPARE(mismatchesWithoutFix > 100, type == ChecksumType::Md5);

    StrongHasher file(type);
    file.update(newFile(basis));
    QCOMPARE(toHex(file.finish()), toHex(c.fileSum));
}

void TestStockCaptures::printedDigests()
{
    const QByteArray basis = readTestData(QStringLiteral("checksum/basis.bin"));
    const QByteArray data = newFile(basis);
    int checked = 0;
    for (const QByteArray& line :
         readTestData(QStringLiteral("checksum/whole-file-digests.txt")).split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QList<QByteArray> f = line.split(' ');
        const auto type = checksumTypeFromName(f[0]);
        QVERIFY(type);
        StrongHasher h(*type);
        h.update(data);
        QByteArray wire = h.finish();
        // sum_as_hex prints xxh sums as numbers: reverse the LE wire bytes.
        if (*type == ChecksumType::Xxh64 || *type == ChecksumType::Xxh3 ||
            *type == ChecksumType::Xxh128)
            std::reverse(wire.begin(), wire.end());
        QCOMPARE(wire.toHex(), f[1]);
        ++checked;
    }
    QCOMPARE(checked, 6);
}

QTEST_GUILESS_MAIN(TestStockCaptures)
#include "tst_stockcaptures.moc"
