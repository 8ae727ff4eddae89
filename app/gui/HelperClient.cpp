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
#include <QRegularExpression>
#include <QTimer>

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
constexpr int kHeartbeatMs = 2000;

const QString kPolkitService = QStringLiteral("org.freedesktop.PolicyKit1");
const QString kPolkitPath = QStringLiteral("/org/freedesktop/PolicyKit1/Authority");
const QString kPolkitInterface = QStringLiteral("org.freedesktop.PolicyKit1.Authority");

/// Errors that the bus, not the helper, gives when no helper is there to answer.
bool meansNoHelper(const QString &errorName)
{
    return errorName == QLatin1String("org.freedesktop.DBus.Error.ServiceUnknown") ||
           errorName == QLatin1String("org.freedesktop.DBus.Error.NameHasNoOwner") ||
           errorName == QLatin1String("org.freedesktop.DBus.Error.Disconnected") ||
           errorName.startsWith(QLatin1String("org.freedesktop.DBus.Error.Spawn."));
}
bool meansNoAnswer(const QString &errorName)
{
    return errorName == QLatin1String("org.freedesktop.DBus.Error.NoReply") ||
           errorName == QLatin1String("org.freedesktop.DBus.Error.Timeout");
}

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
const QString HelperClient::kViewAction = QStringLiteral("org.glassbox.view");
const QString HelperClient::kManageAction = QStringLiteral("org.glassbox.container.manage");
const QString HelperClient::kPrivilegedAction = QStringLiteral("org.glassbox.container.privileged");
const QString HelperClient::kImagesAction = QStringLiteral("org.glassbox.images");
const QString HelperClient::kCancelOthersAction = QStringLiteral("org.glassbox.jobs.cancel-others");

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
    // A hung helper (stopped, deadlocked) leaves calls pending without an error for long: a
    // cheap property read every few seconds, answered by its event loop, tells sooner.
    m_heartbeat = new QTimer(this);
    m_heartbeat->setInterval(kHeartbeatMs);
    connect(m_heartbeat, &QTimer::timeout, this, &HelperClient::heartbeat);
    m_heartbeat->start();
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
            [this, watcher, guard, hasContext, handler = std::move(handler)] {
                watcher->deleteLater();
                const QDBusMessage reply = watcher->reply();
                noteReply(reply, false);
                if (hasContext && !guard)
                    return;
                if (handler)
                    handler(reply);
            });
}

void HelperClient::heartbeat()
{
    if (m_heartbeatPending)
        return;
    m_heartbeatPending = true;
    // The helper asks polkit again for every refused read: a user refused "view" is pinged
    // instead (answered below the helper's event loop, so only a stopped helper is seen).
    QDBusMessage message;
    if (authorization(kViewAction) == Authorization::No) {
        message = QDBusMessage::createMethodCall(kService, kManagerPath,
                                                 QStringLiteral("org.freedesktop.DBus.Peer"),
                                                 QStringLiteral("Ping"));
    } else {
        message = QDBusMessage::createMethodCall(kService, kManagerPath, kProperties,
                                                 QStringLiteral("Get"));
        message.setArguments({managerInterface(), QStringLiteral("Version")});
    }
    auto *watcher =
        new QDBusPendingCallWatcher(m_connection.asyncCall(message, kNotRespondingMs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_heartbeatPending = false;
        noteReply(watcher->reply(), true);
    });
}

void HelperClient::noteReply(const QDBusMessage &reply, bool heartbeat)
{
    const QString name = reply.type() == QDBusMessage::ErrorMessage ? reply.errorName() : QString();
    if (meansNoHelper(name)) {
        m_answered = true;
        return setReachable(false);
    }
    if (meansNoAnswer(name)) {
        // A long call (a Stop's timeout, a password prompt) may end so without a hung helper;
        // only the heartbeat's few seconds say that it does not answer.
        if (heartbeat)
            setResponding(false);
        return;
    }
    // Anything the helper said, a refusal included: it is there and it answers.
    m_answered = true;
    setReachable(true);
    setResponding(true);
}

void HelperClient::setReachable(bool reachable)
{
    if (m_reachable == reachable && m_reportedAnswer == m_answered)
        return;
    m_reachable = reachable;
    m_reportedAnswer = m_answered;
    Q_EMIT connectionChanged();
}

void HelperClient::setResponding(bool responding)
{
    if (m_responding == responding)
        return;
    m_responding = responding;
    Q_EMIT respondingChanged(responding);
    Q_EMIT connectionChanged();
}

QString HelperClient::connectionText() const
{
    if (!m_answered)
        return tr("Connecting to the helper…");
    if (!m_reachable)
        return tr("Helper not reachable");
    if (!m_responding)
        return tr("Helper not responding");
    if (authorization(kViewAction) == Authorization::No)
        return tr("Helper connected; you may not view containers");
    return tr("Helper connected");
}

