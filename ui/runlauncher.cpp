#include "runlauncher.h"

#include "jobs/appsettings.h"
#include "jobs/jobrunner.h"
#include "jobs/profilerun.h"
#include "passwordstore.h"
#include "previewdialog.h"
#include "runview.h"
#include "sshprompter.h"

#include <QFutureWatcher>
#include <QtConcurrentRun>

namespace qrsync::ui {

RunLauncher::RunLauncher(const AppPaths& paths, jobs::HistoryStore& history, QWidget* window)
    : QObject(window)
    , m_paths(paths)
    , m_history(history)
    , m_window(window)
{}

PreviewDialog* RunLauncher::previewWindow() const
{
    return m_preview.data();
}

RunView* RunLauncher::runWindow() const
{
    return m_run.data();
}

bool RunLauncher::isRunning() const
{
    return m_starting || (!m_run.isNull() && !m_run->isFinished());
}

void RunLauncher::preview(const jobs::Profile& profile)
{
    // Settings are read at each start: the Settings page applies to the
    // next run without restarting the app.
    const auto settings = jobs::loadAppSettings(m_paths.configDir).value_or(jobs::AppSettings{});
    auto options = jobs::optionsForProfile(profile, settings);
    if (!options) {
        Q_EMIT refused(tr("Preview"), options.error().toString());
        return;
    }
    preferBuiltinSsh(*options);
    withDaemonPassword(profile, *options, [this, profile](const options::TransferOptions& o) {
        openPreview(profile, o);
    });
}

void RunLauncher::withDaemonPassword(const jobs::Profile& profile,
                                     const options::TransferOptions& options,
                                     std::function<void(const options::TransferOptions&)> then)
{
    const QStringList paths = options.sources + QStringList{options.destination};
    const bool daemon = std::any_of(paths.begin(), paths.end(), [](const QString& path) {
        return jobs::locationKind(path) == jobs::LocationKind::Daemon;
    });
    if (!daemon) {
        then(options);
        return;
    }
    // The keychain may ask the user to unlock it: the run starts when it
    // answers. Without a stored password (or a keychain) the run goes on
    // without one; a daemon that asks then fails it with a message.
    PasswordStore::read(
        this, profile.id,
        [options, then = std::move(then)](const QString& password, const QString& error) {
            options::TransferOptions o = options;
            if (error.isEmpty() && !password.isEmpty())
                o.daemonPassword = password.toUtf8();
            then(o);
        });
}

void RunLauncher::openPreview(const jobs::Profile& profile, const options::TransferOptions& options)
{
    auto* dialog = new PreviewDialog(options, profile.name, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_preview = dialog;
    connect(dialog, &PreviewDialog::runRequested, this, [this, profile] { run(profile); });
    dialog->open();
}

void RunLauncher::run(const jobs::Profile& profile)
{
    if (isRunning())
        return;
    const auto settings = jobs::loadAppSettings(m_paths.configDir).value_or(jobs::AppSettings{});
    auto options = jobs::optionsForProfile(profile, settings);
    if (!options) {
        Q_EMIT refused(tr("Run"), options.error().toString());
        return;
    }
    preferBuiltinSsh(*options);
    m_starting = true;
    withDaemonPassword(profile, *options, [this, profile](const options::TransferOptions& o) {
        m_starting = false;
        startRun(profile, o);
    });
}

void RunLauncher::startRun(const jobs::Profile& profile, const options::TransferOptions& options)
{
    // The view owns the runner (closing the view cancels and joins it);
    // until the view exists the launcher holds it.
    auto* runner = new jobs::JobRunner(this);
    auto* view = new RunView(*runner, profile.name, m_window);
    runner->setParent(view);
    runner->setSshPrompts((new SshPrompter(view))->prompts());
    view->setAttribute(Qt::WA_DeleteOnClose);
    m_run = view;
    connect(runner, &jobs::JobRunner::result, this,
            [this, profile, runner](const jobs::JobResult& result) {
                onRunFinished(profile, *runner, result);
            });
    runner->start(options, jobs::JobRunner::Mode::Run);
    Q_EMIT runningChanged(true);
    view->open();
}

void RunLauncher::onRunFinished(const jobs::Profile& profile, const jobs::JobRunner& runner,
                                const jobs::JobResult& result)
{
    const jobs::RunRecord record = jobs::makeRunRecord(
        profile, result, runner.items(), runner.messages(), QStringLiteral("desktop"));
    Q_EMIT runningChanged(false);
    // Writing up to 50,000 items takes a good part of a second: off the
    // GUI thread, on a copy of the store, back through a watcher parented
    // to the launcher (dropped if the launcher goes first).
    auto* watcher = new QFutureWatcher<bool>(this);
    connect(watcher, &QFutureWatcher<bool>::finished, this, [this, watcher, record] {
        Q_EMIT runRecorded(record, watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run(
        [history = m_history, record]() mutable { return history.append(record).has_value(); }));
}

} // namespace qrsync::ui
