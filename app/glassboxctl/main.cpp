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
    QString error;
    QDBusConnection bus = BlockingClient::open(parsed.invocation.busAddress, &error);
    if (!bus.isConnected())
        return fail(error);
    BlockingClient client(bus);
    return runCommand(client, parsed.invocation);
}
