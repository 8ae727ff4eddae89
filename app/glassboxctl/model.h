// What glassboxctl knows about containers, images and stats, built from the helper's D-Bus
// properties and replies, and how operands are resolved to them. No bus access here.
#pragma once

#include "DBusTypes.h"

#include <QDBusArgument>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVariantMap>

namespace glassbox::ctl {

struct ContainerInfo
{
    QString path; // D-Bus object path
    QString id;
    QString name;
    QString image;
    QString state; // created, running, paused, stopped
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
};

// The contract's struct types (helper/api/DBusTypes.h, shared with the helper) under the
// names glassboxctl and the desktop application use.
using StatsSample = GbStats;       ///< one GetStats entry (stttttttt)
using LayerInfo = GbLayer;         ///< (ssttsuu)
using NamespaceInfo = GbNamespace; ///< (sttbu)
using ChangeInfo = GbChange;       ///< (ssbt)
using ProcessInfo = GbProcess;     ///< (uuss)
using StatsList = GbStatsList;
using LayerList = GbLayerList;
using NamespaceList = GbNamespaceList;
using ChangeList = GbChangeList;
using ProcessList = GbProcessList;
using StringMap = GbStringMap;

ContainerInfo containerFromProperties(const QString &path, const QVariantMap &properties);
ImageInfo imageFromProperties(const QString &path, const QVariantMap &properties);

QList<StatsSample> statsFromArgument(const QDBusArgument &argument);
QList<LayerInfo> layersFromArgument(const QDBusArgument &argument);
QList<NamespaceInfo> namespacesFromArgument(const QDBusArgument &argument);

/// Whether a container in this State has processes: "running", "paused" or "stopping" (the
/// grace period of a stop). Every client's test for a live container, so that a state the
/// helper adds is taught to all of them in one place.
bool isLiveState(const QString &state);
QList<ChangeInfo> changesFromArgument(const QDBusArgument &argument);
QList<ProcessInfo> processesFromArgument(const QDBusArgument &argument);
QMap<QString, QString> stringMapFromArgument(const QDBusArgument &argument);

/// podman's rules: an exact id, an exact name, then a unique id prefix. nullptr and an
/// error ("no container with name or ID ..." / "... matches several containers") if not.
const ContainerInfo *resolveContainer(const QList<ContainerInfo> &containers,
                                      const QString &operand, QString *error);
/// An exact id or "sha256:" id, a tag (":latest" implied; "docker.io/library/" and
/// "localhost/" prefixes optional), then a unique id prefix.
const ImageInfo *resolveImage(const QList<ImageInfo> &images, const QString &operand,
                              QString *error);

} // namespace glassbox::ctl
