// HelperClient: see HelperClient.h.
#include "HelperClient.h"

#include "cli.h"
#include "manager1_proxy.h"

#include <QDBusArgument>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusServiceWatcher>
#include <QDBusUnixFileDescriptor>
#include <QDeadlineTimer>
#include <QElapsedTimer>

using glassbox::ctl::ContainerInfo;
using glassbox::ctl::ImageInfo;
using glassbox::ctl::StatsList;

namespace {

const QString kProperties = QStringLiteral("org.freedesktop.DBus.Properties");
const QString kObjectManager = QStringLiteral("org.freedesktop.DBus.ObjectManager");
// Long enough for someone to type a password into the polkit agent, and for Stop to wait.
constexpr int kMutatingTimeoutMs = 10 * 60 * 1000;
constexpr int kReadTimeoutMs = 30 * 1000;
constexpr qint64 kStopRequestMemoryMs = 60 * 1000;

QString containerInterface()
{
    return QString::fromLatin1(OrgGlassboxContainer1Interface::staticInterfaceName());
}
QString imageInterface()
{
    return QString::fromLatin1(OrgGlassboxImage1Interface::staticInterfaceName());
}
QString jobInterface()
{
    return QString::fromLatin1(OrgGlassboxJob1Interface::staticInterfaceName());
}
QString managerInterface()
{
    return QString::fromLatin1(OrgGlassboxManager1Interface::staticInterfaceName());
}

qint64 monotonicMs()
{
    static QElapsedTimer clock = [] {
        QElapsedTimer timer;
        timer.start();
        return timer;
    }();
    return clock.elapsed();
}

} // namespace

const QString HelperClient::kService = QStringLiteral("org.glassbox.Manager1");
const QString HelperClient::kManagerPath = QStringLiteral("/org/glassbox/Manager1");

QDBusConnection HelperClient::openBus(const QString &address, QString *error)
{
    QDBusConnection connection =
        address.isEmpty() ? QDBusConnection::systemBus()
                          : QDBusConnection::connectToBus(address, QStringLiteral("glassbox-gui"));
    if (!connection.isConnected() && error) {
        *error = tr("Cannot connect to the system bus: %1").arg(connection.lastError().message());
    }
    return connection;
}

HelperClient::HelperClient(QDBusConnection connection, QObject *parent)
    : QObject(parent), m_connection(std::move(connection))
{
    registerGlassboxDBusTypes();
    m_connection.connect(kService, kManagerPath, kObjectManager, QStringLiteral("InterfacesAdded"),
                         this, SLOT(onInterfacesAdded(QDBusMessage)));
    m_connection.connect(kService, kManagerPath, kObjectManager,
                         QStringLiteral("InterfacesRemoved"), this,
                         SLOT(onInterfacesRemoved(QDBusMessage)));
    // Every object's PropertiesChanged (an empty path matches all of them).
    m_connection.connect(kService, QString(), kProperties, QStringLiteral("PropertiesChanged"),
                         this, SLOT(onPropertiesChanged(QDBusMessage)));
    m_watcher = new QDBusServiceWatcher(kService, m_connection,
                                        QDBusServiceWatcher::WatchForOwnerChange, this);
    connect(m_watcher, &QDBusServiceWatcher::serviceOwnerChanged, this,
            [this](const QString &, const QString &, const QString &newOwner) {
                // The helper exits when idle and comes back by activation: its objects are
                // the same, but our copy may have missed signals in between.
                if (!newOwner.isEmpty())
                    refresh();
            });
    refresh();
}

HelperClient::~HelperClient() = default;

QString HelperClient::containerPath(const QString &id)
{
    return kManagerPath + QStringLiteral("/container/") + id;
}

void HelperClient::call(const QString &path, const QString &interface, const QString &method,
                        const QVariantList &args, QObject *context, ReplyHandler handler,
                        bool interactive)
{
    QDBusMessage message = QDBusMessage::createMethodCall(kService, path, interface, method);
    message.setArguments(args);
    message.setInteractiveAuthorizationAllowed(interactive);
    const QDBusPendingCall pending =
        m_connection.asyncCall(message, interactive ? kMutatingTimeoutMs : kReadTimeoutMs);
    auto *watcher = new QDBusPendingCallWatcher(pending, this);
    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [watcher, guard, hasContext, handler = std::move(handler)] {
                watcher->deleteLater();
                if (hasContext && !guard)
                    return;
                if (handler)
                    handler(watcher->reply());
            });
}

