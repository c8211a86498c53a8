// Hostile senders (issue 4, deliverable 5): a malicious server in a pull
// must not make our receiving side write, delete or follow links outside
// the destination.
//
// Each row pulls from qrsync-evilsender (tests/tools/evilsender), a server
// that performs a correct handshake and then sends a file list or file data
// crafted for one attack class of the rsync advisories:
//   - names with "..", absolute names (CVE-2022-29154 and older);
//   - files below a symlink the list made, or that the destination has
//     (CVE-2024-12087; its incremental-recursion form is refused whole);
//   - a directory turned into a symlink, deletion through a symlink;
//   - a basis file outside the destination (CVE-2024-12086);
//   - partial data kept through a symlinked --partial-dir (CVE-2026-70460);
//   - sum heads with a block length, count, remainder or s2length beyond
//     the limits (CVE-2024-12084/12085), block and file indices out of
//     range, a transfer request for a directory, hard-link leaders beyond
//     the list, whole-file checksums that never match.
// Every row plants canaries in OUTSIDE, a directory beside the destination
// that the attack aims at, and asserts:
//   - the exit code, the same for qrsync and for stock rsync 3.5.0 as the
//     client against the same server (the "(stock)" rows run stock);
//   - a clear message on stderr, from both;
//   - nothing outside the destination was created, changed or deleted
//     (a snapshot of the whole workspace minus the destination);
//   - for qrsync, what the destination holds afterwards;
//   - no crash and no hang.

#include "processrunner.h"
#include "remotesync.h"
#include "treebuilder.h"
#include "treesnapshot.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>

using namespace qrsync::test;

namespace {

QString evilSender()
{
    return QCoreApplication::applicationDirPath() + QStringLiteral("/qrsync-evilsender");
}

// Everything in the workspace but the destination.
QMap<QByteArray, EntrySnapshot> outsideOf(const QByteArray& ws)
{
    QMap<QByteArray, EntrySnapshot> all = TreeSnapshot::take(ws).entries();
    QMap<QByteArray, EntrySnapshot> out;
    for (auto it = all.cbegin(); it != all.cend(); ++it) {
        if (it.key() == "dst" || it.key().startsWith("dst/"))
            continue;
        EntrySnapshot e = it.value();
        if (it.key() == ".") // its mtime changes when dst/ is made
            e.mtimeSec = e.mtimeNsec = 0;
        out.insert(it.key(), e);
    }
    return out;
}

QStringList differences(const QMap<QByteArray, EntrySnapshot>& before,
                        const QMap<QByteArray, EntrySnapshot>& after)
{
    QStringList d;
    for (auto it = after.cbegin(); it != after.cend(); ++it) {
        if (!before.contains(it.key()))
            d << QStringLiteral("created outside: ") + QString::fromUtf8(it.key());
        else {
            const EntrySnapshot& b = before[it.key()];
            const EntrySnapshot& a = it.value();
            if (a.type != b.type || a.contentHash != b.contentHash || a.size != b.size ||
                a.perms != b.perms || a.linkTarget != b.linkTarget || a.mtimeSec != b.mtimeSec)
                d << QStringLiteral("changed outside: ") + QString::fromUtf8(it.key());
        }
    }
    for (auto it = before.cbegin(); it != before.cend(); ++it)
        if (!after.contains(it.key()))
            d << QStringLiteral("deleted outside: ") + QString::fromUtf8(it.key());
    return d;
}

} // namespace

class TestHostilePeers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void hostileSender_data();
    void hostileSender();
    void idNamesMapped_data();
    void idNamesMapped();

private:
    QString m_qrsync;
    QString m_stock;
};

void TestHostilePeers::initTestCase()
{
    m_qrsync = qrsyncUnderTest();
    m_stock = stockRsync();
    QVERIFY2(QFile::exists(m_qrsync), "build qrsync first");
    QVERIFY2(QFile::exists(m_stock), "stock rsync is needed (scripts/install-deps.sh)");
    QVERIFY2(QFile::exists(evilSender()), "build qrsync-evilsender (tests/tools) first");
}

