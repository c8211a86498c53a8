#include "mainwindow.h"

#include "buildconfig.h"

#include <QApplication>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("qrsync"));
    QApplication::setApplicationVersion(QStringLiteral(QRSYNC_VERSION_STRING));
    QApplication::setDesktopFileName(QStringLiteral("qrsync-desktop"));
    qrsync::ui::MainWindow window;
    window.show();
    return QApplication::exec();
}
