#include "mainwindow.h"

#include "buildconfig.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDeadlineTimer>
#include <QImage>
#include <QPixmap>
#include <QTextStream>
#include <QWindow>

namespace {

constexpr int exposeTimeoutMs = 10000;
constexpr int settleMs = 200;

// --screenshot: show the window, wait until the platform has exposed it and
// the first paint has run, render it with QWidget::grab() and save a PNG.
// scripts/screenshots.sh runs this under Xvfb for docs/screenshots/.
int saveScreenshot(QWidget& window, const QString& path)
{
    window.show();
    QDeadlineTimer deadline(exposeTimeoutMs);
    while (!(window.windowHandle() && window.windowHandle()->isExposed()) &&
           !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    if (!window.windowHandle() || !window.windowHandle()->isExposed()) {
        QTextStream(stderr) << "qrsync-desktop: the window was never exposed\n";
        return 1;
    }
    // Layouts, polish and the first paint are posted events; let them run.
    QDeadlineTimer settle(settleMs);
    while (!settle.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    const QPixmap shot = window.grab();
    if (shot.isNull() || !shot.save(path, "PNG")) {
        QTextStream(stderr) << "qrsync-desktop: cannot write " << path << '\n';
        return 1;
    }
    return 0;
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("qrsync"));
    QApplication::setApplicationName(QStringLiteral("qrsync"));
    QApplication::setApplicationVersion(QStringLiteral(QRSYNC_VERSION_STRING));
    QApplication::setDesktopFileName(QStringLiteral("qrsync-desktop"));
    QApplication::setWindowIcon(qrsync::ui::MainWindow::appIcon());

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "qrsync desktop app"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QApplication::translate("main", "Render the main window to a PNG file and exit."),
        QApplication::translate("main", "path"));
    parser.addOption(screenshot);
    parser.process(app);

    qrsync::ui::MainWindow window;
    if (parser.isSet(screenshot)) {
        return saveScreenshot(window, parser.value(screenshot));
    }
    window.restoreSettings();
    window.show();
    return QApplication::exec();
}
