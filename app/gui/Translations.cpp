// Translations: see Translations.h.
#include "Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace Translations {

namespace {

// Installs the catalogue `name`_<language> from `directory`, or returns false.
bool installCatalogue(QObject *owner, const QLocale &locale, const QString &name,
                      const QString &directory)
{
    auto *translator = new QTranslator(owner);
    if (translator->load(locale, name, QStringLiteral("_"), directory)) {
        QCoreApplication::installTranslator(translator);
        return true;
    }
    delete translator;
    return false;
}

} // namespace

QString qtTranslationsPath()
{
    return QLibraryInfo::path(QLibraryInfo::TranslationsPath);
}

bool install(QObject *owner, const QLocale &locale)
{
    // The sources count in English with "%n container(s)"; glassbox_en.qm holds only the
    // plural forms. It is installed first because the translator installed last is asked
    // first: a language without its own catalogue (or an entry missing from one) still
    // reads "1 container" in English rather than "1 container(s)".
    const QString own = QStringLiteral(":/i18n");
    const bool english =
        installCatalogue(owner, QLocale(QLocale::English), QStringLiteral("glassbox"), own);
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return english;

    // Qt's catalogue only with Glassbox's: a window in English with French buttons would be
    // worse than one all in English.
    if (!installCatalogue(owner, locale, QStringLiteral("glassbox"), own))
        return false;
    // Without Qt's catalogue every QDialogButtonBox, QMessageBox and context menu stays
    // English in an otherwise translated window; say what is missing instead of guessing.
    if (!installCatalogue(owner, locale, QStringLiteral("qtbase"), qtTranslationsPath()))
        qWarning("glassbox: Qt's own translation for %s (qtbase_%s.qm) is not in %s; dialog "
                 "buttons stay English. On Debian it is in the package qt6-translations-l10n.",
                 qPrintable(QLocale::languageToString(locale.language())),
                 qPrintable(locale.name().section(QLatin1Char('_'), 0, 0)),
                 qPrintable(qtTranslationsPath()));
    return true;
}

} // namespace Translations
