// One container on the bus: /org/glassbox/Manager1/container/<id> with org.glassbox.Container1.
// This class is the D-Bus facade: each method validates its arguments, is authorized by
// polkit (BusObject), then is handed to the container's lifecycle (ContainerLifecycle, with
// its state machine ContainerState) or answered from a worker (the read-only views).
#pragma once

#include "BusObject.h"
#include "ContainerLifecycle.h"
#include "ContainerRecord.h"
#include "DBusTypes.h"

#include <QDBusUnixFileDescriptor>
#include <QStringList>

namespace glassbox::helper {

struct HelperContext;

class Container : public BusObject
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
    Q_PROPERTY(QString Network READ network)
    Q_PROPERTY(GbPortList Ports READ ports)
public:
    Container(HelperContext *context, ContainerRecord record, QObject *parent = nullptr);

    [[nodiscard]] static QString objectPath(const QString &id);
    [[nodiscard]] static QString interfaceName()
    {
        return QStringLiteral("org.glassbox.Container1");
    }
    [[nodiscard]] QString path() const override { return objectPath(record().id); }
    [[nodiscard]] const ContainerRecord &record() const { return m_lifecycle.record(); }
    [[nodiscard]] QVariantMap properties() const override;
    /// Running, paused or stopping.
    [[nodiscard]] bool running() const { return m_lifecycle.state().live(); }
    /// Busy with a start or a removal.
    [[nodiscard]] bool busy() const { return m_lifecycle.state().busy(); }

    /// See ContainerLifecycle: after a helper (re)start, on a change of the shim's files, on
    /// the shim's exit.
    void adopt() { m_lifecycle.adopt(); }
    void refresh() { m_lifecycle.refresh(); }
    void shimExited() { m_lifecycle.shimExited(); }

    [[nodiscard]] QString id() const { return record().id; }
    [[nodiscard]] QString name() const { return record().name; }
    [[nodiscard]] QString image() const { return record().image; }
    [[nodiscard]] QString state() const { return m_lifecycle.state().wireName(); }
    [[nodiscard]] uint pid() const { return m_lifecycle.state().pid(); }
    [[nodiscard]] int exitCode() const { return m_lifecycle.state().exitCode(); }
    [[nodiscard]] bool oomKilled() const { return m_lifecycle.state().oomKilled(); }
    /// Why the last run ended: "requested", "oom", "exited", or "" while none has ended.
    [[nodiscard]] QString finishReason() const { return m_lifecycle.state().finishReason(); }
    [[nodiscard]] qulonglong created() const { return record().created; }
    [[nodiscard]] qulonglong startedAt() const { return m_lifecycle.state().startedAt(); }
    [[nodiscard]] qulonglong finishedAt() const { return m_lifecycle.state().finishedAt(); }
    [[nodiscard]] QStringList command() const { return record().options.command; }
    // The limits, with 0 or -1 for none.
    [[nodiscard]] qulonglong memoryLimit() const { return limits().memoryLimit.value_or(0); }
    [[nodiscard]] qlonglong cpuQuota() const { return limits().cpuQuota.value_or(-1); }
    [[nodiscard]] qulonglong cpuPeriod() const { return limits().cpuPeriod.value_or(0); }
    [[nodiscard]] qlonglong pidsLimit() const { return limits().pidsLimit.value_or(-1); }
    [[nodiscard]] bool userNamespace() const { return record().options.userNamespace; }
    [[nodiscard]] bool privileged() const { return record().options.privileged(); }
    /// The uid that created it (root's for records written before the creator was kept).
    [[nodiscard]] uint owner() const { return record().creatorUid; }
    [[nodiscard]] QString network() const { return record().options.network; }
    /// As created; while it runs on a network, with the host ports chosen at its start.
    [[nodiscard]] GbPortList ports() const;

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
    QString GetNetwork();
    GbNamespaceList GetNamespaces();
    QString GetSecurityReport();
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
    [[nodiscard]] const ContainerLimits &limits() const { return record().options.limits; }
    /// What polkit is asked to grant for `verb` on this container.
    [[nodiscard]] Authorization asking(const QString &verb, QStringList actions) const;
    /// What running the container asks: manage, and privileged too for a container created
    /// with privileged options, every time, whoever created it.
    [[nodiscard]] QStringList runActions() const;
    /// authorized() for what holds the creator's secrets (environment, full spec, logs):
    /// view for the uid that created the container, view and manage for anyone else.
    void authorizedAsCreator(const QString &verb, Work work);
    /// A read-only view: authorized with view, refused unless the container runs when
    /// `whileRunning`, then answered from a worker by what `prepare()` returns (prepared once
    /// granted, on the event loop: it may read the container's state).
    using Read = std::function<HelperResult<QVariantList>()>;
    void view(bool whileRunning, std::function<Read()> prepare);

    ContainerLifecycle m_lifecycle;
};

} // namespace glassbox::helper
