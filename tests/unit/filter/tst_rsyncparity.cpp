// Parity with stock rsync: for each rule set, the paths that
// `rsync -r --dry-run --out-format=%n RULES src/ dst/` would send must be
// exactly the paths a FilterStack walk of the same tree includes
// (descending only into included directories, as the sender does).

#include "filter/filterlist.h"
#include "filter/filterstack.h"

#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace qrsync;
using namespace qrsync::filter;

namespace {

constexpr auto kRsync = "/usr/bin/rsync";

// The common tree: deep paths, dotfiles, spaces, objects, build dirs, CVS
// leftovers, digits and capitals for the class tests.
const char* const kFiles[] = {
    "a.o",
    "b.c",
    "core",
    "Makefile",
    "name with space.txt",
    "notes.md",
    ".hidden",
    ".dotdir/inner.txt",
    "build/out.o",
    "build/keep.txt",
    "a/x.txt",
    "a/core",
    "a/build",
    "a/b/c.o",
    "a/b/c/deep.txt",
    "a/b/c/d/e/deeper.md",
    "docs/readme.md",
    "docs/build/inner.txt",
    "docs/file1.txt",
    "docs/File2.TXT",
    "CVS/Entries",
    "old.bak",
    "edit~",
    ".git/config",
    "lib/libx.a",
    "lib/sub/y.txt",
};

struct Row
{
    QStringList args;
    QList<QPair<QString, QByteArray>> extraFiles; // relative to the row dir
    QByteArray cvsIgnoreEnv;
};

bool writeFile(const QString& path, const QByteArray& data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    return f.write(data) == data.size();
}

FileLoader loaderAt(const QString& base)
{
    return [base](const QByteArray& path) -> Result<std::optional<QByteArray>> {
        const QString full =
            path.startsWith('/') ? QString::fromUtf8(path) : base + '/' + QString::fromUtf8(path);
        QFile f(full);
        if (!QFileInfo(full).isFile() || !f.open(QIODevice::ReadOnly))
            return std::optional<QByteArray>();
        return std::optional<QByteArray>(f.readAll());
    };
}

// The CLI's job, reduced to the options the rows use.
Result<FilterList> buildList(const QStringList& args, const QString& cwd,
                             const QByteArray& cvsIgnoreEnv)
{
    ParseOptions options;
    options.deleteExcluded = args.contains(QStringLiteral("--delete-excluded"));
    options.from0 = args.contains(QStringLiteral("--from0"));
    options.cvsIgnoreEnv = cvsIgnoreEnv;
    FilterList list(options);
    bool cvs = false;
    const FileLoader load = loaderAt(cwd);
    for (const QString& arg : args) {
        const QByteArray value = arg.section('=', 1).toUtf8();
        Result<> r;
        if (arg.startsWith(QLatin1String("--filter=")))
            r = list.addFilter(value, load);
        else if (arg.startsWith(QLatin1String("--exclude=")))
            r = list.addExclude(value);
        else if (arg.startsWith(QLatin1String("--include=")))
            r = list.addInclude(value);
        else if (arg.startsWith(QLatin1String("--exclude-from=")) ||
                 arg.startsWith(QLatin1String("--include-from="))) {
            auto contents = load(value);
            if (!contents || !*contents)
                return makeError(ExitCode::FileIo, QStringLiteral("missing ") + arg);
            r = arg.startsWith(QLatin1String("--exclude")) ? list.addExcludeFrom(**contents, value)
                                                           : list.addIncludeFrom(**contents, value);
        } else if (arg == QLatin1String("-F"))
            r = list.addRsyncFilterOption();
        else if (arg == QLatin1String("-FF")) {
            r = list.addRsyncFilterOption();
            if (r)
                r = list.addRsyncFilterOption();
        } else if (arg == QLatin1String("-C"))
            cvs = true;
        if (!r)
            return tl::unexpected(r.error());
    }
    if (cvs) {
        if (auto r = list.addCvsExclude(); !r)
            return tl::unexpected(r.error());
    }
    return list;
}

Result<> walk(FilterStack& stack, const QString& root, const QString& rel, const FileLoader& load,
              QStringList& out)
{
    if (auto r = stack.enterDirectory(rel.toUtf8(), load); !r)
        return r;
    const QDir dir(rel.isEmpty() ? root : root + '/' + rel);
    const QFileInfoList entries =
        dir.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    for (const QFileInfo& e : entries) {
        const QString path = rel.isEmpty() ? e.fileName() : rel + '/' + e.fileName();
        const bool isDir = e.isDir() && !e.isSymLink();
        if (stack.check(path.toUtf8(), isDir, Side::Sender).excluded())
            continue;
        out.append(isDir ? path + '/' : path);
        if (isDir) {
            if (auto r = walk(stack, root, path, load, out); !r)
                return r;
        }
    }
    stack.leaveDirectory();
    return {};
}

// The receiver's deletion pass, reduced to what the filters decide
// (generator.c delete_in_dir(), delete.c delete_item()/delete_dir_contents()):
// an extraneous entry is kept when the receiver-side rules exclude it; an
// extraneous directory loses its unprotected contents and survives when
// anything non-perishable is left.
struct DeleteWalk
{
    FilterStack& stack;
    QString root;
    FileLoader load;
    QStringList out;

