// glassbox: the desktop application. Options: --tray (start hidden in the tray),
// --bus-address ADDRESS (a bus other than the system bus, for tests).
#include "HelperClient.h"
#include "Icons.h"
#include "MainWindow.h"
#include "Translations.h"
#include "TrayIcon.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QSystemTrayIcon>

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
    parser.addOption(tray);
    parser.addOption(bus);
    parser.process(app);

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
    if (!parser.isSet(tray) || !trayIcon)
        window.show();
    return app.exec();
}
