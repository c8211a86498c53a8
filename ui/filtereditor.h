#pragma once

// Edits a profile's filter rules in order and tests paths against them.
// The verdict comes from jobs::testFilterPath (the engine's filter module);
// this widget only shows it.

#include <QStringList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace qrsync::ui {

class FilterEditor final : public QWidget
{
    Q_OBJECT

public:
    explicit FilterEditor(QWidget* parent = nullptr);

    void setRules(const QStringList& rules);
    QStringList rules() const;

    // The tester's current answer, as shown (for tests and screen readers).
    QString verdictText() const;

    // The profile's first source, as written (a trailing '/' means its
    // contents), so a picked file can be turned into the path rsync
    // matches. Empty disables picking.
    void setSourceRoot(const QString& source);
    // Tests a file or folder picked on disk (what the Pick button does).
    void testPickedPath(const QString& absolutePath);

Q_SIGNALS:
    void rulesChanged();

private:
    void addRule();
    void removeRule();
    void moveRule(int delta);
    void updateButtons();
    void updateVerdict();
    void pickPath();

    QListWidget* m_list = nullptr;
    QComboBox* m_kind = nullptr;
    QLineEdit* m_pattern = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_remove = nullptr;
    QPushButton* m_up = nullptr;
    QPushButton* m_down = nullptr;
    QLineEdit* m_testPath = nullptr;
    QCheckBox* m_testIsFolder = nullptr;
    QLabel* m_verdict = nullptr;
    QPushButton* m_pick = nullptr;
    QString m_sourceRoot;
};

} // namespace qrsync::ui