void HelperClient::refresh()
{
    call(kManagerPath, kObjectManager, QStringLiteral("GetManagedObjects"), {}, this,
         [this](const QDBusMessage &reply) {
             if (reply.type() != QDBusMessage::ReplyMessage) {
                 setAvailable(false);
                 Q_EMIT actionFailed(tr("list containers and images"),
                                     errorMessage(tr("list containers and images"), reply),
                                     reply.errorName());
                 return;
             }
             QSet<QString> seen;
             const QDBusArgument objects = reply.arguments().value(0).value<QDBusArgument>();
             objects.beginMap();
             while (!objects.atEnd()) {
                 QDBusObjectPath path;
                 objects.beginMapEntry();
                 objects >> path;
                 QMap<QString, QVariantMap> interfaces;
                 objects >> interfaces;
                 objects.endMapEntry();
                 for (auto it = interfaces.cbegin(); it != interfaces.cend(); ++it)
                     addObject(path.path(), it.key(), it.value());
                 seen.insert(path.path());
             }
             objects.endMap();
             const QStringList known = m_properties.keys();
             for (const QString &path : known)
                 if (!seen.contains(path))
                     removeObject(path);
             setAvailable(true);
         });
}

void HelperClient::setAvailable(bool available)
{
    if (m_available == available)
        return;
    m_available = available;
    Q_EMIT availableChanged(available);
}

void HelperClient::addObject(const QString &path, const QString &interface,
                             const QVariantMap &properties)
{
    if (interface == jobInterface()) {
        m_jobs[path].insert(properties);
        return;
    }
    const bool isContainer = interface == containerInterface();
    if (!isContainer && interface != imageInterface())
        return;
    const bool known = m_properties.contains(path);
    QVariantMap &stored = m_properties[path];
    const QString previousState = stored.value(QStringLiteral("State")).toString();
    stored.insert(properties);
    if (isContainer) {
        const ContainerInfo info = glassbox::ctl::containerFromProperties(path, stored);
        m_containers.insert(info.id, info);
        m_pathToId.insert(path, info.id);
        if (!known) {
            Q_EMIT containerAdded(info.id);
            return;
        }
        Q_EMIT containerChanged(info.id, properties.keys());
        if (properties.contains(QStringLiteral("State")) && previousState != info.state)
            Q_EMIT containerStateChanged(info.id, previousState, info.state);
    } else {
        const ImageInfo info = glassbox::ctl::imageFromProperties(path, stored);
        m_images.insert(info.id, info);
        m_pathToId.insert(path, info.id);
        if (known)
            Q_EMIT imageChanged(info.id);
        else
            Q_EMIT imageAdded(info.id);
    }
}

void HelperClient::removeObject(const QString &path)
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
    if (m_containers.remove(id)) {
        m_stopRequests.remove(id);
        Q_EMIT containerRemoved(id);
    } else if (m_images.remove(id)) {
        Q_EMIT imageRemoved(id);
    }
}

void HelperClient::onInterfacesAdded(const QDBusMessage &message)
{
    const QVariantList args = message.arguments();
    const QString path = args.value(0).value<QDBusObjectPath>().path();
    QMap<QString, QVariantMap> interfaces;
    args.value(1).value<QDBusArgument>() >> interfaces;
    for (auto it = interfaces.cbegin(); it != interfaces.cend(); ++it) {
        addObject(path, it.key(), it.value());
        if (it.key() == jobInterface())
            finishJob(path, m_jobs.value(path));
    }
}

void HelperClient::onInterfacesRemoved(const QDBusMessage &message)
{
    removeObject(message.arguments().value(0).value<QDBusObjectPath>().path());
}

void HelperClient::onPropertiesChanged(const QDBusMessage &message)
{
    const QVariantList args = message.arguments();
    const QString interface = args.value(0).toString();
    QVariantMap changed;
    args.value(1).value<QDBusArgument>() >> changed;
    const QString path = message.path();
    if (interface == jobInterface()) {
        QVariantMap &job = m_jobs[path];
        job.insert(changed);
        finishJob(path, job);
        return;
    }
    if (!m_properties.contains(path))
        return; // not announced yet: GetManagedObjects or InterfacesAdded will bring it
    addObject(path, interface, changed);
}

void HelperClient::finishJob(const QString &path, const QVariantMap &properties)
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

