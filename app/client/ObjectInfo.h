// Containers and images as the helper publishes them (their D-Bus properties), and the
// contract's struct types under the names both clients use. No bus access here.
#pragma once

#include "DBusTypes.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVariantMap>

namespace glassbox::client {

struct ContainerInfo
{
    QString path; // D-Bus object path
    QString id;
    QString name;
    QString image;
    QString state; // created, running, paused, stopping, stopped
    quint32 pid = 0;
    qint32 exitCode = 0;
    bool oomKilled = false;
    quint64 created = 0; // microseconds since the epoch; 0: never
    quint64 startedAt = 0;
    quint64 finishedAt = 0;
    QStringList command;
    quint64 memoryLimit = 0;
    qint64 pidsLimit = 0;
    bool userNamespace = false;
    bool privileged = false;
    quint32 ownerUid = 0; // who created it (Owner)
    QString network;      // "none", "host" or a network's name ("" from an older helper)
    QList<GbPort> ports;  // Ports: while it runs, with the host ports chosen for 0
};

struct ImageInfo
{
    QString path;
    QString id;
    QStringList tags;
    quint64 size = 0;
    quint32 layerCount = 0;
    quint64 created = 0;
    QStringList inUseBy;
    QStringList digests; ///< name@digest references (Docker's RepoDigests)
    QString source;      ///< "registry docker.io/library/nginx", "oci-layout /path", ...
};

// The contract's struct types (api/DBusTypes.h, shared with the helper) under the names
// glassboxctl and the desktop application use.
using StatsSample = GbStats;       ///< one GetStats entry (stttttttttt)
using LayerInfo = GbLayer;         ///< (ssttsuu)
using NamespaceInfo = GbNamespace; ///< (sttbu)
using ChangeInfo = GbChange;       ///< (ssbt)
using ProcessInfo = GbProcess;     ///< (uuss)
using BindMount = GbBindMount;     ///< (ssb) host path, container path, read-only
using PublishedPort =
    GbPort; ///< (sqqs) host address ("" = all), host port, container port, protocol
using NetworkInfo = GbNetwork; ///< one ListNetworks entry (sssssbbu)
using StatsList = GbStatsList;
using LayerList = GbLayerList;
using NamespaceList = GbNamespaceList;
using ChangeList = GbChangeList;
using ProcessList = GbProcessList;
using StringMap = GbStringMap;
using PortList = GbPortList;
using NetworkList = GbNetworkList;

[[nodiscard]] ContainerInfo containerFromProperties(const QString &path,
                                                    const QVariantMap &properties);
[[nodiscard]] ImageInfo imageFromProperties(const QString &path, const QVariantMap &properties);

/// Where a port is published: "0.0.0.0:18080" (all addresses, "" in the contract, shown as
/// 0.0.0.0), "127.0.0.1:9000", an IPv6 address in brackets: "[::1]:9000".
[[nodiscard]] QString publishedAddress(const PublishedPort &port);
/// A published port as docker ps writes it, "0.0.0.0:18080->80/tcp", "[::1]:8080->80/tcp",
/// with the client's `arrow` ("->" in glassboxctl, "→" in the window); "80/tcp" while no host
/// port is chosen (0: any free one, picked at start).
[[nodiscard]] QString publishedPortText(const PublishedPort &port, QStringView arrow);
/// publishedPortText() of each, in the container's order, joined by ", "; "" for none.
[[nodiscard]] QString publishedPortsText(const QList<PublishedPort> &ports, QStringView arrow);

/// Whether a container in this State has processes: "running", "paused" or "stopping" (the
/// grace period of a stop). Every client's test for a live container, so that a state the
/// helper adds is taught to all of them in one place.
[[nodiscard]] bool isLiveState(const QString &state);

} // namespace glassbox::client
