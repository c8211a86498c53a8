#include "profiledialog.h"

#include "backup/backuprun.h"
#include "backup/calendar.h"
#include "backup/systemdunits.h"
#include "filtereditor.h"
#include "jobs/profilecommand.h"
#include "jobs/profilestore.h"
#include "passwordstore.h"
#include "retentionview.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTimeEdit>
#include <QVBoxLayout>

namespace qrsync::ui {

namespace {

QCheckBox* option(const QString& text, const QString& objectName, const QString& tooltip,
                  QWidget* parent)
{
    auto* box = new QCheckBox(text, parent);
    box->setObjectName(objectName);
    box->setAccessibleName(QString(text).remove(QLatin1Char('&')));
    box->setToolTip(tooltip);
    return box;
}

// Options the engine does not implement yet stay visible (the profile
// format has them) but cannot be set, and say why.
void requireEngineOption(QWidget* widget, const char* longOption)
{
    if (jobs::engineSupports(longOption))
        return;
    widget->setEnabled(false);
    widget->setToolTip(QApplication::translate("qrsync::ui::ProfileDialog",
                                               "Not supported by the qrsync engine yet (--%1)")
                           .arg(QLatin1String(longOption)));
}

} // namespace

ProfileDialog::ProfileDialog(jobs::ProfileStore& store, const jobs::Profile& profile,
                             QWidget* parent)
    : QDialog(parent)
    , m_store(store)
    , m_original(profile)
    , m_unitDirectory(backup::defaultUserUnitDirectory())
{
    setWindowTitle(profile.id.isEmpty() ? tr("New profile") : tr("Edit profile"));
    auto* layout = new QVBoxLayout(this);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("profileTabs"));
    m_tabs->addTab(createGeneralPage(), tr("&General"));
    m_tabs->addTab(createOptionsPage(), tr("&Options"));
    m_filters = new FilterEditor(this);
    m_filters->setObjectName(QStringLiteral("filterEditor"));
    m_tabs->addTab(m_filters, tr("&Filters"));
    m_tabs->addTab(createSnapshotsPage(), tr("&Snapshots && schedule"));
    m_tabs->addTab(createCommandPage(), tr("&Command"));
    layout->addWidget(m_tabs, 1);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("profileErrorLabel"));
    m_error->setAccessibleName(tr("Problem with this profile"));
    m_error->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_error->setWordWrap(true);
    m_error->hide();
    layout->addWidget(m_error);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("profileButtons"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ProfileDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ProfileDialog::reject);
    layout->addWidget(m_buttons);

    setProfile(profile);
    // Every edit refreshes the command line, so it always shows what
    // would run.
    for (QLineEdit* edit : findChildren<QLineEdit*>())
        connect(edit, &QLineEdit::textChanged, this, &ProfileDialog::updateDerived);
    for (QCheckBox* box : findChildren<QCheckBox*>())
        connect(box, &QCheckBox::toggled, this, &ProfileDialog::updateDerived);
    for (QSpinBox* spin : findChildren<QSpinBox*>())
        connect(spin, &QSpinBox::valueChanged, this, &ProfileDialog::updateDerived);
    connect(m_mirror, &QRadioButton::toggled, this, &ProfileDialog::updateDerived);
    connect(m_deleteWhen, &QComboBox::currentIndexChanged, this, &ProfileDialog::updateDerived);
    connect(m_filters, &FilterEditor::rulesChanged, this, &ProfileDialog::updateDerived);
    connect(m_scheduleKind, &QComboBox::currentIndexChanged, this, &ProfileDialog::updateDerived);
    connect(m_scheduleTime, &QTimeEdit::timeChanged, this, &ProfileDialog::updateDerived);
    updateDerived();
    resize(640, 520);
}

