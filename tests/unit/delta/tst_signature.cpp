// Signatures: built from the basis of the stock md5 capture they must be
// byte-identical to the block sums stock's generator sent; the block-sum
// codec round-trips, splits and truncates per the decoder contract.

#include "delta/signature.h"
#include "delta/sumsizes.h"
#include "protocol/sumhead.h"
#include "testsupport.h"

#include <QTest>

using namespace qrsync::delta;
using qrsync::checksum::ChecksumType;
using qrsync::protocol::SumHead;
using qrsync::test::readTestData;
using qrsync::test::toHex;

namespace {

// The generator's bytes after the sum head, rebuilt from expected.txt
// (int32 sum1 LE + sum2 per block).
QByteArray stockBlockSums(const QString& algorithm)
{
    QByteArray wire;
    const QByteArray text =
        readTestData(QStringLiteral("checksum/push-%1/expected.txt").arg(algorithm));
    for (const QByteArray& line : text.split('\n')) {
        const QList<QByteArray> f = line.split(' ');
        if (f[0] != "sum")
            continue;
        const quint32 sum1 = f[2].toUInt(nullptr, 16);
        for (int k = 0; k < 4; ++k)
            wire.append(char(sum1 >> (8 * k)));
        wire.append(QByteArray::fromHex(f[3]));
    }
    return wire;
}

} // namespace

class TestSignature : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesStockGenerator_data();
    void matchesStockGenerator();
    void roundTripAndSplits();
    void truncation();
    void emptyHead();
    void rejectsBadHead();
};

void TestSignature::matchesStockGenerator_data()
{
    QTest::addColumn<ChecksumType>("type");
    QTest::newRow("md5") << ChecksumType::Md5;
    QTest::newRow("xxh128") << ChecksumType::Xxh128;
    QTest::newRow("xxh3") << ChecksumType::Xxh3;
}

void TestSignature::matchesStockGenerator()
{
    QFETCH(ChecksumType, type);
    const QByteArray basis = readTestData(QStringLiteral("checksum/basis.bin"));
    const qint32 blockLength = blockLengthFor(basis.size());
    const SumHead head = sumHeadFor(
        basis.size(), blockLength,
        strongSumLengthFor(basis.size(), blockLength, qrsync::checksum::digestLength(type), false));
    QCOMPARE(head, (SumHead{143, 700, 2, 600}));
    const Signature sig = buildSignature(basis, head, type, 12345, true);
    QByteArray wire;
    encodeSignatureBlocks(wire, sig);
    const QByteArray stock =
        stockBlockSums(QString::fromLatin1(qrsync::checksum::checksumTypeName(type)));
    QCOMPARE(stock.size(), 143 * 6);
    QCOMPARE(toHex(wire), toHex(stock));
}

void TestSignature::roundTripAndSplits()
{
    QByteArray basis(5000, Qt::Uninitialized);
    for (int i = 0; i < basis.size(); ++i)
        basis[i] = char(i * 7 + i / 13);
    const SumHead head = sumHeadFor(basis.size(), 700, 16);
    const Signature sig = buildSignature(basis, head, ChecksumType::Md5, 99, true);
    QByteArray wire;
    encodeSignatureBlocks(wire, sig);
    QCOMPARE(wire.size(), qsizetype(head.count) * 20);
    wire.append("trailing");
    const auto d = decodeSignatureBlocks(wire, head);
    QVERIFY(d.isOk());
    QCOMPARE(d.consumed(), qsizetype(head.count) * 20);
    QCOMPARE(d.value().head, head);
    QCOMPARE(d.value().weak, sig.weak);
    QCOMPARE(d.value().strong, sig.strong);
}

void TestSignature::truncation()
{
    QByteArray basis(2100, 'x');
    const SumHead head = sumHeadFor(basis.size(), 700, 4);
    QByteArray wire;
    encodeSignatureBlocks(wire, buildSignature(basis, head, ChecksumType::Xxh64, 0, true));
    for (qsizetype n = 0; n < wire.size(); ++n) {
        const auto d = decodeSignatureBlocks(QByteArrayView(wire).first(n), head);
        QVERIFY2(d.isNeedMore(), qPrintable(QString::number(n)));
        QCOMPARE(d.atLeast(), wire.size());
    }
    // A hostile count asks for all its bytes up front without allocating.
    const SumHead huge{0x7fffffff, 131072, 16, 0};
    const auto d = decodeSignatureBlocks(wire, huge);
    QVERIFY(d.isNeedMore());
    QCOMPARE(d.atLeast(), qsizetype(0x7fffffff) * 20);
}

void TestSignature::emptyHead()
{
    const Signature sig = buildSignature({}, SumHead{}, ChecksumType::Md5, 1, true);
    QVERIFY(sig.weak.empty());
    QVERIFY(sig.strong.isEmpty());
    const auto d = decodeSignatureBlocks({}, SumHead{});
    QVERIFY(d.isOk());
    QCOMPARE(d.consumed(), qsizetype(0));
}

void TestSignature::rejectsBadHead()
{
    QVERIFY(decodeSignatureBlocks(QByteArray(100, 0), SumHead{1, 700, 17, 0}).isError());
    QVERIFY(decodeSignatureBlocks(QByteArray(100, 0), SumHead{-1, 700, 2, 0}).isError());
}

QTEST_GUILESS_MAIN(TestSignature)
#include "tst_signature.moc"
