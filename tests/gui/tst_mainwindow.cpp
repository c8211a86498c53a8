#include "mainwindow.h"

#include "buildconfig.h"

#include <QAction>
#include <QClipboard>
#include <QFile>
#include <QFontInfo>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using qrsync::ui::MainWindow;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void showsNameAndVersion();
    void quitActionHasCtrlQ();
    void helpMenuHasAboutActions();
    void widgetsHaveAccessibleNames();
    void commandFieldIsReadOnlyMonospace();
    void copyButtonCopiesTheCommand();
    void hasAppIcon();
    void geometryRoundTripsThroughSettings();
    void restoreWithoutSettingsKeepsDefaultSize();

private:
    static QAction* findAction(const MainWindow& window, const QString& objectName);
};

void TestMainWindow::initTestCase()
{
    // Before the first QSettings: keeps the developer's real ~/.config away
    // from the test (QSettings on Unix follows GenericConfigLocation).
    QStandardPaths::setTestModeEnabled(true);
    const QSettings probe(QStringLiteral("qrsync"), QStringLiteral("qrsync"));
    QVERIFY2(probe.fileName().contains(QLatin1String(".qttest")), qPrintable(probe.fileName()));
}

void TestMainWindow::init()
{
    QSettings settings(QStringLiteral("qrsync"), QStringLiteral("qrsync"));
    settings.clear();
    settings.sync();
}

QAction* TestMainWindow::findAction(const MainWindow& window, const QString& objectName)
{
    return window.findChild<QAction*>(objectName);
}

void TestMainWindow::showsNameAndVersion()
{
    MainWindow window;
    QCOMPARE(window.windowTitle(), QStringLiteral("qrsync"));
    auto* name = window.findChild<QLabel*>(QStringLiteral("nameLabel"));
    QVERIFY(name);
    QCOMPARE(name->text(), QStringLiteral("qrsync"));
    auto* version = window.findChild<QLabel*>(QStringLiteral("versionLabel"));
    QVERIFY(version);
    QVERIFY2(version->text().contains(QLatin1String(QRSYNC_VERSION_STRING)),
             qPrintable(version->text()));
}

void TestMainWindow::quitActionHasCtrlQ()
{
    MainWindow window;
    QAction* quit = findAction(window, QStringLiteral("quitAction"));
    QVERIFY(quit);
    QCOMPARE(quit->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Q));
    QCOMPARE(quit->menuRole(), QAction::QuitRole);

    // It sits in the File menu, the first one in the bar.
    const QList<QAction*> menus = window.menuBar()->actions();
    QVERIFY(!menus.isEmpty());
    QVERIFY(menus.first()->menu());
    QVERIFY(menus.first()->menu()->actions().contains(quit));

    // Triggering it closes the window (which also saves the geometry).
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTest::keyClick(&window, Qt::Key_Q, Qt::ControlModifier);
    QTRY_VERIFY(!window.isVisible());
    const QSettings settings(QStringLiteral("qrsync"), QStringLiteral("qrsync"));
    QVERIFY(settings.contains(QStringLiteral("mainwindow/geometry")));
}

void TestMainWindow::helpMenuHasAboutActions()
{
    MainWindow window;
    QAction* about = findAction(window, QStringLiteral("aboutAction"));
    QAction* aboutQt = findAction(window, QStringLiteral("aboutQtAction"));
    QVERIFY(about);
    QVERIFY(aboutQt);
    QCOMPARE(about->text().remove(QLatin1Char('&')), QStringLiteral("About qrsync"));
    QCOMPARE(aboutQt->text().remove(QLatin1Char('&')), QStringLiteral("About Qt"));
    const QList<QAction*> menus = window.menuBar()->actions();
    QCOMPARE(menus.size(), 2);
    QVERIFY(menus.last()->menu()->actions().contains(about));
    QVERIFY(menus.last()->menu()->actions().contains(aboutQt));
}

void TestMainWindow::widgetsHaveAccessibleNames()
{
    MainWindow window;
    const QStringList names{
        QStringLiteral("iconLabel"),    QStringLiteral("nameLabel"),
        QStringLiteral("versionLabel"), QStringLiteral("introLabel"),
        QStringLiteral("commandField"), QStringLiteral("copyButton"),
        QStringLiteral("hintLabel"),
    };
    for (const QString& objectName : names) {
        auto* widget = window.findChild<QWidget*>(objectName);
        QVERIFY2(widget, qPrintable(objectName));
        QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(objectName));
    }
    // Every interactive widget in the window is named, not just the ones
    // listed above, so a new button cannot slip in unnamed.
    for (auto* widget : window.centralWidget()->findChildren<QWidget*>()) {
        if (widget->focusPolicy() != Qt::NoFocus) {
            QVERIFY2(!widget->accessibleName().isEmpty(), widget->metaObject()->className());
        }
    }
}

void TestMainWindow::commandFieldIsReadOnlyMonospace()
{
    MainWindow window;
    auto* field = window.findChild<QLineEdit*>(QStringLiteral("commandField"));
    QVERIFY(field);
    QVERIFY(field->isReadOnly());
    QCOMPARE(field->text(), QStringLiteral("qrsync -a ~/Documents/ /media/backup/Documents/"));
    QCOMPARE(field->text(), MainWindow::exampleCommand());
    QVERIFY(QFontInfo(field->font()).fixedPitch());
}

void TestMainWindow::copyButtonCopiesTheCommand()
{
    MainWindow window;
    QGuiApplication::clipboard()->setText(QStringLiteral("before"));
    auto* button = window.findChild<QPushButton*>(QStringLiteral("copyButton"));
    QVERIFY(button);
    button->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), MainWindow::exampleCommand());
}

void TestMainWindow::hasAppIcon()
{
    // The PNG renders are always in the resources, whether or not the Qt SVG
    // plugin is installed.
    QVERIFY(QFile::exists(QStringLiteral(":/qrsync/icons/qrsync-64.png")));
    QVERIFY(QFile::exists(QStringLiteral(":/qrsync/icons/qrsync.svg")));
    MainWindow window;
    QVERIFY(!window.windowIcon().isNull());
    auto* icon = window.findChild<QLabel*>(QStringLiteral("iconLabel"));
    QVERIFY(icon);
    QVERIFY(!icon->pixmap().isNull());
    QCOMPARE(icon->pixmap().deviceIndependentSize().toSize(), QSize(64, 64));
}

void TestMainWindow::geometryRoundTripsThroughSettings()
{
    const QRect wanted(40, 50, 720, 500);
    {
        MainWindow window;
        window.restoreSettings();
        window.setGeometry(wanted);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.geometry(), wanted);
        QVERIFY(window.close());
    }
    MainWindow restored;
    QVERIFY(restored.size() != wanted.size()); // the default differs
    restored.restoreSettings();
    restored.show();
    QVERIFY(QTest::qWaitForWindowExposed(&restored));
    QCOMPARE(restored.geometry(), wanted);
}

void TestMainWindow::restoreWithoutSettingsKeepsDefaultSize()
{
    MainWindow fresh;
    const QSize defaultSize = fresh.size();
    fresh.restoreSettings();
    QCOMPARE(fresh.size(), defaultSize);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
