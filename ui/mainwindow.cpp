#include "mainwindow.h"

#include "buildconfig.h"

#include <QLabel>
#include <QVBoxLayout>

namespace qrsync::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("qrsync"));
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    auto* title = new QLabel(tr("<h2>qrsync %1</h2>").arg(QStringLiteral(QRSYNC_VERSION_STRING)),
                             central);
    auto* body = new QLabel(tr("Sync profiles are coming. Until then, the <tt>qrsync</tt> "
                               "command line copies folders the way rsync does."),
                            central);
    body->setWordWrap(true);
    layout->addWidget(title);
    layout->addWidget(body);
    layout->addStretch();
    setCentralWidget(central);
    resize(640, 400);
}

} // namespace qrsync::ui