void TestHostilePeers::hostileSender_data()
{
    QTest::addColumn<QString>("client"); // "qrsync" or "stock"
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("expectedExit");
    QTest::addColumn<QString>("message"); // regex stderr must match (both clients)
    // What the destination must hold afterwards (qrsync rows): "name=text"
    // (a file with that content), "!name" (absent), "name/" (a real
    // directory) or "name->" (a symlink).
    QTest::addColumn<QStringList>("destChecks");

    const QStringList a{QStringLiteral("-a")};
    // Adds the qrsync row and, unless stockOptions is {"none"}, the same
    // case with stock rsync as the client (stockOptions: when stock needs
    // other options to face the same stream; empty: the same).
    auto row = [](const char* scenario, const QStringList& options, int exit, const char* message,
                  const QStringList& destChecks, QStringList stockOptions = {},
                  const char* stockMessage = nullptr) {
        // The tag: the scenario, and the options unless just -a.
        QByteArray tag(scenario);
        if (options != QStringList{QStringLiteral("-a")})
            tag += ' ' + options.join(QLatin1Char(' ')).toUtf8();
        QTest::addRow("%s", tag.constData())
            << QStringLiteral("qrsync") << QString::fromLatin1(scenario) << options << exit
            << QString::fromLatin1(message) << destChecks;
        if (stockOptions == QStringList{QStringLiteral("none")})
            return;
        QTest::addRow("%s (stock)", tag.constData())
            << QStringLiteral("stock") << QString::fromLatin1(scenario)
            << (stockOptions.isEmpty() ? options : stockOptions) << exit
            << QString::fromLatin1(stockMessage ? stockMessage : message) << QStringList{};
    };

    // Names. ".." anywhere and absolute names (without -R) end the run
    // while the list is read: flist.c recv_file_entry() "ABORTING due to
    // unsafe pathname from sender", exit 4 (RERR_UNSUPPORTED). Nothing of
    // the list is made, not even the honest file.
    row("dotdot", a, 4, "unsafe pathname from sender: \\.\\./outside/planted", {"!honest"});
    row("dotdot-inner", a, 4, "unsafe pathname from sender: sub/\\.\\./\\.\\./outside/planted",
        {"!honest", "!sub"});
    row("absolute", a, 4, "unsafe pathname from sender: /.*/outside/planted", {"!honest"});

    // Symlinked parents. The list makes "d" a symlink to OUTSIDE and sends
    // "d/planted"; the server also pushes the file unasked once the
    // generator is done (so the symlink exists by then). generator.c
    // recv_generator() (3.4.0, CVE-2024-12087 class): an entry whose parent
    // is not a directory of the list ends the run, exit 2. The symlink
    // itself is fine to make; nothing may go through it.
    row("symlink-parent", a, 2, "invalid path from sender: d/planted", {"d->"});
    // The receiver on its own: the destination's "d" already is that
    // symlink, and the file below it comes unasked in the same write as the
    // list, so the receiver meets it before its generator has looked at
    // anything. The write must fail on the symlink (fs::SafeRoot walks
    // with O_NOFOLLOW); then the generator ends the run as above.
    row("write-through-symlink", a, 2,
        "open \".*/dst/d/planted\" failed: Not a directory(.|\n)*invalid path from sender: "
        "d/planted",
        {"d->"}, {}, "invalid path from sender: d/planted");
    // The same one level deeper: an implied parent "a" that is a symlink,
    // then a directory "a/b" below it (what a --relative list's implied
    // parents look like).
    row("symlink-parent-deep", a, 2, "invalid path from sender: a/b", {"a->"});
    // --relative itself: stock checks -R lists against the requested
    // arguments; qrsync does not support -R yet and refuses it before any
    // connection. This row fails (on purpose) once -R arrives: give it the
    // implied-parent scenario then.
    row("symlink-parent-deep", {QStringLiteral("-a"), QStringLiteral("-R")}, 1,
        "--relative is not supported yet", {}, {QStringLiteral("none")});

    // A list that turns the destination's real directory "d" into a symlink
    // to OUTSIDE, then sends files into it. Without --delete the directory
    // stays (it is not empty); with it, it goes; either way the files below
    // end the run and OUTSIDE keeps its contents.
    row("dir-becomes-symlink", a, 2, "invalid path from sender: d/keep",
        {"d/", "d/own=the destination's own file\n"});
    row("dir-becomes-symlink", {QStringLiteral("-a"), QStringLiteral("--delete")}, 2,
        "invalid path from sender: d/keep", {"d->"});
    // Deleting through a symlink: the destination's "d" is a symlink to
    // OUTSIDE (say, from an earlier run of the same server) and the list
    // says "d" is a directory. --delete must replace the link, not clean
    // OUTSIDE through it.
    row("delete-through-symlink", {QStringLiteral("-a"), QStringLiteral("--delete")}, 0, "^$",
        {"d/", "d/f=f\n", "!d/canary"});
    // A basis outside the destination (CVE-2024-12086 class): "x" in the
    // destination is a symlink to OUTSIDE/secret and --max-size keeps the
    // generator from touching it; the server sends "x" as a copy of block
    // 0 of its basis. A receiver that opens the basis through the link
    // copies the secret into the destination (qrsync did, before the fix
    // in receiver.cpp). Stock opens the basis without following links and
    // stops: "got a block match with no basis file", exit 2.
    row("basis-through-symlink", {QStringLiteral("-a"), QStringLiteral("--max-size=1")}, 2,
        "got a block match with no basis file for \".*/dst/x\"", {"x->"});

    // A name nobody asked for (CVE-2022-29154): a pull of SRC/honest gets
    // "planted" too, which in a pull into $HOME could be .bashrc. Stock
    // 3.2.5+ checks each name against the requested arguments: "ERROR:
    // rejecting unrequested file-list name", exit 4; so does qrsync, for
    // sources without wildcards.
    row("unrequested-name", a, 4, "rejecting unrequested file-list name: planted", {"!planted"});

    // Partial data kept through a symlink (the CVE-2026-70460 class): with
    // --partial-dir=.p the list makes ".p" a symlink to OUTSIDE and the
    // server dies in the middle of "data". The partial file must not land
    // in OUTSIDE. Stock leaves ".p" out of the list it accepts (a relative
    // partial dir is excluded) and keeps dst/.p/data; qrsync makes the
    // symlink but refuses to keep the partial data through it. Both exit
    // 12 on the closed connection.
    row("partial-dir-symlink", {QStringLiteral("-a"), QStringLiteral("--partial-dir=.p")}, 12,
        "connection unexpectedly closed", {".p->", "!data"});

    // Sum heads (io.c read_sum_head, exit 2): a block length over 128 KiB,
    // a negative count, an s2length beyond the digest (CVE-2024-12084: a
    // heap overflow in stock before 3.4.0), a remainder beyond the block.
    // The file is never made.
    row("sumhead-blength", a, 2, "Invalid block length 1073741824", {"!data"});
    row("sumhead-count", a, 2, "Invalid checksum count -5", {"!data"});
    row("sumhead-s2length", a, 2, "Invalid checksum length 64", {"!data"});
    row("sumhead-remainder", a, 2, "Invalid remainder length 900", {"!data"});
    // A block reference beyond the sum head's count (receiver.c receive_data).
    row("block-index", a, 2, "Invalid block index 7 \\(count=1\\)", {"!data"});
    // File indices out of range, either way (rsync.c read_ndx_and_attrs).
    row("ndx-out-of-range", a, 2, "index:? 1000", {"!data"});
    row("ndx-negative", a, 2, "Invalid file index: -50", {"!data"});
    // A transfer request for a directory.
    row("transfer-directory", a, 2, "received request to transfer non-regular file: 2", {"sub/"});
    // A hard-link member whose leader lies beyond the list (flist.c).
    row("hardlink-leader", {QStringLiteral("-aH")}, 2, "hard-link reference out of range: 1000",
        {"!h"});
    // Whole-file checksums that never match: each file is discarded, asked
    // for again in phase 1, discarded again; exit 23 and never renamed
    // into place.
    row("bad-file-sum", a, 23, "ERROR: data failed verification -- update discarded\\.",
        {"!data", "!honest"});
    // Incremental recursion switched on unasked (the lists of the
    // CVE-2024-12087 class come in pieces): compat.c setup_protocol()
    // refuses, exit 1. Stock offers it by default, so stock runs with
    // --no-inc-recursive to face the same stream.
    row("inc-recurse-unasked", a, 1,
        "Incompatible options specified for inc-recursive connection\\.", {"!data"},
        {QStringLiteral("-a"), QStringLiteral("--no-inc-recursive")});
}

