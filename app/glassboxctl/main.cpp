// glassboxctl: the command-line client of glassbox-helper (see commands.h for the verbs).
#include "cli.h"
#include "client.h"
#include "commands.h"

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
    QString error;
    QDBusConnection bus = Client::open(parsed.invocation.busAddress, &error);
    if (!bus.isConnected())
        return fail(error);
    Client client(bus);
    return runCommand(client, parsed.invocation);
}
