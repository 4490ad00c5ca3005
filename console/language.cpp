#include "language.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace gatehouse::console {

QString installTranslations(QCoreApplication& app, const QLocale& locale) {
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
    }
    auto* own = new QTranslator(&app);
    if (own->load(locale, QStringLiteral("gatehouse"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(own);
        return own->language();
    }
    if (own->load(QStringLiteral(":/i18n/gatehouse_en.qm"))) {
        QCoreApplication::installTranslator(own);
        return own->language();
    }
    return {};
}

} // namespace gatehouse::console
