// A desktop notification when a run ends, on success and on failure, and
// none when the user turned them off in Settings.

#include "jobs/appsettings.h"
#include "jobs/profilestore.h"
#include "mainwindow.h"
#include "notifier.h"
#include "runview.h"
#include "treebuilder.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace qrsync;
using namespace qrsync::ui;

namespace {

struct Sent
{
    QString title;
    QString text;
    bool failure;
};

class FakeNotifier final : public Notifier
{
public:
    explicit FakeNotifier(QList<Sent>& sent)
        : m_sent(sent)
    {}
    void notify(const QString& title, const QString& text, bool failure) override
    {
        m_sent << Sent{title, text, failure};
    }

private:
    QList<Sent>& m_sent;
};

} // namespace

class TestNotifications : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void notifiesSuccessAndFailure();
    void silentWhenTurnedOff();

private:
    QString makeProfile(const AppPaths& paths, const QString& root, const QString& name,
                        bool broken);
};

QString TestNotifications::makeProfile(const AppPaths& paths, const QString& root,
                                       const QString& name, bool broken)
{
    test::TreeBuilder tree(QFile::encodeName(root + QLatin1Char('/') + name));
    tree.dir("");
    tree.file("a.txt", "hello");
    jobs::Profile p;
    p.name = name;
    p.sources = {root + QLatin1Char('/') + name + QLatin1Char('/')};
    if (broken)
        p.sources << root + QStringLiteral("/does-not-exist");
    p.destination = root + QStringLiteral("/out-") + name;
    return jobs::ProfileStore(paths.configDir).save(p)->id;
}

void TestNotifications::notifiesSuccessAndFailure()
{
    QTemporaryDir dir;
    const AppPaths paths{dir.path() + QStringLiteral("/config"),
                         dir.path() + QStringLiteral("/data")};
    const QString good = makeProfile(paths, dir.path(), QStringLiteral("good"), false);
    const QString bad = makeProfile(paths, dir.path(), QStringLiteral("bad"), true);
    MainWindow window(paths);
    QList<Sent> sent;
    window.setNotifier(std::make_unique<FakeNotifier>(sent));
    QSignalSpy recorded(&window, &MainWindow::runRecorded);

    window.selectProfile(good);
    window.runProfile();
    QVERIFY(recorded.wait(30000));
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent[0].title, QStringLiteral("qrsync: good"));
    QVERIFY2(sent[0].text.startsWith(QLatin1String("Finished: 1 files copied")),
             qPrintable(sent[0].text));
    QVERIFY(!sent[0].failure);

    window.runWindow()->close();
    QTRY_VERIFY(!window.runWindow());
    window.selectProfile(bad);
    window.runProfile();
    QVERIFY(recorded.wait(30000));
    QCOMPARE(sent.size(), 2);
    QVERIFY(sent[1].failure);
    QVERIFY2(sent[1].text.contains(QLatin1String("23")), qPrintable(sent[1].text));
}

void TestNotifications::silentWhenTurnedOff()
{
    QTemporaryDir dir;
    const AppPaths paths{dir.path() + QStringLiteral("/config"),
                         dir.path() + QStringLiteral("/data")};
    const QString id = makeProfile(paths, dir.path(), QStringLiteral("p"), false);
    jobs::AppSettings s;
    s.notifications = false;
    QVERIFY(jobs::saveAppSettings(paths.configDir, s));
    MainWindow window(paths);
    QList<Sent> sent;
    window.setNotifier(std::make_unique<FakeNotifier>(sent));
    QSignalSpy recorded(&window, &MainWindow::runRecorded);
    window.selectProfile(id);
    window.runProfile();
    QVERIFY(recorded.wait(30000));
    QVERIFY(sent.isEmpty());
}

QTEST_MAIN(TestNotifications)
#include "tst_notifications.moc"