QWidget* ProfileDialog::createGeneralPage()
{
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);

    m_name = new QLineEdit(page);
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_name->setAccessibleName(tr("Profile name"));
    form->addRow(tr("&Name:"), m_name);

    auto* sourceBox = new QWidget(page);
    auto* sourceLayout = new QVBoxLayout(sourceBox);
    sourceLayout->setContentsMargins(0, 0, 0, 0);
    m_sources = new QListWidget(sourceBox);
    m_sources->setObjectName(QStringLiteral("sourceList"));
    m_sources->setAccessibleName(tr("Sources"));
    m_sources->setMaximumHeight(90);
    sourceLayout->addWidget(m_sources);
    auto* sourceRow = new QHBoxLayout;
    m_sourceEdit = new QLineEdit(sourceBox);
    m_sourceEdit->setObjectName(QStringLiteral("sourceEdit"));
    m_sourceEdit->setAccessibleName(tr("Source to add"));
    m_sourceEdit->setPlaceholderText(tr("/home/me/Documents/"));
    auto* browse = new QPushButton(tr("&Browse\u2026"), sourceBox);
    browse->setObjectName(QStringLiteral("sourceBrowseButton"));
    browse->setAccessibleName(tr("Choose a source folder"));
    auto* add = new QPushButton(tr("&Add"), sourceBox);
    add->setObjectName(QStringLiteral("sourceAddButton"));
    add->setAccessibleName(tr("Add source"));
    auto* remove = new QPushButton(tr("Re&move"), sourceBox);
    remove->setObjectName(QStringLiteral("sourceRemoveButton"));
    remove->setAccessibleName(tr("Remove source"));
    sourceRow->addWidget(m_sourceEdit, 1);
    sourceRow->addWidget(browse);
    sourceRow->addWidget(add);
    sourceRow->addWidget(remove);
    sourceLayout->addLayout(sourceRow);
    auto* slashHint = new QLabel(tr("A trailing / copies the folder's contents; without it the "
                                    "folder itself is created in the destination."),
                                 sourceBox);
    slashHint->setWordWrap(true);
    slashHint->setEnabled(false);
    sourceLayout->addWidget(slashHint);
    form->addRow(tr("&Sources:"), sourceBox);
    connect(add, &QPushButton::clicked, this, &ProfileDialog::addSource);
    connect(m_sourceEdit, &QLineEdit::returnPressed, this, &ProfileDialog::addSource);
    connect(browse, &QPushButton::clicked, this, &ProfileDialog::browseSource);
    connect(remove, &QPushButton::clicked, this, [this] {
        delete m_sources->takeItem(m_sources->currentRow());
        updateDerived();
    });

    auto* destRow = new QHBoxLayout;
    m_destination = new QLineEdit(page);
    m_destination->setObjectName(QStringLiteral("destinationEdit"));
    m_destination->setAccessibleName(tr("Destination"));
    m_destination->setPlaceholderText(
        tr("/media/backup/Documents, user@host:path or rsync://host/module"));
    auto* destBrowse = new QPushButton(tr("Br&owse\u2026"), page);
    destBrowse->setObjectName(QStringLiteral("destinationBrowseButton"));
    destBrowse->setAccessibleName(tr("Choose the destination folder"));
    destRow->addWidget(m_destination, 1);
    destRow->addWidget(destBrowse);
    auto* destLabel = new QLabel(tr("&Destination:"), page);
    destLabel->setBuddy(m_destination);
    form->addRow(destLabel, destRow);
    connect(destBrowse, &QPushButton::clicked, this, &ProfileDialog::browseDestination);

    m_password = new QLineEdit(page);
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_password->setAccessibleName(tr("Daemon password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("For rsync:// locations; kept in the system keychain only"));
    auto* passwordLabel = new QLabel(tr("&Password:"), page);
    passwordLabel->setBuddy(m_password);
    form->addRow(passwordLabel, m_password);

    auto* modeBox = new QWidget(page);
    auto* modeLayout = new QVBoxLayout(modeBox);
    modeLayout->setContentsMargins(0, 0, 0, 0);
    m_backup = new QRadioButton(tr("&Backup: add and update files, never delete"), modeBox);
    m_backup->setObjectName(QStringLiteral("backupRadio"));
    m_backup->setAccessibleName(tr("Backup mode"));
    m_mirror = new QRadioButton(
        tr("&Mirror: make the destination an exact copy (deletes files not in the source)"),
        modeBox);
    m_mirror->setObjectName(QStringLiteral("mirrorRadio"));
    m_mirror->setAccessibleName(tr("Mirror mode"));
    modeLayout->addWidget(m_backup);
    modeLayout->addWidget(m_mirror);
    form->addRow(tr("Mode:"), modeBox);
    sourceBox->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    return page;
}

QWidget* ProfileDialog::createOptionsPage()
{
    auto* page = new QWidget(this);
    auto* grid = new QGridLayout(page);

    auto* preserve = new QGroupBox(tr("Preserve"), page);
    auto* pl = new QVBoxLayout(preserve);
    m_permissions = option(tr("&Permissions"), QStringLiteral("permissionsCheck"),
                           QStringLiteral("-p"), preserve);
    m_times = option(tr("Modification &times"), QStringLiteral("timesCheck"), QStringLiteral("-t"),
                     preserve);
    m_symlinks = option(tr("Symbolic &links as links"), QStringLiteral("symlinksCheck"),
                        QStringLiteral("-l"), preserve);
    m_owner = option(tr("O&wner (needs root)"), QStringLiteral("ownerCheck"), QStringLiteral("-o"),
                     preserve);
    m_group = option(tr("&Group"), QStringLiteral("groupCheck"), QStringLiteral("-g"), preserve);
    m_devices = option(tr("Devices and special files"), QStringLiteral("devicesCheck"),
                       QStringLiteral("-D"), preserve);
    m_hardLinks =
        option(tr("&Hard links"), QStringLiteral("hardLinksCheck"), QStringLiteral("-H"), preserve);
    for (QCheckBox* b :
         {m_permissions, m_times, m_symlinks, m_owner, m_group, m_devices, m_hardLinks})
        pl->addWidget(b);
    pl->addStretch(1);
    grid->addWidget(preserve, 0, 0);

    auto* compare = new QGroupBox(tr("Compare"), page);
    auto* cl = new QFormLayout(compare);
    m_checksum = option(tr("By &content (checksum, slower)"), QStringLiteral("checksumCheck"),
                        QStringLiteral("-c"), compare);
    m_sizeOnly = option(tr("By si&ze only"), QStringLiteral("sizeOnlyCheck"),
                        QStringLiteral("--size-only"), compare);
    m_update = option(tr("Skip files &newer at the destination"), QStringLiteral("updateCheck"),
                      QStringLiteral("-u"), compare);
    m_ignoreExisting = option(tr("Skip files that &exist"), QStringLiteral("ignoreExistingCheck"),
                              QStringLiteral("--ignore-existing"), compare);
    for (QCheckBox* b : {m_checksum, m_sizeOnly, m_update, m_ignoreExisting})
        cl->addRow(b);
    m_modifyWindow = new QSpinBox(compare);
    m_modifyWindow->setObjectName(QStringLiteral("modifyWindowSpin"));
    m_modifyWindow->setAccessibleName(tr("Time tolerance in seconds"));
    m_modifyWindow->setRange(0, 3600);
    m_modifyWindow->setSuffix(tr(" s"));
    cl->addRow(tr("Time tolerance:"), m_modifyWindow);
    requireEngineOption(m_modifyWindow, "modify-window");
    grid->addWidget(compare, 0, 1);

    auto* transfer = new QGroupBox(tr("Transfer"), page);
    auto* tl = new QFormLayout(transfer);
    m_compress = option(tr("Co&mpress (remote only)"), QStringLiteral("compressCheck"),
                        QStringLiteral("-z"), transfer);
    m_partial = option(tr("Keep partly copied files on cancel"), QStringLiteral("partialCheck"),
                       QStringLiteral("--partial"), transfer);
    m_sparse =
        option(tr("Sparse files"), QStringLiteral("sparseCheck"), QStringLiteral("-S"), transfer);
    m_wholeFile = option(tr("Whole files (no delta)"), QStringLiteral("wholeFileCheck"),
                         QStringLiteral("-W"), transfer);
    for (QCheckBox* b : {m_compress, m_partial, m_sparse, m_wholeFile})
        tl->addRow(b);
    m_bandwidth = new QSpinBox(transfer);
    m_bandwidth->setObjectName(QStringLiteral("bandwidthSpin"));
    m_bandwidth->setAccessibleName(tr("Bandwidth limit"));
    m_bandwidth->setRange(0, 10'000'000);
    m_bandwidth->setSuffix(tr(" KiB/s"));
    m_bandwidth->setSpecialValueText(tr("Unlimited"));
    tl->addRow(tr("Bandwidth limit:"), m_bandwidth);
    requireEngineOption(m_bandwidth, "bwlimit");
    grid->addWidget(transfer, 1, 0);

    auto* deletion = new QGroupBox(tr("Delete (mirror mode)"), page);
    m_deleteGroup = deletion;
    auto* dl = new QFormLayout(deletion);
    m_deleteWhen = new QComboBox(deletion);
    m_deleteWhen->setObjectName(QStringLiteral("deleteWhenCombo"));
    m_deleteWhen->setAccessibleName(tr("When to delete"));
    m_deleteWhen->addItem(tr("During the transfer"), int(jobs::DeleteOptions::When::During));
    m_deleteWhen->addItem(tr("Before the transfer"), int(jobs::DeleteOptions::When::Before));
    m_deleteWhen->addItem(tr("After the transfer"), int(jobs::DeleteOptions::When::After));
    m_deleteWhen->addItem(tr("Found during, done after"), int(jobs::DeleteOptions::When::Delay));
    dl->addRow(tr("When:"), m_deleteWhen);
    m_deleteExcluded =
        option(tr("Also delete e&xcluded files"), QStringLiteral("deleteExcludedCheck"),
               QStringLiteral("--delete-excluded"), deletion);
    dl->addRow(m_deleteExcluded);
    m_maxDelete = new QSpinBox(deletion);
    m_maxDelete->setObjectName(QStringLiteral("maxDeleteSpin"));
    m_maxDelete->setAccessibleName(tr("Maximum deletions"));
    m_maxDelete->setRange(-1, 1'000'000);
    m_maxDelete->setSpecialValueText(tr("No limit"));
    dl->addRow(tr("At most:"), m_maxDelete);
    requireEngineOption(m_maxDelete, "max-delete");
    grid->addWidget(deletion, 1, 1);

    auto* remote = new QGroupBox(tr("Remote shell (host:path locations)"), page);
    m_remoteGroup = remote;
    auto* rl = new QFormLayout(remote);
    m_remoteShell = new QLineEdit(remote);
    m_remoteShell->setObjectName(QStringLiteral("remoteShellEdit"));
    m_remoteShell->setAccessibleName(tr("Remote shell command"));
    m_remoteShell->setPlaceholderText(tr("ssh (or $RSYNC_RSH)"));
    rl->addRow(tr("Remote s&hell:"), m_remoteShell);
    m_rsyncPath = new QLineEdit(remote);
    m_rsyncPath->setObjectName(QStringLiteral("rsyncPathEdit"));
    m_rsyncPath->setAccessibleName(tr("rsync program on the other machine"));
    m_rsyncPath->setPlaceholderText(QStringLiteral("rsync"));
    rl->addRow(tr("rsync &program there:"), m_rsyncPath);
    grid->addWidget(remote, 2, 0, 1, 2);
    return page;
}

QWidget* ProfileDialog::createCommandPage()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    auto* label = new QLabel(tr("The same transfer from a terminal (qrsync accepts rsync's "
                                "options):"),
                             page);
    label->setWordWrap(true);
    layout->addWidget(label);
    m_command = new QPlainTextEdit(page);
    m_command->setObjectName(QStringLiteral("commandText"));
    m_command->setAccessibleName(tr("Equivalent command line"));
    m_command->setReadOnly(true);
    m_command->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(m_command, 1);
    auto* copy = new QPushButton(QIcon::fromTheme(QStringLiteral("edit-copy")), tr("Co&py"), page);
    copy->setObjectName(QStringLiteral("copyCommandButton"));
    copy->setAccessibleName(tr("Copy command"));
    connect(copy, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_command->toPlainText()); });
    auto* row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(copy);
    layout->addLayout(row);

    // The options are rsync's, so stock rsync runs the same transfer.
    auto* rsyncLabel = new QLabel(tr("With stock rsync:"), page);
    layout->addWidget(rsyncLabel);
    m_rsyncCommand = new QPlainTextEdit(page);
    m_rsyncCommand->setObjectName(QStringLiteral("rsyncCommandText"));
    m_rsyncCommand->setAccessibleName(tr("Equivalent rsync command line"));
    m_rsyncCommand->setReadOnly(true);
    m_rsyncCommand->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(m_rsyncCommand, 1);
    auto* copyRsync = new QPushButton(QIcon::fromTheme(QStringLiteral("edit-copy")),
                                      tr("Copy &rsync command"), page);
    copyRsync->setObjectName(QStringLiteral("copyRsyncCommandButton"));
    copyRsync->setAccessibleName(tr("Copy rsync command"));
    connect(copyRsync, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_rsyncCommand->toPlainText()); });
    auto* rsyncRow = new QHBoxLayout;
    rsyncRow->addStretch(1);
    rsyncRow->addWidget(copyRsync);
    layout->addLayout(rsyncRow);
    return page;
}

