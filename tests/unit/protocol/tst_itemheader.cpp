// Item header and delete stats codecs (delta.md §1, §8): the verified
// generator trace, round trips, split points, truncation and limits.

#include "protocol/itemheader.h"
#include "protocol/ndx.h"
#include "testsupport.h"

#include <QTest>

using namespace qrsync::protocol;
using qrsync::test::fromHex;
using qrsync::test::toHex;

class TestItemHeader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void golden();
    void roundTrip_data();
    void roundTrip();
    void truncationAndSplits_data() { roundTrip_data(); }
    void truncationAndSplits();
    void longXname();
    void deleteStats();
    void deleteStatsLimits();
};

void TestItemHeader::golden()
{
    // Verified generator -> sender trace, empty destination: ndx 0 with
    // REPORT_TIME, ndx 2 with TRANSFER|IS_NEW (sum head follows, not ours),
    // ndx 3 with IS_NEW|LOCAL_CHANGE|REPORT_CHANGE.
    NdxEncoder enc;
    QByteArray out;
    QVERIFY(encodeItemHeader(out, enc, 0, ItemHeader{kItemReportTime, 0, {}}));
    QVERIFY(encodeItemHeader(out, enc, 2, ItemHeader{kItemTransfer | kItemIsNew, 0, {}}));
    QVERIFY(encodeItemHeader(out, enc, 3,
                             ItemHeader{kItemIsNew | kItemLocalChange | kItemReportChange, 0, {}}));
    QCOMPARE(toHex(out), toHex(fromHex("010800 0200a0 010260")));

    NdxDecoder dec;
    QByteArrayView in(out);
    for (quint16 flags : {quint16(0x0008), quint16(0xa000), quint16(0x6002)}) {
        auto n = dec.decode(in);
        QVERIFY(n.isOk());
        in = in.sliced(n.consumed());
        auto h = decodeItemAttrs(in);
        QVERIFY(h.isOk());
        QCOMPARE(h.value().iflags, flags);
        in = in.sliced(h.consumed());
    }
    QVERIFY(in.isEmpty());
}

void TestItemHeader::roundTrip_data()
{
    QTest::addColumn<ItemHeader>("header");
    QTest::addColumn<int>("wireSize");
    QTest::newRow("plain") << ItemHeader{kItemTransfer, 0, {}} << 2;
    QTest::newRow("basis type") << ItemHeader{kItemTransfer | kItemBasisTypeFollows,
                                              kFnameCmpPartialDir,
                                              {}}
                                << 3;
    QTest::newRow("hard link xname")
        << ItemHeader{kItemLocalChange | kItemXnameFollows | kItemIsNew, 0, "dir/leader"} << 13;
    QTest::newRow("both") << ItemHeader{kItemTransfer | kItemBasisTypeFollows | kItemXnameFollows,
                                        kFnameCmpFuzzy, "fuzzy-match"}
                          << 15;
    QTest::newRow("two-byte vstring")
        << ItemHeader{kItemXnameFollows, 0, QByteArray(300, 'n')} << 2 + 2 + 300;
}

void TestItemHeader::roundTrip()
{
    QFETCH(ItemHeader, header);
    QFETCH(int, wireSize);
    QByteArray out;
    QVERIFY(encodeItemAttrs(out, header));
    QCOMPARE(out.size(), wireSize);
    auto d = decodeItemAttrs(QByteArray(out + "tail"));
    QVERIFY(d.isOk());
    QCOMPARE(d.value(), header);
    QCOMPARE(d.consumed(), qsizetype(wireSize));
}

void TestItemHeader::truncationAndSplits()
{
    QFETCH(ItemHeader, header);
    NdxEncoder enc;
    QByteArray wire;
    QVERIFY(encodeItemHeader(wire, enc, 1234, header));
    // Every split point: the ndx first, then the attributes, as a role reads
    // them; every proper prefix of the attributes is NeedMore.
    for (qsizetype split = 0; split <= wire.size(); ++split) {
        NdxDecoder dec;
        auto n = dec.decode(wire.first(split));
        if (!n.isOk()) {
            QVERIFY(n.isNeedMore());
            n = dec.decode(wire);
        }
        QCOMPARE(n.value(), 1234);
        const QByteArrayView attrs = QByteArrayView(wire).sliced(n.consumed());
        for (qsizetype k = 0; k < attrs.size(); ++k) {
            auto d = decodeItemAttrs(attrs.first(k));
            QVERIFY(d.isNeedMore());
            QVERIFY(d.atLeast() > k);
        }
        auto d = decodeItemAttrs(attrs);
        QVERIFY(d.isOk());
        QCOMPARE(d.value(), header);
    }
}

void TestItemHeader::longXname()
{
    QByteArray out;
    QVERIFY(!encodeItemAttrs(out, ItemHeader{kItemXnameFollows, 0, QByteArray(4096, 'x')}));
    QVERIFY(out.isEmpty());
    // A 4096-byte name is refused from its length prefix alone.
    auto d = decodeItemAttrs(fromHex("0010 9000"));
    QVERIFY(d.isError());
    QVERIFY(encodeItemAttrs(out, ItemHeader{kItemXnameFollows, 0, QByteArray(4095, 'x')}));
    QVERIFY(decodeItemAttrs(out).isOk());
}

void TestItemHeader::deleteStats()
{
    const DeleteStats s{3, 2, 1, 0, 300};
    QByteArray out;
    encodeDeleteStats(out, s);
    QCOMPARE(toHex(out), toHex(fromHex("03 02 01 00 812c")));
    QCOMPARE(decodeDeleteStats(out).value(), s);
    QCOMPARE(s.total(), qint64(306));
    for (qsizetype n = 0; n < out.size(); ++n)
        QVERIFY(decodeDeleteStats(out.first(n)).isNeedMore());
}

void TestItemHeader::deleteStatsLimits()
{
    QByteArray out;
    encodeDeleteStats(out, DeleteStats{kMaxWireDeleteStat, 0, 0, 0, 0});
    QVERIFY(decodeDeleteStats(out).isOk());
    out.clear();
    encodeDeleteStats(out, DeleteStats{0, -1, 0, 0, 0});
    QVERIFY(decodeDeleteStats(out).isError());
    out.clear();
    encodeDeleteStats(out, DeleteStats{0, 0, kMaxWireDeleteStat + 1, 0, 0});
    QVERIFY(decodeDeleteStats(out).isError());
}

QTEST_GUILESS_MAIN(TestItemHeader)
#include "tst_itemheader.moc"
