// The manager object (see Manager.h).
#include "Manager.h"

#include "Authorizer.h"
#include "BundleConfig.h"
#include "Container.h"
#include "ContainerRecord.h"
#include "DBusSignals.h"
#include "HelperContext.h"
#include "Image.h"
#include "ImagePull.h"
#include "Job.h"
#include "ObjectManager.h"
#include "PropertiesGate.h"
#include "ShimMonitor.h"
#include "Validation.h"
#include "Workers.h"
#include "container1adaptor.h"
#include "image1adaptor.h"
#include "job1adaptor.h"
#include "manager1adaptor.h"

#include "glassbox/fd.h"
#include "glassbox/image/busybox_image.h"
#include "glassbox/image/container_rootfs.h"
#include "glassbox/image/image_store.h"
#include "glassbox/image/import.h"
#include "glassbox/image/reference.h"
#include "glassbox/state.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

namespace glassbox::helper {

namespace api = glassbox::api;

namespace {

/// What polkit is asked for a read of the manager's (list, stats).
BusObject::Authorization viewing(const QString &verb)
{
    return {{api::action::kView},
            {{QStringLiteral("verb"), verb}},
            QStringLiteral("not authorized to view containers")};
}

QString newContainerId()
{
    QString id;
    for (int i = 0; i < 4; ++i)
        id += QStringLiteral("%1").arg(QRandomGenerator::system()->generate64(), 16, 16,
                                       QLatin1Char('0'));
    return id;
}

/// The privileged choices of `options`, for a refusal that says which one needs an
/// administrator: "adding the capability NET_ADMIN and mounting a host path".
QString privilegedChoices(const ContainerOptions &options)
{
    QStringList choices;
    if (!options.capAdd.isEmpty())
        choices.append((options.capAdd.size() == 1 ? QStringLiteral("adding the capability %1")
                                                   : QStringLiteral("adding the capabilities %1"))
                           .arg(options.capAdd.join(QStringLiteral(", "))));
    // The paths are not repeated: the refusal is the same whether they exist or not
    // (test_helper::nothingRevealedBeforeAuthorization compares them).
    if (!options.bindMounts.isEmpty())
        choices.append(options.bindMounts.size() == 1 ? QStringLiteral("mounting a host path")
                                                      : QStringLiteral("mounting host paths"));
    if (options.seccomp == QStringLiteral("unconfined"))
        choices.append(QStringLiteral("running without a seccomp filter"));
    if (options.network == QStringLiteral("host"))
        choices.append(QStringLiteral("the host's network"));
    for (const GbPort &port : options.ports)
        if (port.hostPort != 0 && port.hostPort < 1024) {
            choices.append(QStringLiteral("publishing a host port below 1024"));
            break;
        }
    return choices.join(QStringLiteral(" and "));
}

/// What the caller's descriptor is called (its file's path, or "pipe:[N]"), for the image's
/// history only: the name is never opened.
std::string descriptorName(int fd)
{
    char target[4096];
    const std::string link = "/proc/self/fd/" + std::to_string(fd);
    const ssize_t n = ::readlink(link.c_str(), target, sizeof target);
    return n > 0 && size_t(n) < sizeof target ? std::string(target, size_t(n))
                                              : std::string("descriptor");
}

/// What a helper killed during CreateContainer left in the store: store containers that no
/// helper record names (`recorded`), with or without their container.json, and writable layers
/// that no store container names (made, and maybe mounted, before container.json was written).
/// Left alone they are invisible to every client, pin their image and leak a mount. Runs at
/// start, ahead of any creation on the store's queue; a failure is logged and retried at the
/// next start.
void removeOrphans(const glassbox::image::ImageStore &store, const QSet<QString> &recorded)
{
    const QString containers = QString::fromStdString(store.root()) + QStringLiteral("/containers");
    const QStringList names = QDir(containers).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &id : names) {
        const std::string name = id.toStdString();
        // Only ids of the helper's making (newContainerId(): 64 hex digits): `glassbox-image
        // create-container` may share the store with containers of its own, named as its user
        // chose, which are not the helper's to remove.
        static const QRegularExpression helperId(QStringLiteral("^[0-9a-f]{64}$"));
        if (recorded.contains(id) || !helperId.match(id).hasMatch() || !glassbox::validateId(name))
            continue;
        // ENOENT: no container.json yet; its writable layer goes with the sweep below.
        auto removed = glassbox::image::removeContainerRootfs(store, name);
        if (!removed && removed.error().code != ENOENT) {
            qWarning("cannot remove the store's container %s, which no record names: %s",
                     qPrintable(id), removed.error().text().c_str());
            continue;
        }
        if (QFileInfo::exists(containers + QLatin1Char('/') + id) &&
            !QDir(containers + QLatin1Char('/') + id).removeRecursively()) {
            qWarning("cannot remove %s/%s", qPrintable(containers), qPrintable(id));
            continue;
        }
        qInfo("removed the store's container %s, which no record names (a creation cut short)",
              qPrintable(id));
    }
    // Under the exclusive lock, so that no create (of the command line tool) is between its
    // writable layer and its container.json.
    auto lock = store.lock(true);
    if (!lock)
        return void(
            qWarning("cannot look for orphan writable layers: %s", lock.error().text().c_str()));
    auto all = store.containers();
    if (!all)
        return void(
            qWarning("cannot look for orphan writable layers: %s", all.error().text().c_str()));
    QSet<QString> used;
    for (const auto &container : *all)
        used.insert(QString::fromStdString(container.layerId));
    // Only a container's writable layer has merged/; image layers never do.
    const QString layers = QString::fromStdString(store.layers().dir());
    for (const QString &layer : QDir(layers).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString merged = layers + QLatin1Char('/') + layer + QStringLiteral("/merged");
        if (used.contains(layer) || !QFileInfo(merged).isDir())
            continue;
        const QByteArray path = merged.toLocal8Bit();
        while (::umount2(path.constData(), UMOUNT_NOFOLLOW) == 0) {
        }
        if (errno != EINVAL) { // EINVAL: not (or no longer) a mount point
            qWarning("cannot unmount %s: %s", path.constData(), std::strerror(errno));
            continue;
        }
        if (auto removed = store.layers().removeWritable(layer.toStdString()); !removed)
            qWarning("cannot remove the orphan writable layer %s: %s", qPrintable(layer),
                     removed.error().text().c_str());
        else
            qInfo("removed the writable layer %s, which no container names", qPrintable(layer));
    }
}

/// `PublishAll`: each port the image's config exposes ("80/tcp", "53/udp", "8080"), not
/// already published, on a free host port. What the image says is untrusted: an entry that is
/// not a port is skipped, and 256 ports at most, as for Ports.
HelperResult<void> publishExposedPorts(const glassbox::image::ImageStore &store,
                                       const std::string &imageId, ContainerOptions *options)
{
    auto image = store.image(imageId);
    if (!image)
        return tl::unexpected(HelperError::fromCore(image.error()));
    auto config = store.config(*image);
    if (!config)
        return tl::unexpected(HelperError::fromCore(config.error()));
    for (const std::string &exposed : config->exposedPorts) {
        const QString text = QString::fromStdString(exposed);
        bool ok = false;
        const uint port = text.section(QLatin1Char('/'), 0, 0).toUInt(&ok);
        const QString protocol = text.contains(QLatin1Char('/'))
                                     ? text.section(QLatin1Char('/'), 1).toLower()
                                     : QStringLiteral("tcp");
        if (!ok || port == 0 || port > 65535 ||
            (protocol != QStringLiteral("tcp") && protocol != QStringLiteral("udp")))
            continue;
        const bool published =
            std::any_of(options->ports.cbegin(), options->ports.cend(), [&](const GbPort &p) {
                return p.containerPort == port && p.protocol == protocol;
            });
        if (!published && options->ports.size() < 256)
            options->ports.append({QString(), 0, quint16(port), protocol});
    }
    return {};
}

} // namespace