QWidget* ProfileDialog::createSnapshotsPage()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);

    m_snapshots = option(tr("&Keep dated snapshots (unchanged files are hard links to the "
                            "previous snapshot)"),
                         QStringLiteral("snapshotsCheck"),
                         tr("Each run makes DESTINATION/YYYY-MM-DDTHHMMSS/ and moves the "
                            "\"latest\" link; needs a local destination"),
                         page);
    layout->addWidget(m_snapshots);

    auto* retention = new QGroupBox(tr("Retention (after each successful snapshot)"), page);
    m_retentionGroup = retention;
    auto* rl = new QGridLayout(retention);
    const auto count = [retention](const QString& objectName, const QString& accessible) {
        auto* spin = new QSpinBox(retention);
        spin->setObjectName(objectName);
        spin->setAccessibleName(accessible);
        spin->setRange(0, 10000);
        return spin;
    };
    m_keepLast = count(QStringLiteral("keepLastSpin"), tr("Keep the last"));
    m_hourly = count(QStringLiteral("hourlySpin"), tr("Hourly snapshots to keep"));
    m_daily = count(QStringLiteral("dailySpin"), tr("Daily snapshots to keep"));
    m_weekly = count(QStringLiteral("weeklySpin"), tr("Weekly snapshots to keep"));
    m_monthly = count(QStringLiteral("monthlySpin"), tr("Monthly snapshots to keep"));
    m_yearly = count(QStringLiteral("yearlySpin"), tr("Yearly snapshots to keep"));
    const QList<QPair<QString, QSpinBox*>> rows{
        {tr("Last:"), m_keepLast},       {tr("Hourly:"), m_hourly},   {tr("Daily:"), m_daily},
        {tr("Weekly (ISO):"), m_weekly}, {tr("Monthly:"), m_monthly}, {tr("Yearly:"), m_yearly}};
    for (int i = 0; i < rows.size(); ++i) {
        auto* label = new QLabel(rows[i].first, retention);
        label->setBuddy(rows[i].second);
        rl->addWidget(label, i / 3, (i % 3) * 2);
        rl->addWidget(rows[i].second, i / 3, (i % 3) * 2 + 1);
    }
    m_minFree = new QSpinBox(retention);
    m_minFree->setObjectName(QStringLiteral("minFreeSpin"));
    m_minFree->setAccessibleName(tr("Minimum free space"));
    m_minFree->setRange(0, 100'000'000);
    m_minFree->setSuffix(tr(" MiB"));
    m_minFree->setSpecialValueText(tr("No minimum"));
    rl->addWidget(new QLabel(tr("Keep free:"), retention), 2, 0);
    rl->addWidget(m_minFree, 2, 1);
    auto* simulate = new QPushButton(tr("Si&mulate retention\u2026"), retention);
    simulate->setObjectName(QStringLiteral("simulateRetentionButton"));
    simulate->setAccessibleName(tr("Show what the policy would remove"));
    rl->addWidget(simulate, 2, 4, 1, 2);
    connect(simulate, &QPushButton::clicked, this, &ProfileDialog::simulateRetention);
    auto* ruleHint = new QLabel(tr("Each count keeps the newest snapshot of that many recent "
                                   "hours, days, weeks, months or years; the newest snapshot is "
                                   "always kept. All 0: never prune."),
                                retention);
    ruleHint->setWordWrap(true);
    ruleHint->setEnabled(false);
    rl->addWidget(ruleHint, 3, 0, 1, 6);
    layout->addWidget(retention);

    auto* schedule = new QGroupBox(tr("Schedule (systemd user timer)"), page);
    auto* sl = new QFormLayout(schedule);
    m_scheduleKind = new QComboBox(schedule);
    m_scheduleKind->setObjectName(QStringLiteral("scheduleKindCombo"));
    m_scheduleKind->setAccessibleName(tr("How often"));
    using Kind = jobs::ScheduleOptions::Kind;
    m_scheduleKind->addItem(tr("Not scheduled"), int(Kind::None));
    m_scheduleKind->addItem(tr("Every hour"), int(Kind::Hourly));
    m_scheduleKind->addItem(tr("Every day"), int(Kind::Daily));
    m_scheduleKind->addItem(tr("Every week"), int(Kind::Weekly));
    m_scheduleKind->addItem(tr("Custom calendar expression"), int(Kind::Custom));
    sl->addRow(tr("&Run:"), m_scheduleKind);
    m_scheduleTime = new QTimeEdit(schedule);
    m_scheduleTime->setObjectName(QStringLiteral("scheduleTimeEdit"));
    m_scheduleTime->setAccessibleName(tr("At"));
    m_scheduleTime->setDisplayFormat(QStringLiteral("HH:mm"));
    m_scheduleTime->setToolTip(tr("Hourly runs use the minutes only"));
    sl->addRow(tr("&At:"), m_scheduleTime);
    auto* days = new QWidget(schedule);
    auto* dl = new QHBoxLayout(days);
    dl->setContentsMargins(0, 0, 0, 0);
    const QStringList dayKeys{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    for (int d = 0; d < dayKeys.size(); ++d) {
        auto* box = new QCheckBox(QLocale().dayName(d + 1, QLocale::ShortFormat), days);
        box->setObjectName(QStringLiteral("day") + dayKeys[d] + QStringLiteral("Check"));
        box->setProperty("dayKey", dayKeys[d]);
        box->setAccessibleName(QLocale().dayName(d + 1));
        m_days << box;
        dl->addWidget(box);
    }
    dl->addStretch(1);
    sl->addRow(tr("On:"), days);
    m_calendar = new QLineEdit(schedule);
    m_calendar->setObjectName(QStringLiteral("calendarEdit"));
    m_calendar->setAccessibleName(tr("Calendar expression"));
    m_calendar->setPlaceholderText(QStringLiteral("Mon..Fri *-*-* 12:30"));
    sl->addRow(tr("&Expression:"), m_calendar);
    m_nextRuns = new QLabel(schedule);
    m_nextRuns->setObjectName(QStringLiteral("nextRunsLabel"));
    m_nextRuns->setWordWrap(true);
    sl->addRow(tr("Next runs:"), m_nextRuns);
    m_acPower = option(tr("Only on &AC power"), QStringLiteral("acPowerCheck"),
                       QStringLiteral("ConditionACPower=true"), schedule);
    m_mounted =
        option(tr("Only when the destination's drive is mounted"), QStringLiteral("mountedCheck"),
               tr("Skips the run quietly when the destination folder is missing"), schedule);
    sl->addRow(m_acPower);
    sl->addRow(m_mounted);
    m_randomDelay = new QSpinBox(schedule);
    m_randomDelay->setObjectName(QStringLiteral("randomDelaySpin"));
    m_randomDelay->setAccessibleName(tr("Random delay"));
    m_randomDelay->setRange(0, 24 * 60);
    m_randomDelay->setSuffix(tr(" min"));
    m_randomDelay->setSpecialValueText(tr("None"));
    sl->addRow(tr("Random &delay up to:"), m_randomDelay);
    m_managerNote = new QLabel(schedule);
    m_managerNote->setObjectName(QStringLiteral("managerNoteLabel"));
    m_managerNote->setWordWrap(true);
    m_managerNote->setText(
        backup::userManagerRunning()
            ? tr("Save writes the timer to %1 and enables it (systemctl --user).")
                  .arg(backup::defaultUserUnitDirectory())
            : tr("No systemd user manager is running for you: Save writes the timer to %1 but "
                 "cannot enable it, so qrsync runs the schedule itself while the app is open.")
                  .arg(backup::defaultUserUnitDirectory()));
    sl->addRow(m_managerNote);
    layout->addWidget(schedule);
    layout->addStretch(1);
    return page;
}

