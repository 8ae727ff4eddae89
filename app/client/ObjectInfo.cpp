// Containers and images from D-Bus properties; see ObjectInfo.h.
#include "ObjectInfo.h"

namespace glassbox::client {

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

bool isLiveState(const QString &state)
{
    return state == QLatin1String("running") || state == QLatin1String("paused") ||
           state == QLatin1String("stopping");
}

} // namespace glassbox::client
