// DetailsSource over the system bus (see DBusDetailsSource.h).
#include "DBusDetailsSource.h"

#include "manager1_proxy.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>

namespace glassbox::details {

namespace {

const QString kService = QStringLiteral("org.glassbox.Manager1");
const QString kManagerPath = QStringLiteral("/org/glassbox/Manager1");
const QString kPropertiesInterface = QStringLiteral("org.freedesktop.DBus.Properties");
const QString kContainerInterface = QStringLiteral("org.glassbox.Container1");

// Calls `done` with the reply's first value, or the error, once `call` finishes.
template <typename T>
void whenDone(QObject *context, const QDBusPendingCall &call, DetailsSource::Callback<T> done)
{
    auto *watcher = new QDBusPendingCallWatcher(call, context);
    QObject::connect(watcher, &QDBusPendingCallWatcher::finished, context,
                     [done = std::move(done)](QDBusPendingCallWatcher *finished) {
                         finished->deleteLater();
                         const QDBusPendingReply<T> reply = *finished;
                         if (reply.isError())
                             done(T(), DBusDetailsSource::errorText(reply.error()));
                         else
                             done(reply.value(), QString());
                     });
}

} // namespace

DBusDetailsSource::DBusDetailsSource(const QDBusConnection &connection, QObject *parent)
    : DetailsSource(parent), m_connection(connection),
      m_manager(new OrgGlassboxManager1Interface(kService, kManagerPath, connection, this))
{
}

DBusDetailsSource::~DBusDetailsSource() = default;

QString DBusDetailsSource::errorText(const QDBusError &error)
{
    const QString name = error.name();
    const QString message = error.message();
    if (name == QStringLiteral("org.glassbox.Error.NotAuthorized"))
        return tr("Not authorized: %1").arg(message);
    if (name == QStringLiteral("org.glassbox.Error.NotFound"))
        return tr("The container no longer exists: %1").arg(message);
    if (name == QStringLiteral("org.glassbox.Error.Busy"))
        return tr("The helper is busy: %1").arg(message);
    if (error.type() == QDBusError::ServiceUnknown || error.type() == QDBusError::NoReply ||
        error.type() == QDBusError::Disconnected || error.type() == QDBusError::Timeout)
        return tr("The Glassbox helper is not reachable: %1").arg(message);
    return message.isEmpty() ? name : message;
}

QString DBusDetailsSource::containerPath(const QString &id)
{
    return kManagerPath + QStringLiteral("/container/") + id;
}

QString DBusDetailsSource::imagePath(const QString &imageId)
{
    QString hex = imageId;
    hex.remove(QStringLiteral("sha256:"));
    return kManagerPath + QStringLiteral("/image/") + hex.left(16);
}

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
    whenDone<StatsList>(this, m_manager->GetStats(ids), std::move(done));
}

void DBusDetailsSource::getNamespaces(const QString &id, Callback<NamespaceList> done)
{
    whenDone<NamespaceList>(this, container(id)->GetNamespaces(), std::move(done));
}

void DBusDetailsSource::getLayers(const QString &id, LayersCallback done)
{
    auto *watcher = new QDBusPendingCallWatcher(container(id)->GetLayers(), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [done = std::move(done)](QDBusPendingCallWatcher *finished) {
                finished->deleteLater();
                const QDBusPendingReply<LayerList, StringMap> reply = *finished;
                if (reply.isError())
                    done({}, {}, errorText(reply.error()));
                else
                    done(reply.argumentAt<0>(), reply.argumentAt<1>(), QString());
            });
}

void DBusDetailsSource::getDiff(const QString &id, Callback<ChangeList> done)
{
    whenDone<ChangeList>(this, container(id)->GetDiff(), std::move(done));
}

void DBusDetailsSource::getProcesses(const QString &id, Callback<ProcessList> done)
{
    whenDone<ProcessList>(this, container(id)->GetProcesses(), std::move(done));
}

void DBusDetailsSource::getPressure(const QString &id, Callback<GbCounterMap> done)
{
    whenDone<GbCounterMap>(this, container(id)->GetPressure(), std::move(done));
}

void DBusDetailsSource::getLogs(const QString &id, quint64 maxBytes, Callback<QString> done)
{
    whenDone<QString>(this, container(id)->GetLogs(maxBytes), std::move(done));
}

void DBusDetailsSource::openLog(const QString &id, Callback<QDBusUnixFileDescriptor> done)
{
    whenDone<QDBusUnixFileDescriptor>(this, container(id)->OpenLog(), std::move(done));
}

void DBusDetailsSource::inspect(const QString &id, Callback<QString> done)
{
    whenDone<QString>(this, container(id)->Inspect(), std::move(done));
}

void DBusDetailsSource::getProperties(const QString &id, Callback<QVariantMap> done)
{
    // The generated proxy reads properties synchronously; GetAll is asked for directly.
    QDBusMessage message = QDBusMessage::createMethodCall(
        kService, containerPath(id), kPropertiesInterface, QStringLiteral("GetAll"));
    message << kContainerInterface;
    whenDone<QVariantMap>(this, m_connection.asyncCall(message), std::move(done));
}

void DBusDetailsSource::getImageEfficiency(const QString &imageId, EfficiencyCallback done)
{
    OrgGlassboxImage1Interface image(kService, imagePath(imageId), m_connection);
    auto *watcher = new QDBusPendingCallWatcher(image.GetEfficiency(), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [done = std::move(done)](QDBusPendingCallWatcher *finished) {
                finished->deleteLater();
                const QDBusPendingReply<double, qulonglong> reply = *finished;
                if (reply.isError())
                    done(0, 0, errorText(reply.error()));
                else
                    done(reply.argumentAt<0>(), reply.argumentAt<1>(), QString());
            });
}

void DBusDetailsSource::watchContainer(const QString &id)
{
    if (id == m_watched)
        return;
    const QString propertiesChanged = QStringLiteral("PropertiesChanged");
    if (!m_watched.isEmpty())
        m_connection.disconnect(kService, containerPath(m_watched), kPropertiesInterface,
                                propertiesChanged, this,
                                SLOT(onPropertiesChanged(QString, QVariantMap, QStringList)));
    // Drop the proxies of containers no longer shown.
    qDeleteAll(m_containers);
    m_containers.clear();
    m_watched = id;
    if (!id.isEmpty())
        m_connection.connect(kService, containerPath(id), kPropertiesInterface, propertiesChanged,
                             this, SLOT(onPropertiesChanged(QString, QVariantMap, QStringList)));
}

void DBusDetailsSource::onPropertiesChanged(const QString &interface, const QVariantMap &changed,
                                            const QStringList &invalidated)
{
    Q_UNUSED(invalidated)
    if (interface == kContainerInterface && !m_watched.isEmpty())
        Q_EMIT containerChanged(m_watched, changed);
}

} // namespace glassbox::details
