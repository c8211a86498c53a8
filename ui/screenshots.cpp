#include "screenshots.h"

#include "backup/backuprun.h"
#include "filtereditor.h"
#include "historydialog.h"
#include "jobs/jobrunner.h"
#include "jobs/profilestore.h"
#include "mainwindow.h"
#include "previewdialog.h"
#include "profiledialog.h"
#include "retentionview.h"
#include "runview.h"
#include "settingsdialog.h"
#include "snapshotbrowser.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QLineEdit>
#include <QListWidget>
#include <QPixmap>
#include <QTabWidget>
#include <QTextStream>
#include <QWindow>

#include <functional>

namespace qrsync::ui {

namespace {

constexpr int kTimeoutMs = 20000;
constexpr int kSettleMs = 300;

void complain(const QString& text)
{
    QTextStream(stderr) << "qrsync-desktop: " << text << '\n';
}

// Runs the event loop until `done` says so or the deadline passes (this is
// a command-line tool mode, not the interactive app).
bool waitFor(const std::function<bool()>& done, int timeoutMs = kTimeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return true;
}

void settle()
{
    waitFor([] { return false; }, kSettleMs);
}

int save(QWidget* widget, const QString& path)
{
    if (!widget) {
        complain(QStringLiteral("nothing to capture"));
        return 1;
    }
    if (!waitFor(
            [widget] { return widget->windowHandle() && widget->windowHandle()->isExposed(); })) {
        complain(QStringLiteral("the window was never exposed"));
        return 1;
    }
    settle();
    const QPixmap shot = widget->grab();
    if (shot.isNull() || !shot.save(path, "PNG")) {
        complain(QStringLiteral("cannot write %1").arg(path));
        return 1;
    }
    return 0;
}

} // namespace

QStringList screenshotScreens()
{
    return {QStringLiteral("main"),      QStringLiteral("profile"),  QStringLiteral("options"),
            QStringLiteral("filters"),   QStringLiteral("preview"),  QStringLiteral("run"),
            QStringLiteral("history"),   QStringLiteral("settings"), QStringLiteral("snapshots"),
            QStringLiteral("retention"), QStringLiteral("restore")};
}

int renderScreenshot(const AppPaths& paths, const QString& screen, const QString& path)
{
    MainWindow window(paths);
    window.show();
    if (!waitFor([&] { return window.windowHandle() && window.windowHandle()->isExposed(); })) {
        complain(QStringLiteral("the main window was never exposed"));
        return 1;
    }
    if (screen == QLatin1String("main"))
        return save(&window, path);
    if (!window.currentProfile()) {
        complain(QStringLiteral("no profile to show (scripts/screenshots.sh makes demo ones)"));
        return 1;
    }
    if (screen == QLatin1String("profile") || screen == QLatin1String("options") ||
        screen == QLatin1String("filters")) {
        window.editProfile();
        auto* dialog = window.findChild<ProfileDialog*>();
        if (dialog && screen == QLatin1String("options"))
            dialog->findChild<QTabWidget*>(QStringLiteral("profileTabs"))->setCurrentIndex(1);
        if (dialog && screen == QLatin1String("filters")) {
            dialog->findChild<QTabWidget*>(QStringLiteral("profileTabs"))->setCurrentIndex(2);
            dialog->findChild<QLineEdit*>(QStringLiteral("filterTestPathEdit"))
                ->setText(QStringLiteral("projects/site/node_modules/x.js"));
        }
        return save(dialog, path);
    }
    if (screen == QLatin1String("snapshots") || screen == QLatin1String("retention") ||
        screen == QLatin1String("restore")) {
        // The demo's snapshot profile (scripts/screenshots.sh).
        for (const jobs::Profile& p : jobs::ProfileStore(paths.configDir).load()) {
            if (p.snapshots.enabled)
                window.selectProfile(p.id);
        }
        const std::optional<jobs::Profile> profile = window.currentProfile();
        if (!profile || !profile->snapshots.enabled) {
            complain(QStringLiteral("no snapshot profile to show"));
            return 1;
        }
        if (screen == QLatin1String("retention")) {
            RetentionView view(&window);
            view.simulate(profile->destination, backup::retentionPolicy(profile->snapshots));
            view.show();
            return save(&view, path);
        }
        if (screen == QLatin1String("restore")) {
            window.browseSnapshots();
            auto* browser = window.findChild<SnapshotBrowserDialog*>();
            if (browser) {
                browser->snapshotList().setCurrentRow(3);
                browser->selectPath(QStringLiteral("notes.txt"));
            }
            return save(browser, path);
        }
        window.editProfile();
        auto* dialog = window.findChild<ProfileDialog*>();
        if (dialog)
            dialog->findChild<QTabWidget*>(QStringLiteral("profileTabs"))->setCurrentIndex(3);
        return save(dialog, path);
    }
    if (screen == QLatin1String("preview")) {
        window.previewProfile();
        PreviewDialog* preview = window.previewWindow();
        if (!preview || !waitFor([preview] { return preview->isFinished(); })) {
            complain(QStringLiteral("the preview did not finish"));
            return 1;
        }
        return save(preview, path);
    }
    if (screen == QLatin1String("run")) {
        window.runProfile();
        RunView* view = window.runWindow();
        auto* runner = view ? view->findChild<jobs::JobRunner*>() : nullptr;
        if (!runner) {
            complain(QStringLiteral("the run did not start"));
            return 1;
        }
        // Mid-run is the interesting picture: capture once a quarter is
        // done, or at the end if the copy is quicker than that.
        runner->setProgressInterval(40);
        waitFor([&] {
            return view->isFinished() ||
                   (runner->progress().phase == jobs::JobPhase::Transferring &&
                    runner->progress().percent() >= 25);
        });
        const QPixmap shot = view->grab();
        // Let the run end so its history record exists for the next screens.
        waitFor([view] { return view->isFinished(); });
        settle();
        return shot.save(path, "PNG") ? 0 : 1;
    }
    if (screen == QLatin1String("history")) {
        window.showHistory();
        return save(window.findChild<HistoryDialog*>(), path);
    }
    if (screen == QLatin1String("settings")) {
        window.showSettings();
        auto* dialog = window.findChild<SettingsDialog*>();
        if (dialog)
            dialog->tabs()->setCurrentIndex(1);
        return save(dialog, path);
    }
    complain(QStringLiteral("unknown screen %1 (one of: %2)")
                 .arg(screen, screenshotScreens().join(QStringLiteral(", "))));
    return 1;
}

} // namespace qrsync::ui
