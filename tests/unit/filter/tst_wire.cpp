// The filter list a client sends, against streams recorded from stock
// rsync (tests/data/filter/README.md), and the server-side parse.

#include "filter/filterlist.h"
#include "filter/filterstack.h"
#include "filter/wire.h"

#include "testsupport.h"

#include <QTest>

using namespace qrsync;
using namespace qrsync::filter;

namespace {

// The encoded list must sit at the start of a MSG_DATA frame (tag 7) that
// is at least as long.
bool inDataFrame(const QByteArray& stream, const QByteArray& encoded)
{
    for (qsizetype at = stream.indexOf(encoded); at >= 4; at = stream.indexOf(encoded, at + 1)) {
        const auto* h = reinterpret_cast<const unsigned char*>(stream.constData() + at - 4);
        const qsizetype len = h[0] | (h[1] << 8) | (h[2] << 16);
        if (h[3] == 7 && len >= encoded.size())
            return true;
    }
    return false;
}

} // namespace

class TestWire : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pullSendsReceiverView()
    {
        FilterList list;
        for (const char* r : {"- *.o", "H *.tmp", "P keep", ": .rsync-filter", "-/! /abs/x/"})
            QVERIFY_RESULT(list.addFilter(r));
        QVERIFY_RESULT(list.addInclude("*/"));
        QVERIFY_RESULT(list.addFilter("+px user.*"));
        QVERIFY_RESULT(list.addCvsExclude());
        const QList<QByteArray> wire = rulesForWire(list, /*amSender=*/false);
        const QList<QByteArray> expected{"- *.o",       "-s *.tmp", ": .rsync-filter",
                                         "-/! /abs/x/", "+ */",     "+xp user.*"};
        QCOMPARE(wire, expected);
        QVERIFY(clientSendsFilterList(false, false, false, false));
        QVERIFY(inDataFrame(test::readTestData("filter/pull-client-to-server.bin"),
                            encodeFilterList(wire)));
    }

    void pushExpandsCvsList()
    {
        FilterList list;
        for (const char* r : {"- *.o", "H *.tmp", "P keep", ":n- .excl"})
            QVERIFY_RESULT(list.addFilter(r));
        QVERIFY_RESULT(list.addCvsExclude());
        const QList<QByteArray> wire = rulesForWire(list, /*amSender=*/true);
        QCOMPARE(wire.mid(0, 5),
                 (QList<QByteArray>{"- *.o", "-r keep", ":n- .excl", ":C .cvsignore", "-p RCS"}));
        QCOMPARE(wire.last(), QByteArray("-p .bzr/"));
        QCOMPARE(wire.size(), 4 + 36); // 36 default CVS names
        QVERIFY(clientSendsFilterList(true, true, false, false));
        QVERIFY(!clientSendsFilterList(true, false, false, false));
        QVERIFY(inDataFrame(test::readTestData("filter/push-client-to-server.bin"),
                            encodeFilterList(wire)));
    }

    void pushDeleteExcluded()
    {
        ParseOptions options;
        options.deleteExcluded = true;
        FilterList list(options);
        QVERIFY_RESULT(list.addExclude("*.o"));
        for (const char* r : {"S *.c", "R *.h", ": .f", ":- .g"})
            QVERIFY_RESULT(list.addFilter(r));
        const QList<QByteArray> wire = rulesForWire(list, true);
        QCOMPARE(wire, (QList<QByteArray>{"+r *.h", ": .f"}));
        QVERIFY(inDataFrame(test::readTestData("filter/pushdx-client-to-server.bin"),
                            encodeFilterList(wire)));
    }

    void encodeFraming()
    {
        QCOMPARE(encodeFilterList({}), test::fromHex("00 00 00 00"));
        QCOMPARE(encodeFilterList({"- *.o"}),
                 test::fromHex("05 00 00 00 2d 20 2a 2e 6f 00 00 00 00"));
    }

    void serverParsesList()
    {
        ServerFilterOptions options;
        options.amSender = true;
        options.cvsExclude = true;
        auto list = parseWireRules({"- *.o", "-s *.tmp", "+ keep.o", "-r prot"}, options);
        QVERIFY_RESULT(list);
        // A server sender appends :C and -C itself.
        QCOMPARE(list->rules().size(), 6);
        QCOMPARE(list->rules()[4].text(), QByteArray(":C .cvsignore"));
        FilterStack stack(*list);
        QVERIFY_RESULT(stack.enterDirectory("", [](const QByteArray&) {
            return Result<std::optional<QByteArray>>(std::optional<QByteArray>());
        }));
        QVERIFY(stack.check("x.o", false, Side::Sender).excluded());
        QVERIFY(stack.check("a.tmp", false, Side::Sender).excluded());
        QVERIFY(!stack.check("a.tmp", false, Side::Receiver).excluded());
        QVERIFY(!stack.check("prot", false, Side::Sender).excluded());
        QVERIFY(stack.check("prot", false, Side::Receiver).excluded());
        QVERIFY(stack.check("x.bak", false, Side::Sender).excluded()); // CVS list
        QCOMPARE(stack.check("x.bak", false, Side::Sender).listName, QByteArray("[global CVS]"));
    }

    void serverRejectsBadRules()
    {
        auto bad = parseWireRules({"z foo"}, {});
        QVERIFY(!bad);
        QCOMPARE(bad.error().code, ExitCode::Syntax);
        auto huge = parseWireRules({QByteArray(kMaxWireRuleLength + 1, 'a')}, {});
        QVERIFY(!huge);
        QCOMPARE(huge.error().code, ExitCode::Malloc);
        auto merge = parseWireRules({". /etc/passwd"}, {});
        QVERIFY(!merge);
    }
};

QTEST_GUILESS_MAIN(TestWire)
#include "tst_wire.moc"