    bool deleteItem(const QString& path, bool isDir)
    {
        if (!isDir) {
            out << QStringLiteral("deleting ") + path;
            return true;
        }
        if (!stack.enterDirectory(path.toUtf8(), load))
            return false;
        bool empty = true;
        const QFileInfoList entries = QDir(root + '/' + path)
                                          .entryInfoList(QDir::AllEntries | QDir::Hidden |
                                                         QDir::System | QDir::NoDotAndDotDot);
        for (const QFileInfo& e : entries) {
            const QString child = path + '/' + e.fileName();
            if (stack.check(child.toUtf8(), e.isDir(), Side::Receiver, true).excluded()) {
                empty = false;
                continue;
            }
            empty = deleteItem(child, e.isDir()) && empty;
        }
        stack.leaveDirectory();
        if (!empty) {
            out << QStringLiteral("cannot delete non-empty directory: ") + path;
            return false;
        }
        out << QStringLiteral("deleting ") + path + '/';
        return true;
    }

    void inDir(const QString& rel, const QSet<QString>& sent)
    {
        if (!stack.enterDirectory(rel.toUtf8(), load))
            return;
        const QFileInfoList entries = QDir(rel.isEmpty() ? root : root + '/' + rel)
                                          .entryInfoList(QDir::AllEntries | QDir::Hidden |
                                                         QDir::System | QDir::NoDotAndDotDot);
        for (const QFileInfo& e : entries) {
            const QString path = rel.isEmpty() ? e.fileName() : rel + '/' + e.fileName();
            if (sent.contains(path) || sent.contains(path + '/')) {
                if (e.isDir() && sent.contains(path + '/'))
                    inDir(path, sent);
                continue;
            }
            if (stack.check(path.toUtf8(), e.isDir(), Side::Receiver).excluded())
                continue;
            deleteItem(path, e.isDir());
        }
        stack.leaveDirectory();
    }
};

} // namespace

