// glassboxctl inspect, stats, top, ns, layers and diff: what a container really is.
#include "commands.h"

#include "format.h"

#include <QDBusArgument>
#include <QJsonDocument>
#include <QThread>

namespace glassbox::ctl {
namespace {

// Calls a no-argument method of a container named by the first operand.
bool callOnContainer(Client &client, const Invocation &invocation, const QString &method,
                     QVariantList *reply, QString *error)
{
    ContainerInfo container;
    if (!client.findContainer(invocation.operands.constFirst(), &container, error))
        return false;
    bool failed = false;
    *reply = client.call(container.path, Client::containerInterface(), method, {}, error, &failed);
    return !failed;
}

QDBusArgument argumentAt(const QVariantList &reply, int index)
{
    return reply.value(index).value<QDBusArgument>();
}

} // namespace

int cmdInspect(Client &client, const Invocation &invocation)
{
    QList<ContainerInfo> containers;
    QList<ImageInfo> images;
    QString error;
    if (!client.list(&containers, &images, &error))
        return fail(error);
    QJsonArray result;
    int status = 0;
    for (const QString &operand : invocation.operands) {
        QString path;
        QString interface;
        QString ignored;
        if (const ContainerInfo *c = resolveContainer(containers, operand, &ignored)) {
            path = c->path;
            interface = Client::containerInterface();
        } else if (const ImageInfo *i = resolveImage(images, operand, &ignored)) {
            path = i->path;
            interface = Client::imageInterface();
        } else {
            status = fail(Glassboxctl::tr("no such object: \"%1\"").arg(operand));
            continue;
        }
        bool failed = false;
        const QVariantList reply =
            client.call(path, interface, QStringLiteral("Inspect"), {}, &error, &failed);
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

int cmdStats(Client &client, const Invocation &invocation)
{
    QList<ContainerInfo> containers;
    QString error;
    if (!client.list(&containers, nullptr, &error))
        return fail(error);
    QStringList ids;
    if (invocation.operands.isEmpty()) {
        for (const ContainerInfo &c : std::as_const(containers)) {
            if (isLiveState(c.state))
                ids.append(c.id);
        }
    } else {
        for (const QString &operand : invocation.operands) {
            const ContainerInfo *c = resolveContainer(containers, operand, &error);
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
        const QVariantList reply = client.call(Client::kManagerPath, Client::managerInterface(),
                                               QStringLiteral("GetStats"), {ids}, &error, &failed);
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

int cmdTop(Client &client, const Invocation &invocation)
{
    QVariantList reply;
    QString error;
    if (!callOnContainer(client, invocation, QStringLiteral("GetProcesses"), &reply, &error))
        return fail(error);
    const QList<ProcessInfo> processes =
        glassbox::api::listFromArgument<ProcessInfo>(argumentAt(reply, 0));
    printOut(invocation.json ? jsonText(processesJson(processes)) : processesTable(processes));
    return 0;
}

int cmdNamespaces(Client &client, const Invocation &invocation)
{
    QVariantList reply;
    QString error;
    if (!callOnContainer(client, invocation, QStringLiteral("GetNamespaces"), &reply, &error))
        return fail(error);
    const QList<NamespaceInfo> namespaces =
        glassbox::api::listFromArgument<NamespaceInfo>(argumentAt(reply, 0));
    printOut(invocation.json ? jsonText(namespacesJson(namespaces)) : namespacesTable(namespaces));
    return 0;
}

int cmdLayers(Client &client, const Invocation &invocation)
{
    QList<ContainerInfo> containers;
    QList<ImageInfo> images;
    QString error;
    if (!client.list(&containers, &images, &error))
        return fail(error);
    const QString operand = invocation.operands.constFirst();
    QString path;
    QString interface;
    QString ignored;
    if (const ContainerInfo *c = resolveContainer(containers, operand, &ignored)) {
        path = c->path;
        interface = Client::containerInterface();
    } else if (const ImageInfo *i = resolveImage(images, operand, &ignored)) {
        path = i->path;
        interface = Client::imageInterface();
    } else {
        return fail(Glassboxctl::tr("no container or image \"%1\"").arg(operand));
    }
    bool failed = false;
    const QVariantList reply =
        client.call(path, interface, QStringLiteral("GetLayers"), {}, &error, &failed);
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

int cmdDiff(Client &client, const Invocation &invocation)
{
    QVariantList reply;
    QString error;
    if (!callOnContainer(client, invocation, QStringLiteral("GetDiff"), &reply, &error))
        return fail(error);
    const QList<ChangeInfo> changes =
        glassbox::api::listFromArgument<ChangeInfo>(argumentAt(reply, 0));
    printOut(invocation.json ? jsonText(changesJson(changes)) : diffText(changes));
    return 0;
}

} // namespace glassbox::ctl
