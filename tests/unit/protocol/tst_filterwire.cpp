// Filter list framing (filelist.md §1): verified empty list, round trip,
// split points, truncation and the length caps.

#include "protocol/filterwire.h"
#include "testsupport.h"

#include <QTest>

using namespace qrsync::protocol;
using qrsync::test::fromHex;
using qrsync::test::toHex;

class TestFilterWire : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void golden();
    void roundTripAndPrefixes();
    void limits();
};

void TestFilterWire::golden()
{
    // Verified pull with no rules: just the terminator.
    QByteArray out;
    QVERIFY(encodeFilterList(out, {}));
    QCOMPARE(toHex(out), toHex(fromHex("00000000")));
    auto d = decodeFilterList(out);
    QVERIFY(d.isOk());
    QVERIFY(d.value().isEmpty());
    out.clear();
    QVERIFY(encodeFilterList(out, {"- *.o"}));
    QCOMPARE(toHex(out), toHex(fromHex("05000000 2d202a2e6f 00000000")));
}

void TestFilterWire::roundTripAndPrefixes()
{
    const QList<QByteArray> rules{"- *.o", "+ /keep/", ":C", "-! x",
                                  QByteArray(kMaxFilterRuleLength, 'r')};
    QByteArray wire;
    QVERIFY(encodeFilterList(wire, rules));
    auto d = decodeFilterList(QByteArray(wire + "more"));
    QVERIFY(d.isOk());
    QCOMPARE(d.value(), rules);
    QCOMPARE(d.consumed(), wire.size());
    // Every proper prefix is NeedMore asking for more than it has.
    for (qsizetype n = 0; n < wire.size(); ++n) {
        auto p = decodeFilterList(wire.first(n));
        QVERIFY2(p.isNeedMore(), qPrintable(QString::number(n)));
        QVERIFY(p.atLeast() > n);
    }
    // Rule by rule, with the input fed at every split point.
    for (qsizetype split = 0; split <= wire.size(); split += 7) {
        QByteArray buffer = wire.first(split);
        qsizetype fed = split;
        QList<QByteArray> got;
        while (true) {
            auto r = decodeFilterRule(buffer);
            if (r.isNeedMore()) {
                QVERIFY(fed < wire.size());
                buffer += wire.sliced(fed, 1);
                ++fed;
                continue;
            }
            QVERIFY(r.isOk());
            buffer.remove(0, r.consumed());
            if (!r.value())
                break;
            got.append(*r.value());
        }
        QCOMPARE(got, rules);
    }
}

void TestFilterWire::limits()
{
    QByteArray out;
    QVERIFY(!encodeFilterList(out, {QByteArray()}));
    QVERIFY(!encodeFilterList(out, {QByteArray(kMaxFilterRuleLength + 1, 'x')}));
    QVERIFY(out.isEmpty());
    // 5120 bytes (BIGPATHBUFLEN) is refused from the length alone, and so is
    // a negative length (read as unsigned by stock).
    QVERIFY(decodeFilterList(fromHex("00140000")).isError());
    QVERIFY(decodeFilterList(fromHex("ffffffff")).isError());
    // The whole-list cap.
    QByteArray many;
    QList<QByteArray> rules(100, QByteArray(100, 'a'));
    QVERIFY(encodeFilterList(many, rules));
    QVERIFY(decodeFilterList(many, 5000).isError());
    QVERIFY(decodeFilterList(many.first(6000), 5000).isError());
    QVERIFY(decodeFilterList(many, many.size()).isOk());
}

QTEST_GUILESS_MAIN(TestFilterWire)
#include "tst_filterwire.moc"
