// glassboxctl: the command-line client of glassbox-helper (see Commands.h for the verbs).
#include "BlockingClient.h"
#include "CommandLine.h"
#include "Commands.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("glassboxctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(GLASSBOX_VERSION));
    using namespace glassbox::ctl;
    registerGlassboxDBusTypes();

    const ParseResult parsed = parseArguments(QCoreApplication::arguments());
    if (!parsed.error.isEmpty())
        return fail(parsed.error);
    if (!parsed.helpText.isEmpty()) {
        printOut(parsed.helpText);
        return 0;
    }
    // login, logout and search talk to registries as the user: they need neither the bus
    // nor the helper.
    const QString verb = parsed.invocation.verb;
    QDBusConnection bus{QString()};
    if (verb != QLatin1String("login") && verb != QLatin1String("logout") &&
        verb != QLatin1String("search")) {
        QString error;
        bus = BlockingClient::open(parsed.invocation.busAddress, &error);
        if (!bus.isConnected())
            return fail(error);
    }
    BlockingClient client(bus);
    return runCommand(client, parsed.invocation);
}
