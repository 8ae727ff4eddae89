// The helper's containers, images and jobs as it publishes them (ObjectManager), kept
// current from InterfacesAdded/Removed and one PropertiesChanged match for every object, or
// read once (a snapshot, for glassboxctl).
#pragma once

#include "ObjectInfo.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QHash>
#include <QMap>
#include <QObject>

namespace glassbox::client {

class ObjectMirror : public QObject
{
    Q_OBJECT
public:
    enum class Mode {
        Follow,   ///< subscribes to the helper's object signals (three match rules)
        Snapshot, ///< no match rules: only what apply() is given (one GetManagedObjects)
    };

    /// Watches the helper's objects on `bus` (Follow); apply() or refresh() fills it.
    explicit ObjectMirror(QDBusConnection bus, Mode mode = Mode::Follow, QObject *parent = nullptr);
    explicit ObjectMirror(QDBusConnection bus, QObject *parent)
        : ObjectMirror(std::move(bus), Mode::Follow, parent)
    {
    }

    /// A GetManagedObjects answer: what it lists is added or updated, what it no longer
    /// lists is removed (the helper restarted, or signals were missed).
    void apply(const GbManagedObjects &objects);
    /// Asks the helper for every object (GetManagedObjects, asynchronous) and applies the
    /// answer; for a mirror whose owner does not track the helper's presence itself.
    void refresh();

    /// In the order of their ids (and object paths), as GetManagedObjects lists them.
    [[nodiscard]] QList<ContainerInfo> containers() const { return m_containers.values(); }
    [[nodiscard]] bool hasContainer(const QString &id) const { return m_containers.contains(id); }
    [[nodiscard]] ContainerInfo container(const QString &id) const
    {
        return m_containers.value(id);
    }
    /// In the order of their ids, as GetManagedObjects lists them.
    [[nodiscard]] QList<ImageInfo> images() const { return m_images.values(); }
    [[nodiscard]] ImageInfo image(const QString &id) const { return m_images.value(id); }
    /// Every property of a container or image object as last published.
    [[nodiscard]] QVariantMap properties(const QString &path) const
    {
        return m_properties.value(path);
    }
    /// A job's properties, with "Reported" once jobFinished() was emitted for it.
    [[nodiscard]] QVariantMap job(const QString &path) const { return m_jobs.value(path); }
    /// Merges a job's properties learnt otherwise (GetAll after ImportImage's reply) and
    /// reports its end once.
    void updateJob(const QString &path, const QVariantMap &properties);
    /// A job that can no longer be read: reported "gone" unless its end was reported.
    void jobVanished(const QString &path);

Q_SIGNALS:
    void containerAdded(const QString &id);
    /// `changed`: the properties the helper published anew, with their values.
    void containerChanged(const QString &id, const QVariantMap &changed);
    void containerStateChanged(const QString &id, const QString &from, const QString &to);
    void containerRemoved(const QString &id);
    void imageAdded(const QString &id);
    void imageChanged(const QString &id);
    void imageRemoved(const QString &id);
    void jobChanged(const QString &path, double progress, const QString &state);
    /// state: "succeeded" (result = image id), "failed" (error), "cancelled", or "gone"
    /// when the helper dropped the job before its end was seen.
    void jobFinished(const QString &path, const QString &state, const QString &result,
                     const QString &error);

private Q_SLOTS:
    void onInterfacesAdded(const QDBusMessage &message);
    void onInterfacesRemoved(const QDBusMessage &message);
    void onPropertiesChanged(const QDBusMessage &message);

private:
    QDBusConnection m_bus;
    void addObject(const QString &path, const QString &interface, const QVariantMap &properties);
    void removeObject(const QString &path);
    void finishJob(const QString &path, const QVariantMap &properties);

    // Ordered, so that every listing (glassboxctl's tables among them) comes in one order.
    QMap<QString, ContainerInfo> m_containers; // by id
    QMap<QString, ImageInfo> m_images;         // by id
    QHash<QString, QString> m_pathToId;        // container and image paths
    QHash<QString, QVariantMap> m_properties;  // container and image paths
    QHash<QString, QVariantMap> m_jobs;        // path -> properties
};

} // namespace glassbox::client
