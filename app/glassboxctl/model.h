// What glassboxctl knows about containers, images and stats, built from the helper's D-Bus
// properties and replies, and how operands are resolved to them. No bus access here.
#pragma once

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

/// One GetStats entry (sttttttt).
struct StatsSample
{
    QString id;
    quint64 cpuNs = 0;
    quint64 memoryBytes = 0;
    quint64 memoryLimit = 0;
    quint64 pids = 0;
    quint64 pidsLimit = 0;
    quint64 oomKills = 0;
    quint64 timeNs = 0; // CLOCK_MONOTONIC
};

struct LayerInfo // (ssttsuu)
{
    QString digest;
    QString diffId;
    quint64 size = 0;
    quint64 files = 0;
    QString createdBy;
    quint32 whiteouts = 0;
    quint32 opaques = 0;
};

struct NamespaceInfo // (sttbu)
{
    QString type;
    quint64 inode = 0;
    quint64 hostInode = 0;
    bool shared = false;
    quint32 processes = 0;
};

struct ChangeInfo // (ssbt)
{
    QString kind;
    QString path;
    bool copiedUp = false;
    quint64 size = 0;
};

struct ProcessInfo // (uuss)
{
    quint32 pid = 0;
    quint32 nsPid = 0;
    QString user;
    QString command;
};

using StatsList = QList<StatsSample>;
using LayerList = QList<LayerInfo>;
using NamespaceList = QList<NamespaceInfo>;
using ChangeList = QList<ChangeInfo>;
using ProcessList = QList<ProcessInfo>;
using StringMap = QMap<QString, QString>;

// D-Bus marshalling of the contract's structs (the generated proxies name these types).
QDBusArgument &operator<<(QDBusArgument &argument, const StatsSample &value);
const QDBusArgument &operator>>(const QDBusArgument &argument, StatsSample &value);
QDBusArgument &operator<<(QDBusArgument &argument, const LayerInfo &value);
const QDBusArgument &operator>>(const QDBusArgument &argument, LayerInfo &value);
QDBusArgument &operator<<(QDBusArgument &argument, const NamespaceInfo &value);
const QDBusArgument &operator>>(const QDBusArgument &argument, NamespaceInfo &value);
QDBusArgument &operator<<(QDBusArgument &argument, const ChangeInfo &value);
const QDBusArgument &operator>>(const QDBusArgument &argument, ChangeInfo &value);
QDBusArgument &operator<<(QDBusArgument &argument, const ProcessInfo &value);
const QDBusArgument &operator>>(const QDBusArgument &argument, ProcessInfo &value);

ContainerInfo containerFromProperties(const QString &path, const QVariantMap &properties);
ImageInfo imageFromProperties(const QString &path, const QVariantMap &properties);

QList<StatsSample> statsFromArgument(const QDBusArgument &argument);
QList<LayerInfo> layersFromArgument(const QDBusArgument &argument);
QList<NamespaceInfo> namespacesFromArgument(const QDBusArgument &argument);
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

Q_DECLARE_METATYPE(glassbox::ctl::StatsSample)
Q_DECLARE_METATYPE(glassbox::ctl::LayerInfo)
Q_DECLARE_METATYPE(glassbox::ctl::NamespaceInfo)
Q_DECLARE_METATYPE(glassbox::ctl::ChangeInfo)
Q_DECLARE_METATYPE(glassbox::ctl::ProcessInfo)
