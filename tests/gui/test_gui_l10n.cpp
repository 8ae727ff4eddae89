// The desktop application's languages and start-up: the German window shows no English
// button (Qt's own included), counted strings read "1 container" in English and German,
// and `glassbox --help`/`--version` answer without a display.
#include "CreateContainerDialog.h"
#include "Format.h"
#include "HelperClient.h"
#include "MainWindow.h"
#include "Translations.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDirIterator>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTabWidget>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

#include <memory>

namespace {

const QString kSourceDir = QStringLiteral(GLASSBOX_SOURCE_DIR);

struct TsMessage
{
    QString context;
    QString source;
    QStringList translations; // one, or the plural forms
    bool numerus = false;
    bool unfinished = false;
};

// The messages of a .ts file (obsolete ones are not kept: lupdate runs with -no-obsolete).
QList<TsMessage> readTs(const QString &path)
{
    QList<TsMessage> messages;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return messages;
    QXmlStreamReader xml(&file);
    QString context;
    TsMessage message;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isEndElement() && xml.name() == QLatin1String("message"))
            messages.append(message);
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            message = TsMessage{context, {}, {}, false, false};
            message.numerus =
                xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
        } else if (name == QLatin1String("source")) {
            message.source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            message.unfinished =
                xml.attributes().value(QLatin1String("type")) == QLatin1String("unfinished");
            if (!message.numerus)
                message.translations = {xml.readElementText()};
        } else if (name == QLatin1String("numerusform")) {
            message.translations.append(xml.readElementText());
        }
    }
    return messages;
}

// Every text a user reads on a button, an action (menu entries, toolbar buttons) or a menu
// title under `root`, with where it is; line edits' context menus are built first.
QList<QPair<QString, QString>> shownTexts(QWidget *root)
{
    for (QLineEdit *edit : root->findChildren<QLineEdit *>())
        edit->createStandardContextMenu(); // a child of the line edit, walked below
    QList<QPair<QString, QString>> texts;
    const auto add = [&texts](const QString &what, const QString &text) {
        if (!text.trimmed().isEmpty())
            texts.append({what, text});
    };
    const auto where = [](const QObject *object) {
        return QString::fromLatin1(object->metaObject()->className()) + QLatin1Char(' ') +
               object->objectName();
    };
    for (const QAbstractButton *button : root->findChildren<QAbstractButton *>())
        add(where(button), button->text());
    QList<QAction *> actions = root->findChildren<QAction *>() + root->actions();
    for (const QMenu *menu : root->findChildren<QMenu *>()) {
        add(where(menu), menu->title());
        actions += menu->actions();
    }
    QSet<QAction *> seen;
    for (QAction *action : std::as_const(actions)) {
        if (action->isSeparator() || seen.contains(action))
            continue;
        seen.insert(action);
        add(QStringLiteral("QAction %1 in %2").arg(action->objectName(), where(action->parent())),
            action->text());
    }
    return texts;
}

// The windows and dialogs whose buttons the test reads: the main window (its menus, toolbar
// and tabs), the Run dialog, and a message box with the standard buttons the app asks for.
struct Windows
{
    std::unique_ptr<HelperClient> client;
    std::unique_ptr<MainWindow> main;
    std::unique_ptr<CreateContainerDialog> run;
    std::unique_ptr<QMessageBox> box;

    Windows()
    {
        // A bus nobody listens on: the window is built as when the helper is not reachable.
        client = std::make_unique<HelperClient>(QDBusConnection::connectToBus(
            QStringLiteral("unix:path=/nonexistent/glassbox-test-bus"),
            QStringLiteral("glassbox-l10n-nobus")));
        main = std::make_unique<MainWindow>(client.get());
        run =
            std::make_unique<CreateContainerDialog>(QStringList{QStringLiteral("busybox:latest")});
        box = std::make_unique<QMessageBox>(
            QMessageBox::Question, QStringLiteral("Glassbox"), QStringLiteral("?"),
            QMessageBox::Ok | QMessageBox::Cancel | QMessageBox::Yes | QMessageBox::No |
                QMessageBox::Close);
    }

    QList<QPair<QString, QString>> texts() const
    {
        return shownTexts(main.get()) + shownTexts(run.get()) + shownTexts(box.get());
    }
};

QProcessEnvironment onlyPath()
{
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
    return environment;
}

struct Run
{
    int exitCode = -1;
    QProcess::ExitStatus status = QProcess::CrashExit;
    QString out;
    QString err;
};

