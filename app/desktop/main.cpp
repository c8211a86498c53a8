#include "buildconfig.h"
#include "jobs/appsettings.h"
#include "mainwindow.h"
#include "screenshots.h"
#include "translations.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("qrsync"));
    QApplication::setApplicationName(QStringLiteral("qrsync"));
    QApplication::setApplicationVersion(QStringLiteral(QRSYNC_VERSION_STRING));
    QApplication::setDesktopFileName(QStringLiteral("qrsync-desktop"));
    QApplication::setWindowIcon(qrsync::ui::MainWindow::appIcon());

    qrsync::ui::installTranslations();

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "qrsync desktop app"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QApplication::translate("main", "Render a screen to a PNG file and exit."),
        QApplication::translate("main", "path"));
    const QCommandLineOption screen(
        QStringLiteral("screen"),
        QApplication::translate("main", "The screen --screenshot renders: %1.")
            .arg(qrsync::ui::screenshotScreens().join(QStringLiteral(", "))),
        QApplication::translate("main", "name"), QStringLiteral("main"));
    parser.addOption(screenshot);
    parser.addOption(screen);
    parser.process(app);

    const qrsync::ui::AppPaths paths;
    if (parser.isSet(screenshot))
        return qrsync::ui::renderScreenshot(paths, parser.value(screen), parser.value(screenshot));

    qrsync::ui::MainWindow window(paths);
    window.restoreSettings();
    const auto settings = qrsync::jobs::loadAppSettings(paths.configDir);
    if (settings && settings->startMinimised)
        window.showMinimized();
    else
        window.show();
    return QApplication::exec();
}
