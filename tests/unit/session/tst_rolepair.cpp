// The sender and the receiving side wired together in memory, without a
// driver, socket or thread: whatever one role writes is handed to the
// other, in chunks of a given size. One byte at a time exercises every
// "need more" path of every reader in the roles; the result must be the
// same tree, with the same itemized changes, as with whole buffers.

#include "session/receiverside.h"
#include "session/sender.h"
#include "treebuilder.h"
#include "treesnapshot.h"

#include <QTemporaryDir>
#include <QTest>

using namespace qrsync;
using namespace qrsync::session;
using qrsync::test::TreeBuilder;
using qrsync::test::TreeSnapshot;

namespace {

struct Outcome
{
    bool finished = false;
    QString error;
    int rounds = 0;
    qint64 bytesMoved = 0;
    QList<QByteArray> items; // name + iflags, sorted
};

// Moves up to `chunk` bytes (0: all) from `from` to `to` per call.
bool pass(Role& from, Role& to, QByteArray& inFlight, qsizetype chunk, qint64& moved)
{
    inFlight.append(from.takeOutgoing());
    if (inFlight.isEmpty())
        return false;
    const qsizetype n = chunk > 0 ? std::min(chunk, inFlight.size()) : inFlight.size();
    to.receive(QByteArrayView(inFlight).first(n));
    moved += n;
    inFlight.remove(0, n);
    return true;
}

Outcome copyTree(const QByteArray& src, const QByteArray& dst, qsizetype chunk, bool wholeFile)
{
    HandshakeSettings client;
    client.side = HandshakeSettings::Side::Client;
    HandshakeSettings server = client;
    server.side = HandshakeSettings::Side::Server;
    server.compatFlags = protocol::CompatFlags::kVarintFlistFlags |
                         protocol::CompatFlags::kSafeFlist |
                         protocol::CompatFlags::kChecksumSeedFix |
                         protocol::CompatFlags::kSymlinkTimes | protocol::CompatFlags::kId0Names;
    server.seed = 4242;

    PreserveFlags preserve;
    preserve.links = preserve.uid = preserve.gid = preserve.hardLinks = true;
    preserve.devices = preserve.specials = true;

    SenderSettings s;
    s.sources << SourceArgument{src + '/'};
    s.build.recursive = true;
    s.build.preserveLinks = true;
    s.build.preserveHardLinks = true;
    s.preserve = preserve;

    ReceiverSettings r;
    r.destination = dst + '/';
    r.preserve = preserve;
    r.perms = r.times = true;
    r.amRoot = ::geteuid() == 0;
    r.recursive = true;
    r.wholeFile = wholeFile;

    Sender sender(client, s, std::make_unique<NoFilter>());
    ReceiverSide receiver(server, r, std::make_unique<NoFilter>());
    QByteArray toServer;
    QByteArray toClient;
    Outcome outcome;
    for (int round = 0; round < 50'000'000; ++round) {
        outcome.rounds = round;
        sender.advance();
        receiver.advance();
        for (const SessionEvent& e : sender.takeEvents()) {
            if (const auto* item = std::get_if<ItemEvent>(&e))
                outcome.items << item->file.name + ' ' + QByteArray::number(item->iflags, 16);
        }
        receiver.takeEvents();
        const bool moved = pass(sender, receiver, toServer, chunk, outcome.bytesMoved) |
                           pass(receiver, sender, toClient, chunk, outcome.bytesMoved);
        if (sender.hasFailed() || receiver.hasFailed()) {
            outcome.error = (sender.hasFailed() ? sender.error() : receiver.error()).message;
            break;
        }
        if (sender.isFinished() && receiver.isFinished()) {
            outcome.finished = true;
            break;
        }
        if (!moved) {
            outcome.error = QStringLiteral("stalled");
            break;
        }
    }
    std::sort(outcome.items.begin(), outcome.items.end());
    return outcome;
}

} // namespace

class TestRolePair : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void copies_data();
    void copies();
};

void TestRolePair::copies_data()
{
    QTest::addColumn<qsizetype>("chunk");
    QTest::addColumn<bool>("wholeFile");
    QTest::newRow("whole buffers") << qsizetype(0) << true;
    QTest::newRow("one byte at a time") << qsizetype(1) << true;
    QTest::newRow("7 bytes, delta") << qsizetype(7) << false;
    QTest::newRow("one byte at a time, delta") << qsizetype(1) << false;
}

void TestRolePair::copies()
{
    QFETCH(qsizetype, chunk);
    QFETCH(bool, wholeFile);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QByteArray base = QFile::encodeName(tmp.path());
    TreeBuilder src(base + "/src");
    src.dir("sub");
    src.file("a.txt", "hello\n");
    src.randomFile("sub/data.bin", 20000, 3);
    src.symlink("link", "a.txt");
    src.file("h1", "linked\n");
    src.hardLink("sub/h2", "h1");
    // Fixed times: an entry made within the same second as its source
    // would otherwise keep its own time (window 0 compares seconds).
    src.setMtime("a.txt", 1700000000, 5);
    src.setMtime("sub/data.bin", 1700000100, 6);
    src.setMtime("link", 1700000200, 7);
    src.setMtime("h1", 1700000300, 8);
    src.setMtime("sub", 1700000400, 9);
    src.setMtime(".", 1700000500, 10);
    // A previous version at two identical destinations, so the delta rows
    // match blocks: one is filled through chunked delivery, the other
    // through whole buffers, for reference.
    for (const QByteArray& name : {QByteArray("/dst"), QByteArray("/ref")}) {
        TreeBuilder dst(base + name);
        dst.dir("sub");
        dst.randomFile("sub/data.bin", 20000, 3);
        dst.patch("sub/data.bin", 9000, 100, 77);
        dst.setMtime("sub/data.bin", 1600000000, 0);
    }

    const Outcome outcome = copyTree(base + "/src", base + "/dst", chunk, wholeFile);
    QVERIFY2(outcome.finished, qPrintable(outcome.error));
    const Outcome reference = copyTree(base + "/src", base + "/ref", 0, wholeFile);
    QVERIFY2(reference.finished, qPrintable(reference.error));
    qrsync::test::CompareOptions compare;
    compare.rootEntry = false;
    for (const QByteArray& name : {QByteArray("/dst"), QByteArray("/ref")}) {
        const QStringList problems = TreeSnapshot::diff(TreeSnapshot::take(base + "/src"),
                                                        TreeSnapshot::take(base + name), compare);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }
    // The same itemized changes however the bytes were cut, and there were
    // some: new entries, the changed file, the hard link.
    QCOMPARE(outcome.items, reference.items);
    QVERIFY(outcome.items.size() >= 5);
    if (chunk == 1) // really one byte at a time (at most two per round)
        QVERIFY2(outcome.rounds >= outcome.bytesMoved / 2 && outcome.bytesMoved > 1000,
                 qPrintable(QStringLiteral("%1 rounds for %2 bytes")
                                .arg(outcome.rounds)
                                .arg(outcome.bytesMoved)));
}

QTEST_GUILESS_MAIN(TestRolePair)
#include "tst_rolepair.moc"
