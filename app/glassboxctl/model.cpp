// Containers, images and stats from D-Bus properties and replies; see model.h.
#include "model.h"

#include "cli.h"

namespace glassbox::ctl {
namespace {

template <typename T> QList<T> readList(const QDBusArgument &argument)
{
    QList<T> items;
    argument >> items;
    return items;
}

QString withoutDigestPrefix(const QString &id)
{
    return id.startsWith(QLatin1String("sha256:")) ? id.mid(7) : id;
}

// "busybox" -> "busybox:latest"; a tag or digest already given is kept.
QString withDefaultTag(const QString &reference)
{
    const qsizetype slash = reference.lastIndexOf(QLatin1Char('/'));
    if (reference.indexOf(QLatin1Char(':'), slash + 1) >= 0 || reference.contains(QLatin1Char('@')))
        return reference;
    return reference + QLatin1String(":latest");
}

bool tagMatches(const QString &tag, const QString &operand)
{
    const QString wanted = withDefaultTag(operand);
    if (tag == operand || tag == wanted)
        return true;
    for (const char *prefix : {"docker.io/library/", "docker.io/", "localhost/"}) {
        if (tag == QLatin1String(prefix) + wanted)
            return true;
    }
    return false;
}

} // namespace

ContainerInfo containerFromProperties(const QString &path, const QVariantMap &p)
{
    ContainerInfo c;
    c.path = path;
    c.id = p.value(QStringLiteral("Id")).toString();
    c.name = p.value(QStringLiteral("Name")).toString();
    c.image = p.value(QStringLiteral("Image")).toString();
    c.state = p.value(QStringLiteral("State")).toString();
    c.pid = p.value(QStringLiteral("Pid")).toUInt();
    c.exitCode = p.value(QStringLiteral("ExitCode")).toInt();
    c.oomKilled = p.value(QStringLiteral("OOMKilled")).toBool();
    c.created = p.value(QStringLiteral("Created")).toULongLong();
    c.startedAt = p.value(QStringLiteral("StartedAt")).toULongLong();
    c.finishedAt = p.value(QStringLiteral("FinishedAt")).toULongLong();
    c.command = p.value(QStringLiteral("Command")).toStringList();
    c.memoryLimit = p.value(QStringLiteral("MemoryLimit")).toULongLong();
    c.pidsLimit = p.value(QStringLiteral("PidsLimit")).toLongLong();
    c.userNamespace = p.value(QStringLiteral("UserNamespace")).toBool();
    c.privileged = p.value(QStringLiteral("Privileged")).toBool();
    c.ownerUid = p.value(QStringLiteral("Owner")).toUInt();
    return c;
}

ImageInfo imageFromProperties(const QString &path, const QVariantMap &p)
{
    ImageInfo i;
    i.path = path;
    i.id = p.value(QStringLiteral("Id")).toString();
    i.tags = p.value(QStringLiteral("Tags")).toStringList();
    i.size = p.value(QStringLiteral("Size")).toULongLong();
    i.layerCount = p.value(QStringLiteral("LayerCount")).toUInt();
    i.created = p.value(QStringLiteral("Created")).toULongLong();
    i.inUseBy = p.value(QStringLiteral("InUseBy")).toStringList();
    return i;
}

QList<StatsSample> statsFromArgument(const QDBusArgument &argument)
{
    return readList<StatsSample>(argument);
}

QList<LayerInfo> layersFromArgument(const QDBusArgument &argument)
{
    return readList<LayerInfo>(argument);
}

QList<NamespaceInfo> namespacesFromArgument(const QDBusArgument &argument)
{
    return readList<NamespaceInfo>(argument);
}

QList<ChangeInfo> changesFromArgument(const QDBusArgument &argument)
{
    return readList<ChangeInfo>(argument);
}

QList<ProcessInfo> processesFromArgument(const QDBusArgument &argument)
{
    return readList<ProcessInfo>(argument);
}

QMap<QString, QString> stringMapFromArgument(const QDBusArgument &argument)
{
    QMap<QString, QString> map;
    argument >> map;
    return map;
}

const ContainerInfo *resolveContainer(const QList<ContainerInfo> &containers,
                                      const QString &operand, QString *error)
{
    for (const ContainerInfo &c : containers) {
        if (c.id == operand || c.name == operand)
            return &c;
    }
    const ContainerInfo *found = nullptr;
    if (!operand.isEmpty()) {
        for (const ContainerInfo &c : containers) {
            if (!c.id.startsWith(operand))
                continue;
            if (found) {
                *error = Glassboxctl::tr("more than one result for container ID %1").arg(operand);
                return nullptr;
            }
            found = &c;
        }
    }
    if (!found)
        *error = Glassboxctl::tr("no container with name or ID \"%1\" found: no such container")
                     .arg(operand);
    return found;
}

const ImageInfo *resolveImage(const QList<ImageInfo> &images, const QString &operand,
                              QString *error)
{
    const QString id = withoutDigestPrefix(operand);
    for (const ImageInfo &image : images) {
        if (withoutDigestPrefix(image.id) == id)
            return &image;
    }
    for (const ImageInfo &image : images) {
        for (const QString &tag : image.tags) {
            if (tagMatches(tag, operand))
                return &image;
        }
    }
    const ImageInfo *found = nullptr;
    if (!id.isEmpty() && !id.contains(QLatin1Char(':')) && !id.contains(QLatin1Char('/'))) {
        for (const ImageInfo &image : images) {
            if (!withoutDigestPrefix(image.id).startsWith(id))
                continue;
            if (found) {
                *error = Glassboxctl::tr("more than one result for image ID %1").arg(operand);
                return nullptr;
            }
            found = &image;
        }
    }
    if (!found)
        *error = Glassboxctl::tr("%1: image not known").arg(operand);
    return found;
}

bool isLiveState(const QString &state)
{
    return state == QLatin1String("running") || state == QLatin1String("paused") ||
           state == QLatin1String("stopping");
}

} // namespace glassbox::ctl
