// glassboxctl inspect, stats, top, ns, layers and diff: what a container really is.
#include "Commands.h"

#include "DBusTypes.h"
#include "Operands.h"
#include "SecurityText.h"
#include "Tables.h"

#include <QDBusArgument>
#include <QJsonDocument>
#include <QThread>

namespace glassbox::ctl {

using client::Calls;
using client::ChangeInfo;
using client::ContainerInfo;
using client::ImageInfo;
using client::LayerInfo;
using client::NamespaceInfo;
using client::ProcessInfo;
using client::StatsSample;
using client::StringMap;

namespace {

// Calls a no-argument method of the container named by the first operand.
bool callOnContainer(BlockingClient &client, const Invocation &invocation,
                     QDBusPendingCall (Calls::*method)(const QString &id) const,
                     QVariantList *reply, QString *error)
{
    ContainerInfo container;
    if (!client.findContainer(invocation.operands.constFirst(), &container, error))
        return false;
    bool failed = false;
    *reply = client.wait((client.calls().*method)(container.id), error, &failed);
    return !failed;
}

// inspect --security: what the container may do to its host (Container1.GetSecurityReport), the
// helper's JSON with --json, otherwise the sentences the desktop application shows.
int inspectSecurity(BlockingClient &client, const Invocation &invocation)
{
    if (invocation.operands.size() != 1)
        return fail(Glassboxctl::tr("--security takes one container"));
    QVariantList reply;
    QString error;
    if (!callOnContainer(client, invocation, &Calls::getSecurityReport, &reply, &error))
        return fail(error);
    const QJsonObject report = QJsonDocument::fromJson(reply.value(0).toString().toUtf8()).object();
    printOut(invocation.json ? jsonText(report) : client::SecurityText::text(report));
    return 0;
}

// inspect --network: the running container on its network (Container1.GetNetwork), indented.
int inspectNetwork(BlockingClient &client, const Invocation &invocation)
{
    if (invocation.operands.size() != 1)
        return fail(Glassboxctl::tr("--network takes one container"));
    QVariantList reply;
    QString error;
    if (!callOnContainer(client, invocation, &Calls::getNetwork, &reply, &error))
        return fail(error);
    printOut(jsonText(QJsonDocument::fromJson(reply.value(0).toString().toUtf8()).object()));
    return 0;
}

QDBusArgument argumentAt(const QVariantList &reply, int index)
{
    return reply.value(index).value<QDBusArgument>();
}

} // namespace

int cmdInspect(BlockingClient &client, const Invocation &invocation)
{
    const bool security = invocation.isSet(QStringLiteral("security"));
    const bool network = invocation.isSet(QStringLiteral("network"));
    if (security && network)
        return fail(Glassboxctl::tr("--security and --network exclude each other"));
    if (security)
        return inspectSecurity(client, invocation);
    if (network)
        return inspectNetwork(client, invocation);
    QString error;
    if (!client.list(&error))
        return fail(error);
    const QList<ContainerInfo> containers = client.objects().containers();
    const QList<ImageInfo> images = client.objects().images();
    QJsonArray result;
    int status = 0;
    for (const QString &operand : invocation.operands) {
        QString ignored;
        const ContainerInfo *c = client::resolveContainer(containers, operand, &ignored);
        const ImageInfo *i = c ? nullptr : client::resolveImage(images, operand, &ignored);
        if (!c && !i) {
            status = fail(Glassboxctl::tr("no such object: \"%1\"").arg(operand));
            continue;
        }
        bool failed = false;
        const QVariantList reply = client.wait(c ? client.calls().inspectContainer(c->id)
                                                 : client.calls().inspectImage(i->id),
                                               &error, &failed);
        if (failed) {
            status = fail(error);
            continue;
        }
        const QJsonDocument document = QJsonDocument::fromJson(reply.value(0).toString().toUtf8());
        if (document.isArray()) {
            for (const QJsonValue &value : document.array())
                result.append(value);
        } else {
            result.append(document.object());
        }
    }
    printOut(jsonText(result));
    return status;
}

int cmdStats(BlockingClient &client, const Invocation &invocation)
{
    QString error;
    if (!client.list(&error))
        return fail(error);
    const QList<ContainerInfo> containers = client.objects().containers();
    QStringList ids;
    if (invocation.operands.isEmpty()) {
        for (const ContainerInfo &c : containers) {
            if (client::isLiveState(c.state))
                ids.append(c.id);
        }
    } else {
        for (const QString &operand : invocation.operands) {
            const ContainerInfo *c = client::resolveContainer(containers, operand, &error);
            if (!c)
                return fail(error);
            ids.append(c->id);
        }
    }
    // Counters are cumulative: CPU% needs two samples. The helper caches a sample briefly,
    // so the second is taken a full second later.
    QList<StatsSample> samples[2];
    for (int i = 0; i < 2 && !ids.isEmpty(); ++i) {
        if (i == 1)
            QThread::msleep(1000);
        bool failed = false;
        const QVariantList reply = client.wait(client.calls().getStats(ids), &error, &failed);
        if (failed)
            return fail(error);
        samples[i] = glassbox::api::listFromArgument<StatsSample>(argumentAt(reply, 0));
    }
    if (invocation.json)
        printOut(jsonText(statsJson(samples[0], samples[1], containers)));
    else
        printOut(statsTable(samples[0], samples[1], containers));
    return 0;
}

int cmdTop(BlockingClient &client, const Invocation &invocation)
{
    QVariantList reply;
    QString error;
    if (!callOnContainer(client, invocation, &Calls::getProcesses, &reply, &error))
        return fail(error);
    const QList<ProcessInfo> processes =
        glassbox::api::listFromArgument<ProcessInfo>(argumentAt(reply, 0));
    printOut(invocation.json ? jsonText(processesJson(processes)) : processesTable(processes));
    return 0;
}

int cmdNamespaces(BlockingClient &client, const Invocation &invocation)
{
    QVariantList reply;
    QString error;
    if (!callOnContainer(client, invocation, &Calls::getNamespaces, &reply, &error))
        return fail(error);
    const QList<NamespaceInfo> namespaces =
        glassbox::api::listFromArgument<NamespaceInfo>(argumentAt(reply, 0));
    printOut(invocation.json ? jsonText(namespacesJson(namespaces)) : namespacesTable(namespaces));
    return 0;
}

int cmdLayers(BlockingClient &client, const Invocation &invocation)
{
    QString error;
    if (!client.list(&error))
        return fail(error);
    const QList<ContainerInfo> containers = client.objects().containers();
    const QList<ImageInfo> images = client.objects().images();
    const QString operand = invocation.operands.constFirst();
    QString ignored;
    const ContainerInfo *c = client::resolveContainer(containers, operand, &ignored);
    const ImageInfo *i = c ? nullptr : client::resolveImage(images, operand, &ignored);
    if (!c && !i)
        return fail(Glassboxctl::tr("no container or image \"%1\"").arg(operand));
    bool failed = false;
    const QVariantList reply = client.wait(c ? client.calls().getContainerLayers(c->id)
                                             : client.calls().getImageLayers(i->id),
                                           &error, &failed);
    if (failed)
        return fail(error);
    const QList<LayerInfo> layers =
        glassbox::api::listFromArgument<LayerInfo>(argumentAt(reply, 0));
    // A container's reply also names its overlay directories (a{ss}).
    StringMap paths;
    if (reply.size() > 1)
        argumentAt(reply, 1) >> paths;
    if (invocation.json) {
        QJsonObject pathsJson;
        for (auto it = paths.cbegin(); it != paths.cend(); ++it)
            pathsJson.insert(it.key(), it.value());
        printOut(jsonText(QJsonObject{{QStringLiteral("layers"), layersJson(layers)},
                                      {QStringLiteral("paths"), pathsJson}}));
        return 0;
    }
    QString text = layersTable(layers);
    for (auto it = paths.cbegin(); it != paths.cend(); ++it)
        text += QStringLiteral("%1: %2\n").arg(it.key(), it.value());
    printOut(text);
    return 0;
}

int cmdDiff(BlockingClient &client, const Invocation &invocation)
{
    QVariantList reply;
    QString error;
    if (!callOnContainer(client, invocation, &Calls::getDiff, &reply, &error))
        return fail(error);
    const QList<ChangeInfo> changes =
        glassbox::api::listFromArgument<ChangeInfo>(argumentAt(reply, 0));
    printOut(invocation.json ? jsonText(changesJson(changes)) : diffText(changes));
    return 0;
}

} // namespace glassbox::ctl