QString HelperClient::containerLabel(const QString &id) const
{
    const ContainerInfo info = m_containers.value(id);
    return info.name.isEmpty() ? id.left(12) : info.name;
}

QString HelperClient::errorMessage(const QString &action, const QDBusMessage &reply)
{
    const QString name = reply.errorName();
    const QString detail = reply.errorMessage();
    if (name == QLatin1String("org.glassbox.Error.NotAuthorized"))
        return tr("You are not allowed to %1.").arg(action);
    if (name == QLatin1String("org.glassbox.Error.NotFound"))
        return tr("Could not %1: it no longer exists (%2).").arg(action, detail);
    if (name == QLatin1String("org.glassbox.Error.Busy"))
        return tr("Could not %1 because it is busy: %2").arg(action, detail);
    if (name == QLatin1String("org.glassbox.Error.InvalidArgument"))
        return tr("Could not %1, the input was refused: %2").arg(action, detail);
    if (name == QLatin1String("org.freedesktop.DBus.Error.ServiceUnknown") ||
        name == QLatin1String("org.freedesktop.DBus.Error.NameHasNoOwner"))
        return tr("Could not %1: the Glassbox helper (glassbox-helper) is not running or not "
                  "installed.")
            .arg(action);
    if (name == QLatin1String("org.freedesktop.DBus.Error.NoReply") ||
        name == QLatin1String("org.freedesktop.DBus.Error.Timeout"))
        return tr("Could not %1: the Glassbox helper did not answer in time.").arg(action);
    if (name == QLatin1String("org.freedesktop.DBus.Error.AccessDenied"))
        return tr("Could not %1: the system bus refused the call (%2).").arg(action, detail);
    if (name == QLatin1String("org.freedesktop.DBus.Error.Disconnected"))
        return tr("Could not %1: the connection to the system bus is lost.").arg(action);
    return tr("Could not %1: %2").arg(action, detail.isEmpty() ? name : detail);
}

void HelperClient::mutate(const QString &path, const QString &interface, const QString &method,
                          const QVariantList &args, const QString &action,
                          std::function<void(const QDBusMessage &)> done, QObject *context)
{
    Q_EMIT actionStarted(action);
    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    call(
        path, interface, method, args, this,
        [this, action, guard, hasContext, done = std::move(done)](const QDBusMessage &reply) {
            if (reply.type() != QDBusMessage::ReplyMessage) {
                Q_EMIT actionFailed(action, errorMessage(action, reply), reply.errorName());
                return;
            }
            Q_EMIT actionSucceeded(action);
            if (done && (!hasContext || guard))
                done(reply);
        },
        true);
}

void HelperClient::containerMethod(const QString &id, const QString &method,
                                   const QVariantList &args, const QString &action)
{
    mutate(containerPath(id), containerInterface(), method, args, action);
}

void HelperClient::getStats(const QStringList &ids, QObject *context,
                            std::function<void(const StatsList &)> done,
                            std::function<void(const QString &)> failed)
{
    // The helper refuses the whole call for an id it does not know (one removed meanwhile).
    QStringList known;
    for (const QString &id : ids)
        if (m_containers.contains(id))
            known.append(id);
    if (known.isEmpty())
        return done({});
    call(kManagerPath, managerInterface(), QStringLiteral("GetStats"), {known}, context,
         [done = std::move(done), failed = std::move(failed)](const QDBusMessage &reply) {
             if (reply.type() != QDBusMessage::ReplyMessage) {
                 if (failed)
                     failed(errorMessage(tr("read the containers' statistics"), reply));
                 return;
             }
             done(glassbox::ctl::statsFromArgument(
                 reply.arguments().value(0).value<QDBusArgument>()));
         });
}

void HelperClient::createContainer(const QString &image, const QString &name,
                                   const QVariantMap &options, bool start, QObject *context,
                                   std::function<void(const QString &)> done)
{
    const QString action = name.isEmpty() ? tr("create a container from “%1”").arg(image)
                                          : tr("create the container “%1”").arg(name);
    mutate(
        kManagerPath, managerInterface(), QStringLiteral("CreateContainer"), {image, name, options},
        action,
        [this, start, done = std::move(done)](const QDBusMessage &reply) {
            const QString path = reply.arguments().value(0).value<QDBusObjectPath>().path();
            const QString id = path.section(QLatin1Char('/'), -1);
            if (start)
                startContainer(id);
            if (done)
                done(id);
        },
        context);
}

