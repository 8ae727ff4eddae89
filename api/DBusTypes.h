// The struct types of the D-Bus contract (api/org.glassbox.Manager1.xml) as Qt
// types with their QDBusArgument marshalling, and the ObjectManager's nested map type. The
// contract names them in QtTypeName annotations, so the helper's adaptors and the clients'
// proxies are generated from it as it is, and both sides share these definitions.
#pragma once

#include <QDBusArgument>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QVariantMap>

/// GetStats: (stttttttttt) id, cpu ns, memory, memory limit, pids, pids limit, OOM kills, time,
/// inactive file cache, network bytes received, network bytes sent.
struct GbStats
{
    QString id;
    quint64 cpuNs = 0; ///< cumulative CPU time of the cgroup
    quint64 memoryBytes = 0;
    quint64 memoryLimit = 0;
    quint64 pids = 0;
    quint64 pidsLimit = 0;
    quint64 oomKills = 0;
    quint64 timeNs = 0; ///< CLOCK_MONOTONIC when it was read
    /// Page cache the kernel reclaims first (memory.stat inactive_file), part of memoryBytes.
    quint64 inactiveFileBytes = 0;
    /// Bytes received and sent by the interfaces of the container's own network namespace
    /// (loopback left out; 0 for a container on the host's network or with none).
    quint64 rxBytes = 0;
    quint64 txBytes = 0;

    /// What `docker stats` and `podman stats` call memory usage: memoryBytes less the
    /// inactive file cache. A container that wrote 30 MB of files holds them in its cgroup's
    /// page cache; counting that as use made it look close to its limit while the kernel
    /// would drop the cache before reclaiming anything else.
    quint64 memoryInUse() const { return memoryBytes - qMin(inactiveFileBytes, memoryBytes); }
    /// The page cache memoryBytes holds beyond memoryInUse().
    quint64 memoryCache() const { return memoryBytes - memoryInUse(); }

    bool operator==(const GbStats &) const = default;
};
using GbStatsList = QList<GbStats>;

/// GetNamespaces: (sttbu) type, container inode, host inode, shared, process count.
struct GbNamespace
{
    QString type;
    quint64 inode = 0;
    quint64 hostInode = 0;
    bool shared = false;
    quint32 processes = 0;

    bool operator==(const GbNamespace &) const = default;
};
using GbNamespaceList = QList<GbNamespace>;

/// GetLayers: (ssttsuu) digest, diff id, size, file count, created_by, whiteouts, opaques.
struct GbLayer
{
    QString digest;
    QString diffId;
    quint64 size = 0;
    quint64 files = 0;
    QString createdBy;
    quint32 whiteouts = 0;
    quint32 opaques = 0;

    bool operator==(const GbLayer &) const = default;
};
using GbLayerList = QList<GbLayer>;

/// GetDiff: (ssbt) kind, path, copied up, size.
struct GbChange
{
    QString kind;
    QString path;
    bool copiedUp = false;
    /// Bytes in the upper dir; for a copied-up file the lower file's size (what overlay
    /// copied), without what the container wrote to it since.
    quint64 size = 0;

    bool operator==(const GbChange &) const = default;
};
using GbChangeList = QList<GbChange>;

/// GetProcesses: (uuss) host pid, pid in the container, user, command.
struct GbProcess
{
    quint32 pid = 0;
    quint32 nsPid = 0;
    QString user;
    QString command;

    bool operator==(const GbProcess &) const = default;
};
using GbProcessList = QList<GbProcess>;
/// GetLayers' paths: a{ss} on the wire (a QVariantMap would be a{sv}).
using GbStringMap = QMap<QString, QString>;
/// GetPressure: a{st}, counters by name.
using GbCounterMap = QMap<QString, quint64>;

/// BindMounts option: (ssb) host path, container path, read-only.
struct GbBindMount
{
    QString source;
    QString destination;
    bool readOnly = false;

    bool operator==(const GbBindMount &) const = default;
};
using GbBindMountList = QList<GbBindMount>;