Manager::Manager(HelperContext *context, QObject *parent)
    : BusObject(context, QStringLiteral("org.glassbox.Manager1"),
                // The manager outlives every call: never told.
                HelperError::failed(QStringLiteral("the helper is exiting")), parent)
{
    new Manager1Adaptor(this);
    new ObjectManager(this);
    new PropertiesGate(this, m_context->bus, m_context->authorizer);
    m_idle.setSingleShot(true);
    connect(&m_idle, &QTimer::timeout, this, &Manager::idleTimeout);
    connect(m_context->authorizer, &Authorizer::activity, this, &Manager::touch);
    connect(m_context->monitor, &ShimMonitor::directoryChanged, this, [this](const QString &id) {
        if (Container *container = m_containers.value(id))
            container->refresh();
    });
    connect(m_context->monitor, &ShimMonitor::shimExited, this, [this](const QString &id) {
        if (Container *container = m_containers.value(id))
            container->shimExited();
    });
}

QString Manager::path() const
{
    return DBusSignals::managerPath();
}

QVariantMap Manager::properties() const
{
    return {{QStringLiteral("Version"), version()}, {QStringLiteral("StoreRoot"), storeRoot()}};
}

QString Manager::version() const
{
    return QStringLiteral(GLASSBOX_VERSION);
}
QString Manager::storeRoot() const
{
    return m_context->config.storeRoot;
}