void TestHostilePeers::idNamesMapped_data()
{
    QTest::addColumn<QString>("client");
    QTest::newRow("qrsync") << QStringLiteral("qrsync");
    QTest::newRow("stock") << QStringLiteral("stock");
}

// A sender's uid/gid are mapped through the names it lists (uidlist.c
// match_uid): 4242 named "nobody" lands as this machine's nobody, unless
// --numeric-ids keeps the number.
void TestHostilePeers::idNamesMapped()
{
    QFETCH(QString, client);
    const struct passwd* nobody = ::getpwnam("nobody");
    const struct group* nogroup = ::getgrnam("nogroup");
    if (!nobody || !nogroup)
        QSKIP(
            "no nobody/nogroup entries here (Debian always has them): nothing to map the names to");
    for (const bool numeric : {false, true}) {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QByteArray ws = QFile::encodeName(tmp.path());
        TreeBuilder src(ws + "/src");
        RemoteSync how;
        how.client = client == QLatin1String("stock") ? m_stock : m_qrsync;
        how.serverPath =
            evilSender() + QStringLiteral(" id-names ") + QFile::decodeName(ws + "/outside");
        how.rsh = loopbackRsh();
        how.direction = Direction::Pull;
        how.options = {QStringLiteral("-a")};
        if (numeric)
            how.options << QStringLiteral("--numeric-ids");
        const RunResult run = runRemoteSync(how, ws + "/src", ws + "/dst");
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        struct stat st;
        QVERIFY(::lstat(QByteArray(ws + "/dst/owned").constData(), &st) == 0);
        QCOMPARE(quint32(st.st_uid), numeric ? 4242u : quint32(nobody->pw_uid));
        QCOMPARE(quint32(st.st_gid), numeric ? 4243u : quint32(nogroup->gr_gid));
    }
}

