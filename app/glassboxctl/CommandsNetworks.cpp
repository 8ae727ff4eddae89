// glassboxctl network (create, ls, inspect, rm) and port: the helper's networks and what a
// container publishes on the host.
#include "Commands.h"

#include "CreateOptions.h"
#include "Tables.h"

#include <QDBusArgument>
#include <QJsonDocument>

#include <algorithm>

namespace glassbox::ctl {

using client::ContainerInfo;
using client::NetworkInfo;
using client::PublishedPort;

namespace {

// Each operand is a network's name: a failure names it, as several may fail.
int failFor(const QString &name, const QString &error)
{
    return fail(QStringLiteral("%1: %2").arg(name, error));
}

} // namespace

int cmdNetworkCreate(BlockingClient &client, const Invocation &invocation)
{
    const QString name = invocation.operands.constFirst();
    QString error;
    if (!client.succeeded(client.calls().createNetwork(name, networkOptions(invocation)), &error))
        return fail(error);
    printOut(name + QLatin1Char('\n')); // as podman: the name
    return 0;
}

int cmdNetworkLs(BlockingClient &client, const Invocation &invocation)
{
    QString error;
    bool failed = false;
    const QVariantList reply = client.wait(client.calls().listNetworks(), &error, &failed);
    if (failed)
        return fail(error);
    QList<NetworkInfo> networks =
        glassbox::api::listFromArgument<NetworkInfo>(reply.value(0).value<QDBusArgument>());
    std::sort(networks.begin(), networks.end(),
              [](const NetworkInfo &a, const NetworkInfo &b) { return a.name < b.name; });
    if (invocation.json) {
        printOut(jsonText(networksJson(networks)));
    } else if (invocation.isSet(QStringLiteral("quiet"))) {
        for (const NetworkInfo &network : networks)
            printOut(network.name + QLatin1Char('\n'));
    } else {
        printOut(networksTable(networks));
    }
    return 0;
}

int cmdNetworkInspect(BlockingClient &client, const Invocation &invocation)
{
    QJsonArray result;
    int status = 0;
    for (const QString &name : invocation.operands) {
        QString error;
        bool failed = false;
        const QVariantList reply =
            client.wait(client.calls().inspectNetwork(name), &error, &failed);
        if (failed) {
            status = failFor(name, error);
            continue;
        }
        const QJsonDocument document = QJsonDocument::fromJson(reply.value(0).toString().toUtf8());
        if (!document.isObject()) {
            status = failFor(name, Glassboxctl::tr("the helper's answer is not a JSON object"));
            continue;
        }
        result.append(document.object());
    }
    printOut(jsonText(result)); // podman's form: an array, also of one network
    return status;
}

int cmdNetworkRm(BlockingClient &client, const Invocation &invocation)
{
    int status = 0;
    for (const QString &name : invocation.operands) {
        QString error;
        if (!client.succeeded(client.calls().removeNetwork(name), &error)) {
            failFor(name, error);
            status = 1;
            continue;
        }
        printOut(name + QLatin1Char('\n'));
    }
    return status;
}

int cmdPort(BlockingClient &client, const Invocation &invocation)
{
    ContainerInfo container;
    QString error;
    if (!client.findContainer(invocation.operands.constFirst(), &container, &error))
        return fail(error);
    QList<PublishedPort> ports = container.ports;
    ports.removeIf([](const PublishedPort &port) { return port.hostPort == 0; });
    if (invocation.operands.size() < 2) {
        printOut(invocation.json ? jsonText(portsJson(ports)) : portLines(ports));
        return 0;
    }
    // docker port CONTAINER PORT[/PROTOCOL]: where that one port is published.
    const QString wanted = invocation.operands.at(1);
    PublishedPort filter;
    QString why;
    if (!client::CreateOptions::parsePublish(wanted, &filter, &why) || filter.hostPort != 0 ||
        wanted.contains(QLatin1Char(':')))
        return fail(Glassboxctl::tr("invalid port `%1` (PORT[/tcp|udp])").arg(wanted));
    ports.removeIf([&filter](const PublishedPort &port) {
        return port.containerPort != filter.containerPort || port.protocol != filter.protocol;
    });
    if (ports.isEmpty())
        return fail(Glassboxctl::tr("no public port '%1/%2' published for %3")
                        .arg(QString::number(filter.containerPort), filter.protocol,
                             invocation.operands.constFirst()));
    if (invocation.json) {
        printOut(jsonText(portsJson(ports)));
        return 0;
    }
    for (const PublishedPort &port : ports)
        printOut(client::publishedAddress(port) + QLatin1Char('\n'));
    return 0;
}

} // namespace glassbox::ctl