bool Manager::start(QString *error)
{
    if (!m_context->bus.registerObject(DBusSignals::managerPath(), this,
                                       QDBusConnection::ExportAdaptors)) {
        *error = QStringLiteral("cannot register %1").arg(DBusSignals::managerPath());
        return false;
    }
    const QString stateDir = m_context->config.stateDir;
    const QStringList ids = QDir(stateDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QList<ContainerRecord> records;
    QSet<QString> recorded;
    QStringList unfinished;
    for (const QString &id : ids) {
        if (!Validation::isContainerId(id))
            continue;
        auto record = ContainerRecord::load(stateDir, id);
        if (record) {
            recorded.insert(id);
            records.append(std::move(*record));
        } else if (!record && QFileInfo::exists(stateDir + QLatin1Char('/') + id +
                                                QStringLiteral("/record.json"))) {
            // Unreadable, not half-made (records are written atomically): kept for a person
            // to look at, and so is its rootfs.
            qWarning("cannot read the record of container %s; it is ignored", qPrintable(id));
            recorded.insert(id);
        } else {
            // A creation the helper did not finish (killed before its record was written): the
            // store's container goes first (its directory may be this one, with a mounted
            // rootfs in it), then what is left here.
            unfinished.append(id);
        }
    }
    // A helper killed during Remove, after the record went (with the store's container, in the
    // installed layout) and before the shim directory did, leaves that directory with nothing
    // naming it. One with a shim.pid is a shim's that may still run: left alone.
    const QString shims = m_context->config.runDir + QStringLiteral("/shims");
    for (const QString &id : QDir(shims).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString dir = shims + QLatin1Char('/') + id;
        if (Validation::isContainerId(id) && !recorded.contains(id) &&
            !QFileInfo::exists(dir + QStringLiteral("/shim.pid"))) {
            if (QDir(dir).removeRecursively())
                qInfo("removed the shim directory of container %s, which no record names",
                      qPrintable(id));
            else
                qWarning("cannot remove %s", qPrintable(dir));
        }
    }
    // Behind the store's queue, as every change of the store: the store lock may be held for
    // long by an import of the command line tool, and a CreateContainer called meanwhile is
    // queued after it.
    m_context->workers->store().run(
        [store = m_context->images.get(), recorded, unfinished, stateDir] {
            removeOrphans(*store, recorded);
            for (const QString &id : unfinished) {
                const QString dir = stateDir + QLatin1Char('/') + id;
                if (QFileInfo::exists(dir) && !QDir(dir).removeRecursively())
                    qWarning("cannot remove %s", qPrintable(dir));
                else
                    qInfo("removed container %s, whose creation was cut short", qPrintable(id));
            }
        },
        [] {});
    for (ContainerRecord &record : records)
        addContainer(std::move(record), false)->adopt();
    syncImages();
    touch();
    return true;
}

void Manager::exportObject(const QString &path, QObject *object)
{
    new PropertiesGate(object, m_context->bus, m_context->authorizer);
    m_context->bus.registerObject(path, object, QDBusConnection::ExportAdaptors);
}

void Manager::touch()
{
    if (m_context->config.idleSeconds > 0)
        m_idle.start(m_context->config.idleSeconds * 1000);
}

void Manager::idleTimeout()
{
    // Clients that stay connected (the desktop application, `glassboxctl logs -f`) listen for
    // signals that only a running helper sends.
    if (m_context->authorizer->hasClients())
        return touch();
    for (Container *container : std::as_const(m_containers))
        if (container->busy())
            return touch();
    for (Job *job : std::as_const(m_jobs))
        if (job->running())
            return touch();
    if (m_context->workers->busy())
        return touch();
    QCoreApplication::quit();
}

Container *Manager::addContainer(ContainerRecord record, bool announce)
{
    auto *container = new Container(m_context, std::move(record), this);
    new Container1Adaptor(container);
    m_containers.insert(container->id(), container);
    exportObject(container->path(), container);
    connect(container, &Container::removed, this, &Manager::removeContainer);
    if (announce)
        DBusSignals::interfacesAdded(*m_context, container->path(),
                                     {{Container::interfaceName(), container->properties()}});
    return container;
}

void Manager::removeContainer(Container *container)
{
    m_containers.remove(container->id());
    m_stats.forget(container->id());
    m_context->bus.unregisterObject(container->path());
    DBusSignals::interfacesRemoved(*m_context, container->path(), {Container::interfaceName()});
    container->deleteLater();
    syncImages();
}

bool Manager::nameTaken(const QString &name) const
{
    if (m_creatingNames.contains(name))
        return true;
    for (const Container *container : m_containers)
        if (container->name() == name)
            return true;
    return false;
}

quint32 Manager::freeUserNamespaceBase() const
{
    QSet<quint32> used = m_creatingBases;
    for (const Container *container : m_containers)
        used.insert(container->record().options.userNamespaceBase);
    quint32 base = BundleConfig::kUserNamespaceFirstBase;
    while (used.contains(base))
        base += BundleConfig::kUserNamespaceSize;
    return base;
}

QDBusObjectPath Manager::CreateContainer(const QString &image, const QString &name,
                                         const QVariantMap &options)
{
    QString error;
    if (!Validation::isImageReference(image, &error)) {
        sendErrorReply(api::error::kInvalidArgument, error);
        return {};
    }
    if (!name.isEmpty() && !Validation::isContainerName(name)) {
        sendErrorReply(api::error::kInvalidArgument,
                       QStringLiteral("invalid container name %1").arg(Validation::quoted(name)));
        return {};
    }
    // Syntax only before polkit: whether the name is taken or a host path exists is told to
    // authorized callers alone (createAuthorized()).
    auto parsed = ContainerOptions::fromDBus(options, &error);
    if (!parsed) {
        sendErrorReply(api::error::kInvalidArgument, error);
        return {};
    }
    const ContainerOptions checked = *parsed;
    const Authorizer::Details details{{QStringLiteral("container"), name},
                                      {QStringLiteral("image"), image},
                                      {QStringLiteral("verb"), QStringLiteral("create")}};
    // The two actions are asked one after the other (as before, manage first), so that a
    // refusal says which one: a manager refused a privileged option may create containers,
    // and is told which option needs an administrator.
    authorizedAndIdentified(
        {{api::action::kManage}, details, QStringLiteral("not authorized to create containers")},
        [this, image, name, checked, details](const BusCall &call, Authorizer::Uid uid) {
            // A container must have a creator: without one its secrets would be nobody's.
            if (!uid)
                return call.fail(
                    HelperError::failed(QStringLiteral("the bus did not tell who is calling")));
            if (!checked.privileged())
                return createAuthorized(call, image, name, checked, *uid);
            authorizedToo(call,
                          {{api::action::kPrivileged},
                           details,
                           QStringLiteral("%1 needs an administrator's authorization (%2)")
                               .arg(privilegedChoices(checked), api::action::kPrivileged)},
                          [this, image, name, checked, uid](const BusCall &call) {
                              createAuthorized(call, image, name, checked, *uid);
                          });
        });
    return {};
}

void Manager::createAuthorized(const BusCall &call, const QString &image, QString name,
                               ContainerOptions options, uint creatorUid)
{
    const QString id = newContainerId();
    if (name.isEmpty())
        name = id.left(12);
    if (nameTaken(name)) {
        // Which container has it: the caller may manage it, so may know it.
        QString holder = QStringLiteral("a container being created");
        for (const Container *container : std::as_const(m_containers))
            if (container->name() == name)
                holder = QStringLiteral("the container %1").arg(container->id().left(12));
        return call.fail(
            HelperError::busy(QStringLiteral("the name `%1` is taken by %2").arg(name, holder)));
    }
    if (QString hostError; !options.checkHostPaths(&hostError))
        return call.fail(HelperError::invalidArgument(hostError));
    if (options.userNamespace)
        options.userNamespaceBase = freeUserNamespaceBase();
    if (options.network.isEmpty())
        options.network = m_context->config.defaultNetwork;
    // The name and the id range stay taken while the creation waits behind the store's queue
    // (an import may hold the store lock for as long as its source is slow).
    m_creatingNames.insert(name);
    if (options.userNamespace)
        m_creatingBases.insert(options.userNamespaceBase);
    ContainerRecord record{
        id, name, image, {}, quint64(QDateTime::currentMSecsSinceEpoch()) * 1000, options};
    record.creatorUid = creatorUid;
    struct Created
    {
        ContainerRecord record;
        std::optional<HelperError> error;
    };
    m_context->workers->store().run(
        [store = m_context->images.get(), networks = m_context->networks.get(),
         stateDir = m_context->config.stateDir,
         network =
             BundleConfig::NetworkPaths{
                 QString::fromStdString(m_context->networks->netnsPath(id.toStdString())),
                 m_context->config.shimDir(id) + QStringLiteral("/etc")},
         image, record]() mutable {
            auto failed = [&](HelperError error) {
                return Created{record, std::move(error)};
            };
            if (record.options.onNetwork()) {
                // The default network is made the first time a container joins it.
                const std::string name = record.options.network.toStdString();
                auto known = name == glassbox::net::kDefaultNetwork ? networks->ensureDefault()
                                                                    : networks->get(name);
                if (!known && known.error().code == ENOENT)
                    return failed(HelperError::notFound(
                        QStringLiteral("option `Network`: there is no network %1")
                            .arg(Validation::quoted(record.options.network))));
                if (!known)
                    return failed(HelperError::fromCore(known.error()));
                // Told now rather than at the start (the store's attach refuses it too).
                if (!known->ipv6())
                    for (const GbPort &port : std::as_const(record.options.ports))
                        if (glassbox::net::isIpv6Text(port.hostIp.toStdString()))
                            return failed(HelperError::invalidArgument(
                                QStringLiteral("option `Ports`: host address %1 is an IPv6 "
                                               "address, and the network %2 has no IPv6 subnet")
                                    .arg(Validation::quoted(port.hostIp),
                                         Validation::quoted(record.options.network))));
            }
            auto imageId = store->resolve(image.toStdString());
            if (!imageId) {
                // The built-in default image is made on first use, without network.
                auto reference = glassbox::image::parseReference(image.toStdString());
                if (reference && reference->familiar() == "busybox:latest") {
                    if (auto loaded = glassbox::image::loadBusyboxImage(*store); !loaded)
                        return failed(HelperError::fromCore(loaded.error()));
                    imageId = store->resolve(image.toStdString());
                }
                if (!imageId && imageId.error().code == ENOENT)
                    return failed(
                        HelperError::notFound(QStringLiteral("the image %1 is not in the store")
                                                  .arg(Validation::quoted(image))));
                if (!imageId)
                    return failed(
                        HelperError::notFound(HelperError::fromCore(imageId.error()).text));
            }
            record.imageId = QString::fromStdString(*imageId);
            if (record.options.publishAll)
                if (auto added = publishExposedPorts(*store, *imageId, &record.options); !added)
                    return failed(added.error());
            const ContainerOptions &options = record.options;
            glassbox::image::ContainerRootfsOptions rootfsOptions;
            rootfsOptions.id = record.id.toStdString();
            rootfsOptions.image = *imageId;
            for (const QString &argument : std::as_const(options.command))
                rootfsOptions.args.push_back(argument.toStdString());
            for (const QString &entry : std::as_const(options.env))
                rootfsOptions.env.push_back(entry.toStdString());
            if (options.userNamespace)
                rootfsOptions.idShift = {options.userNamespaceBase,
                                         BundleConfig::kUserNamespaceSize};
            // The record is written last: a helper killed before that leaves a store container
            // that no record names, which the next helper removes at its start
            // (Manager::start()), mount included, instead of an orphan that pins the image.
            // (Writing a record first would make the directory that the installed layout
            // shares with the store's container, and the store would refuse to create it.)
            auto rootfs = glassbox::image::createContainerRootfs(*store, rootfsOptions);
            if (!rootfs) {
                QDir(stateDir + QLatin1Char('/') + record.id).removeRecursively();
                return failed(HelperError::fromCore(rootfs.error()));
            }
            auto configured =
                BundleConfig::apply(QString::fromStdString(rootfs->bundle),
                                    QString::fromStdString(rootfs->mergedDir), options, network);
            QString error;
            if (configured && !record.save(stateDir, &error))
                configured = tl::unexpected(HelperError::failed(error));
            if (!configured) {
                (void)glassbox::image::removeContainerRootfs(*store, rootfsOptions.id);
                QDir(stateDir + QLatin1Char('/') + record.id).removeRecursively();
                return failed(configured.error());
            }
            return Created{record, std::nullopt};
        },
        [self = QPointer<Manager>(this), call](Created created) {
            if (!self)
                return;
            self->m_creatingNames.remove(created.record.name);
            if (created.record.options.userNamespace)
                self->m_creatingBases.remove(created.record.options.userNamespaceBase);
            if (created.error) {
                call.fail(*created.error);
                // The busybox image may have been made on the way.
                return self->syncImages();
            }
            Container *container = self->addContainer(std::move(created.record), true);
            call.reply({QVariant::fromValue(QDBusObjectPath(container->path()))});
            self->syncImages();
        });
}

namespace {

BusObject::Authorization changingNetworks(const QString &verb, const QString &name)
{
    return {{api::action::kNetworks},
            {{QStringLiteral("verb"), verb}, {QStringLiteral("network"), name}},
            QStringLiteral("not authorized to %1 networks").arg(verb)};
}

/// A network name from a caller, refused before polkit is asked.
bool checkNetworkName(const QString &name, QString *error)
{
    if (glassbox::net::isNetworkName(name.toStdString()) && name != QStringLiteral("none") &&
        name != QStringLiteral("host"))
        return true;
    *error = QStringLiteral("invalid network name %1").arg(Validation::quoted(name));
    return false;
}

HelperError networkError(const glassbox::Error &error)
{
    // The store's own refusals say all there is; strerror would only repeat the kind.
    const QString message = QString::fromStdString(error.message);
    switch (error.code) {
    case ENOENT:
        return HelperError::notFound(message);
    case EEXIST:
    case EBUSY:
        return HelperError::busy(message);
    case EINVAL:
        return HelperError::invalidArgument(message);
    default:
        return HelperError::failed(QString::fromStdString(error.text()));
    }
}

} // namespace

QStringList Manager::containersOn(const QString &name) const
{
    QStringList names;
    for (const Container *container : m_containers)
        if (container->record().options.network == name)
            names.append(container->name());
    names.sort();
    return names;
}

GbNetworkList Manager::ListNetworks()
{
    authorized(viewing(QStringLiteral("networks")), [this](const BusCall &call) {
        answerFromWorker(call,
                         [networks = m_context->networks.get()]() -> HelperResult<QVariantList> {
                             auto list = networks->list();
                             if (!list)
                                 return tl::unexpected(networkError(list.error()));
                             auto attached = networks->attachments();
                             GbNetworkList result;
                             for (const glassbox::net::Network &network : *list) {
                                 quint32 count = 0;
                                 if (attached)
                                     for (const glassbox::net::Attachment &attachment : *attached)
                                         count += attachment.network == network.name ? 1 : 0;
                                 result.append({QString::fromStdString(network.name),
                                                QString::fromStdString(network.id),
                                                QString::fromStdString(network.bridge),
                                                QString::fromStdString(network.subnet),
                                                QString::fromStdString(network.gateway),
                                                network.internal, network.dns, count});
                             }
                             return QVariantList{QVariant::fromValue(result)};
                         });
    });
    return {};
}

void Manager::CreateNetwork(const QString &name, const QVariantMap &options)
{
    QString error;
    if (!checkNetworkName(name, &error))
        return sendErrorReply(api::error::kInvalidArgument, error);
    namespace key = api::networkOption;
    glassbox::net::NetworkRequest request;
    request.name = name.toStdString();
    std::optional<bool> ipv6;
    for (auto it = options.cbegin(); it != options.cend(); ++it) {
        const QString &option = it.key();
        if (option == key::kSubnet || option == key::kGateway || option == key::kSubnet6 ||
            option == key::kGateway6) {
            auto value = Validation::stringValue(options, option, &error);
            if (!value)
                return sendErrorReply(api::error::kInvalidArgument, error);
            std::string &field = option == key::kSubnet    ? request.subnet
                                 : option == key::kGateway ? request.gateway
                                 : option == key::kSubnet6 ? request.subnet6
                                                           : request.gateway6;
            field = value->toStdString();
        } else if (option == key::kInternal || option == key::kDns || option == key::kIpv6) {
            auto value = Validation::boolValue(options, option, &error);
            if (!value)
                return sendErrorReply(api::error::kInvalidArgument, error);
            if (option == key::kIpv6)
                ipv6 = *value;
            else
                (option == key::kInternal ? request.internal : request.dns) = *value;
        } else {
            return sendErrorReply(
                api::error::kInvalidArgument,
                QStringLiteral("unknown option %1").arg(Validation::quoted(option)));
        }
    }
    // An IPv6 subnet or gateway asks for IPv6; turning it off beside them is a contradiction.
    const bool ipv6Given = options.contains(key::kSubnet6) || options.contains(key::kGateway6);
    if (ipv6 == false && ipv6Given)
        return sendErrorReply(
            api::error::kInvalidArgument,
            QStringLiteral("option `IPv6` is false, but option `%1` is given")
                .arg(options.contains(key::kSubnet6) ? key::kSubnet6 : key::kGateway6));
    request.ipv6 = ipv6.value_or(ipv6Given);
    // Syntax before polkit; whether the subnet collides with the host's routes is told to an
    // authorized caller only.
    if (!request.subnet.empty())
        if (auto subnet = glassbox::net::parsePrefix(request.subnet); !subnet)
            return sendErrorReply(api::error::kInvalidArgument,
                                  QStringLiteral("option `Subnet`: %1")
                                      .arg(QString::fromStdString(subnet.error().message)));
    if (!request.gateway.empty())
        if (auto gateway = glassbox::net::parseIpv4(request.gateway); !gateway)
            return sendErrorReply(api::error::kInvalidArgument,
                                  QStringLiteral("option `Gateway`: %1")
                                      .arg(QString::fromStdString(gateway.error().message)));
    std::optional<glassbox::net::Ipv6Prefix> subnet6;
    if (!request.subnet6.empty()) {
        auto parsed = glassbox::net::parsePrefix6(request.subnet6);
        if (!parsed)
            return sendErrorReply(api::error::kInvalidArgument,
                                  QStringLiteral("option `Subnet6`: %1")
                                      .arg(QString::fromStdString(parsed.error().message)));
        subnet6 = *parsed;
    }
    if (!request.gateway6.empty()) {
        auto gateway6 = glassbox::net::parseIpv6(request.gateway6);
        if (!gateway6)
            return sendErrorReply(api::error::kInvalidArgument,
                                  QStringLiteral("option `Gateway6`: %1")
                                      .arg(QString::fromStdString(gateway6.error().message)));
        // The default IPv6 subnet is a random one: no gateway given beforehand can be in it.
        if (!subnet6)
            return sendErrorReply(api::error::kInvalidArgument,
                                  QStringLiteral("option `Gateway6` needs option `Subnet6` (the "
                                                 "default IPv6 subnet is a random one)"));
        if (!subnet6->contains(*gateway6))
            return sendErrorReply(
                api::error::kInvalidArgument,
                QStringLiteral("option `Gateway6`: %1 is not in the subnet %2 of option `Subnet6`")
                    .arg(Validation::quoted(QString::fromStdString(request.gateway6)),
                         QString::fromStdString(subnet6->text())));
    }
    authorized(changingNetworks(QStringLiteral("create"), name), [this,
                                                                  request](const BusCall &call) {
        answerFromWorker(
            call, [networks = m_context->networks.get(), request]() -> HelperResult<QVariantList> {
                if (auto created = networks->create(request); !created)
                    return tl::unexpected(networkError(created.error()));
                return QVariantList{};
            });
    });
}

void Manager::RemoveNetwork(const QString &name)
{
    QString error;
    if (!checkNetworkName(name, &error))
        return sendErrorReply(api::error::kInvalidArgument, error);
    authorized(changingNetworks(QStringLiteral("remove"), name), [this, name](const BusCall &call) {
        // Containers keep their network's name while stopped: refused while any is left.
        if (const QStringList users = containersOn(name); !users.isEmpty())
            return call.fail(
                HelperError::busy(QStringLiteral("network `%1` is in use by %2 container(s): %3")
                                      .arg(name)
                                      .arg(users.size())
                                      .arg(users.join(QStringLiteral(", ")))));
        answerFromWorker(call,
                         [networks = m_context->networks.get(),
                          name = name.toStdString()]() -> HelperResult<QVariantList> {
                             if (auto removed = networks->remove(name); !removed)
                                 return tl::unexpected(networkError(removed.error()));
                             return QVariantList{};
                         });
    });
}

QString Manager::InspectNetwork(const QString &name)
{
    QString error;
    if (!checkNetworkName(name, &error)) {
        sendErrorReply(api::error::kInvalidArgument, error);
        return {};
    }
    authorized(viewing(QStringLiteral("networks")), [this, name](const BusCall &call) {
        answerFromWorker(
            call,
            [networks = m_context->networks.get(), name,
             users = containersOn(name)]() -> HelperResult<QVariantList> {
                auto network = networks->get(name.toStdString());
                if (!network)
                    return tl::unexpected(networkError(network.error()));
                QJsonObject object = QJsonDocument::fromJson(
                                         QByteArray::fromStdString(glassbox::net::toJson(*network)))
                                         .object();
                QJsonArray running;
                if (auto attached = networks->attachments())
                    for (const glassbox::net::Attachment &attachment : *attached)
                        if (attachment.network == network->name) {
                            QJsonObject entry{
                                {QStringLiteral("name"), QString::fromStdString(attachment.name)},
                                {QStringLiteral("id"),
                                 QString::fromStdString(attachment.containerId)},
                                {QStringLiteral("address"),
                                 QString::fromStdString(attachment.address)}};
                            if (!attachment.address6.empty())
                                entry.insert(QStringLiteral("address6"),
                                             QString::fromStdString(attachment.address6));
                            running.append(entry);
                        }
                object.insert(QStringLiteral("containers"), QJsonArray::fromStringList(users));
                object.insert(QStringLiteral("running"), running);
                return QVariantList{
                    QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented))};
            });
    });
    return {};
}