void TestHostilePeers::hostileSender()
{
    QFETCH(QString, client);
    QFETCH(QString, scenario);
    QFETCH(QStringList, options);
    QFETCH(int, expectedExit);
    QFETCH(QString, message);
    QFETCH(QStringList, destChecks);

    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QByteArray ws = QFile::encodeName(tmp.path());
    TreeBuilder outside(ws + "/outside");
    outside.file("canary", "outside the destination\n");
    outside.file("secret", "the secret\n");
    outside.file("planted", "the original\n");
    outside.dir("keepdir");
    outside.file("keepdir/inner", "inner canary\n");
    TreeBuilder src(ws + "/src"); // the evil server ignores it; it must exist for stock
    TreeBuilder dst(ws + "/dst");
    if (scenario == QLatin1String("dir-becomes-symlink")) {
        dst.dir("d");
        dst.file("d/own", "the destination's own file\n");
    } else if (scenario == QLatin1String("delete-through-symlink") ||
               scenario == QLatin1String("write-through-symlink")) {
        dst.symlink("d", ws + "/outside");
    } else if (scenario == QLatin1String("basis-through-symlink")) {
        dst.symlink("x", ws + "/outside/secret");
    }
    const auto before = outsideOf(ws);

    RemoteSync how;
    how.client = client == QLatin1String("stock") ? m_stock : m_qrsync;
    how.serverPath = evilSender() + QLatin1Char(' ') + scenario + QLatin1Char(' ') +
                     QFile::decodeName(ws + "/outside");
    how.rsh = loopbackRsh();
    how.direction = Direction::Pull;
    how.options = options;
    how.timeoutMs = 20000;
    if (scenario == QLatin1String("write-through-symlink") && client == QLatin1String("qrsync")) {
        // The threaded receiver writes inline, so the refused write is
        // reported before the generator ends the run: the message proves
        // the receiver met the file.
        how.env.insert(QStringLiteral("QRSYNC_ASYNC_RECEIVER"), QStringLiteral("0"));
    }
    QStringList args = remoteSyncArguments(how, ws + "/src", ws + "/dst");
    if (scenario == QLatin1String("unrequested-name")) // one file, no trailing slash
        args[args.size() - 2] =
            how.host + QStringLiteral(":") + QFile::decodeName(ws + "/src/honest");
    const RunResult run = runProcess(how.client, args, how.env, how.timeoutMs);
    const QString shown = commandLine(how.client, args);
    QVERIFY2(!run.crashed && !run.timedOut, qPrintable(shown + QLatin1Char('\n') + run.describe()));
    const QStringList escaped = differences(before, outsideOf(ws));
    QVERIFY2(escaped.isEmpty(), qPrintable(shown + QLatin1Char('\n') + escaped.join('\n')));

    QVERIFY2(run.exitCode == expectedExit, qPrintable(QStringLiteral("%1\nexpected exit %2, got %3")
                                                          .arg(shown)
                                                          .arg(expectedExit)
                                                          .arg(run.describe())));
    QVERIFY2(QRegularExpression(message).match(QString::fromUtf8(run.err)).hasMatch(),
             qPrintable(QStringLiteral("stderr lacks /%1/:\n%2").arg(message, run.err)));

    for (const QString& check : destChecks) {
        const QByteArray c = check.toUtf8();
        struct stat st;
        if (c.startsWith('!')) {
            const QByteArray path = ws + "/dst/" + c.mid(1);
            QVERIFY2(::lstat(path.constData(), &st) != 0,
                     qPrintable(QStringLiteral("dst/%1 exists").arg(check.mid(1))));
        } else if (c.endsWith("->")) {
            const QByteArray path = ws + "/dst/" + c.chopped(2);
            QVERIFY2(::lstat(path.constData(), &st) == 0 && S_ISLNK(st.st_mode),
                     qPrintable(QStringLiteral("dst/%1 is not a symlink").arg(check)));
        } else if (c.endsWith('/')) {
            const QByteArray path = ws + "/dst/" + c.chopped(1);
            QVERIFY2(::lstat(path.constData(), &st) == 0 && S_ISDIR(st.st_mode),
                     qPrintable(QStringLiteral("dst/%1 is not a directory").arg(check)));
        } else {
            const qsizetype at = c.indexOf('=');
            QFile f(QFile::decodeName(ws + "/dst/" + c.left(at)));
            QVERIFY2(f.open(QIODevice::ReadOnly),
                     qPrintable(QStringLiteral("dst/%1 missing").arg(check)));
            QCOMPARE(f.readAll(), c.mid(at + 1));
        }
    }
}

QTEST_GUILESS_MAIN(TestHostilePeers)
#include "tst_hostilepeers.moc"
