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

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("glassbox"));
    QApplication::setApplicationDisplayName(QStringLiteral("Glassbox"));
    QApplication::setApplicationVersion(QStringLiteral(GLASSBOX_VERSION));
    QApplication::setOrganizationDomain(QStringLiteral("glassbox.org"));
    QApplication::setDesktopFileName(QStringLiteral("org.glassbox.Glassbox"));
    QApplication::setWindowIcon(Icons::app());
    Translations::install(&app, QLocale());

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Runs and shows containers through glassbox-helper."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption tray(QStringLiteral("tray"),
                                  QApplication::translate("main", "Start hidden in the tray."));
    const QCommandLineOption bus(
        QStringLiteral("bus-address"),
        QApplication::translate("main", "Talk to the helper on this bus instead of the "
                                        "system bus."),
        QStringLiteral("address"));
    const QCommandLineOption show(
        QStringLiteral("show"),
        QApplication::translate("main", "Select this container (name or id) and show its "
                                        "details."),
        QStringLiteral("container"));
    const QStringList tabs = MainWindow::detailsTabs();
    const QCommandLineOption tab(
        QStringLiteral("tab"),
        QApplication::translate("main", "With --show, the details tab to open: %1.")
            .arg(tabs.join(QStringLiteral(", "))),
        QStringLiteral("tab"), tabs.value(0));
    parser.addOption(tray);
    parser.addOption(show);
    if (!tabs.isEmpty())
        parser.addOption(tab);
    parser.addOption(bus);
    parser.process(app);
    if (!tabs.isEmpty() && !tabs.contains(parser.value(tab))) {
        std::fprintf(stderr, "%s\n",
                     qPrintable(QApplication::translate("main", "Unknown tab “%1”; one of: %2.")
                                    .arg(parser.value(tab), tabs.join(QStringLiteral(", ")))));
        return 1;
    }

    QString error;
    QDBusConnection connection = HelperClient::openBus(parser.value(bus), &error);
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
    if (parser.isSet(show))
        window.showContainer(parser.value(show), tabs.isEmpty() ? QString() : parser.value(tab));
    if (!parser.isSet(tray) || !trayIcon)
        window.show();
    return app.exec();
}
