// Alerts of headless runs: `qrsync --profile NAME --alert-on-failure` (what
// the scheduled units run) sends a freedesktop notification when the run
// fails and none when it succeeds. A private dbus-daemon and a fake
// notification service in this process stand in for the desktop.

#include "jobs/profilestore.h"
#include "processrunner.h"
#include "testsupport.h"
#include "treebuilder.h"

#include <QDBusConnection>
#include <QDBusError>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace qrsync;

class FakeNotifications : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    struct Received
    {
        QString app;
        QString summary;
        QString body;
        uchar urgency = 0;
    };
    QList<Received> received;

public Q_SLOTS:
    uint Notify(const QString& app, uint, const QString&, const QString& summary,
                const QString& body, const QStringList&, const QVariantMap& hints, int)
    {
        received.append({app, summary, body, hints.value("urgency").value<uchar>()});
        return uint(received.size());
    }
};

class TestAlerts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void failedRunNotifies();
    void successfulRunDoesNot();
    void withoutABusTheRunStillReportsItsFailure();

private:
    int runProfile(const QString& name, const QString& busAddress, QByteArray* err = nullptr);
    QTemporaryDir m_dir;
    QProcess m_bus;
    QString m_address;
    FakeNotifications m_fake;
};

void TestAlerts::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_bus.start("dbus-daemon", {"--session", "--nofork", "--print-address=1",
                                "--address=unix:path=" + m_dir.path() + "/bus"});
    QVERIFY2(m_bus.waitForStarted(), "dbus-daemon is missing (scripts/install-deps.sh)");
    QTRY_VERIFY(m_bus.canReadLine());
    m_address = QString::fromUtf8(m_bus.readLine().trimmed());
    QDBusConnection bus = QDBusConnection::connectToBus(m_address, "fake-desktop");
    QVERIFY2(bus.isConnected(), qPrintable(bus.lastError().message()));
    QVERIFY(bus.registerObject("/org/freedesktop/Notifications", &m_fake,
                               QDBusConnection::ExportAllSlots));
    QVERIFY(bus.registerService("org.freedesktop.Notifications"));

    test::TreeBuilder t(QFile::encodeName(m_dir.path() + "/src"));
    t.dir("");
    t.file("a.txt", "a\n");
    jobs::ProfileStore store(m_dir.path() + "/config/qrsync");
    jobs::Profile ok;
    ok.name = "Fine";
    ok.sources = {m_dir.path() + "/src/"};
    ok.destination = m_dir.path() + "/fine";
    QVERIFY_RESULT(store.save(ok));
    jobs::Profile broken = ok;
    broken.id.clear();
    broken.name = "Broken";
    broken.sources = {m_dir.path() + "/missing/"};
    broken.destination = m_dir.path() + "/broken";
    QVERIFY_RESULT(store.save(broken));
}

void TestAlerts::cleanupTestCase()
{
    QDBusConnection::disconnectFromBus("fake-desktop");
    m_bus.kill(); // our own dbus-daemon, by its QProcess
    m_bus.waitForFinished();
}

int TestAlerts::runProfile(const QString& name, const QString& busAddress, QByteArray* err)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("XDG_CONFIG_HOME", m_dir.path() + "/config");
    env.insert("XDG_DATA_HOME", m_dir.path() + "/data");
    env.insert("XDG_STATE_HOME", m_dir.path() + "/state");
    env.insert("DBUS_SESSION_BUS_ADDRESS", busAddress);
    QProcess run;
    run.setProcessEnvironment(env);
    run.start(test::builtBinary("qrsync"), {"--profile", name, "--alert-on-failure"});
    // The fake service answers from this thread's event loop, so wait
    // without blocking it.
    QElapsedTimer timer;
    timer.start();
    while (run.state() != QProcess::NotRunning && timer.elapsed() < 30000)
        QTest::qWait(20);
    if (err)
        *err = run.readAllStandardError();
    return run.exitStatus() == QProcess::NormalExit ? run.exitCode() : -1;
}

void TestAlerts::failedRunNotifies()
{
    m_fake.received.clear();
    QByteArray err;
    const int code = runProfile("Broken", m_address, &err);
    QVERIFY2(code == 23, err.constData());
    QCOMPARE(m_fake.received.size(), 1);
    const FakeNotifications::Received& n = m_fake.received.first();
    QCOMPARE(n.app, QString("qrsync"));
    QCOMPARE(n.summary, QString("qrsync: profile \"Broken\" failed"));
    QVERIFY2(n.body.contains("(code 23)"), qPrintable(n.body));
    QCOMPARE(n.urgency, uchar(2));
}

void TestAlerts::successfulRunDoesNot()
{
    m_fake.received.clear();
    QCOMPARE(runProfile("Fine", m_address), 0);
    QTest::qWait(100);
    QVERIFY(m_fake.received.isEmpty());
}

void TestAlerts::withoutABusTheRunStillReportsItsFailure()
{
    QByteArray err;
    const int code = runProfile("Broken", "unix:path=" + m_dir.path() + "/no-bus", &err);
    QCOMPARE(code, 23);
    QVERIFY2(err.contains("cannot show a desktop notification"), err.constData());
}

QTEST_GUILESS_MAIN(TestAlerts)
#include "tst_alerts.moc"
