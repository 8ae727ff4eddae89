// Loads the application's translation (compiled in as :/i18n/glassbox_<lang>.qm) and Qt's
// own for the user's locale.
#pragma once

#include <QLocale>

class QCoreApplication;

namespace Translations {
/// Installs the translators for `locale`; returns whether Glassbox's own was found.
bool install(QCoreApplication *app, const QLocale &locale);
} // namespace Translations