void HelperClient::startContainer(const QString &id)
{
    containerMethod(id, QStringLiteral("Start"), {},
                    tr("start the container “%1”").arg(containerLabel(id)));
}

void HelperClient::stopContainer(const QString &id, uint timeoutSeconds)
{
    m_stopRequests.insert(id, monotonicMs());
    containerMethod(id, QStringLiteral("Stop"), {timeoutSeconds},
                    tr("stop the container “%1”").arg(containerLabel(id)));
}

void HelperClient::restartContainer(const QString &id, uint timeoutSeconds)
{
    m_stopRequests.insert(id, monotonicMs());
    containerMethod(id, QStringLiteral("Restart"), {timeoutSeconds},
                    tr("restart the container “%1”").arg(containerLabel(id)));
}

void HelperClient::killContainer(const QString &id, int signal)
{
    m_stopRequests.insert(id, monotonicMs());
    containerMethod(id, QStringLiteral("Kill"), {signal},
                    tr("kill the container “%1”").arg(containerLabel(id)));
}

void HelperClient::pauseContainer(const QString &id)
{
    containerMethod(id, QStringLiteral("Pause"), {},
                    tr("pause the container “%1”").arg(containerLabel(id)));
}

void HelperClient::resumeContainer(const QString &id)
{
    containerMethod(id, QStringLiteral("Resume"), {},
                    tr("resume the container “%1”").arg(containerLabel(id)));
}

void HelperClient::removeContainer(const QString &id, bool force)
{
    m_stopRequests.insert(id, monotonicMs());
    containerMethod(id, QStringLiteral("Remove"), {force},
                    tr("remove the container “%1”").arg(containerLabel(id)));
}

bool HelperClient::stopRequested(const QString &id) const
{
    const auto it = m_stopRequests.constFind(id);
    return it != m_stopRequests.cend() && monotonicMs() - it.value() < kStopRequestMemoryMs;
}

void HelperClient::importImage(int fd, const QString &format, const QString &tag, QObject *context,
                               std::function<void(const QString &)> done)
{
    const QString action = tr("import an image");
    mutate(
        kManagerPath, managerInterface(), QStringLiteral("ImportImage"),
        {QVariant::fromValue(QDBusUnixFileDescriptor(fd)), format, tag}, action,
        [this, done = std::move(done)](const QDBusMessage &reply) {
            const QString path = reply.arguments().value(0).value<QDBusObjectPath>().path();
            done(path);
            // Its end may have been signalled before this reply was handled: tell again,
            // now that the caller knows the path.
            if (const QVariantMap job = m_jobs.value(path);
                job.value(QStringLiteral("Reported")).toBool()) {
                Q_EMIT jobFinished(path, job.value(QStringLiteral("State")).toString(),
                                   job.value(QStringLiteral("Result")).toString(),
                                   job.value(QStringLiteral("Error")).toString());
                return;
            }
            // The job may have ended (and been dropped) before its signals reached us.
            call(path, kProperties, QStringLiteral("GetAll"), {jobInterface()}, this,
                 [this, path](const QDBusMessage &state) {
                     if (state.type() != QDBusMessage::ReplyMessage) {
                         if (!m_jobs.value(path).value(QStringLiteral("Reported")).toBool()) {
                             m_jobs[path].insert(QStringLiteral("Reported"), true);
                             Q_EMIT jobFinished(path, QStringLiteral("gone"), QString(), QString());
                         }
                         return;
                     }
                     QVariantMap properties;
                     state.arguments().value(0).value<QDBusArgument>() >> properties;
                     QVariantMap &job = m_jobs[path];
                     job.insert(properties);
                     finishJob(path, job);
                 });
        },
        context);
}

void HelperClient::cancelJob(const QString &jobPath)
{
    mutate(jobPath, jobInterface(), QStringLiteral("Cancel"), {}, tr("cancel the import"));
}

void HelperClient::removeImage(const QString &id, bool force)
{
    const ImageInfo info = m_images.value(id);
    const QString label = info.tags.isEmpty() ? id.left(12) : info.tags.first();
    mutate(info.path, imageInterface(), QStringLiteral("Remove"), {force},
           tr("remove the image “%1”").arg(label));
}

void HelperClient::tagImage(const QString &id, const QString &reference)
{
    const ImageInfo info = m_images.value(id);
    mutate(info.path, imageInterface(), QStringLiteral("Tag"), {reference},
           tr("tag the image as “%1”").arg(reference));
}
