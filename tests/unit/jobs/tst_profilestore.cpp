// ProfileStore on a real temporary folder: save/load, unique names,
// duplicate, delete, import/export, bad files skipped but reported.

#include "jobs/profileformat.h"
#include "jobs/profilestore.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace qrsync;
using namespace qrsync::jobs;

class TestProfileStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void savesAndLoadsSortedByName();
    void assignsIdAndReplacesById();
    void refusesDuplicateNames();
    void refusesUnsafeIds();
    void duplicateGetsFreeName();
    void removeDeletesTheFile();
    void exportThenImportGivesFreshIdAndName();
    void importRefusesNewerVersion();
    void skipsBrokenFilesButReportsThem();
    void findByNameIgnoresCase();

private:
    static Profile make(const QString& name);
    std::unique_ptr<QTemporaryDir> m_dir;
};

Profile TestProfileStore::make(const QString& name)
{
    Profile p;
    p.name = name;
    p.sources = {QStringLiteral("/src/")};
    p.destination = QStringLiteral("/dst");
    return p;
}

void TestProfileStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestProfileStore::savesAndLoadsSortedByName()
{
    ProfileStore store(m_dir->path());
    QVERIFY_RESULT(store.save(make(QStringLiteral("Zeta"))));
    auto alpha = store.save(make(QStringLiteral("alpha")));
    QVERIFY_RESULT(alpha);

    // A second store on the same folder sees the same profiles: they are on
    // disk, not in memory.
    ProfileStore other(m_dir->path());
    const QList<Profile> loaded = other.load();
    QCOMPARE(loaded.size(), 2);
    QCOMPARE(loaded[0].name, QStringLiteral("alpha"));
    QCOMPARE(loaded[1].name, QStringLiteral("Zeta"));
    QVERIFY(loaded[0] == *alpha);
    QVERIFY(QFile::exists(m_dir->path() + QStringLiteral("/profiles/") + alpha->id +
                          QStringLiteral(".json")));
    QVERIFY(other.loadErrors().isEmpty());
}

void TestProfileStore::assignsIdAndReplacesById()
{
    ProfileStore store(m_dir->path());
    auto saved = store.save(make(QStringLiteral("Docs")));
    QVERIFY_RESULT(saved);
    QVERIFY(!saved->id.isEmpty());
    Profile edited = *saved;
    edited.name = QStringLiteral("Documents");
    edited.filterRules = {QStringLiteral("- *.o")};
    QVERIFY_RESULT(store.save(edited));
    const QList<Profile> loaded = store.load();
    QCOMPARE(loaded.size(), 1);
    QVERIFY(loaded[0] == edited);
}

void TestProfileStore::refusesDuplicateNames()
{
    ProfileStore store(m_dir->path());
    QVERIFY_RESULT(store.save(make(QStringLiteral("Docs"))));
    auto clash = store.save(make(QStringLiteral(" docs ")));
    QVERIFY(!clash);
    QCOMPARE(clash.error().code, ExitCode::Syntax);
    QCOMPARE(store.load().size(), 1);
    QVERIFY(!store.save(make(QStringLiteral("  "))));
}

void TestProfileStore::refusesUnsafeIds()
{
    ProfileStore store(m_dir->path());
    Profile p = make(QStringLiteral("Evil"));
    p.id = QStringLiteral("../../escape");
    QVERIFY(!store.save(p));
    QVERIFY(!QFile::exists(m_dir->path() + QStringLiteral("/escape.json")));
    QVERIFY(!store.remove(QStringLiteral("../x")));
}

void TestProfileStore::duplicateGetsFreeName()
{
    ProfileStore store(m_dir->path());
    auto original = store.save(make(QStringLiteral("Photos")));
    QVERIFY_RESULT(original);
    auto copy1 = store.duplicate(original->id);
    QVERIFY_RESULT(copy1);
    auto copy2 = store.duplicate(original->id);
    QVERIFY_RESULT(copy2);
    QCOMPARE(copy1->name, QStringLiteral("Photos (copy)"));
    QCOMPARE(copy2->name, QStringLiteral("Photos (copy 2)"));
    QVERIFY(copy1->id != original->id);
    QCOMPARE(copy1->sources, original->sources);
    QCOMPARE(store.load().size(), 3);
    QVERIFY(!store.duplicate(QStringLiteral("missing")));
}

void TestProfileStore::removeDeletesTheFile()
{
    ProfileStore store(m_dir->path());
    auto saved = store.save(make(QStringLiteral("Docs")));
    QVERIFY_RESULT(saved);
    QVERIFY_RESULT(store.remove(saved->id));
    QVERIFY(store.load().isEmpty());
    auto again = store.remove(saved->id);
    QVERIFY(!again);
    QCOMPARE(again.error().code, ExitCode::FileSelect);
}

void TestProfileStore::exportThenImportGivesFreshIdAndName()
{
    ProfileStore store(m_dir->path());
    Profile p = make(QStringLiteral("Docs"));
    p.filterRules = {QStringLiteral("- *.bak")};
    auto saved = store.save(p);
    QVERIFY_RESULT(saved);
    const QString file = m_dir->path() + QStringLiteral("/exported/docs.json");
    QVERIFY_RESULT(store.exportTo(*saved, file));

    auto imported = store.importFrom(file);
    QVERIFY_RESULT(imported);
    QVERIFY(imported->id != saved->id); // the id was taken
    QCOMPARE(imported->name, QStringLiteral("Docs (2)"));
    QCOMPARE(imported->filterRules, p.filterRules);
    QCOMPARE(store.load().size(), 2);

    // Into an empty store the id and name are kept.
    QTemporaryDir otherDir;
    ProfileStore other(otherDir.path());
    auto fresh = other.importFrom(file);
    QVERIFY_RESULT(fresh);
    QCOMPARE(fresh->id, saved->id);
    QCOMPARE(fresh->name, QStringLiteral("Docs"));
}

void TestProfileStore::importRefusesNewerVersion()
{
    const QString file = m_dir->path() + QStringLiteral("/future.json");
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"format": "qrsync-profile", "version": 99, "name": "Future"})");
    f.close();
    ProfileStore store(m_dir->path());
    auto imported = store.importFrom(file);
    QVERIFY(!imported);
    QVERIFY(imported.error().context.contains(file));
    QVERIFY(store.load().isEmpty());
}

void TestProfileStore::skipsBrokenFilesButReportsThem()
{
    ProfileStore store(m_dir->path());
    QVERIFY_RESULT(store.save(make(QStringLiteral("Good"))));
    QFile bad(store.directory() + QStringLiteral("/broken.json"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("{ not json");
    bad.close();
    const QList<Profile> loaded = store.load();
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(loaded[0].name, QStringLiteral("Good"));
    QCOMPARE(store.loadErrors().size(), 1);
    QVERIFY(store.loadErrors()[0].contains(QLatin1String("broken.json")));
}

void TestProfileStore::findByNameIgnoresCase()
{
    ProfileStore store(m_dir->path());
    auto saved = store.save(make(QStringLiteral("Music Library")));
    QVERIFY_RESULT(saved);
    auto found = store.findByName(QStringLiteral("music library"));
    QVERIFY(found);
    QCOMPARE(found->id, saved->id);
    QVERIFY(!store.findByName(QStringLiteral("Music")));
}

QTEST_GUILESS_MAIN(TestProfileStore)
#include "tst_profilestore.moc"
