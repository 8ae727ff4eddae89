// The manager object /org/glassbox/Manager1: org.glassbox.Manager1 and the ObjectManager.
// Owns the container, image and job objects, re-adopts containers from the state dir on
// start, and ends the helper after an idle period.
#pragma once

#include "BusObject.h"
#include "DBusTypes.h"
#include "Job.h"
#include "StatsCache.h"

#include <QDBusObjectPath>
#include <QDBusUnixFileDescriptor>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

namespace glassbox::helper {

struct HelperContext;
class Container;
class Image;
class Job;

class Manager : public BusObject
{
    Q_OBJECT
    Q_PROPERTY(QString Version READ version)
    Q_PROPERTY(QString StoreRoot READ storeRoot)
public:
    explicit Manager(HelperContext *context, QObject *parent = nullptr);

    /// Registers the manager and re-adopts every container of the state dir.
    [[nodiscard]] bool start(QString *error);

    [[nodiscard]] QString path() const override;
    [[nodiscard]] QVariantMap properties() const override;
    [[nodiscard]] QString version() const;
    [[nodiscard]] QString storeRoot() const;

    // org.glassbox.Manager1 (called by the generated adaptor).
    QDBusObjectPath CreateContainer(const QString &image, const QString &name,
                                    const QVariantMap &options);
    GbStatsList GetStats(const QStringList &ids);
    QDBusObjectPath ImportImage(const QDBusUnixFileDescriptor &file, const QString &format,
                                const QString &tag);
    QDBusObjectPath PullImage(const QString &reference, const QVariantMap &options);
    GbNetworkList ListNetworks();
    void CreateNetwork(const QString &name, const QVariantMap &options);
    void RemoveNetwork(const QString &name);
    QString InspectNetwork(const QString &name);
    // org.freedesktop.DBus.ObjectManager (called by ObjectManager).
    GbManagedObjects GetManagedObjects();

    /// Re-reads the image store: image objects appear, disappear and change.
    void syncImages();

private:
    Container *addContainer(struct ContainerRecord record, bool announce);
    void removeContainer(Container *container);
    /// Exports `object` (its adaptors already attached) with authorized property reads.
    void exportObject(const QString &path, QObject *object);
    /// CreateContainer once polkit allowed it; `creatorUid` is the caller's, kept in the record.
    void createAuthorized(const BusCall &call, const QString &image, QString name,
                          struct ContainerOptions options, uint creatorUid);
    [[nodiscard]] bool nameTaken(const QString &name) const;
    /// Names of the containers (running or not) created on network `name`.
    [[nodiscard]] QStringList containersOn(const QString &name) const;
    [[nodiscard]] quint32 freeUserNamespaceBase() const;
    /// Exports a job for `work`, runs it and answers `call` with its path.
    void startJob(const BusCall &call, const QString &kind, Authorizer::Uid starter, Job::Work work,
                  Job::Undo undo);
    void touch();
    void idleTimeout();

    QHash<QString, Container *> m_containers;
    QHash<QString, Image *> m_images; ///< by image id
    QSet<Job *> m_jobs;
    /// Names and user-namespace ranges of creations still on the store's queue.
    QSet<QString> m_creatingNames;
    QSet<quint32> m_creatingBases;
    quint64 m_nextJob = 1;
    StatsCache m_stats;
    QTimer m_idle;
};

} // namespace glassbox::helper
