// One container on the bus: /org/glassbox/Manager1/container/<id> with org.glassbox.Container1.
// Its state comes from the shim's files (started.json, exit.json) and the runtime's state;
// every method is validated, then authorized by polkit, then acted on.
#pragma once

#include "ContainerRecord.h"
#include "DBusTypes.h"
#include "Workers.h"

#include "glassbox/error.h"
#include "glassbox/state.h"

#include <QDBusContext>
#include <QDBusMessage>
#include <QDBusUnixFileDescriptor>
#include <QList>
#include <QObject>
#include <QStringList>
#include <functional>
#include <string>

struct HelperContext;

class Container : public QObject, protected QDBusContext
{
    Q_OBJECT
    Q_PROPERTY(QString Id READ id)
    Q_PROPERTY(QString Name READ name)
    Q_PROPERTY(QString Image READ image)
    Q_PROPERTY(QString State READ state)
    Q_PROPERTY(uint Pid READ pid)
    Q_PROPERTY(int ExitCode READ exitCode)
    Q_PROPERTY(bool OOMKilled READ oomKilled)
    Q_PROPERTY(QString FinishReason READ finishReason)
    Q_PROPERTY(qulonglong Created READ created)
    Q_PROPERTY(qulonglong StartedAt READ startedAt)
    Q_PROPERTY(qulonglong FinishedAt READ finishedAt)
    Q_PROPERTY(QStringList Command READ command)
    Q_PROPERTY(qulonglong MemoryLimit READ memoryLimit)
    Q_PROPERTY(qlonglong CpuQuota READ cpuQuota)
    Q_PROPERTY(qulonglong CpuPeriod READ cpuPeriod)
    Q_PROPERTY(qlonglong PidsLimit READ pidsLimit)
    Q_PROPERTY(bool UserNamespace READ userNamespace)
    Q_PROPERTY(bool Privileged READ privileged)
    Q_PROPERTY(uint Owner READ owner)
public:
    Container(HelperContext *context, ContainerRecord record, QObject *parent = nullptr);
    ~Container() override;

    [[nodiscard]] static QString objectPath(const QString &id);
    [[nodiscard]] static QString interfaceName()
    {
        return QStringLiteral("org.glassbox.Container1");
    }
    [[nodiscard]] QString path() const { return objectPath(m_record.id); }
    [[nodiscard]] const ContainerRecord &record() const { return m_record; }
    /// Every property, for GetManagedObjects and InterfacesAdded.
    [[nodiscard]] QVariantMap properties() const;
    [[nodiscard]] bool running() const;
    /// Busy with a start, stop or removal.
    [[nodiscard]] bool busy() const { return m_busy; }

    /// Picks the container's state up again after a helper (re)start: a live shim is watched
    /// again, an exit recorded while the helper was away is shown.
    void adopt();
    /// Re-reads the shim's files and the runtime's state; emits PropertiesChanged.
    void refresh();
    void shimExited();

    [[nodiscard]] QString id() const { return m_record.id; }
    [[nodiscard]] QString name() const { return m_record.name; }
    [[nodiscard]] QString image() const { return m_record.image; }
    [[nodiscard]] QString state() const { return m_state; }
    [[nodiscard]] uint pid() const { return m_pid; }
    [[nodiscard]] int exitCode() const { return m_exitCode; }
    [[nodiscard]] bool oomKilled() const { return m_oomKilled; }
    /// Why the last run ended: "requested", "oom", "exited", or "" while none has ended.
    [[nodiscard]] QString finishReason() const { return m_finishReason; }
    [[nodiscard]] qulonglong created() const { return m_record.created; }
    [[nodiscard]] qulonglong startedAt() const { return m_startedAt; }
    [[nodiscard]] qulonglong finishedAt() const { return m_finishedAt; }
    [[nodiscard]] QStringList command() const;
    [[nodiscard]] qulonglong memoryLimit() const;
    [[nodiscard]] qlonglong cpuQuota() const;
    [[nodiscard]] qulonglong cpuPeriod() const;
    [[nodiscard]] qlonglong pidsLimit() const;
    [[nodiscard]] bool userNamespace() const { return m_record.options.userNamespace; }
    [[nodiscard]] bool privileged() const { return m_record.options.privileged(); }
    /// The uid that created it (root's for records written before the creator was kept).
    [[nodiscard]] uint owner() const { return m_record.creatorUid; }

