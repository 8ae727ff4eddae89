// What the container details tabs need from the helper, as one small asynchronous interface:
// the D-Bus implementation (DBusDetailsSource) in the application, a fake in the tests.
#pragma once

#include "ObjectInfo.h"

#include <QDBusUnixFileDescriptor>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <functional>

namespace glassbox::details {

using glassbox::client::ChangeList;
using glassbox::client::LayerList;
using glassbox::client::NamespaceList;
using glassbox::client::ProcessList;
using glassbox::client::StatsList;
using glassbox::client::StringMap;

/// Every call returns at once and answers later, on the caller's thread, through its
/// callback: the value, or a non-empty `error` meant for the user. A callback may outlive
/// the widget that asked; callers guard with a QPointer or a request counter.
class DetailsSource : public QObject
{
    Q_OBJECT
public:
    template <typename T>
    using Callback = std::function<void(const T &value, const QString &error)>;
    using LayersCallback =
        std::function<void(const LayerList &layers, const StringMap &paths, const QString &error)>;
    using EfficiencyCallback =
        std::function<void(double efficiency, quint64 wastedBytes, const QString &error)>;

    using QObject::QObject;

    /// Cumulative counters of the running containers among `ids` (Manager1.GetStats).
    virtual void getStats(const QStringList &ids, Callback<StatsList> done) = 0;
    virtual void getNamespaces(const QString &id, Callback<NamespaceList> done) = 0;
    /// What the container may do to its host, as JSON (Container1.GetSecurityReport; rendered
    /// by glassbox::client::SecurityText).
    virtual void getSecurityReport(const QString &id, Callback<QString> done) = 0;
    /// The running container on its network, as JSON (Container1.GetNetwork): address,
    /// gateway, the veth's host end and bridge, DNS servers, ports, and where the helper can
    /// see them, "inside" (interfaces, routes) and "forwards" (each port's rule). Fails for
    /// a stopped container and one on the host's network or none.
    virtual void getNetwork(const QString &id, Callback<QString> done) = 0;
    /// The image's layers bottom to top, then the writable layer; overlay paths.
    virtual void getLayers(const QString &id, LayersCallback done) = 0;
    virtual void getDiff(const QString &id, Callback<ChangeList> done) = 0;
    virtual void getProcesses(const QString &id, Callback<ProcessList> done) = 0;
    /// Cumulative PSI counters in microseconds ("cpu.some", "memory.full", ...) and "time"
    /// (CLOCK_MONOTONIC ns) of a running container (Container1.GetPressure).
    virtual void getPressure(const QString &id, Callback<GbCounterMap> done) = 0;
    /// The last `maxBytes` of the container's output.
    virtual void getLogs(const QString &id, quint64 maxBytes, Callback<QString> done) = 0;
    /// A read-only descriptor of the log file, to follow it.
    virtual void openLog(const QString &id, Callback<QDBusUnixFileDescriptor> done) = 0;
    /// docker inspect-like JSON.
    virtual void inspect(const QString &id, Callback<QString> done) = 0;
    /// Every Container1 property (State, Pid, Image, MemoryLimit, Privileged, ...).
    virtual void getProperties(const QString &id, Callback<QVariantMap> done) = 0;
    /// Image1.GetEfficiency of the image with id `imageId` ("sha256:..." or hex).
    virtual void getImageEfficiency(const QString &imageId, EfficiencyCallback done) = 0;

    /// Start or stop reporting containerChanged() for `id` (one container at a time).
    virtual void watchContainer(const QString &id) = 0;

Q_SIGNALS:
    /// Container1 properties of `id` changed (PropertiesChanged), e.g. State.
    void containerChanged(const QString &id, const QVariantMap &changed);
};

} // namespace glassbox::details
