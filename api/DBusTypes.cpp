// QDBusArgument marshalling of the contract's struct types.
#include "DBusTypes.h"

#include <QDBusMetaType>

QDBusArgument &operator<<(QDBusArgument &argument, const GbStats &value)
{
    argument.beginStructure();
    argument << value.id << value.cpuNs << value.memoryBytes << value.memoryLimit << value.pids
             << value.pidsLimit << value.oomKills << value.timeNs << value.inactiveFileBytes
             << value.rxBytes << value.txBytes;
    argument.endStructure();
    return argument;
}

const QDBusArgument &operator>>(const QDBusArgument &argument, GbStats &value)
{
    argument.beginStructure();
    argument >> value.id >> value.cpuNs >> value.memoryBytes >> value.memoryLimit >> value.pids >>
        value.pidsLimit >> value.oomKills >> value.timeNs >> value.inactiveFileBytes >>
        value.rxBytes >> value.txBytes;
    argument.endStructure();
    return argument;
}

QDBusArgument &operator<<(QDBusArgument &argument, const GbNamespace &value)
{
    argument.beginStructure();
    argument << value.type << value.inode << value.hostInode << value.shared << value.processes;
    argument.endStructure();
    return argument;
}

const QDBusArgument &operator>>(const QDBusArgument &argument, GbNamespace &value)
{
    argument.beginStructure();
    argument >> value.type >> value.inode >> value.hostInode >> value.shared >> value.processes;
    argument.endStructure();
    return argument;
}

QDBusArgument &operator<<(QDBusArgument &argument, const GbLayer &value)
{
    argument.beginStructure();
    argument << value.digest << value.diffId << value.size << value.files << value.createdBy
             << value.whiteouts << value.opaques;
    argument.endStructure();
    return argument;
}

const QDBusArgument &operator>>(const QDBusArgument &argument, GbLayer &value)
{
    argument.beginStructure();
    argument >> value.digest >> value.diffId >> value.size >> value.files >> value.createdBy >>
        value.whiteouts >> value.opaques;
    argument.endStructure();
    return argument;
}

QDBusArgument &operator<<(QDBusArgument &argument, const GbChange &value)
{
    argument.beginStructure();
    argument << value.kind << value.path << value.copiedUp << value.size;
    argument.endStructure();
    return argument;
}

const QDBusArgument &operator>>(const QDBusArgument &argument, GbChange &value)
{
    argument.beginStructure();
    argument >> value.kind >> value.path >> value.copiedUp >> value.size;
    argument.endStructure();
    return argument;
}

QDBusArgument &operator<<(QDBusArgument &argument, const GbProcess &value)
{
    argument.beginStructure();
    argument << value.pid << value.nsPid << value.user << value.command;
    argument.endStructure();
    return argument;
}

const QDBusArgument &operator>>(const QDBusArgument &argument, GbProcess &value)
{
    argument.beginStructure();
    argument >> value.pid >> value.nsPid >> value.user >> value.command;
    argument.endStructure();
    return argument;
}

QDBusArgument &operator<<(QDBusArgument &argument, const GbBindMount &value)
{
    argument.beginStructure();
    argument << value.source << value.destination << value.readOnly;
    argument.endStructure();
    return argument;
}

const QDBusArgument &operator>>(const QDBusArgument &argument, GbBindMount &value)
{
    argument.beginStructure();
    argument >> value.source >> value.destination >> value.readOnly;
    argument.endStructure();
    return argument;
}

QDBusArgument &operator<<(QDBusArgument &argument, const GbPort &value)
{
    argument.beginStructure();
    argument << value.hostIp << value.hostPort << value.containerPort << value.protocol;
    argument.endStructure();
    return argument;
}

const QDBusArgument &operator>>(const QDBusArgument &argument, GbPort &value)
{
    argument.beginStructure();
    argument >> value.hostIp >> value.hostPort >> value.containerPort >> value.protocol;
    argument.endStructure();
    return argument;
}

QDBusArgument &operator<<(QDBusArgument &argument, const GbNetwork &value)
{
    argument.beginStructure();
    argument << value.name << value.id << value.bridge << value.subnet << value.gateway
             << value.internal << value.dns << value.containers;
    argument.endStructure();
    return argument;
}

const QDBusArgument &operator>>(const QDBusArgument &argument, GbNetwork &value)
{
    argument.beginStructure();
    argument >> value.name >> value.id >> value.bridge >> value.subnet >> value.gateway >>
        value.internal >> value.dns >> value.containers;
    argument.endStructure();
    return argument;
}

QDBusArgument &operator<<(QDBusArgument &argument, const GbJobLayer &value)
{
    argument.beginStructure();
    argument << value.digest << value.state << value.done << value.size;
    argument.endStructure();
    return argument;
}

const QDBusArgument &operator>>(const QDBusArgument &argument, GbJobLayer &value)
{
    argument.beginStructure();
    argument >> value.digest >> value.state >> value.done >> value.size;
    argument.endStructure();
    return argument;
}

void registerGlassboxDBusTypes()
{
    // QtDBus finds the types of a slot's output parameters by name, and moc keeps the
    // aliases as written: "GbStringMap &" must name a registered type.
    qRegisterMetaType<GbStatsList>("GbStatsList");
    qRegisterMetaType<GbNamespaceList>("GbNamespaceList");
    qRegisterMetaType<GbLayerList>("GbLayerList");
    qRegisterMetaType<GbChangeList>("GbChangeList");
    qRegisterMetaType<GbProcessList>("GbProcessList");
    qRegisterMetaType<GbStringMap>("GbStringMap");
    qRegisterMetaType<GbCounterMap>("GbCounterMap");
    qRegisterMetaType<GbBindMountList>("GbBindMountList");
    qRegisterMetaType<GbPortList>("GbPortList");
    qRegisterMetaType<GbNetworkList>("GbNetworkList");
    qRegisterMetaType<GbJobLayerList>("GbJobLayerList");
    qDBusRegisterMetaType<GbStats>();
    qDBusRegisterMetaType<GbStatsList>();
    qDBusRegisterMetaType<GbNamespace>();
    qDBusRegisterMetaType<GbNamespaceList>();
    qDBusRegisterMetaType<GbLayer>();
    qDBusRegisterMetaType<GbLayerList>();
    qDBusRegisterMetaType<GbChange>();
    qDBusRegisterMetaType<GbChangeList>();
    qDBusRegisterMetaType<GbProcess>();
    qDBusRegisterMetaType<GbProcessList>();
    qDBusRegisterMetaType<GbStringMap>();
    qDBusRegisterMetaType<GbCounterMap>();
    qDBusRegisterMetaType<GbBindMount>();
    qDBusRegisterMetaType<GbBindMountList>();
    qDBusRegisterMetaType<GbPort>();
    qDBusRegisterMetaType<GbPortList>();
    qDBusRegisterMetaType<GbNetwork>();
    qDBusRegisterMetaType<GbNetworkList>();
    qDBusRegisterMetaType<GbJobLayer>();
    qDBusRegisterMetaType<GbJobLayerList>();
    qDBusRegisterMetaType<GbInterfaceProperties>();
    qDBusRegisterMetaType<GbManagedObjects>();
}

namespace glassbox::api {

GbManagedObjects managedObjects(const QDBusMessage &reply)
{
    return managedObjects(reply.arguments().value(0));
}

GbManagedObjects managedObjects(const QVariant &argument)
{
    return qdbus_cast<GbManagedObjects>(argument);
}

} // namespace glassbox::api
