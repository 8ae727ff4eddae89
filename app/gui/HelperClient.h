// The desktop application's connection to glassbox-helper: every call asynchronous, the
// container, image and job objects mirrored from the ObjectManager and PropertiesChanged
// signals, and failures turned into sentences a person can act on.
#pragma once

#include "Calls.h"
#include "ObjectInfo.h"
#include "ObjectMirror.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCall>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QVariantMap>

#include <functional>

class QDBusServiceWatcher;
class QTimer;

/// Mirrors the helper's objects and wraps its methods. Reads (GetStats, Inspect, ...) never
/// ask for interactive authorization; every mutating call allows it, so the desktop's polkit
/// agent can ask for a password. Failures of mutating calls are reported through
/// actionFailed() with a human message; the caller's handler is not called then.
class HelperClient : public QObject
{
    Q_OBJECT

public:
    using ReplyHandler = std::function<void(const QDBusMessage &reply)>;

    static const QString kService;
    static const QString kManagerPath;

    /// The system bus, or the bus at `address` (tests pass the fixture's, or
    /// DBUS_SYSTEM_BUS_ADDRESS is honoured by QDBusConnection::systemBus()).
    static QDBusConnection openBus(const QString &address, QString *error);

    explicit HelperClient(QDBusConnection connection, QObject *parent = nullptr);
    ~HelperClient() override;

    QDBusConnection connection() const { return m_connection; }
    /// Whether the helper answered the last GetManagedObjects.
    bool isAvailable() const { return m_available; }
    /// Whether the helper is on the bus (or can be started by it): false only when a call
    /// found no one to answer it, not when the helper refused it.
    bool isReachable() const { return m_reachable; }
    /// Whether the helper answers: false once a heartbeat (Version, every few seconds) went
    /// unanswered for kNotRespondingMs, true again at its next answer.
    bool isResponding() const { return m_responding; }
    /// The status bar's words for the above: "Helper connected", "Helper not responding", ...
    QString connectionText() const;
    /// How long the helper may leave a heartbeat unanswered before it counts as hung.
    static constexpr int kNotRespondingMs = 4000;

    /// polkit's action ids of the helper (api/BusNames.h, glassbox::api::action).
    static const QString kViewAction;
    static const QString kManageAction;
    static const QString kPrivilegedAction;
    static const QString kImagesAction;
    static const QString kCancelOthersAction;
    /// What polkit answered for this connection's user, asked without interaction.
    enum class Authorization { Unknown, Yes, AfterAuthentication, No };
    Authorization authorization(const QString &actionId) const
    {
        return m_authorizations.value(actionId, Authorization::Unknown);
    }
    /// Whether this user may do `actionId`, at once or after authenticating; true while
    /// polkit has not answered (the helper decides then).
    bool mayDo(const QString &actionId) const
    {
        return authorization(actionId) != Authorization::No;
    }
    /// Asks polkit again for every action id (CheckAuthorization, flags 0: never prompts).
    void checkAuthorizations();

    // What the helper publishes, as the mirror last saw it.
    QList<glassbox::client::ContainerInfo> containers() const { return m_mirror->containers(); }
    bool hasContainer(const QString &id) const { return m_mirror->hasContainer(id); }
    glassbox::client::ContainerInfo container(const QString &id) const
    {
        return m_mirror->container(id);
    }
    QList<glassbox::client::ImageInfo> images() const { return m_mirror->images(); }
    glassbox::client::ImageInfo image(const QString &id) const { return m_mirror->image(id); }
    /// The one mirror of the helper's objects this client keeps (the details tabs follow
    /// their container through it too).
    glassbox::client::ObjectMirror *mirror() const { return m_mirror; }
    static QString containerPath(const QString &id);

    /// Asks the helper for every object again (GetManagedObjects); done at construction
    /// and whenever the helper (re)appears on the bus.
    void refresh();

    /// The helper's methods as typed calls (reads quick and without interaction), for
    /// views that need one this class does not wrap; pass the call to watch().
    const glassbox::client::Calls &calls() const { return m_calls; }
    /// Hands `call`'s reply (or its error) to `handler` unless `context` died meanwhile, and
    /// notes what it says of the helper's presence.
    void watch(const QDBusPendingCall &call, QObject *context, ReplyHandler handler);
    /// watch() of a method Calls has no function for (tests send malformed calls so).
    void call(const QString &path, const QString &interface, const QString &method,
              const QVariantList &args, QObject *context, ReplyHandler handler,
              bool interactive = false);

    // Reads. A failure calls `failed` (if given) with a human message.
    void getStats(const QStringList &ids, QObject *context,
                  std::function<void(const glassbox::client::StatsList &)> done,
                  std::function<void(const QString &)> failed = {});

