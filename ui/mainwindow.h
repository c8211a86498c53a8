#pragma once

#include <QMainWindow>

class QIcon;
class QLineEdit;

namespace qrsync::ui {

// The desktop app's main window. Until the profile manager lands it says
// what the engine can do today and shows a command line to copy. It holds
// no logic beyond presenting text and remembering its own geometry.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);

    // The example shown in the read-only command field.
    static QString exampleCommand();
    // The application icon: the SVG when the Qt SVG plugin is present, the
    // PNG renders of it otherwise (resources/icons/render-png.sh).
    static QIcon appIcon();

    // Window geometry lives in QSettings("qrsync", "qrsync"). Reading it is
    // not done by the constructor so that `--screenshot` always renders the
    // default size, whatever the user last did with the window.
    void restoreSettings();
    void saveSettings() const;

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createMenus();
    QWidget* createHeader(QWidget* parent);
    void copyCommand();
    void showAbout();

    QLineEdit* m_commandField = nullptr;
};

} // namespace qrsync::ui
