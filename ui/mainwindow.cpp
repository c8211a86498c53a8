#include "mainwindow.h"

#include "buildconfig.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QFontDatabase>
#include <QFrame>
#include <QHBoxLayout>
#include <QIcon>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QVBoxLayout>

// Q_INIT_RESOURCE declares a function, so it must be used outside any
// namespace. Registering twice is harmless, once is enough.
static void initResources()
{
    static const bool registered = [] {
        Q_INIT_RESOURCE(resources); // resources/resources.qrc
        return true;
    }();
    Q_UNUSED(registered);
}

namespace qrsync::ui {

namespace {

constexpr auto geometryKey = "mainwindow/geometry";
constexpr int headerIconSize = 64;
constexpr int statusMessageMs = 4000;

// Organisation and application are spelt out rather than taken from
// QCoreApplication so that tests and the app read the same file.
QSettings windowSettings()
{
    return QSettings(QStringLiteral("qrsync"), QStringLiteral("qrsync"));
}

QString versionString()
{
    return QStringLiteral(QRSYNC_VERSION_STRING);
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("qrsync"));
    setWindowIcon(appIcon());
    createMenus();

    auto* central = new QWidget(this);
    central->setObjectName(QStringLiteral("centralWidget"));
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(28, 24, 28, 24);
    layout->setSpacing(14);

    layout->addWidget(createHeader(central));

    auto* line = new QFrame(central);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    layout->addWidget(line);

    auto* intro = new QLabel(tr("<p><b>Sync profiles are coming to the desktop app.</b> A profile "
                                "will remember a source, a destination and the options to use, "
                                "and run them again with one click.</p>"
                                "<p>Today the qrsync engine runs local copies compatible with "
                                "rsync from the command line. For example, to copy your "
                                "Documents folder to a backup drive:</p>"),
                             central);
    intro->setObjectName(QStringLiteral("introLabel"));
    intro->setAccessibleName(tr("About this version"));
    intro->setTextFormat(Qt::RichText);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* commandRow = new QHBoxLayout;
    commandRow->setSpacing(8);
    m_commandField = new QLineEdit(exampleCommand(), central);
    m_commandField->setObjectName(QStringLiteral("commandField"));
    m_commandField->setAccessibleName(tr("Example command"));
    m_commandField->setAccessibleDescription(tr("A qrsync command line that copies a folder"));
    m_commandField->setReadOnly(true);
    m_commandField->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_commandField->setCursorPosition(0);
    commandRow->addWidget(m_commandField, 1);

    auto* copyButton = new QPushButton(tr("&Copy command"), central);
    copyButton->setObjectName(QStringLiteral("copyButton"));
    copyButton->setAccessibleName(tr("Copy command"));
    copyButton->setAccessibleDescription(tr("Copies the example command to the clipboard"));
    copyButton->setIcon(QIcon::fromTheme(QStringLiteral("edit-copy")));
    connect(copyButton, &QPushButton::clicked, this, &MainWindow::copyCommand);
    commandRow->addWidget(copyButton);
    layout->addLayout(commandRow);

    auto* hint = new QLabel(tr("Run <tt>qrsync --help</tt> to see the options it supports. "
                               "The trailing slash on the source means \u201ccopy the contents "
                               "of this folder\u201d, as with rsync."),
                            central);
    hint->setObjectName(QStringLiteral("hintLabel"));
    hint->setAccessibleName(tr("Command line hint"));
    hint->setTextFormat(Qt::RichText);
    hint->setWordWrap(true);
    layout->addWidget(hint);

    layout->addStretch(1);
    setCentralWidget(central);
    statusBar()->setSizeGripEnabled(false);
    resize(680, 360);
}

QString MainWindow::exampleCommand()
{
    return QStringLiteral("qrsync -a ~/Documents/ /media/backup/Documents/");
}

QIcon MainWindow::appIcon()
{
    initResources();
    QIcon icon(QStringLiteral(":/qrsync/icons/qrsync.svg"));
    for (int size : {32, 64, 128, 256}) {
        icon.addFile(QStringLiteral(":/qrsync/icons/qrsync-%1.png").arg(size), QSize(size, size));
    }
    return icon;
}

void MainWindow::restoreSettings()
{
    const QByteArray geometry = windowSettings().value(QLatin1String(geometryKey)).toByteArray();
    if (!geometry.isEmpty()) {
        restoreGeometry(geometry);
    }
}

void MainWindow::saveSettings() const
{
    windowSettings().setValue(QLatin1String(geometryKey), saveGeometry());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::createMenus()
{
    QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
    QAction* quit =
        fileMenu->addAction(QIcon::fromTheme(QStringLiteral("application-exit")), tr("&Quit"));
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);
    // Closing (rather than QApplication::quit) lets closeEvent save the
    // geometry; the app ends when its last window closes.
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu* helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction* about = helpMenu->addAction(tr("&About qrsync"));
    about->setObjectName(QStringLiteral("aboutAction"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
    QAction* aboutQt = helpMenu->addAction(tr("About &Qt"));
    aboutQt->setObjectName(QStringLiteral("aboutQtAction"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

QWidget* MainWindow::createHeader(QWidget* parent)
{
    auto* header = new QWidget(parent);
    auto* row = new QHBoxLayout(header);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(16);

    auto* icon = new QLabel(header);
    icon->setObjectName(QStringLiteral("iconLabel"));
    icon->setAccessibleName(tr("qrsync logo"));
    icon->setPixmap(appIcon().pixmap(QSize(headerIconSize, headerIconSize), devicePixelRatioF()));
    icon->setFixedSize(headerIconSize, headerIconSize);
    row->addWidget(icon);

    auto* titles = new QVBoxLayout;
    titles->setSpacing(2);
    titles->addStretch(1);
    auto* name = new QLabel(tr("qrsync"), header);
    name->setObjectName(QStringLiteral("nameLabel"));
    name->setAccessibleName(tr("Application name"));
    QFont nameFont = name->font();
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.8);
    nameFont.setBold(true);
    name->setFont(nameFont);
    titles->addWidget(name);

    auto* version = new QLabel(
        tr("Version %1 \u2014 rsync-compatible file copies").arg(versionString()), header);
    version->setObjectName(QStringLiteral("versionLabel"));
    version->setAccessibleName(tr("Version"));
    titles->addWidget(version);
    titles->addStretch(1);

    row->addLayout(titles, 1);
    return header;
}

void MainWindow::copyCommand()
{
    QGuiApplication::clipboard()->setText(m_commandField->text());
    statusBar()->showMessage(tr("Command copied to the clipboard."), statusMessageMs);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About qrsync"),
                       tr("<h3>qrsync %1</h3>"
                          "<p>A Qt desktop sync application whose engine speaks the rsync "
                          "protocol (versions 30 to 32). The same engine ships as the "
                          "<tt>qrsync</tt> command, compatible with rsync.</p>"
                          "<p>Built with Qt %2.</p>")
                           .arg(versionString(), QString::fromLatin1(qVersion())));
}

} // namespace qrsync::ui
