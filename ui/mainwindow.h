#pragma once

#include <QMainWindow>

namespace qrsync::ui {

// The desktop app's main window. Until the profile manager lands it shows
// what the engine can do today and where to find the command line.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
};

} // namespace qrsync::ui
