#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace qrsync::ui {

bool installTranslations(const QLocale& locale)
{
    // Parented to the application: they must live as long as it does.
    auto* qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    auto* app = new QTranslator(QCoreApplication::instance());
    if (!app->load(locale, QStringLiteral("qrsync"), QStringLiteral("_"),
                   QStringLiteral(":/qrsync/translations")))
        return false;
    return QCoreApplication::installTranslator(app);
}

} // namespace qrsync::ui
