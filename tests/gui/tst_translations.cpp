// The German translation is built, embedded and used by the widgets.

#include "mainwindow.h"
#include "settingsdialog.h"
#include "translations.h"

#include <QAction>
#include <QFile>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace qrsync;
using namespace qrsync::ui;

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void germanIsEmbeddedAndUsed();
    void englishNeedsNoTranslation();
};

void TestTranslations::englishNeedsNoTranslation()
{
    QVERIFY(!installTranslations(QLocale(QLocale::English, QLocale::UnitedStates)));
}

void TestTranslations::germanIsEmbeddedAndUsed()
{
    QVERIFY(QFile::exists(QStringLiteral(":/qrsync/translations/qrsync_de.qm")));
    QVERIFY(installTranslations(QLocale(QLocale::German, QLocale::Germany)));
    QTemporaryDir dir;
    MainWindow window(AppPaths{dir.path(), dir.path()});
    QCOMPARE(window.findChild<QAction*>(QStringLiteral("newProfileAction"))->text(),
             QStringLiteral("&Neues Profil \u2026"));
    SettingsDialog settings(dir.path(), options::AsyncPaths{true, true, true, true});
    QCOMPARE(settings.tabs()->tabText(1), QStringLiteral("&Asynchrone Pfade"));
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
