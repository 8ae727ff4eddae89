// The helper's objects, kept current; see ObjectMirror.h.
#include "ObjectMirror.h"

#include "BusNames.h"
#include "Calls.h"

#include <QDBusArgument>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QSet>

namespace glassbox::client {

using glassbox::api::kContainerInterface;
using glassbox::api::kImageInterface;
using glassbox::api::kJobInterface;

ObjectMirror::ObjectMirror(QDBusConnection bus, Mode mode, QObject *parent)
    : QObject(parent), m_bus(std::move(bus))
{
    // A snapshot is read once and thrown away: match rules would only cost the bus daemon
    // and every signal's delivery while glassboxctl runs.
    if (mode == Mode::Snapshot)
        return;
    using glassbox::api::kManagerPath;
    using glassbox::api::kObjectManagerInterface;
    using glassbox::api::kService;
    m_bus.connect(kService, kManagerPath, kObjectManagerInterface,
                  QStringLiteral("InterfacesAdded"), this, SLOT(onInterfacesAdded(QDBusMessage)));
    m_bus.connect(kService, kManagerPath, kObjectManagerInterface,
                  QStringLiteral("InterfacesRemoved"), this,
                  SLOT(onInterfacesRemoved(QDBusMessage)));
    // Every object's PropertiesChanged (an empty path matches all of them): one match rule
    // for the whole client, however many views follow a container.
    m_bus.connect(kService, QString(), glassbox::api::kPropertiesInterface,
                  QStringLiteral("PropertiesChanged"), this,
                  SLOT(onPropertiesChanged(QDBusMessage)));
}

void ObjectMirror::apply(const GbManagedObjects &objects)
{
    QSet<QString> seen;
    for (auto object = objects.cbegin(); object != objects.cend(); ++object) {
        const QString path = object.key().path();
        for (auto it = object->cbegin(); it != object->cend(); ++it)
            addObject(path, it.key(), it.value());
        seen.insert(path);
    }
    const QStringList known = m_properties.keys();
    for (const QString &path : known)
        if (!seen.contains(path))
            removeObject(path);
}

void ObjectMirror::refresh()
{
    auto *watcher = new QDBusPendingCallWatcher(Calls(m_bus).getManagedObjects(), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher] {
        watcher->deleteLater();
        const QDBusMessage reply = watcher->reply();
        if (reply.type() == QDBusMessage::ReplyMessage)
            apply(glassbox::api::managedObjects(reply));
    });
}

void ObjectMirror::updateJob(const QString &path, const QVariantMap &properties)
{
    QVariantMap &job = m_jobs[path];
    job.insert(properties);
    finishJob(path, job);
}

void ObjectMirror::jobVanished(const QString &path)
{
    if (m_jobs.value(path).value(QStringLiteral("Reported")).toBool())
        return;
    m_jobs[path].insert(QStringLiteral("Reported"), true);
    Q_EMIT jobFinished(path, QStringLiteral("gone"), QString(), QString());
}

void ObjectMirror::addObject(const QString &path, const QString &interface,
                             const QVariantMap &properties)
{
    if (interface == kJobInterface) {
        m_jobs[path].insert(properties);
        return;
    }
    const bool isContainer = interface == kContainerInterface;
    if (!isContainer && interface != kImageInterface)
        return;
    const bool known = m_properties.contains(path);
    QVariantMap &stored = m_properties[path];
    const QString previousState = stored.value(QStringLiteral("State")).toString();
    stored.insert(properties);
    if (isContainer) {
        const ContainerInfo info = containerFromProperties(path, stored);
        m_containers.insert(info.id, info);
        m_pathToId.insert(path, info.id);
        if (!known) {
            Q_EMIT containerAdded(info.id);
            return;
        }
        Q_EMIT containerChanged(info.id, properties);
        if (properties.contains(QStringLiteral("State")) && previousState != info.state)
            Q_EMIT containerStateChanged(info.id, previousState, info.state);
    } else {
        const ImageInfo info = imageFromProperties(path, stored);
        m_images.insert(info.id, info);
        m_pathToId.insert(path, info.id);
        if (known)
            Q_EMIT imageChanged(info.id);
        else
            Q_EMIT imageAdded(info.id);
    }
}

void ObjectMirror::removeObject(const QString &path)
{
    if (m_jobs.contains(path)) {
        const QVariantMap job = m_jobs.take(path);
        if (job.value(QStringLiteral("State")).toString() == QLatin1String("running"))
            Q_EMIT jobFinished(path, QStringLiteral("gone"), QString(), QString());
        return;
    }
    if (!m_properties.remove(path))
        return;
    const QString id = m_pathToId.take(path);
    if (m_containers.remove(id))
        Q_EMIT containerRemoved(id);
    else if (m_images.remove(id))
        Q_EMIT imageRemoved(id);
}

void ObjectMirror::onInterfacesAdded(const QDBusMessage &message)
{
    const QVariantList args = message.arguments();
    const QString path = args.value(0).value<QDBusObjectPath>().path();
    GbInterfaceProperties interfaces;
    args.value(1).value<QDBusArgument>() >> interfaces;
    for (auto it = interfaces.cbegin(); it != interfaces.cend(); ++it) {
        addObject(path, it.key(), it.value());
        if (it.key() == kJobInterface)
            finishJob(path, m_jobs.value(path));
    }
}

void ObjectMirror::onInterfacesRemoved(const QDBusMessage &message)
{
    removeObject(message.arguments().value(0).value<QDBusObjectPath>().path());
}

void ObjectMirror::onPropertiesChanged(const QDBusMessage &message)
{
    const QVariantList args = message.arguments();
    const QString interface = args.value(0).toString();
    QVariantMap changed;
    args.value(1).value<QDBusArgument>() >> changed;
    const QString path = message.path();
    if (interface == kJobInterface) {
        updateJob(path, changed);
        return;
    }
    if (!m_properties.contains(path))
        return; // not announced yet: GetManagedObjects or InterfacesAdded will bring it
    addObject(path, interface, changed);
}

void ObjectMirror::finishJob(const QString &path, const QVariantMap &properties)
{
    const QString state = properties.value(QStringLiteral("State")).toString();
    Q_EMIT jobChanged(path, properties.value(QStringLiteral("Progress")).toDouble(), state);
    if (state.isEmpty() || state == QLatin1String("running"))
        return;
    if (properties.value(QStringLiteral("Reported")).toBool())
        return;
    m_jobs[path].insert(QStringLiteral("Reported"), true);
    Q_EMIT jobFinished(path, state, properties.value(QStringLiteral("Result")).toString(),
                       properties.value(QStringLiteral("Error")).toString());
}

} // namespace glassbox::client
