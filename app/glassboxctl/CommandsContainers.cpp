// glassboxctl ps and the lifecycle verbs (start, stop, restart, kill, rm, pause, resume),
// and the verb dispatch.
#include "Commands.h"

#include "Operands.h"
#include "Quantities.h"
#include "Tables.h"

#include <QDateTime>
#include <QHash>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace glassbox::ctl {

using client::Calls;
using client::ContainerInfo;

QByteArray forOutput(int fd, const QByteArray &bytes)
{
    return ::isatty(fd) ? terminalSafe(bytes) : bytes;
}

void printOut(const QString &text)
{
    const QByteArray bytes = forOutput(STDOUT_FILENO, text.toUtf8());
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

int fail(const QString &message)
{
    // Messages quote what the helper said, which may quote a container's file names.
    const QByteArray bytes =
        forOutput(STDERR_FILENO, Glassboxctl::tr("Error: %1\n").arg(message).toUtf8());
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    return kExitError;
}

quint64 nowMicroseconds()
{
    return quint64(QDateTime::currentMSecsSinceEpoch()) * 1000;
}

int runCommand(BlockingClient &client, const Invocation &invocation)
{
    using Command = int (*)(BlockingClient &, const Invocation &);
    static const QHash<QString, Command> commands = {
        {QStringLiteral("ps"), cmdPs},
        {QStringLiteral("images"), cmdImages},
        {QStringLiteral("run"), cmdRun},
        {QStringLiteral("create"), cmdCreate},
        {QStringLiteral("start"), cmdLifecycle},
        {QStringLiteral("stop"), cmdLifecycle},
        {QStringLiteral("restart"), cmdLifecycle},
        {QStringLiteral("kill"), cmdLifecycle},
        {QStringLiteral("rm"), cmdLifecycle},
        {QStringLiteral("pause"), cmdLifecycle},
        {QStringLiteral("resume"), cmdLifecycle},
        {QStringLiteral("inspect"), cmdInspect},
        {QStringLiteral("stats"), cmdStats},
        {QStringLiteral("top"), cmdTop},
        {QStringLiteral("ns"), cmdNamespaces},
        {QStringLiteral("layers"), cmdLayers},
        {QStringLiteral("diff"), cmdDiff},
        {QStringLiteral("logs"), cmdLogs},
        {QStringLiteral("exec"), cmdExec},
        {QStringLiteral("import"), cmdImport},
        {QStringLiteral("pull"), cmdPull},
        {QStringLiteral("login"), cmdLogin},
        {QStringLiteral("logout"), cmdLogout},
        {QStringLiteral("search"), cmdSearch},
        {QStringLiteral("rmi"), cmdRmi},
        {QStringLiteral("tag"), cmdTag},
        {QStringLiteral("port"), cmdPort},
        {QStringLiteral("network create"), cmdNetworkCreate},
        {QStringLiteral("network ls"), cmdNetworkLs},
        {QStringLiteral("network inspect"), cmdNetworkInspect},
        {QStringLiteral("network rm"), cmdNetworkRm},
    };
    const Command command = commands.value(invocation.verb);
    if (!command)
        return fail(Glassboxctl::tr("unrecognized command `glassboxctl %1`").arg(invocation.verb));
    return command(client, invocation);
}

int cmdPs(BlockingClient &client, const Invocation &invocation)
{
    QString error;
    if (!client.list(&error))
        return fail(error);
    QList<ContainerInfo> containers = client.objects().containers();
    if (!invocation.isSet(QStringLiteral("all"))) {
        containers.removeIf([](const ContainerInfo &c) { return !client::isLiveState(c.state); });
    }
    std::sort(containers.begin(), containers.end(),
              [](const ContainerInfo &a, const ContainerInfo &b) { return a.created > b.created; });
    if (invocation.json) {
        QJsonArray array;
        for (const ContainerInfo &c : containers)
            array.append(containerJson(c));
        printOut(jsonText(array));
    } else if (invocation.isSet(QStringLiteral("quiet"))) {
        for (const ContainerInfo &c : containers)
            printOut(shortId(c.id) + QLatin1Char('\n'));
    } else {
        printOut(psTable(containers, nowMicroseconds()));
    }
    return 0;
}

int cmdLifecycle(BlockingClient &client, const Invocation &invocation)
{
    const QString &verb = invocation.verb;
    const Calls &calls = client.calls();
    std::function<QDBusPendingCall(const QString &id)> method;
    if (verb == QLatin1String("start")) {
        method = [&calls](const QString &id) {
            return calls.start(id);
        };
    } else if (verb == QLatin1String("pause")) {
        method = [&calls](const QString &id) {
            return calls.pause(id);
        };
    } else if (verb == QLatin1String("resume")) {
        method = [&calls](const QString &id) {
            return calls.resume(id);
        };
    } else if (verb == QLatin1String("stop") || verb == QLatin1String("restart")) {
        bool ok = false;
        const uint seconds =
            invocation.value(QStringLiteral("time"), QStringLiteral("10")).toUInt(&ok);
        if (!ok)
            return fail(Glassboxctl::tr("invalid timeout `%1`")
                            .arg(invocation.value(QStringLiteral("time"))));
        if (verb == QLatin1String("stop"))
            method = [&calls, seconds](const QString &id) {
                return calls.stop(id, seconds);
            };
        else
            method = [&calls, seconds](const QString &id) {
                return calls.restart(id, seconds);
            };
    } else if (verb == QLatin1String("kill")) {
        int signal = SIGKILL;
        const QString name = invocation.value(QStringLiteral("signal"), QStringLiteral("KILL"));
        QString why;
        if (!client::parseSignal(name, &signal, &why))
            return fail(Glassboxctl::tr("invalid signal: %1").arg(why));
        method = [&calls, signal](const QString &id) {
            return calls.kill(id, signal);
        };
    } else if (verb == QLatin1String("rm")) {
        const bool force = invocation.isSet(QStringLiteral("force"));
        method = [&calls, force](const QString &id) {
            return calls.removeContainer(id, force);
        };
    } else {
        return fail(Glassboxctl::tr("unrecognized command `glassboxctl %1`").arg(verb));
    }

    QString error;
    if (!client.list(&error))
        return fail(error);
    const QList<ContainerInfo> containers = client.objects().containers();
    int status = 0;
    for (const QString &operand : invocation.operands) {
        const ContainerInfo *container = client::resolveContainer(containers, operand, &error);
        if (!container || !client.succeeded(method(container->id), &error)) {
            status = fail(error);
            continue;
        }
        // podman echoes what it was given; rm prints the full id.
        printOut((verb == QLatin1String("rm") ? container->id : operand) + QLatin1Char('\n'));
    }
    return status;
}

} // namespace glassbox::ctl