    // Mutating calls: results arrive as the objects' signals; failures as actionFailed().
    void createContainer(const QString &image, const QString &name, const QVariantMap &options,
                         bool start, QObject *context = nullptr,
                         std::function<void(const QString &id)> done = {});
    void startContainer(const QString &id);
    void stopContainer(const QString &id, uint timeoutSeconds = 10);
    void restartContainer(const QString &id, uint timeoutSeconds = 10);
    void killContainer(const QString &id, int signal = 9);
    void pauseContainer(const QString &id);
    void resumeContainer(const QString &id);
    void removeContainer(const QString &id, bool force);
    /// Imports from an open descriptor (the helper never opens a path of ours). `done`
    /// gets the job's object path; follow it with jobChanged()/jobFinished().
    void importImage(int fd, const QString &format, const QString &tag, QObject *context,
                     std::function<void(const QString &jobPath)> done);
    /// Pulls `reference` (options: Username, Password); `done` gets the job's path. Follow
    /// it with jobChanged()/jobFinished(), and its layers with jobLayers().
    void pullImage(const QString &reference, const QVariantMap &options, QObject *context,
                   std::function<void(const QString &jobPath)> done);
    void cancelJob(const QString &jobPath);
    /// A pull job's layers as last published (Job1.Layers).
    QList<GbJobLayer> jobLayers(const QString &jobPath) const;
    void removeImage(const QString &id, bool force);
    /// `done` runs after the tag landed (and after actionSucceeded), if `context` lives.
    void tagImage(const QString &id, const QString &reference, QObject *context = nullptr,
                  std::function<void()> done = {});

    /// Whether this client asked the container to stop, be killed, restart or be removed
    /// within the last minute (so its exit is not "unexpected").
    bool stopRequested(const QString &id) const;
    /// A container property as the helper last published it (invalid when not published,
    /// e.g. by an older helper): for properties ContainerInfo does not carry.
    QVariant containerProperty(const QString &id, const QString &name) const
    {
        return m_mirror->properties(containerPath(id)).value(name);
    }

Q_SIGNALS:
    void availableChanged(bool available);
    /// isReachable() or isResponding() changed (connectionText() with them).
    void connectionChanged();
    void respondingChanged(bool responding);
    /// authorization() has new answers.
    void authorizationsChanged();
    void containerAdded(const QString &id);
    void containerChanged(const QString &id, const QStringList &properties);
    void containerStateChanged(const QString &id, const QString &from, const QString &to);
    void containerRemoved(const QString &id);
    void imageAdded(const QString &id);
    void imageChanged(const QString &id);
    void imageRemoved(const QString &id);
    void jobChanged(const QString &path, double progress, const QString &state);
    /// state: "succeeded" (result = image id), "failed" (error), "cancelled", or "gone"
    /// when the helper dropped the job before this client saw its end.
    void jobFinished(const QString &path, const QString &state, const QString &result,
                     const QString &error);
    void actionStarted(const QString &action);
    void actionSucceeded(const QString &action);
    void actionFailed(const QString &action, const QString &message, const QString &errorName);

private:
    /// Watches a mutating call: actionStarted() now, then actionSucceeded() and `done`, or
    /// actionFailed() with the error as a sentence on `action`.
    void mutate(const QDBusPendingCall &call, const QString &action,
                std::function<void(const QDBusMessage &)> done = {}, QObject *context = nullptr);
    /// What a job-starting call's reply does: hands the path to `done` and makes sure the
    /// job's end is reported even if it came before the reply.
    std::function<void(const QDBusMessage &)>
    followJob(std::function<void(const QString &jobPath)> done);
    void setAvailable(bool available);
    /// What a reply (or its error) says of the helper's presence; `heartbeat`: whether a
    /// missing answer means it does not respond.
    void noteReply(const QDBusMessage &reply, bool heartbeat);
    void setReachable(bool reachable);
    void setResponding(bool responding);
    void heartbeat();
    QString containerLabel(const QString &id) const;

    QDBusConnection m_connection;
    glassbox::client::Calls m_calls;
    QDBusServiceWatcher *m_watcher = nullptr;
    bool m_available = false;
    bool m_answered = false; ///< any answer (or "no such service") seen yet
    bool m_reportedAnswer = false;
    bool m_reachable = true;
    bool m_responding = true;
    bool m_heartbeatPending = false;
    QTimer *m_heartbeat = nullptr;
    QHash<QString, Authorization> m_authorizations; // action id -> polkit's answer
    glassbox::client::ObjectMirror *m_mirror = nullptr;
    QHash<QString, qint64> m_stopRequests; // id -> monotonic ms
};