GbStatsList Manager::GetStats(const QStringList &ids)
{
    if (ids.size() > 4096) {
        sendErrorReply(api::error::kInvalidArgument, QStringLiteral("too many ids"));
        return {};
    }
    // Only the ids' syntax before polkit: which containers exist is for viewers to learn.
    for (const QString &id : ids) {
        if (!Validation::isContainerId(id)) {
            sendErrorReply(api::error::kInvalidArgument,
                           QStringLiteral("invalid container id %1").arg(Validation::quoted(id)));
            return {};
        }
    }
    authorized(viewing(QStringLiteral("stats")), [this, ids](const BusCall &call) {
        for (const QString &id : ids)
            if (!m_containers.contains(id))
                return call.fail(HelperError::notFound(
                    QStringLiteral("no container %1").arg(Validation::quoted(id))));
        GbStatsList list;
        for (const QString &id : ids) {
            Container *container = m_containers.value(id);
            if (!container || !container->running())
                continue;
            // On the host's network the interfaces' counters are the host's, not its own.
            const bool ownNetwork = container->record().options.network != QStringLiteral("host");
            if (auto sample = m_stats.sample(*m_context->runtime, id, ownNetwork))
                list.append(*sample);
        }
        call.reply({QVariant::fromValue(list)});
    });
    return {};
}

