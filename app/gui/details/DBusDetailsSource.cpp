// DetailsSource over the system bus (see DBusDetailsSource.h).
#include "DBusDetailsSource.h"

#include "BusNames.h"
#include "ErrorText.h"
#include "manager1_proxy.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>

namespace glassbox::details {

namespace {

using glassbox::api::containerPath;
using glassbox::api::kContainerInterface;
using glassbox::api::kManagerPath;
using glassbox::api::kPropertiesInterface;
using glassbox::api::kService;

QString errorText(const QDBusError &error, const QString &action)
{
    return client::errorText(error, {action});
}

// Calls `done` with the reply's first value, or the error as a sentence on `action`, once
// `call` finishes.
template <typename T>
void whenDone(QObject *context, const QDBusPendingCall &call, const QString &action,
              DetailsSource::Callback<T> done)
{
    auto *watcher = new QDBusPendingCallWatcher(call, context);
    QObject::connect(watcher, &QDBusPendingCallWatcher::finished, context,
                     [action, done = std::move(done)](QDBusPendingCallWatcher *finished) {
                         finished->deleteLater();
                         const QDBusPendingReply<T> reply = *finished;
                         if (reply.isError())
                             done(T(), errorText(reply.error(), action));
                         else
                             done(reply.value(), QString());
                     });
}

} // namespace

DBusDetailsSource::DBusDetailsSource(const QDBusConnection &connection,
                                     client::ObjectMirror *mirror, QObject *parent)
    : DetailsSource(parent), m_connection(connection),
      m_manager(new OrgGlassboxManager1Interface(kService, kManagerPath, connection, this))
{
    if (!mirror) {
        mirror = new client::ObjectMirror(connection, this);
        mirror->refresh();
    }
    connect(mirror, &client::ObjectMirror::containerChanged, this,
            [this](const QString &id, const QVariantMap &changed) {
                if (!m_watched.isEmpty() && id == m_watched)
                    Q_EMIT containerChanged(id, changed);
            });
}

DBusDetailsSource::~DBusDetailsSource() = default;

OrgGlassboxContainer1Interface *DBusDetailsSource::container(const QString &id)
{
    // Generated proxies do not introspect, so one per container is cheap; keep the few used.
    auto *&proxy = m_containers[id];
    if (!proxy)
        proxy = new OrgGlassboxContainer1Interface(kService, containerPath(id), m_connection, this);
    return proxy;
}

void DBusDetailsSource::getStats(const QStringList &ids, Callback<StatsList> done)
{
    whenDone<StatsList>(this, m_manager->GetStats(ids), tr("read the container's statistics"),
                        std::move(done));
}

void DBusDetailsSource::getNamespaces(const QString &id, Callback<NamespaceList> done)
{
    whenDone<NamespaceList>(this, container(id)->GetNamespaces(),
                            tr("read the container's namespaces"), std::move(done));
}

void DBusDetailsSource::getSecurityReport(const QString &id, Callback<QString> done)
{
    whenDone<QString>(this, container(id)->GetSecurityReport(),
                      tr("read the container's security report"), std::move(done));
}

void DBusDetailsSource::getNetwork(const QString &id, Callback<QString> done)
{
    whenDone<QString>(this, container(id)->GetNetwork(), tr("read the container's network"),
                      std::move(done));
}

void DBusDetailsSource::getLayers(const QString &id, LayersCallback done)
{
    auto *watcher = new QDBusPendingCallWatcher(container(id)->GetLayers(), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [done = std::move(done)](QDBusPendingCallWatcher *finished) {
                finished->deleteLater();
                const QDBusPendingReply<LayerList, StringMap> reply = *finished;
                if (reply.isError())
                    done({}, {}, errorText(reply.error(), tr("read the container's layers")));
                else
                    done(reply.argumentAt<0>(), reply.argumentAt<1>(), QString());
            });
}

void DBusDetailsSource::getDiff(const QString &id, Callback<ChangeList> done)
{
    whenDone<ChangeList>(this, container(id)->GetDiff(), tr("read the container's changes"),
                         std::move(done));
}

void DBusDetailsSource::getProcesses(const QString &id, Callback<ProcessList> done)
{
    whenDone<ProcessList>(this, container(id)->GetProcesses(), tr("read the container's processes"),
                          std::move(done));
}

void DBusDetailsSource::getPressure(const QString &id, Callback<GbCounterMap> done)
{
    whenDone<GbCounterMap>(this, container(id)->GetPressure(),
                           tr("read the container's resource pressure"), std::move(done));
}

void DBusDetailsSource::getLogs(const QString &id, quint64 maxBytes, Callback<QString> done)
{
    whenDone<QString>(this, container(id)->GetLogs(maxBytes), tr("read the container's log"),
                      std::move(done));
}

void DBusDetailsSource::openLog(const QString &id, Callback<QDBusUnixFileDescriptor> done)
{
    whenDone<QDBusUnixFileDescriptor>(this, container(id)->OpenLog(),
                                      tr("read the container's log"), std::move(done));
}

void DBusDetailsSource::inspect(const QString &id, Callback<QString> done)
{
    whenDone<QString>(this, container(id)->Inspect(), tr("inspect the container"), std::move(done));
}

void DBusDetailsSource::getProperties(const QString &id, Callback<QVariantMap> done)
{
    // The generated proxy reads properties synchronously; GetAll is asked for directly.
    QDBusMessage message = QDBusMessage::createMethodCall(
        kService, containerPath(id), kPropertiesInterface, QStringLiteral("GetAll"));
    message << kContainerInterface;
    whenDone<QVariantMap>(this, m_connection.asyncCall(message),
                          tr("read the container's properties"), std::move(done));
}

void DBusDetailsSource::getImageEfficiency(const QString &imageId, EfficiencyCallback done)
{
    OrgGlassboxImage1Interface image(kService, glassbox::api::imagePath(imageId), m_connection);
    auto *watcher = new QDBusPendingCallWatcher(image.GetEfficiency(), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [done = std::move(done)](QDBusPendingCallWatcher *finished) {
                finished->deleteLater();
                const QDBusPendingReply<double, qulonglong> reply = *finished;
                if (reply.isError())
                    done(0, 0, errorText(reply.error(), tr("measure the image's efficiency")));
                else
                    done(reply.argumentAt<0>(), reply.argumentAt<1>(), QString());
            });
}

void DBusDetailsSource::watchContainer(const QString &id)
{
    if (id == m_watched)
        return;
    // Drop the proxies of containers no longer shown.
    qDeleteAll(m_containers);
    m_containers.clear();
    m_watched = id;
}

} // namespace glassbox::details
