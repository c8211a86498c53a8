#pragma once

// Loads the app's translation for a locale (embedded .qm files, built from
// translations/*.ts) and Qt's own for the standard buttons and dialogs.

#include <QLocale>

namespace qrsync::ui {

// Installs the translators on the application; returns true when the
// app's own translation for `locale` exists (English needs none).
bool installTranslations(const QLocale& locale = QLocale());

} // namespace qrsync::ui