void ProfileDialog::simulateRetention()
{
    const jobs::Profile p = profile();
    auto* view = new RetentionView(this);
    view->setAttribute(Qt::WA_DeleteOnClose);
    view->simulate(p.destination, backup::retentionPolicy(p.snapshots));
    view->show();
}

QString ProfileDialog::nextRunsText() const
{
    return m_nextRuns->text();
}

void ProfileDialog::updateSchedulePreview()
{
    using Kind = jobs::ScheduleOptions::Kind;
    const jobs::ScheduleOptions s = profile().schedule;
    m_scheduleTime->setEnabled(s.kind != Kind::None && s.kind != Kind::Custom);
    for (QCheckBox* box : m_days)
        box->setEnabled(s.kind == Kind::Weekly);
    m_calendar->setEnabled(s.kind == Kind::Custom);
    for (QWidget* w : {static_cast<QWidget*>(m_acPower), static_cast<QWidget*>(m_mounted),
                       static_cast<QWidget*>(m_randomDelay)})
        w->setEnabled(s.kind != Kind::None);
    m_retentionGroup->setEnabled(m_snapshots->isChecked());
    auto expression = backup::onCalendarFor(s);
    const QString key = expression ? *expression : expression.error().message;
    if (key == m_checkedExpression)
        return; // systemd-analyze only when the expression changed
    m_checkedExpression = key;
    if (!expression) {
        m_nextRuns->setText(expression.error().message);
        return;
    }
    if (expression->isEmpty()) {
        m_nextRuns->setText(tr("\u2013"));
        return;
    }
    auto check = backup::checkCalendar(*expression);
    if (!check) {
        m_nextRuns->setText(check.error().message);
        return;
    }
    QStringList runs;
    for (const QDateTime& t : check->nextRuns)
        runs << QLocale().toString(t, QLocale::ShortFormat);
    m_nextRuns->setText(runs.join(QStringLiteral(", ")));
}

