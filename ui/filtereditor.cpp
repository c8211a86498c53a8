#include "filtereditor.h"

#include "jobs/filtertester.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace qrsync::ui {

FilterEditor::FilterEditor(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Rules are checked from the top; the first rule that matches a "
                                "path decides. <tt>- *.tmp</tt> excludes, <tt>+ docs/</tt> "
                                "includes; a leading <tt>/</tt> anchors at the source folder, a "
                                "trailing <tt>/</tt> matches folders only."),
                             this);
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::RichText);
    layout->addWidget(intro);

    auto* row = new QHBoxLayout;
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("filterRuleList"));
    m_list->setAccessibleName(tr("Filter rules"));
    m_list->setFont(QFont(QStringLiteral("monospace")));
    row->addWidget(m_list, 1);
    auto* buttons = new QVBoxLayout;
    m_remove =
        new QPushButton(QIcon::fromTheme(QStringLiteral("list-remove")), tr("&Remove"), this);
    m_remove->setObjectName(QStringLiteral("filterRemoveButton"));
    m_up = new QPushButton(QIcon::fromTheme(QStringLiteral("go-up")), tr("Move &up"), this);
    m_up->setObjectName(QStringLiteral("filterUpButton"));
    m_down = new QPushButton(QIcon::fromTheme(QStringLiteral("go-down")), tr("Move &down"), this);
    m_down->setObjectName(QStringLiteral("filterDownButton"));
    for (QPushButton* b : {m_remove, m_up, m_down}) {
        b->setAccessibleName(b->text().remove(QLatin1Char('&')));
        buttons->addWidget(b);
    }
    buttons->addStretch(1);
    row->addLayout(buttons);
    layout->addLayout(row, 1);

    auto* addRow = new QHBoxLayout;
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("filterKindCombo"));
    m_kind->setAccessibleName(tr("Rule type"));
    m_kind->addItem(tr("Exclude"), QStringLiteral("- "));
    m_kind->addItem(tr("Include"), QStringLiteral("+ "));
    m_pattern = new QLineEdit(this);
    m_pattern->setObjectName(QStringLiteral("filterPatternEdit"));
    m_pattern->setAccessibleName(tr("Pattern"));
    m_pattern->setPlaceholderText(tr("Pattern, e.g. *.tmp or /cache/"));
    m_add = new QPushButton(QIcon::fromTheme(QStringLiteral("list-add")), tr("&Add rule"), this);
    m_add->setObjectName(QStringLiteral("filterAddButton"));
    m_add->setAccessibleName(tr("Add rule"));
    addRow->addWidget(m_kind);
    addRow->addWidget(m_pattern, 1);
    addRow->addWidget(m_add);
    layout->addLayout(addRow);

    auto* tester = new QGroupBox(tr("Test a path"), this);
    auto* testLayout = new QVBoxLayout(tester);
    auto* testRow = new QHBoxLayout;
    m_testPath = new QLineEdit(tester);
    m_testPath->setObjectName(QStringLiteral("filterTestPathEdit"));
    m_testPath->setAccessibleName(tr("Path to test"));
    m_testPath->setPlaceholderText(tr("Path inside the source, e.g. photos/2024/a.jpg"));
    m_testIsFolder = new QCheckBox(tr("It is a &folder"), tester);
    m_testIsFolder->setObjectName(QStringLiteral("filterTestFolderCheck"));
    m_testIsFolder->setAccessibleName(tr("The tested path is a folder"));
    m_pick = new QPushButton(tr("&Pick\u2026"), tester);
    m_pick->setObjectName(QStringLiteral("filterPickButton"));
    m_pick->setAccessibleName(tr("Pick a file or folder to test"));
    m_pick->setEnabled(false);
    testRow->addWidget(m_testPath, 1);
    testRow->addWidget(m_testIsFolder);
    testRow->addWidget(m_pick);
    testLayout->addLayout(testRow);
    m_verdict = new QLabel(tester);
    m_verdict->setObjectName(QStringLiteral("filterVerdictLabel"));
    m_verdict->setAccessibleName(tr("Test result"));
    m_verdict->setTextFormat(Qt::RichText);
    m_verdict->setWordWrap(true);
    testLayout->addWidget(m_verdict);
    layout->addWidget(tester);

    connect(m_add, &QPushButton::clicked, this, &FilterEditor::addRule);
    connect(m_pattern, &QLineEdit::returnPressed, this, &FilterEditor::addRule);
    connect(m_remove, &QPushButton::clicked, this, &FilterEditor::removeRule);
    connect(m_up, &QPushButton::clicked, this, [this] { moveRule(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveRule(1); });
    connect(m_list, &QListWidget::currentRowChanged, this, &FilterEditor::updateButtons);
    connect(m_list, &QListWidget::itemChanged, this, [this] {
        updateVerdict();
        Q_EMIT rulesChanged();
    });
    connect(m_testPath, &QLineEdit::textChanged, this, &FilterEditor::updateVerdict);
    connect(m_testIsFolder, &QCheckBox::toggled, this, &FilterEditor::updateVerdict);
    connect(m_pick, &QPushButton::clicked, this, &FilterEditor::pickPath);
    updateButtons();
    updateVerdict();
}

void FilterEditor::setRules(const QStringList& rules)
{
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    for (const QString& rule : rules) {
        auto* item = new QListWidgetItem(rule, m_list);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
    }
    updateButtons();
    updateVerdict();
}