/// Ports option and property: (sqqs) host address ("" = all, otherwise one IPv4 or IPv6
/// address, no brackets; "::" is refused), host port (0 = any free one, chosen at start),
/// container port, protocol ("tcp" or "udp").
struct GbPort
{
    QString hostIp;
    quint16 hostPort = 0;
    quint16 containerPort = 0;
    QString protocol;

    bool operator==(const GbPort &) const = default;
};
using GbPortList = QList<GbPort>;

/// ListNetworks: (sssssbbu) name, id, bridge, subnet, gateway, internal, DNS, containers
/// attached now.
struct GbNetwork
{
    QString name;
    QString id;
    QString bridge;
    QString subnet;
    QString gateway;
    bool internal = false;
    bool dns = false;
    quint32 containers = 0;

    bool operator==(const GbNetwork &) const = default;
};
using GbNetworkList = QList<GbNetwork>;

/// Job1.Layers: (sstt) digest, state, bytes verified, size.
struct GbJobLayer
{
    QString digest;
    QString state;
    quint64 done = 0;
    quint64 size = 0;

    bool operator==(const GbJobLayer &) const = default;
};
using GbJobLayerList = QList<GbJobLayer>;

/// org.freedesktop.DBus.ObjectManager: a{oa{sa{sv}}}.
using GbInterfaceProperties = QMap<QString, QVariantMap>;
using GbManagedObjects = QMap<QDBusObjectPath, GbInterfaceProperties>;

QDBusArgument &operator<<(QDBusArgument &argument, const GbStats &value);
const QDBusArgument &operator>>(const QDBusArgument &argument, GbStats &value);
QDBusArgument &operator<<(QDBusArgument &argument, const GbNamespace &value);
const QDBusArgument &operator>>(const QDBusArgument &argument, GbNamespace &value);
QDBusArgument &operator<<(QDBusArgument &argument, const GbLayer &value);
const QDBusArgument &operator>>(const QDBusArgument &argument, GbLayer &value);
QDBusArgument &operator<<(QDBusArgument &argument, const GbChange &value);
const QDBusArgument &operator>>(const QDBusArgument &argument, GbChange &value);
QDBusArgument &operator<<(QDBusArgument &argument, const GbProcess &value);
const QDBusArgument &operator>>(const QDBusArgument &argument, GbProcess &value);
QDBusArgument &operator<<(QDBusArgument &argument, const GbBindMount &value);
const QDBusArgument &operator>>(const QDBusArgument &argument, GbBindMount &value);
QDBusArgument &operator<<(QDBusArgument &argument, const GbPort &value);
const QDBusArgument &operator>>(const QDBusArgument &argument, GbPort &value);
QDBusArgument &operator<<(QDBusArgument &argument, const GbNetwork &value);
const QDBusArgument &operator>>(const QDBusArgument &argument, GbNetwork &value);
QDBusArgument &operator<<(QDBusArgument &argument, const GbJobLayer &value);
const QDBusArgument &operator>>(const QDBusArgument &argument, GbJobLayer &value);

/// Registers every type above with the Qt meta-type and D-Bus type systems.
void registerGlassboxDBusTypes();

namespace glassbox::api {

/// GetManagedObjects' answer (empty for an error reply).
[[nodiscard]] GbManagedObjects managedObjects(const QDBusMessage &reply);
/// The same from the reply's first argument.
[[nodiscard]] GbManagedObjects managedObjects(const QVariant &argument);

/// A list of one of the struct types above, read from an unmarshalled reply argument.
template <typename T> [[nodiscard]] QList<T> listFromArgument(const QDBusArgument &argument)
{
    QList<T> list;
    argument >> list;
    return list;
}

} // namespace glassbox::api

Q_DECLARE_METATYPE(GbStats)
Q_DECLARE_METATYPE(GbNamespace)
Q_DECLARE_METATYPE(GbLayer)
Q_DECLARE_METATYPE(GbChange)
Q_DECLARE_METATYPE(GbProcess)
Q_DECLARE_METATYPE(GbBindMount)
Q_DECLARE_METATYPE(GbPort)
Q_DECLARE_METATYPE(GbNetwork)
Q_DECLARE_METATYPE(GbJobLayer)
