#include "settingsdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace qrsync::ui {

SettingsDialog::SettingsDialog(const QString& configDir, const options::AsyncPaths& compiled,
                               QWidget* parent)
    : QDialog(parent)
    , m_configDir(configDir)
{
    setWindowTitle(tr("Settings"));
    auto* layout = new QVBoxLayout(this);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("settingsErrorLabel"));
    m_error->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_error->setWordWrap(true);
    m_error->hide();
    auto loaded = jobs::loadAppSettings(configDir);
    if (loaded) {
        m_loaded = *loaded;
    } else {
        m_error->setText(tr("The settings file could not be read (%1); showing the defaults.")
                             .arg(loaded.error().toString()));
        m_error->show();
    }
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("settingsTabs"));
    m_tabs->addTab(createGeneralPage(), tr("&General"));
    m_tabs->addTab(createAsyncPage(compiled), tr("&Async paths"));
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_error);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(560, 420);
}

QWidget* SettingsDialog::createGeneralPage()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    m_notifications = new QCheckBox(tr("Show a &notification when a run ends"), page);
    m_notifications->setObjectName(QStringLiteral("notificationsCheck"));
    m_notifications->setAccessibleName(tr("Notifications"));
    m_notifications->setChecked(m_loaded.notifications);
    m_startMinimised = new QCheckBox(tr("Start &minimised"), page);
    m_startMinimised->setObjectName(QStringLiteral("startMinimisedCheck"));
    m_startMinimised->setAccessibleName(tr("Start minimised"));
    m_startMinimised->setChecked(m_loaded.startMinimised);
    layout->addWidget(m_notifications);
    layout->addWidget(m_startMinimised);
    auto* staleRow = new QHBoxLayout;
    auto* staleLabel = new QLabel(tr("&Warn when a profile has not run successfully for"), page);
    m_staleAfter = new QSpinBox(page);
    m_staleAfter->setObjectName(QStringLiteral("staleAfterSpin"));
    m_staleAfter->setAccessibleName(tr("Days without a successful run before a warning"));
    m_staleAfter->setRange(0, 3650);
    m_staleAfter->setSuffix(tr(" days"));
    m_staleAfter->setSpecialValueText(tr("Never warn"));
    m_staleAfter->setValue(m_loaded.staleAfterDays);
    staleLabel->setBuddy(m_staleAfter);
    staleRow->addWidget(staleLabel);
    staleRow->addWidget(m_staleAfter);
    staleRow->addStretch(1);
    layout->addLayout(staleRow);
    auto* theme = new QLabel(tr("The look follows your desktop's theme."), page);
    theme->setEnabled(false);
    layout->addWidget(theme);
    layout->addStretch(1);
    return page;
}

QWidget* SettingsDialog::createAsyncPage(const options::AsyncPaths& compiled)
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    auto* intro = new QLabel(tr("qrsync runs four parts of a transfer asynchronously. Turning one "
                                "off falls back to the simpler threaded code, as "
                                "<tt>--no-async</tt> or <tt>QRSYNC_ASYNC_&lt;PATH&gt;=0</tt> "
                                "would; the next run uses it. Use this to work around a "
                                "problem, or to compare."),
                             page);
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::RichText);
    layout->addWidget(intro);

    struct Row
    {
        QCheckBox** box;
        QString objectName;
        QString title;
        QString explanation;
        bool compiled;
        bool enabled;
    };
    const Row rows[] = {
        {&m_daemon, QStringLiteral("asyncDaemonCheck"), tr("&Daemon listener"),
         tr("Serves rsync:// clients from a few event-loop threads instead of one thread per "
            "connection."),
         compiled.daemon, m_loaded.async.daemon},
        {&m_ssh, QStringLiteral("asyncSshCheck"), tr("&SSH transport"),
         tr("Drives SSH connections without blocking instead of a blocking worker thread."),
         compiled.ssh, m_loaded.async.ssh},
        {&m_receiver, QStringLiteral("asyncReceiverCheck"), tr("&Receiver pipeline"),
         tr("Decodes incoming data on the event loop and writes files on workers, pipelined, "
            "instead of one thread doing both in order."),
         compiled.receiver, m_loaded.async.receiver},
        {&m_workers, QStringLiteral("asyncWorkersCheck"), tr("&Worker composition"),
         tr("Computes checksums and deltas on a thread pool instead of inline."), compiled.workers,
         m_loaded.async.workers},
    };
    for (const Row& row : rows) {
        auto* box = new QCheckBox(row.title, page);
        box->setObjectName(row.objectName);
        box->setAccessibleName(QString(row.title).remove(QLatin1Char('&')));
        box->setAccessibleDescription(row.explanation);
        box->setChecked(row.compiled && row.enabled);
        box->setEnabled(row.compiled);
        auto* text = new QLabel(row.compiled ? row.explanation
                                             : row.explanation + QLatin1Char(' ') +
                                                   tr("(Not compiled into this build.)"),
                                page);
        text->setWordWrap(true);
        text->setEnabled(row.compiled);
        text->setContentsMargins(24, 0, 0, 6);
        layout->addWidget(box);
        layout->addWidget(text);
        *row.box = box;
    }
    layout->addStretch(1);
    return page;
}

jobs::AppSettings SettingsDialog::settings() const
{
    jobs::AppSettings s = m_loaded;
    s.notifications = m_notifications->isChecked();
    s.startMinimised = m_startMinimised->isChecked();
    s.staleAfterDays = m_staleAfter->value();
    // A path that is not compiled in keeps its stored choice: unchecking a
    // greyed-out box must not rewrite what the user set on another build.
    auto choice = [](const QCheckBox* box, bool stored) {
        return box->isEnabled() ? box->isChecked() : stored;
    };
    s.async.daemon = choice(m_daemon, m_loaded.async.daemon);
    s.async.ssh = choice(m_ssh, m_loaded.async.ssh);
    s.async.receiver = choice(m_receiver, m_loaded.async.receiver);
    s.async.workers = choice(m_workers, m_loaded.async.workers);
    return s;
}

void SettingsDialog::accept()
{
    auto saved = jobs::saveAppSettings(m_configDir, settings());
    if (!saved) {
        m_error->setText(tr("Cannot save the settings: %1").arg(saved.error().toString()));
        m_error->show();
        return;
    }
    QDialog::accept();
}

} // namespace qrsync::ui
