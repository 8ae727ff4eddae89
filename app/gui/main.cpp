// glassbox: the desktop application. Options: --tray (start hidden in the tray),
// --show CONTAINER and --tab TAB (open a container's details), --bus-address ADDRESS (a bus
// other than the system bus, for tests and benchmarks). QT_LOGGING_RULES=
// "glassbox.startup.info=true" logs when the list is first shown (StartupLog.h).
#include "HelperClient.h"
#include "Icons.h"
#include "MainWindow.h"
#include "Translations.h"
#include "TrayIcon.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QSystemTrayIcon>

#include <cstdio>

namespace {

struct CommandLine
{
    QCommandLineParser parser;
    QStringList tabs = MainWindow::detailsTabs();
    QCommandLineOption help = parser.addHelpOption();
    QCommandLineOption version = parser.addVersionOption();
    QCommandLineOption tray{QStringLiteral("tray"),
                            QCoreApplication::translate("main", "Start hidden in the tray.")};
    QCommandLineOption bus{QStringLiteral("bus-address"),
                           QCoreApplication::translate("main", "Talk to the helper on this bus "
                                                               "instead of the system bus."),
                           QStringLiteral("address")};
    QCommandLineOption show{QStringLiteral("show"),
                            QCoreApplication::translate("main", "Select this container (name "
                                                                "or id) and show its details."),
                            QStringLiteral("container")};
    QCommandLineOption tab{QStringLiteral("tab"),
                           QCoreApplication::translate("main",
                                                       "With --show, the details tab to open: "
                                                       "%1.")
                               .arg(tabs.join(QStringLiteral(", "))),
                           QStringLiteral("tab"), tabs.value(0)};

    // Built after the translators are installed, so --help speaks the user's language.
    CommandLine()
    {
        parser.setApplicationDescription(QCoreApplication::translate(
            "main", "Runs and shows containers through glassbox-helper."));
        parser.addOption(tray);
        parser.addOption(show);
        if (!tabs.isEmpty())
            parser.addOption(tab);
        parser.addOption(bus);
    }

    // After a successful parse: false (with the message printed) for an unknown tab.
    bool checkTab() const
    {
        if (tabs.isEmpty() || tabs.contains(parser.value(tab)))
            return true;
        std::fprintf(stderr, "%s\n",
                     qPrintable(QCoreApplication::translate("main", "Unknown tab “%1”; one of: %2.")
                                    .arg(parser.value(tab), tabs.join(QStringLiteral(", ")))));
        return false;
    }
};

void setIdentity()
{
    QCoreApplication::setApplicationName(QStringLiteral("glassbox"));
    QCoreApplication::setApplicationVersion(QStringLiteral(GLASSBOX_VERSION));
    QCoreApplication::setOrganizationDomain(QStringLiteral("glassbox.org"));
}

} // namespace

int main(int argc, char *argv[])
{
    setIdentity();
    // --help, --version and a wrong --tab are answered by a QCoreApplication, before the
    // QApplication exists: that one needs a display and aborts without one, and none of them
    // needs a window. Options only the QApplication knows (-platform, -style...) make this
    // first parse fail; then the second one below, which the QApplication has stripped of
    // them, decides.
    {
        QCoreApplication core(argc, argv);
        Translations::install(&core, QLocale());
        CommandLine early;
        const bool parsed = early.parser.parse(QCoreApplication::arguments());
        if (early.parser.isSet(early.version))
            early.parser.showVersion();
        if (parsed && early.parser.isSet(QStringLiteral("help-all")))
            early.parser.process(core);
        if (early.parser.isSet(early.help))
            early.parser.showHelp();
        if (parsed && !early.checkTab())
            return 1;
    }

    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(QStringLiteral("Glassbox"));
    QApplication::setDesktopFileName(QStringLiteral("org.glassbox.Glassbox"));
    QApplication::setWindowIcon(Icons::app());
    Translations::install(&app, QLocale());

    CommandLine commandLine;
    const QCommandLineParser &parser = commandLine.parser;
    commandLine.parser.process(app);
    if (!commandLine.checkTab())
        return 1;

    QString error;
    QDBusConnection connection = HelperClient::openBus(parser.value(commandLine.bus), &error);
    if (!connection.isConnected()) {
        QMessageBox::critical(nullptr, QApplication::translate("main", "Glassbox"), error);
        return 1;
    }
    HelperClient client(connection);
    MainWindow window(&client);

    std::unique_ptr<TrayIcon> trayIcon;
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        trayIcon = std::make_unique<TrayIcon>(&client, &window);
        trayIcon->show();
        window.setHideOnClose(true);
        QApplication::setQuitOnLastWindowClosed(false);
    }
    const bool hasTabs = !commandLine.tabs.isEmpty();
    if (parser.isSet(commandLine.show))
        window.showContainer(parser.value(commandLine.show),
                             hasTabs ? parser.value(commandLine.tab) : QString());
    if (!parser.isSet(commandLine.tray) || !trayIcon)
        window.show();
    return app.exec();
}