void ProfileDialog::setProfile(const jobs::Profile& p)
{
    m_name->setText(p.name);
    m_sources->clear();
    m_sources->addItems(p.sources);
    m_destination->setText(p.destination);
    (p.mode == jobs::SyncMode::Mirror ? m_mirror : m_backup)->setChecked(true);
    m_permissions->setChecked(p.preserve.permissions);
    m_times->setChecked(p.preserve.times);
    m_symlinks->setChecked(p.preserve.symlinks);
    m_owner->setChecked(p.preserve.owner);
    m_group->setChecked(p.preserve.group);
    m_devices->setChecked(p.preserve.devices);
    m_hardLinks->setChecked(p.preserve.hardLinks);
    m_checksum->setChecked(p.compare.checksum);
    m_sizeOnly->setChecked(p.compare.sizeOnly);
    m_update->setChecked(p.compare.update);
    m_ignoreExisting->setChecked(p.compare.ignoreExisting);
    m_modifyWindow->setValue(p.compare.modifyWindow);
    m_compress->setChecked(p.transfer.compress);
    m_partial->setChecked(p.transfer.partial);
    m_sparse->setChecked(p.transfer.sparse);
    m_wholeFile->setChecked(p.transfer.wholeFile);
    m_bandwidth->setValue(p.transfer.bandwidthLimitKiB);
    m_deleteWhen->setCurrentIndex(m_deleteWhen->findData(int(p.deletion.when)));
    m_deleteExcluded->setChecked(p.deletion.deleteExcluded);
    m_maxDelete->setValue(p.deletion.maxDelete);
    m_remoteShell->setText(p.connection.remoteShell);
    m_rsyncPath->setText(p.connection.rsyncPath);
    m_filters->setRules(p.filterRules);
    m_snapshots->setChecked(p.snapshots.enabled);
    m_keepLast->setValue(p.snapshots.keepLast);
    m_hourly->setValue(p.snapshots.hourly);
    m_daily->setValue(p.snapshots.daily);
    m_weekly->setValue(p.snapshots.weekly);
    m_monthly->setValue(p.snapshots.monthly);
    m_yearly->setValue(p.snapshots.yearly);
    m_minFree->setValue(p.snapshots.minFreeMiB);
    m_scheduleKind->setCurrentIndex(m_scheduleKind->findData(int(p.schedule.kind)));
    m_scheduleTime->setTime(QTime(p.schedule.hour, p.schedule.minute));
    for (QCheckBox* box : m_days)
        box->setChecked(p.schedule.days.contains(box->property("dayKey").toString()));
    m_calendar->setText(p.schedule.calendar);
    m_acPower->setChecked(p.schedule.onlyOnACPower);
    m_mounted->setChecked(p.schedule.onlyWhenDestinationMounted);
    m_randomDelay->setValue(p.schedule.randomDelayMinutes);
}

