// HelperClient: see HelperClient.h.
#include "HelperClient.h"

#include "BusNames.h"
#include "ErrorText.h"

#include <QDBusArgument>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusServiceWatcher>
#include <QDBusUnixFileDescriptor>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QTimer>

using glassbox::client::Calls;
using glassbox::client::ContainerInfo;
using glassbox::client::ImageInfo;
using glassbox::client::StatsList;

namespace {

using glassbox::api::kJobInterface;
using glassbox::api::kManagerInterface;
using glassbox::api::kPropertiesInterface;
using glassbox::client::errorText;
using glassbox::client::meansNoAnswer;
using glassbox::client::meansNoHelper;
constexpr qint64 kStopRequestMemoryMs = 60 * 1000;
constexpr int kHeartbeatMs = 2000;

const QString kPolkitService = QStringLiteral("org.freedesktop.PolicyKit1");
const QString kPolkitPath = QStringLiteral("/org/freedesktop/PolicyKit1/Authority");
const QString kPolkitInterface = QStringLiteral("org.freedesktop.PolicyKit1.Authority");

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

const QString HelperClient::kService = glassbox::api::kService;
const QString HelperClient::kManagerPath = glassbox::api::kManagerPath;
const QString HelperClient::kViewAction = glassbox::api::action::kView;
const QString HelperClient::kManageAction = glassbox::api::action::kManage;
const QString HelperClient::kPrivilegedAction = glassbox::api::action::kPrivileged;
const QString HelperClient::kImagesAction = glassbox::api::action::kImages;
const QString HelperClient::kCancelOthersAction = glassbox::api::action::kCancelOthers;

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
    : QObject(parent), m_connection(std::move(connection)), m_calls(m_connection)
{
    registerGlassboxDBusTypes();
    m_mirror = new glassbox::client::ObjectMirror(m_connection, this);
    using glassbox::client::ObjectMirror;
    connect(m_mirror, &ObjectMirror::containerAdded, this, &HelperClient::containerAdded);
    connect(m_mirror, &ObjectMirror::containerChanged, this,
            [this](const QString &id, const QVariantMap &changed) {
                Q_EMIT containerChanged(id, changed.keys());
            });
    connect(m_mirror, &ObjectMirror::containerStateChanged, this,
            &HelperClient::containerStateChanged);
    connect(m_mirror, &ObjectMirror::containerRemoved, this, [this](const QString &id) {
        m_stopRequests.remove(id);
        Q_EMIT containerRemoved(id);
    });
    connect(m_mirror, &ObjectMirror::imageAdded, this, &HelperClient::imageAdded);
    connect(m_mirror, &ObjectMirror::imageChanged, this, &HelperClient::imageChanged);
    connect(m_mirror, &ObjectMirror::imageRemoved, this, &HelperClient::imageRemoved);
    connect(m_mirror, &ObjectMirror::jobChanged, this, &HelperClient::jobChanged);
    connect(m_mirror, &ObjectMirror::jobFinished, this, &HelperClient::jobFinished);
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
    return glassbox::api::containerPath(id);
}

void HelperClient::call(const QString &path, const QString &interface, const QString &method,
                        const QVariantList &args, QObject *context, ReplyHandler handler,
                        bool interactive)
{
    watch(m_calls.call(path, interface, method, args,
                       interactive ? Calls::Access::Change : Calls::Access::Read),
          context, std::move(handler));
}

void HelperClient::watch(const QDBusPendingCall &call, QObject *context, ReplyHandler handler)
{
    auto *watcher = new QDBusPendingCallWatcher(call, this);
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
        message = QDBusMessage::createMethodCall(kService, kManagerPath, kPropertiesInterface,
                                                 QStringLiteral("Get"));
        message.setArguments({kManagerInterface, QStringLiteral("Version")});
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
        auto *watcher = new QDBusPendingCallWatcher(
            m_connection.asyncCall(message, Calls::kReadTimeoutMs), this);
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
    watch(m_calls.getManagedObjects(), this, [this](const QDBusMessage &reply) {
        if (reply.type() != QDBusMessage::ReplyMessage) {
            setAvailable(false);
            Q_EMIT actionFailed(tr("list containers and images"),
                                errorText(reply, {tr("list containers and images")}),
                                reply.errorName());
            return;
        }
        m_mirror->apply(glassbox::api::managedObjects(reply));
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

QString HelperClient::containerLabel(const QString &id) const
{
    const ContainerInfo info = m_mirror->container(id);
    return info.name.isEmpty() ? id.left(12) : info.name;
}

void HelperClient::mutate(const QDBusPendingCall &call, const QString &action,
                          std::function<void(const QDBusMessage &)> done, QObject *context)
{
    Q_EMIT actionStarted(action);
    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    watch(call, this,
          [this, action, guard, hasContext, done = std::move(done)](const QDBusMessage &reply) {
              if (reply.type() != QDBusMessage::ReplyMessage) {
                  Q_EMIT actionFailed(action, errorText(reply, {action}), reply.errorName());
                  return;
              }
              Q_EMIT actionSucceeded(action);
              if (done && (!hasContext || guard))
                  done(reply);
          });
}

void HelperClient::getStats(const QStringList &ids, QObject *context,
                            std::function<void(const StatsList &)> done,
                            std::function<void(const QString &)> failed)
{
    // The helper refuses the whole call for an id it does not know (one removed meanwhile).
    QStringList known;
    for (const QString &id : ids)
        if (m_mirror->hasContainer(id))
            known.append(id);
    if (known.isEmpty())
        return done({});
    watch(m_calls.getStats(known), context,
          [done = std::move(done), failed = std::move(failed)](const QDBusMessage &reply) {
              if (reply.type() != QDBusMessage::ReplyMessage) {
                  if (failed)
                      failed(errorText(reply, {tr("read the containers' statistics")}));
                  return;
              }
              done(glassbox::api::listFromArgument<GbStats>(
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
        m_calls.createContainer(image, name, options), action,
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
    mutate(m_calls.start(id), tr("start the container “%1”").arg(containerLabel(id)));
}

void HelperClient::stopContainer(const QString &id, uint timeoutSeconds)
{
    m_stopRequests.insert(id, monotonicMs());
    mutate(m_calls.stop(id, timeoutSeconds), tr("stop the container “%1”").arg(containerLabel(id)));
}

void HelperClient::restartContainer(const QString &id, uint timeoutSeconds)
{
    m_stopRequests.insert(id, monotonicMs());
    mutate(m_calls.restart(id, timeoutSeconds),
           tr("restart the container “%1”").arg(containerLabel(id)));
}

void HelperClient::killContainer(const QString &id, int signal)
{
    m_stopRequests.insert(id, monotonicMs());
    mutate(m_calls.kill(id, signal), tr("kill the container “%1”").arg(containerLabel(id)));
}

void HelperClient::pauseContainer(const QString &id)
{
    mutate(m_calls.pause(id), tr("pause the container “%1”").arg(containerLabel(id)));
}

void HelperClient::resumeContainer(const QString &id)
{
    mutate(m_calls.resume(id), tr("resume the container “%1”").arg(containerLabel(id)));
}

void HelperClient::removeContainer(const QString &id, bool force)
{
    m_stopRequests.insert(id, monotonicMs());
    mutate(m_calls.removeContainer(id, force),
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
    mutate(m_calls.importImage(QDBusUnixFileDescriptor(fd), format, tag), tr("import an image"),
           followJob(std::move(done)), context);
}

void HelperClient::pullImage(const QString &reference, const QVariantMap &options, QObject *context,
                             std::function<void(const QString &)> done)
{
    mutate(m_calls.pullImage(reference, options), tr("pull the image “%1”").arg(reference),
           followJob(std::move(done)), context);
}

std::function<void(const QDBusMessage &)>
HelperClient::followJob(std::function<void(const QString &jobPath)> done)
{
    return [this, done = std::move(done)](const QDBusMessage &reply) {
        const QString path = reply.arguments().value(0).value<QDBusObjectPath>().path();
        done(path);
        // Its end may have been signalled before this reply was handled: tell again, now
        // that the caller knows the path.
        if (const QVariantMap job = m_mirror->job(path);
            job.value(QStringLiteral("Reported")).toBool()) {
            Q_EMIT jobFinished(path, job.value(QStringLiteral("State")).toString(),
                               job.value(QStringLiteral("Result")).toString(),
                               job.value(QStringLiteral("Error")).toString());
            return;
        }
        // The job may have ended (and been dropped) before its signals reached us.
        watch(m_calls.getAllProperties(path, kJobInterface), this,
              [this, path](const QDBusMessage &state) {
                  if (state.type() != QDBusMessage::ReplyMessage) {
                      m_mirror->jobVanished(path);
                      return;
                  }
                  QVariantMap properties;
                  state.arguments().value(0).value<QDBusArgument>() >> properties;
                  m_mirror->updateJob(path, properties);
              });
    };
}

QList<GbJobLayer> HelperClient::jobLayers(const QString &jobPath) const
{
    // The mirror keeps the property as it came: an unmarshalled a(sstt).
    const QVariant value = m_mirror->job(jobPath).value(QStringLiteral("Layers"));
    if (value.canConvert<QDBusArgument>())
        return glassbox::api::listFromArgument<GbJobLayer>(value.value<QDBusArgument>());
    return value.value<QList<GbJobLayer>>();
}

void HelperClient::cancelJob(const QString &jobPath)
{
    mutate(m_calls.cancelJob(jobPath), tr("cancel the job"));
}

void HelperClient::removeImage(const QString &id, bool force)
{
    const ImageInfo info = m_mirror->image(id);
    const QString label = info.tags.isEmpty() ? id.left(12) : info.tags.first();
    mutate(m_calls.removeImage(id, force), tr("remove the image “%1”").arg(label));
}

void HelperClient::tagImage(const QString &id, const QString &reference, QObject *context,
                            std::function<void()> done)
{
    std::function<void(const QDBusMessage &)> then;
    if (done)
        then = [done = std::move(done)](const QDBusMessage &) {
            done();
        };
    mutate(m_calls.tagImage(id, reference), tr("tag the image as “%1”").arg(reference),
           std::move(then), context);
}