Run runGlassbox(const QStringList &arguments, const QProcessEnvironment &environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(GLASSBOX_GUI_BINARY), arguments);
    Run run;
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
        run.err = QStringLiteral("did not finish within 30 s");
        return run;
    }
    run.exitCode = process.exitCode();
    run.status = process.exitStatus();
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

} // namespace

class TestGuiL10n : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    // Issue 14: `glassbox --version` and `--help` aborted without a display (the
    // QApplication was built before the options were read).
    void versionAndHelpNeedNoDisplay()
    {
        const Run version = runGlassbox({QStringLiteral("--version")}, onlyPath());
        QVERIFY2(version.status == QProcess::NormalExit && version.exitCode == 0,
                 qPrintable(QStringLiteral("exit %1: %2").arg(version.exitCode).arg(version.err)));
        QCOMPARE(version.out.trimmed(), QStringLiteral("glassbox " GLASSBOX_VERSION));

        const Run help = runGlassbox({QStringLiteral("--help")}, onlyPath());
        QVERIFY2(help.status == QProcess::NormalExit && help.exitCode == 0,
                 qPrintable(QStringLiteral("exit %1: %2").arg(help.exitCode).arg(help.err)));
        for (const QString &option :
             {QStringLiteral("--help"), QStringLiteral("--version"), QStringLiteral("--tray"),
              QStringLiteral("--show <container>"), QStringLiteral("--tab <tab>"),
              QStringLiteral("--bus-address <address>")})
            QVERIFY2(help.out.contains(option),
                     qPrintable(option + QLatin1String(" not in:\n") + help.out));
        // Descriptions wrap at the terminal's width: compare with the lines joined.
        QVERIFY2(
            help.out.simplified().contains(MainWindow::detailsTabs().join(QStringLiteral(", "))),
            qPrintable(help.out));

        // A wrong tab is refused as plainly, before any window is needed.
        const Run tab = runGlassbox({QStringLiteral("--show"), QStringLiteral("web"),
                                     QStringLiteral("--tab"), QStringLiteral("nosuchtab")},
                                    onlyPath());
        QCOMPARE(tab.status, QProcess::NormalExit);
        QCOMPARE(tab.exitCode, 1);
        QVERIFY2(tab.err.contains(QStringLiteral("Unknown tab “nosuchtab”")), qPrintable(tab.err));
    }

    // The help in the user's language, Qt's own lines ("Displays this help.") included.
    void germanHelpWithoutDisplay()
    {
        QProcessEnvironment environment = onlyPath();
        environment.insert(QStringLiteral("LANG"), QStringLiteral("de_DE.UTF-8"));
        const Run help = runGlassbox({QStringLiteral("--help")}, environment);
        QCOMPARE(help.exitCode, 0);
        QTranslator german;
        QVERIFY(german.load(QStringLiteral(":/i18n/glassbox_de.qm")));
        const QString tray = german.translate("main", "Start hidden in the tray.");
        QVERIFY(!tray.isEmpty());
        QVERIFY2(help.out.simplified().contains(tray), qPrintable(help.out));
        QVERIFY2(!help.out.contains(QStringLiteral("Displays")), qPrintable(help.out));
    }

    // Issue 14: Qt's own buttons (Cancel, Yes, the line edits' Undo/Copy/Paste) stayed
    // English in the German window: qtbase's catalogue was not installed on the machine.
    void germanUiShowsNoEnglishButton()
    {
        // Texts that German writes as English does ("&Images", "OK"), so that an equal text
        // is no offence.
        QSet<QString> sameInGerman = {QStringLiteral("OK"), QStringLiteral("&OK")};
        for (const TsMessage &m :
             readTs(kSourceDir + QStringLiteral("/translations/glassbox_de.ts")))
            if (!m.numerus && m.translations.value(0) == m.source)
                sameInGerman.insert(m.source);

        QSet<QString> english;
        {
            const Windows windows;
            for (const auto &[where, text] : windows.texts())
                english.insert(text);
        }
        QVERIFY(english.contains(QStringLiteral("Cancel"))); // the walk sees Qt's buttons

        QObject translators;
        QVERIFY(Translations::install(&translators, QLocale(QLocale::German, QLocale::Germany)));
        const Windows windows;
        QStringList offenders;
        int checked = 0;
        for (const auto &[where, text] : windows.texts()) {
            ++checked;
            if (english.contains(text) && !sameInGerman.contains(text))
                offenders.append(QStringLiteral("%1: “%2”").arg(where, text));
        }
        offenders.removeDuplicates();
        const QString qtCatalogue =
            Translations::qtTranslationsPath() + QStringLiteral("/qtbase_de.qm");
        const QString hint = QFile::exists(qtCatalogue)
                                 ? QString()
                                 : QStringLiteral("\n(no %1: install qt6-translations-l10n, "
                                                  "which .ci/install-deps.sh lists)")
                                       .arg(qtCatalogue);
        QVERIFY2(offenders.isEmpty(), qPrintable(QStringLiteral("%1 of %2 texts still English:\n  ")
                                                     .arg(offenders.size())
                                                     .arg(checked) +
                                                 offenders.join(QStringLiteral("\n  ")) + hint));
        QVERIFY(checked > 50);
    }

    // Issue 14: German said "Anhalten" (which also means stop) for Pause next to "Stoppen"
    // for Stop, and "Beendet" for a stopped container. One scheme, as KDE and Podman Desktop
    // write it: Stop = Stoppen/gestoppt, Pause = Pausieren/pausiert, Resume = Fortsetzen.
    void germanTermsAreConsistent()
    {
        const struct
        {
            QRegularExpression english;
            QString german;
        } terms[] = {
            {QRegularExpression(QStringLiteral("\\bstop(s|ped|ping)?\\b"),
                                QRegularExpression::CaseInsensitiveOption),
             QStringLiteral("stopp")},
            {QRegularExpression(QStringLiteral("\\bpaus(e|ed|ing)\\b"),
                                QRegularExpression::CaseInsensitiveOption),
             QStringLiteral("pausier")},
            {QRegularExpression(QStringLiteral("\\bres(&)?ume(d)?\\b"),
                                QRegularExpression::CaseInsensitiveOption),
             QStringLiteral("fortsetz")},
        };
        QStringList wrong;
        for (const TsMessage &m :
             readTs(kSourceDir + QStringLiteral("/translations/glassbox_de.ts"))) {
            for (const QString &translation : m.translations) {
                const QString plain = QString(translation).remove(QLatin1Char('&'));
                if (plain.contains(QLatin1String("anhalt"), Qt::CaseInsensitive) ||
                    plain.contains(QLatin1String("angehalten"), Qt::CaseInsensitive))
                    wrong.append(QStringLiteral("“anhalten”: ") + translation);
                for (const auto &term : terms)
                    if (m.source.contains(term.english) &&
                        !plain.contains(term.german, Qt::CaseInsensitive))
                        wrong.append(QStringLiteral("%1 without “%2”: %3")
                                         .arg(m.source, term.german, translation));
            }
        }
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QLatin1Char('\n'))));

        QObject translators;
        QVERIFY(Translations::install(&translators, QLocale(QLocale::German, QLocale::Germany)));
        QCOMPARE(Format::stateName(QStringLiteral("paused")), QStringLiteral("Pausiert"));
        QCOMPARE(Format::stateName(QStringLiteral("stopped")), QStringLiteral("Gestoppt"));
    }

    // Issue 14 named access-key clashes in the Run dialog; German letters differ from
    // English ones, so each page of the German dialog is checked too: the tabs, the buttons
    // and the page's own labels and check boxes each take their own Alt+letter.
    void germanRunDialogAccessKeysAreUnique()
    {
        QObject translators;
        QVERIFY(Translations::install(&translators, QLocale(QLocale::German, QLocale::Germany)));
        CreateContainerDialog dialog(QStringList{QStringLiteral("busybox:latest")});
        auto *tabs = dialog.findChild<QTabWidget *>();
        QVERIFY(tabs);
        const auto key = [](const QString &text) {
            const qsizetype at = QString(text)
                                     .replace(QLatin1String("&&"), QLatin1String("__"))
                                     .indexOf(QLatin1Char('&'));
            return at < 0 || at + 1 >= text.size() ? QChar() : text.at(at + 1).toLower();
        };
        QStringList clashes;
        for (int page = 0; page < tabs->count(); ++page) {
            tabs->setCurrentIndex(page);
            QHash<QChar, QString> taken;
            QStringList texts;
            for (int t = 0; t < tabs->count(); ++t)
                texts.append(tabs->tabText(t));
            for (const QAbstractButton *button : dialog.findChildren<QAbstractButton *>())
                if (button->isVisibleTo(&dialog))
                    texts.append(button->text());
            for (const QLabel *label : dialog.findChildren<QLabel *>())
                if (label->isVisibleTo(&dialog) && label->buddy())
                    texts.append(label->text());
            for (const QString &text : std::as_const(texts)) {
                const QChar letter = key(text);
                if (letter.isNull())
                    continue;
                if (taken.contains(letter))
                    clashes.append(
                        QStringLiteral("%1: Alt+%2 for “%3” and “%4”")
                            .arg(tabs->tabText(page), letter, taken.value(letter), text));
                taken.insert(letter, text);
            }
        }
        QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(QLatin1Char('\n'))));
    }

    // Issue 14: "1 container(s)": every counted string has plural forms in English and German.
    void countedStringsUsePluralForms()
    {
        const QList<TsMessage> german =
            readTs(kSourceDir + QStringLiteral("/translations/glassbox_de.ts"));
        QVERIFY(!german.isEmpty());
        constexpr quint64 kDayUs = 24ULL * 3600 * 1000000;
        {
            // A language Glassbox has no catalogue for is shown in English, plurals included.
            QObject french;
            QVERIFY(!Translations::install(&french, QLocale(QLocale::French, QLocale::France)));
            QCOMPARE(Format::duration(kDayUs), QStringLiteral("1 day"));
        }
        QObject translators;
        QVERIFY(Translations::install(&translators, QLocale(QLocale::English)));
        QCOMPARE(Format::duration(kDayUs), QStringLiteral("1 day"));
        QCOMPARE(Format::duration(2 * kDayUs), QStringLiteral("2 days"));

        const QRegularExpression parenthesized(QStringLiteral("\\((e?s|is/are)\\)"));
        QStringList wrong;
        int counted = 0;
        for (const TsMessage &m : german) {
            if (!m.source.contains(QLatin1String("%n")))
                continue;
            ++counted;
            if (!m.numerus) {
                wrong.append(m.context + QStringLiteral(": no plural forms: ") + m.source);
                continue;
            }
            const QByteArray context = m.context.toUtf8();
            const QByteArray source = m.source.toUtf8();
            for (int n : {1, 2}) {
                const QString text = QCoreApplication::translate(context.constData(),
                                                                 source.constData(), nullptr, n);
                if (text.contains(parenthesized))
                    wrong.append(QStringLiteral("English, %1: %2").arg(n).arg(text));
            }
            if (m.translations.size() != 2 || m.translations.contains(QString()))
                wrong.append(m.context + QStringLiteral(": German forms missing: ") + m.source);
        }
        QVERIFY(counted >= 5);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QLatin1Char('\n'))));
    }

    // A count written "(s)" without %n cannot take plural forms: lupdate has nothing to offer
    // the translator. Every literal of the application with "(s)" counts with %n.
    void noParenthesizedPluralWithoutCount()
    {
        const QRegularExpression literal(
            QStringLiteral("\"([^\"\\\\]|\\\\.)*\\((e?s)\\)([^\"\\\\]|\\\\.)*\""));
        QStringList wrong;
        QDirIterator it(kSourceDir + QStringLiteral("/app/gui"), {QStringLiteral("*.cpp")},
                        QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            int line = 0;
            while (!file.atEnd()) {
                ++line;
                const QString text = QString::fromUtf8(file.readLine());
                if (text.trimmed().startsWith(QLatin1String("//")))
                    continue;
                auto matches = literal.globalMatch(text);
                while (matches.hasNext()) {
                    const QString found = matches.next().captured();
                    if (!found.contains(QLatin1String("%n")))
                        wrong.append(
                            QStringLiteral("%1:%2: %3").arg(file.fileName()).arg(line).arg(found));
                }
            }
        }
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QLatin1Char('\n'))));
    }

    // Both catalogues are complete: no entry left for a translator to finish.
    void cataloguesHaveNoUnfinishedEntry()
    {
        QStringList unfinished;
        for (const QString &language : {QStringLiteral("de"), QStringLiteral("en")}) {
            const QString path =
                kSourceDir + QStringLiteral("/translations/glassbox_%1.ts").arg(language);
            const QList<TsMessage> messages = readTs(path);
            QVERIFY2(!messages.isEmpty(), qPrintable(path));
            for (const TsMessage &m : messages)
                if (m.unfinished)
                    unfinished.append(language + QStringLiteral(": ") + m.source);
        }
        QVERIFY2(unfinished.isEmpty(), qPrintable(unfinished.join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(TestGuiL10n)
#include "test_gui_l10n.moc"