jobs::Profile ProfileDialog::profile() const
{
    jobs::Profile p = m_original; // keeps the id
    p.name = m_name->text().trimmed();
    p.sources.clear();
    for (int i = 0; i < m_sources->count(); ++i)
        p.sources << m_sources->item(i)->text();
    p.destination = m_destination->text().trimmed();
    p.mode = m_mirror->isChecked() ? jobs::SyncMode::Mirror : jobs::SyncMode::Backup;
    p.preserve = {m_permissions->isChecked(), m_times->isChecked(), m_symlinks->isChecked(),
                  m_owner->isChecked(),       m_group->isChecked(), m_devices->isChecked(),
                  m_hardLinks->isChecked()};
    p.compare = {m_checksum->isChecked(), m_sizeOnly->isChecked(), m_update->isChecked(),
                 m_ignoreExisting->isChecked(), m_modifyWindow->value()};
    p.transfer = {m_compress->isChecked(), m_bandwidth->value(), m_partial->isChecked(),
                  m_sparse->isChecked(), m_wholeFile->isChecked()};
    p.deletion = {jobs::DeleteOptions::When(m_deleteWhen->currentData().toInt()),
                  m_deleteExcluded->isChecked(), m_maxDelete->value()};
    p.connection = {m_remoteShell->text().trimmed(), m_rsyncPath->text().trimmed()};
    p.filterRules = m_filters->rules();
    p.snapshots = {m_snapshots->isChecked(), m_keepLast->value(), m_hourly->value(),
                   m_daily->value(),         m_weekly->value(),   m_monthly->value(),
                   m_yearly->value(),        m_minFree->value()};
    p.schedule.kind = jobs::ScheduleOptions::Kind(m_scheduleKind->currentData().toInt());
    p.schedule.hour = m_scheduleTime->time().hour();
    p.schedule.minute = m_scheduleTime->time().minute();
    p.schedule.days.clear();
    for (QCheckBox* box : m_days) {
        if (box->isChecked())
            p.schedule.days << box->property("dayKey").toString();
    }
    p.schedule.calendar = m_calendar->text().trimmed();
    p.schedule.onlyOnACPower = m_acPower->isChecked();
    p.schedule.onlyWhenDestinationMounted = m_mounted->isChecked();
    p.schedule.randomDelayMinutes = m_randomDelay->value();
    return p;
}