class TestRsyncParity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (!QFileInfo::exists(QLatin1String(kRsync)))
            QSKIP("stock rsync not installed");
    }

    void senderSide_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("extraNames");
        QTest::addColumn<QList<QByteArray>>("extraContents");
        QTest::addColumn<QByteArray>("cvsIgnoreEnv");

        auto row = [](const char* tag, QStringList args,
                      QList<QPair<QString, QByteArray>> extra = {}, QByteArray env = {}) {
            QStringList names;
            QList<QByteArray> contents;
            for (const auto& [n, c] : extra) {
                names << n;
                contents << c;
            }
            QTest::newRow(tag) << args << names << contents << env;
        };
        using L = QStringList;
        row("no rules", {});
        row("exclude *.o", L{"--exclude=*.o"});
        row("anchored /core", L{"--exclude=/core"});
        row("dir-only build/", L{"--exclude=build/"});
        row("inner slash a/b", L{"--exclude=a/b"});
        row("unanchored b/c", L{"--exclude=b/c"});
        row("dirs + txt only", L{"--include=*/", "--include=*.txt", "--exclude=*"});
        row("wild2 infix", L{"--exclude=a/**/deep.txt"});
        row("wild2 prefix", L{"--exclude=**/build"});
        row("wild3 suffix", L{"--include=a/***", "--exclude=*"});
        row("wild3 inner", L{"--exclude=b/c/***"});
        row("negated dir-only", L{"--filter=-! */"});
        row("negated txt", L{"--filter=-! *.txt"});
        row("digit class", L{"--exclude=*[0-9]*"});
        row("upper class", L{"--exclude=[[:upper:]]*"});
        row("negated class", L{"--exclude=[!a-m]*.txt"});
        row("question mark", L{"--exclude=?.o"});
        row("space in name", L{"--exclude=name with space.txt"});
        row("escaped wildcard", L{"--exclude=name\\ with*"});
        row("dotfiles", L{"--exclude=.*"});
        row("anchored dir", L{"--filter=- /a/b/"});
        row("anchored wild2", L{"--filter=- /a/b/**"});
        row("trailing slash deep", L{"--exclude=a/b/c/"});
        row("long forms", L{"--filter=include *.md", "--filter=exclude,! */"});
        row("comma short form", L{"--filter=-,! */", "--filter=+ *.md"});
        row("clear", L{"--exclude=*.txt", "--filter=clear", "--exclude=*.o"});
        row("old prefixes", L{"--exclude=+ *.o", "--exclude=- a"});
        row("hide and protect", L{"--filter=hide *.o", "--filter=protect *.txt"});
        row("receiver-only", L{"--filter=P *.md", "--filter=-r *.txt"});
        row("sender-only", L{"--filter=-s *.c", "--filter=S build"});
        row("delete-excluded", L{"--delete-excluded", "--exclude=*.o"});
        row("merge file", L{"--filter=merge rules.txt"},
            {{"rules.txt", "# comment\n+ keep.txt\n\n; other\n- build/*\n- *.md\n"}});
        row("merge no-prefix", L{"--filter=.- words.txt"}, {{"words.txt", "*.o\nlib/\n"}});
        row("exclude-from", L{"--exclude-from=ex.txt"},
            {{"ex.txt", "# c\r\n*.o\r\n\r\n+ *.txt\r\n;x\n.hidden\n"}});
        row("include-from", L{"--include-from=in.txt", "--exclude=*.txt"},
            {{"in.txt", "docs/\ndocs/file1.txt\n- a\n"}});
        row("from0", L{"--from0", "--exclude-from=ex0"}, {{"ex0", QByteArray("*.o\0*.md\0", 9)}});
        row("-F per-dir", L{"-F"},
            {{"src/.rsync-filter", "- *.o\n+ keep.txt\n- build/*\n"},
             {"src/a/.rsync-filter", "- /b/c\n- x.txt\n"}});
        row("-FF", L{"-FF"},
            {{"src/.rsync-filter", "- *.md\n"}, {"src/docs/.rsync-filter", "+ *.md\n- *\n"}});
        row("-F parent scan", L{"-F"}, {{".rsync-filter", "- *.md\n- /src/a/x.txt\n"}});
        row("-F anchored per-dir", L{"-F"},
            {{"src/.rsync-filter", "- /core\n"}, {"src/docs/.rsync-filter", "- /build\n"}});
        row("per-dir clear", L{"--filter=: .f"},
            {{"src/.f", "- *.txt\n"}, {"src/a/.f", "!\n- *.o\n"}});
        row("per-dir no-inherit", L{"--filter=:n .f"},
            {{"src/.f", "- *.txt\n"}, {"src/a/.f", "- *.o\n"}});
        row("per-dir exclude-self", L{"--filter=:e .f"}, {{"src/.f", "- *.md\n"}});
        row("per-dir word split", L{"--filter=:w- .f"}, {{"src/a/.f", "x.txt  core\tb\n"}});
        row("per-dir nested merge", L{"--filter=: .f"},
            {{"src/.f", ": .g\n"}, {"src/a/.g", "- c.o\n- deep.txt\n"}});
        row("per-dir include override", L{"--filter=: .f", "--exclude=*.txt"},
            {{"src/docs/.f", "+ file1.txt\n"}});
        row("-C", L{"-C"});
        row("-C with .cvsignore", L{"-C"}, {{"src/a/.cvsignore", "x.txt core\n"}});
        row("-C with CVSIGNORE", L{"-C"}, {}, "*.md b.c");
        row("-C after includes", L{"--include=*.o", "-C"});
        row(":C and -C rules", L{"--filter=:C", "--filter=-C"},
            {{"src/lib/.cvsignore", "! y.txt\n"}});
    }

    void senderSide()
    {
        QFETCH(QStringList, args);
        QFETCH(QStringList, extraNames);
        QFETCH(QList<QByteArray>, extraContents);
        QFETCH(QByteArray, cvsIgnoreEnv);

        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString base = tmp.path();
        const QString src = base + QStringLiteral("/src");
        for (const char* f : kFiles)
            QVERIFY(writeFile(src + '/' + QLatin1String(f), "x"));
        for (qsizetype i = 0; i < extraNames.size(); ++i)
            QVERIFY(writeFile(base + '/' + extraNames[i], extraContents[i]));

        QProcess rsync;
        rsync.setWorkingDirectory(base);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), base);
        if (cvsIgnoreEnv.isEmpty())
            env.remove(QStringLiteral("CVSIGNORE"));
        else
            env.insert(QStringLiteral("CVSIGNORE"), QString::fromUtf8(cvsIgnoreEnv));
        rsync.setProcessEnvironment(env);
        QStringList rsyncArgs{QStringLiteral("-r"), QStringLiteral("--dry-run"),
                              QStringLiteral("--out-format=%n")};
        rsyncArgs += args;
        rsyncArgs << QStringLiteral("src/") << QStringLiteral("dst/");
        rsync.start(QLatin1String(kRsync), rsyncArgs);
        QVERIFY(rsync.waitForFinished(10000));
        QCOMPARE(rsync.exitCode(), 0);
        QStringList expected =
            QString::fromUtf8(rsync.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
        expected.sort();

        auto list = buildList(args, base, cvsIgnoreEnv);
        QVERIFY_RESULT(list);
        FilterStack stack(*list);
        stack.setRootPath(QDir(src).absolutePath().toUtf8());
        QStringList actual{QStringLiteral("./")};
        QVERIFY_RESULT(walk(stack, src, QString(), loaderAt(src), actual));
        actual.sort();
        QCOMPARE(stack.depth(), 0);
        QCOMPARE(actual, expected);
    }
    void receiverDelete_data()
    {
        QTest::addColumn<QStringList>("args");
        using L = QStringList;
        QTest::newRow("no rules") << L{};
        QTest::newRow("protect *.o") << L{"--filter=P *.o", "--filter=- z.txt"};
        QTest::newRow("risk before protect") << L{"--filter=R keep.o", "--filter=P *.o"};
        QTest::newRow("protect dir") << L{"--filter=protect sub/"};
        QTest::newRow("delete-excluded") << L{"--delete-excluded", "--exclude=*.txt"};
        QTest::newRow("hide") << L{"--filter=H *.txt"};
        QTest::newRow("cvs perishable") << L{"-C"};
        QTest::newRow("receiver-side exclude") << L{"--filter=-r *.txt", "--filter=-s k"};
    }

    void receiverDelete()
    {
        QFETCH(QStringList, args);
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString base = tmp.path();
        for (const char* f : {"src/x", "src/t.txt", "src/a/f", "src/docs/readme.txt"})
            QVERIFY(writeFile(base + '/' + QLatin1String(f), "x"));
        for (const char* f : {"dst/y.o", "dst/z.txt", "dst/keep.o", "dst/t.txt", "dst/a/old.txt",
                              "dst/a/sub/q.o", "dst/a/sub/r.txt", "dst/b/k", "dst/olddir/a.o",
                              "dst/olddir/n.txt", "dst/docs/gone.txt"})
            QVERIFY(writeFile(base + '/' + QLatin1String(f), "x"));

        QProcess rsync;
        rsync.setWorkingDirectory(base);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), base);
        env.remove(QStringLiteral("CVSIGNORE"));
        rsync.setProcessEnvironment(env);
        QStringList rsyncArgs{QStringLiteral("-r"), QStringLiteral("--delete"),
                              QStringLiteral("--dry-run"), QStringLiteral("--out-format=%n")};
        rsyncArgs += args;
        rsyncArgs << QStringLiteral("src/") << QStringLiteral("dst/");
        rsync.start(QLatin1String(kRsync), rsyncArgs);
        QVERIFY(rsync.waitForFinished(10000));
        QCOMPARE(rsync.exitCode(), 0);
        QStringList expected;
        for (const QString& line :
             QString::fromUtf8(rsync.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts)) {
            if (line.startsWith(QLatin1String("deleting ")) ||
                line.startsWith(QLatin1String("cannot delete")))
                expected << line;
        }
        expected.sort();

        auto list = buildList(args, base, {});
        QVERIFY_RESULT(list);
        FilterStack sender(*list);
        sender.setRootPath(QString(base + QStringLiteral("/src")).toUtf8());
        QStringList sent;
        QVERIFY_RESULT(
            walk(sender, base + QStringLiteral("/src"), QString(), loaderAt(base + "/src"), sent));
        FilterStack receiver(*list);
        receiver.setRootPath(QString(base + QStringLiteral("/dst")).toUtf8());
        DeleteWalk del{receiver, base + QStringLiteral("/dst"), loaderAt(base + "/dst"), {}};
        del.inDir(QString(), QSet<QString>(sent.begin(), sent.end()));
        del.out.sort();
        QCOMPARE(del.out, expected);
    }
};

QTEST_GUILESS_MAIN(TestRsyncParity)
#include "tst_rsyncparity.moc"