GbManagedObjects Manager::GetManagedObjects()
{
    // Listing needs the view grant like every other read.
    authorized(viewing(QStringLiteral("list")), [this](const BusCall &call) {
        GbManagedObjects objects;
        for (const Container *container : std::as_const(m_containers))
            objects.insert(QDBusObjectPath(container->path()),
                           {{Container::interfaceName(), container->properties()}});
        for (const Image *image : std::as_const(m_images))
            objects.insert(QDBusObjectPath(image->path()),
                           {{Image::interfaceName(), image->properties()}});
        for (const Job *job : std::as_const(m_jobs))
            objects.insert(QDBusObjectPath(job->path()),
                           {{Job::interfaceName(), job->properties()}});
        call.reply({QVariant::fromValue(objects)});
    });
    return {};
}

QDBusObjectPath Manager::ImportImage(const QDBusUnixFileDescriptor &file, const QString &format,
                                     const QString &tag)
{
    QString error;
    auto parsedFormat = glassbox::image::parseImportFormat(format.toStdString());
    if (!file.isValid() || !parsedFormat ||
        (!tag.isEmpty() && !Validation::isImageReference(tag, &error))) {
        sendErrorReply(api::error::kInvalidArgument,
                       !file.isValid() ? QStringLiteral("no file descriptor")
                       : !parsedFormat
                           ? QStringLiteral("unknown format %1").arg(Validation::quoted(format))
                           : error);
        return {};
    }
    // Read as given, never reopened by path: what the caller could not read (an O_PATH
    // descriptor) stays unread, and only a regular file or a pipe is waited on.
    if (auto kind = glassbox::image::checkImportDescriptor(file.fileDescriptor(), *parsedFormat);
        !kind) {
        sendErrorReply(api::error::kInvalidArgument, HelperError::fromCore(kind.error()).text);
        return {};
    }
    const int fd = ::fcntl(file.fileDescriptor(), F_DUPFD_CLOEXEC, 3);
    if (fd < 0) {
        sendErrorReply(api::error::kInvalidArgument, QStringLiteral("unusable file descriptor"));
        return {};
    }
    const auto importFormat = *parsedFormat;
    // Closed with the last copy of the work, if polkit refuses and the work never runs.
    auto owned = std::make_shared<glassbox::UniqueFd>(fd);
    authorizedAndIdentified(
        {{api::action::kImages},
         {{QStringLiteral("image"), tag}, {QStringLiteral("verb"), QStringLiteral("import")}},
         QStringLiteral("not authorized to import images")},
        [self = QPointer<Manager>(this), owned, importFormat, tag](const BusCall &call,
                                                                   Authorizer::Uid uid) {
            const int fd = owned->release();
            HelperContext *context = self->m_context;
            auto work = [context, fd, importFormat,
                         tag](const Job::Progress &progress, const Job::Cancelled &cancelled,
                              const Job::LayersReport &) -> Job::Outcome {
                glassbox::image::ImportOptions options;
                options.format = importFormat;
                if (!tag.isEmpty())
                    options.tags.push_back(tag.toStdString());
                options.progress = progress;   // false after Cancel: the import stops and undoes
                options.cancelled = cancelled; // asked while a pipe keeps the import waiting
                // Bounded by the library's defaults: kDefaultImportMaxBytes read at most, and
                // kDefaultImportStallTimeout without a byte from a pipe.
                const std::string name = descriptorName(fd);
                auto result = glassbox::image::importImage(*context->images, glassbox::UniqueFd(fd),
                                                           options, name);
                if (!result)
                    return {false, {}, HelperError::fromCore(result.error()).text};
                if (result->images.empty())
                    return {false, {}, QStringLiteral("the source holds no image")};
                return {true, QString::fromStdString(result->images.front()), {}};
            };
            auto undo = [context, self](const QString &id) {
                // Behind the store's queue, as every change of the store: another import may
                // hold the lock.
                context->workers->store().run(
                    [images = context->images.get(), id = id.toStdString()] {
                        (void)images->remove(id, true);
                    },
                    [self] {
                        if (self)
                            self->syncImages();
                    });
            };
            self->startJob(call, QStringLiteral("import"), uid, work, undo);
        });
    return {};
}