void ProfileDialog::addSource()
{
    const QString path = m_sourceEdit->text().trimmed();
    if (path.isEmpty())
        return;
    m_sources->addItem(path);
    m_sourceEdit->clear();
    updateDerived();
}

void ProfileDialog::browseSource()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose a source folder"));
    if (dir.isEmpty())
        return;
    // Folders picked in a dialog mean "this folder's contents", the usual
    // intent of a mirror or backup.
    m_sourceEdit->setText(dir.endsWith(QLatin1Char('/')) ? dir : dir + QLatin1Char('/'));
    addSource();
}

void ProfileDialog::browseDestination()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose the destination folder"),
                                                          m_destination->text());
    if (!dir.isEmpty())
        m_destination->setText(dir);
}

bool ProfileDialog::usesRemoteShell() const
{
    const jobs::Profile p = profile();
    for (const QString& path : p.sources + QStringList{p.destination}) {
        if (jobs::locationKind(path) == jobs::LocationKind::RemoteShell)
            return true;
    }
    return false;
}

bool ProfileDialog::usesDaemon() const
{
    const jobs::Profile p = profile();
    for (const QString& path : p.sources + QStringList{p.destination}) {
        if (jobs::locationKind(path) == jobs::LocationKind::Daemon)
            return true;
    }
    return false;
}

