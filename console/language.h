#pragma once

#include <QLocale>

class QCoreApplication;

namespace gatehouse::console {

// Installs the console's catalogue for `locale` (and Qt's own, for dialog buttons) on the
// application. A locale without its own catalogue (C.UTF-8, German, ...) gets the English
// one: it is what turns "%n service(s)" into "1 service" / "13 services". Returns the
// catalogue's language ("pt_BR", "en").
QString installTranslations(QCoreApplication& app, const QLocale& locale);

} // namespace gatehouse::console