    // org.glassbox.Container1 (called by the generated adaptor).
    void Start();
    void Stop(uint timeoutSeconds);
    void Kill(int signal);
    void Restart(uint timeoutSeconds);
    void Pause();
    void Resume();
    void Remove(bool force);
    void Update(const QVariantMap &limits);
    QString Inspect();
    GbNamespaceList GetNamespaces();
    GbLayerList GetLayers(GbStringMap &paths);
    GbChangeList GetDiff();
    GbProcessList GetProcesses();
    GbCounterMap GetPressure();
    QString GetLogs(qulonglong maxBytes);
    QDBusUnixFileDescriptor OpenLog();
    int Exec(const QStringList &argv, QString &output);

Q_SIGNALS:
    /// The container and its files are gone; the manager drops the object.
    void removed(Container *container);

private:
    using Work = std::function<void(const QDBusMessage &)>;
    /// Defers the reply, asks polkit for `actions` and runs `work` if granted.
    void authorized(const QString &verb, const QStringList &actions, Work work);
    /// authorized() for what holds the creator's secrets (environment, full spec, logs):
    /// view for the uid that created the container, view and manage for anyone else.
    void authorizedAsCreator(const QString &verb, Work work);
    void authorize(const QDBusMessage &call, const QString &verb, const QStringList &actions,
                   Work work);
    /// What running the container asks: manage, and privileged too for a container created
    /// with privileged options, every time, whoever created it.
    [[nodiscard]] QStringList runActions() const;
    /// What a read-only view answers: the reply's arguments, or an error's text.
    struct ViewAnswer
    {
        QVariantList arguments;
        QString error;
    };
    /// Runs `work` on a worker (a view that reads files or takes a lock must not hold up the
    /// event loop) and replies to `call` with what it found.
    void answerFromWorker(const QDBusMessage &call, std::function<ViewAnswer()> work);
    void reply(const QDBusMessage &call, const QVariantList &arguments = {});
    void replyError(const QDBusMessage &call, const QString &name, const QString &text);

    /// Prepares the start on the container's queue (mount, the previous run's runtime state
    /// deleted under the container's lock), then spawnShim() on the event loop.
    void startShim(const QDBusMessage &call, std::function<void(bool)> done);
    void spawnShim(const QDBusMessage &call, const QString &bundle, std::function<void(bool)> done);
    /// systemd-run's arguments that run `shim` with `shimArguments` in this run's scope,
    /// machine.slice/glassbox-<id>-<run>.scope.
    [[nodiscard]] QStringList inScope(const QString &shim, const QStringList &shimArguments) const;
    /// Stops the running container (SIGTERM, SIGKILL after `timeoutSeconds`), showing
    /// "stopping" meanwhile, then calls `done`; at once when it is not running.
    void stopThen(uint timeoutSeconds, std::function<void()> done);
    /// Records, in the run's shim directory (so a restarted helper still knows), that someone
    /// asked this run to end: its exit is then published as FinishReason "requested".
    void markStopRequested();
    /// A runtime call on this container (it takes the container's lock, which another runtime
    /// command may hold) run on the container's queue; then, on the event loop, `then()` if
    /// it succeeded. A failure, or the object gone meanwhile, is answered to `call` here.
    using RuntimeCall =
        std::function<glassbox::Status(const glassbox::StateStore &, const std::string &id)>;
    void queueRuntimeCall(const QDBusMessage &call, RuntimeCall command,
                          std::function<void()> then);
    void finishRemove(const QDBusMessage &call);
    /// Update's second half: the new limits into the record and the bundle, then the reply.
    void saveLimits(const QDBusMessage &call, const ContainerLimits &parsed);
    void setState(const QString &state, uint pid);
    QString shimFile(const char *name) const;
    void watchShim();
    /// With the shim gone (killed: no exit.json), watches the container's init itself through
    /// a pidfd, so that its exit is seen; once the container has stopped, removes what the
    /// shim would have (the runtime's state and cgroups, shim.pid naming a dead pid).
    void followInit();

    HelperContext *m_context;
    ContainerRecord m_record;
    QString m_state = QStringLiteral("created");
    uint m_pid = 0;
    int m_exitCode = 0;
    bool m_oomKilled = false;
    bool m_paused = false;
    bool m_busy = false;
    /// A stop's grace period runs: State is "stopping" while the container is alive.
    bool m_stopping = false;
    /// Numbers the stops, so that an older stop's deadline does not end a later one's.
    quint64 m_stopGeneration = 0;
    bool m_stopRequested = false;
    QString m_finishReason;
    bool m_shimAlive = false;
    /// The monitor watches this run's init in place of its dead shim; its exit was seen.
    bool m_initWatched = false;
    bool m_initExited = false;
    qulonglong m_startedAt = 0;
    qulonglong m_finishedAt = 0;
    QList<std::function<void()>> m_whenStopped;
    QList<std::function<void()>> m_whenShimGone;
    /// The container's lifecycle work that may wait (its runtime lock, its processes), in order.
    Workers::Queue m_lifecycle;
};