QStringList FilterEditor::rules() const
{
    QStringList out;
    for (int i = 0; i < m_list->count(); ++i)
        out << m_list->item(i)->text();
    return out;
}

QString FilterEditor::verdictText() const
{
    return m_verdict->text();
}

void FilterEditor::setSourceRoot(const QString& source)
{
    m_sourceRoot = source;
    m_pick->setEnabled(!source.isEmpty());
}

void FilterEditor::pickPath()
{
    QString dir = m_sourceRoot;
    while (dir.size() > 1 && dir.endsWith(QLatin1Char('/')))
        dir.chop(1);
    auto* dialog = new QFileDialog(this, tr("Pick a file or folder to test"), dir);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::AnyFile);
    connect(dialog, &QFileDialog::fileSelected, this, &FilterEditor::testPickedPath);
    dialog->open();
}

void FilterEditor::testPickedPath(const QString& absolutePath)
{
    // rsync matches paths from the transfer root: the source folder itself
    // for "src/", its parent for "src" (whose name then leads the path).
    QString root = m_sourceRoot;
    const bool contents = root.endsWith(QLatin1Char('/'));
    while (root.size() > 1 && root.endsWith(QLatin1Char('/')))
        root.chop(1);
    const QFileInfo info(absolutePath);
    QString rel = QDir(root).relativeFilePath(info.absoluteFilePath());
    if (rel.startsWith(QLatin1String("..")) || QDir::isAbsolutePath(rel)) {
        m_verdict->setText(
            tr("That is not inside the source folder %1.").arg(root.toHtmlEscaped()));
        return;
    }
    if (!contents)
        rel = QFileInfo(root).fileName() + QLatin1Char('/') + rel;
    {
        const QSignalBlocker folderBlocker(m_testIsFolder);
        const QSignalBlocker pathBlocker(m_testPath);
        m_testIsFolder->setChecked(info.isDir());
        m_testPath->setText(rel);
    }
    updateVerdict(); // once, with both fields set
}

void FilterEditor::addRule()
{
    const QString pattern = m_pattern->text().trimmed();
    if (pattern.isEmpty())
        return;
    {
        const QSignalBlocker blocker(m_list); // one rulesChanged, below
        auto* item = new QListWidgetItem(m_kind->currentData().toString() + pattern, m_list);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
    }
    m_list->setCurrentRow(m_list->count() - 1);
    m_pattern->clear();
    updateButtons();
    updateVerdict();
    Q_EMIT rulesChanged();
}

void FilterEditor::removeRule()
{
    delete m_list->takeItem(m_list->currentRow());
    updateButtons();
    updateVerdict();
    Q_EMIT rulesChanged();
}

void FilterEditor::moveRule(int delta)
{
    const int row = m_list->currentRow();
    const int target = row + delta;
    if (row < 0 || target < 0 || target >= m_list->count())
        return;
    QListWidgetItem* item = m_list->takeItem(row);
    m_list->insertItem(target, item);
    m_list->setCurrentRow(target);
    updateVerdict();
    Q_EMIT rulesChanged();
}

void FilterEditor::updateButtons()
{
    const int row = m_list->currentRow();
    m_remove->setEnabled(row >= 0);
    m_up->setEnabled(row > 0);
    m_down->setEnabled(row >= 0 && row < m_list->count() - 1);
}

void FilterEditor::updateVerdict()
{
    const QStringList list = rules();
    // Colouring items emits itemChanged, which is how user edits arrive;
    // keep the highlight from re-entering this function.
    const QSignalBlocker blocker(m_list);
    for (int i = 0; i < m_list->count(); ++i) {
        m_list->item(i)->setBackground(QBrush());
        m_list->item(i)->setToolTip(QString());
    }
    const jobs::FilterVerdict v =
        jobs::testFilterPath(list, m_testPath->text(), m_testIsFolder->isChecked());
    if (!v.valid) {
        QListWidgetItem* bad = m_list->item(v.errorRule);
        bad->setBackground(QColor(255, 220, 220));
        bad->setToolTip(v.error);
        m_verdict->setText(tr("<b>Rule %1 is not valid:</b> %2")
                               .arg(v.errorRule + 1)
                               .arg(v.error.toHtmlEscaped()));
        return;
    }
    if (m_testPath->text().trimmed().isEmpty()) {
        m_verdict->setText(tr("Type a path to see which rule decides it."));
        return;
    }
    if (v.ruleIndex >= 0)
        m_list->item(v.ruleIndex)
            ->setBackground(v.included ? QColor(215, 240, 215) : QColor(255, 225, 200));
    const QString state = v.included ? tr("<b style='color:#1a7f37'>Included</b>")
                                     : tr("<b style='color:#b3261e'>Excluded</b>");
    if (v.ruleIndex < 0) {
        m_verdict->setText(tr("%1: no rule matches, so it is copied.").arg(state));
        return;
    }
    m_verdict->setText(tr("%1 by rule %2, <tt>%3</tt>, matching <tt>%4</tt>.")
                           .arg(state)
                           .arg(v.ruleIndex + 1)
                           .arg(v.ruleText.toHtmlEscaped(), v.decidedAt.toHtmlEscaped()));
}

} // namespace qrsync::ui