void ProfileDialog::updateDerived()
{
    const QString firstSource = m_sources->count() > 0 ? m_sources->item(0)->text() : QString();
    m_filters->setSourceRoot(
        jobs::locationKind(firstSource) == jobs::LocationKind::Local ? firstSource : QString());
    m_password->setEnabled(usesDaemon());
    m_remoteGroup->setEnabled(usesRemoteShell());
    m_deleteGroup->setEnabled(m_mirror->isChecked());
    const jobs::Profile p = profile();
    m_command->setPlainText(jobs::profileCommandLine(p));
    m_rsyncCommand->setPlainText(jobs::profileCommandLine(p, QStringLiteral("rsync")));
    updateSchedulePreview();
}

QString ProfileDialog::errorText() const
{
    return m_error->isVisible() ? m_error->text() : QString();
}

void ProfileDialog::showError(const QString& text)
{
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}

void ProfileDialog::accept()
{
    const jobs::Profile p = profile();
    auto options = jobs::profileTransferOptions(p);
    if (!options) {
        showError(tr("Cannot save: %1").arg(options.error().toString()));
        return;
    }
    if (p.snapshots.enabled && (jobs::locationKind(p.destination) != jobs::LocationKind::Local ||
                                !QDir::isAbsolutePath(p.destination))) {
        showError(tr("Cannot save: snapshots need a local destination folder (an absolute "
                     "path)"));
        return;
    }
    // A schedule that would not install is refused before anything is saved.
    const bool scheduleChanged =
        m_scheduleDirty || !(p.schedule == m_original.schedule) || (p.name != m_original.name);
    if (scheduleChanged && p.schedule.kind != jobs::ScheduleOptions::Kind::None) {
        auto expression = backup::onCalendarFor(p.schedule);
        auto check = expression ? backup::checkCalendar(*expression)
                                : Result<backup::CalendarCheck>(tl::unexpected(expression.error()));
        if (!check) {
            showError(tr("Cannot save: %1").arg(check.error().toString()));
            return;
        }
    }
    auto saved = m_store.save(p);
    if (!saved) {
        showError(tr("Cannot save: %1").arg(saved.error().toString()));
        return;
    }
    m_saved = *saved;
    showError(QString());
    m_scheduleNote.clear();
    if (scheduleChanged && (p.schedule.kind != jobs::ScheduleOptions::Kind::None ||
                            m_original.schedule.kind != jobs::ScheduleOptions::Kind::None)) {
        const bool systemctl = m_unitDirectory == backup::defaultUserUnitDirectory();
        const QString qrsync = QCoreApplication::applicationDirPath() + QStringLiteral("/qrsync");
        if (!m_original.id.isEmpty() && m_original.name != p.name) {
            jobs::Profile old = m_original;
            old.schedule.kind = jobs::ScheduleOptions::Kind::None;
            // Best effort: the old name's units; the new ones matter.
            (void)backup::installSchedule(old, m_unitDirectory, qrsync, systemctl);
        }
        auto installed = backup::installSchedule(m_saved, m_unitDirectory, qrsync, systemctl);
        if (!installed) {
            showError(tr("Saved, but the schedule could not be installed: %1")
                          .arg(installed.error().toString()));
            // The profile is stored (Save again must not add a copy); the
            // schedule still has to be installed by the next Save.
            m_original = m_saved;
            m_scheduleDirty = true;
            return;
        }
        m_scheduleDirty = false;
        m_scheduleNote = installed->note;
    }
    if (!usesDaemon() || m_password->text().isEmpty()) {
        QDialog::accept();
        return;
    }
    // The profile is saved; the password goes to the keychain, which may
    // take a moment (or ask the user to unlock it).
    m_buttons->setEnabled(false);
    PasswordStore::store(this, m_saved.id, m_password->text(), [this](const QString& error) {
        m_buttons->setEnabled(true);
        m_password->clear();
        if (!error.isEmpty()) {
            showError(error);
            return;
        }
        QDialog::accept();
    });
}

} // namespace qrsync::ui
