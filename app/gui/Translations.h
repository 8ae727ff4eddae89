// Loads the application's translations (compiled in as :/i18n/glassbox_<lang>.qm) and Qt's
// own (qtbase_<lang>.qm from Qt's translations directory: the standard buttons, the line
// edits' context menus) for the user's locale.
#pragma once

#include <QLocale>

class QObject;

namespace Translations {
/// Installs the translators for `locale`, owned by `owner` (deleting it removes them):
/// Glassbox's English plural forms ("1 container", not "1 container(s)") always, then
/// Glassbox's and Qt's catalogues for the locale's language when there are any. Returns
/// whether Glassbox's own catalogue for the locale was found (English counts as found).
bool install(QObject *owner, const QLocale &locale);

/// Where Qt's own catalogues are looked for (QLibraryInfo's TranslationsPath; on Debian
/// /usr/share/qt6/translations, from the qt6-translations-l10n package).
QString qtTranslationsPath();
} // namespace Translations