QDBusObjectPath Manager::PullImage(const QString &reference, const QVariantMap &options)
{
    PullRequest request;
    QString error;
    if (!parsePullOptions(reference, options, &request, &error)) {
        sendErrorReply(api::error::kInvalidArgument, error);
        return {};
    }
    authorizedAndIdentified(
        {{api::action::kImages},
         {{QStringLiteral("image"), reference}, {QStringLiteral("verb"), QStringLiteral("pull")}},
         QStringLiteral("not authorized to pull images")},
        [self = QPointer<Manager>(this), request](const BusCall &call, Authorizer::Uid uid) {
            PullJob pull = makePullJob(self->m_context, request);
            auto undo = [self, undoPull = pull.undo](const QString &id) {
                undoPull(id, [self] {
                    if (self)
                        self->syncImages();
                });
            };
            self->startJob(call, QStringLiteral("pull"), uid, pull.work, undo);
        });
    return {};
}

void Manager::startJob(const BusCall &call, const QString &kind, Authorizer::Uid starter,
                       Job::Work work, Job::Undo undo)
{
    auto *job =
        new Job(m_context, m_nextJob++, kind, starter, std::move(work), std::move(undo), this);
    m_jobs.insert(job);
    new Job1Adaptor(job); // owned by the job; exported with it
    exportObject(job->path(), job);
    DBusSignals::interfacesAdded(*m_context, job->path(),
                                 {{Job::interfaceName(), job->properties()}});
    QPointer<Manager> self(this);
    QObject::connect(job, &Job::finished, this, [self](Job *done) {
        self->syncImages();
        self->touch();
        // Finished jobs stay visible for a minute so clients can read the outcome.
        QTimer::singleShot(60000, self, [self, done] {
            self->m_jobs.remove(done);
            self->m_context->bus.unregisterObject(done->path());
            DBusSignals::interfacesRemoved(*self->m_context, done->path(), {Job::interfaceName()});
            done->deleteLater();
        });
    });
    job->run();
    call.reply({QVariant::fromValue(QDBusObjectPath(job->path()))});
}

void Manager::syncImages()
{
    auto records = m_context->images->images();
    if (!records)
        return;
    QHash<QString, QStringList> users;
    for (const Container *container : std::as_const(m_containers))
        users[container->record().imageId].append(container->id());
    QSet<QString> present;
    for (const auto &record : *records) {
        const QString id = QString::fromStdString(record.id);
        present.insert(id);
        Image *image = m_images.value(id);
        if (!image) {
            image = new Image(m_context, this, id, this);
            new Image1Adaptor(image);
            image->refresh(users.value(id));
            m_images.insert(id, image);
            exportObject(image->path(), image);
            DBusSignals::interfacesAdded(*m_context, image->path(),
                                         {{Image::interfaceName(), image->properties()}});
        } else {
            image->refresh(users.value(id));
        }
    }
    for (auto it = m_images.begin(); it != m_images.end();) {
        if (present.contains(it.key())) {
            ++it;
            continue;
        }
        m_context->bus.unregisterObject((*it)->path());
        DBusSignals::interfacesRemoved(*m_context, (*it)->path(), {Image::interfaceName()});
        (*it)->deleteLater();
        it = m_images.erase(it);
    }
}

} // namespace glassbox::helper
