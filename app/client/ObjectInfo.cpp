// Containers and images from D-Bus properties; see ObjectInfo.h.
#include "ObjectInfo.h"

#include <QDBusArgument>
#include <QDBusMetaType>

namespace glassbox::client {
namespace {

// A struct list arrives from the bus as a QDBusArgument (inside a{sv} nothing says which C++
// type it is); a list built in this process is already typed. Another signature (a helper of
// another version) reads as empty rather than as garbage.
template <typename T> QList<T> listProperty(const QVariant &value)
{
    if (value.metaType() != QMetaType::fromType<QDBusArgument>())
        return value.value<QList<T>>();
    const auto argument = value.value<QDBusArgument>();
    if (argument.currentSignature() !=
        QLatin1String(QDBusMetaType::typeToSignature(QMetaType::fromType<QList<T>>())))
        return {};
    return glassbox::api::listFromArgument<T>(argument);
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
    c.network = p.value(QStringLiteral("Network")).toString();
    c.ports = listProperty<PublishedPort>(p.value(QStringLiteral("Ports")));
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
    i.digests = p.value(QStringLiteral("Digests")).toStringList();
    i.source = p.value(QStringLiteral("Source")).toString();
    return i;
}

QString publishedAddress(const PublishedPort &port)
{
    // An IPv6 address in brackets, as docker writes it: "[::1]:8080".
    QString address = port.hostIp.isEmpty() ? QStringLiteral("0.0.0.0") : port.hostIp;
    if (address.contains(QLatin1Char(':')))
        address = QStringLiteral("[%1]").arg(address);
    return address + QLatin1Char(':') + QString::number(port.hostPort);
}

QString publishedPortText(const PublishedPort &port, QStringView arrow)
{
    const QString inside = QString::number(port.containerPort) + QLatin1Char('/') + port.protocol;
    if (port.hostPort == 0)
        return inside;
    return publishedAddress(port) + arrow.toString() + inside;
}

QString publishedPortsText(const QList<PublishedPort> &ports, QStringView arrow)
{
    QStringList texts;
    for (const PublishedPort &port : ports)
        texts.append(publishedPortText(port, arrow));
    return texts.join(QLatin1String(", "));
}

bool isLiveState(const QString &state)
{
    return state == QLatin1String("running") || state == QLatin1String("paused") ||
           state == QLatin1String("stopping");
}

} // namespace glassbox::client