void HelperClient::checkAuthorizations()
{
    // Subject: this connection's bus name, as the helper's own checks see its calls (the
    // same user, session and process), so the answers match what the helper will decide.
    QDBusArgument subject;
    subject.beginStructure();
    subject << QStringLiteral("system-bus-name");
    subject.beginMap(QMetaType::fromType<QString>(), QMetaType::fromType<QDBusVariant>());
    subject.beginMapEntry();
    subject << QStringLiteral("name") << QDBusVariant(m_connection.baseService());
    subject.endMapEntry();
    subject.endMap();
    subject.endStructure();
    QDBusArgument details;
    details.beginMap(QMetaType::fromType<QString>(), QMetaType::fromType<QString>());
    details.endMap();
    for (const QString &action :
         {kViewAction, kManageAction, kPrivilegedAction, kImagesAction, kCancelOthersAction}) {
        QDBusMessage message = QDBusMessage::createMethodCall(
            kPolkitService, kPolkitPath, kPolkitInterface, QStringLiteral("CheckAuthorization"));
        // Flags 0: never asks for a password; "auth_admin" comes back as a challenge.
        message.setArguments({QVariant::fromValue(subject), action, QVariant::fromValue(details),
                              uint(0), QString()});
        auto *watcher =
            new QDBusPendingCallWatcher(m_connection.asyncCall(message, kReadTimeoutMs), this);
        connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher, action] {
            watcher->deleteLater();
            const QDBusMessage reply = watcher->reply();
            if (reply.type() != QDBusMessage::ReplyMessage)
                return; // no polkit to ask: Unknown, the helper decides
            bool authorized = false, challenge = false;
            const QDBusArgument result = reply.arguments().value(0).value<QDBusArgument>();
            result.beginStructure();
            result >> authorized >> challenge;
            result.endStructure();
            const Authorization answer = authorized  ? Authorization::Yes
                                         : challenge ? Authorization::AfterAuthentication
                                                     : Authorization::No;
            if (m_authorizations.value(action, Authorization::Unknown) == answer)
                return;
            m_authorizations.insert(action, answer);
            Q_EMIT authorizationsChanged();
            if (action == kViewAction)
                Q_EMIT connectionChanged();
        });
    }
}

void HelperClient::refresh()
{
    checkAuthorizations();
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
    // The helper's texts quote with backticks and may name the runtime's fields and its
    // components ("glassbox-shim: `process.args[0]`: executable `foo` not found in $PATH of
    // the container"): a person reads what that means, in “…”.
    QString detail = reply.errorMessage();
    static const QRegularExpression component(QStringLiteral("^(glassbox-[a-z]+: )+"));
    detail.remove(component);
    static const QRegularExpression noCommand(
        QStringLiteral("`process\\.args\\[0\\]`: executable `([^`]*)` not found in"));
    static const QRegularExpression notExecutable(
        QStringLiteral("`process\\.args\\[0\\]`: `([^`]*)` is not an executable file"));
    if (const auto match = noCommand.match(detail); match.hasMatch())
        return tr("Could not %1: the command “%2” was not found in the image.")
            .arg(action, match.captured(1));
    if (const auto match = notExecutable.match(detail); match.hasMatch())
        return tr("Could not %1: “%2” is not an executable file in the image.")
            .arg(action, match.captured(1));
    static const QRegularExpression backticks(QStringLiteral("`([^`]*)`"));
    detail.replace(backticks, QStringLiteral("“\\1”"));

    if (name == QLatin1String("org.glassbox.Error.NotAuthorized")) {
        // A refusal of one option (the helper names it and the polkit action) is not a
        // refusal of the whole action.
        if (detail.contains(QLatin1String("org.glassbox.")))
            return tr("Could not %1. %2.").arg(action, detail.left(1).toUpper() + detail.mid(1));
        return tr("You are not allowed to %1.").arg(action);
    }
    if (name == QLatin1String("org.glassbox.Error.NotFound")) {
        if (detail.contains(QLatin1String("not in the store")))
            return tr("Could not %1: %2. Import it with Import Image… first.").arg(action, detail);
        return tr("Could not %1: it no longer exists (%2).").arg(action, detail);
    }
    if (name == QLatin1String("org.glassbox.Error.Busy")) {
        if (detail.contains(QLatin1String(" is taken by ")))
            return tr("Could not %1: %2.").arg(action, detail);
        return tr("Could not %1 because it is busy: %2").arg(action, detail);
    }
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
    if (name == QLatin1String("org.freedesktop.DBus.Error.UnknownObject"))
        return tr("Could not %1: it no longer exists.").arg(action);
    // Qt's and the bus's own texts ("No such method 'X' in interface ..."): not for people.
    if (name.startsWith(QLatin1String("org.freedesktop.DBus.")) ||
        name.startsWith(QLatin1String("org.qtproject.")))
        return tr("Could not %1: the Glassbox helper did not understand the request (%2); the "
                  "application and the helper may be of different versions.")
            .arg(action, name);
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

void HelperClient::tagImage(const QString &id, const QString &reference, QObject *context,
                            std::function<void()> done)
{
    const ImageInfo info = m_images.value(id);
    std::function<void(const QDBusMessage &)> then;
    if (done)
        then = [done = std::move(done)](const QDBusMessage &) {
            done();
        };
    mutate(info.path, imageInterface(), QStringLiteral("Tag"), {reference},
           tr("tag the image as “%1”").arg(reference), std::move(then), context);
}
