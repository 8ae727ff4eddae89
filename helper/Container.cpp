// A container's D-Bus facade: validation, authorization, then the lifecycle or a worker
// (see Container.h).
#include "Container.h"

#include "ContainerInspector.h"
#include "HelperContext.h"
#include "Validation.h"

#include <fcntl.h>
#include <unistd.h>

namespace glassbox::helper {

namespace api = glassbox::api;
using Method = ContainerState::Method;

Container::Container(HelperContext *context, ContainerRecord record, QObject *parent)
    : BusObject(context, interfaceName(),
                HelperError::notFound(QStringLiteral("the container was removed")), parent),
      m_lifecycle(context, std::move(record))
{
    connect(&m_lifecycle, &ContainerLifecycle::changed, this, &Container::publishChanges);
    connect(&m_lifecycle, &ContainerLifecycle::removed, this, [this] { Q_EMIT removed(this); });
    publishChanges(); // what InterfacesAdded or GetManagedObjects tell first
}

QString Container::objectPath(const QString &id)
{
    return QStringLiteral("/org/glassbox/Manager1/container/") + id;
}

QVariantMap Container::properties() const
{
    return {{QStringLiteral("Id"), id()},
            {QStringLiteral("Name"), name()},
            {QStringLiteral("Image"), image()},
            {QStringLiteral("State"), state()},
            {QStringLiteral("Pid"), pid()},
            {QStringLiteral("ExitCode"), exitCode()},
            {QStringLiteral("OOMKilled"), oomKilled()},
            {QStringLiteral("FinishReason"), finishReason()},
            {QStringLiteral("Created"), created()},
            {QStringLiteral("StartedAt"), startedAt()},
            {QStringLiteral("FinishedAt"), finishedAt()},
            {QStringLiteral("Command"), command()},
            {QStringLiteral("MemoryLimit"), memoryLimit()},
            {QStringLiteral("CpuQuota"), cpuQuota()},
            {QStringLiteral("CpuPeriod"), cpuPeriod()},
            {QStringLiteral("PidsLimit"), pidsLimit()},
            {QStringLiteral("UserNamespace"), userNamespace()},
            {QStringLiteral("Privileged"), privileged()},
            {QStringLiteral("Owner"), owner()},
            {QStringLiteral("Network"), network()},
            {QStringLiteral("Ports"), QVariant::fromValue(ports())}};
}

GbPortList Container::ports() const
{
    const auto &attachment = m_lifecycle.attachment();
    if (!attachment)
        return record().options.ports;
    GbPortList published;
    for (const glassbox::net::PortMapping &port : attachment->ports)
        published.append({QString::fromStdString(port.hostIp), port.hostPort, port.containerPort,
                          QString::fromStdString(port.protocol)});
    return published;
}

BusObject::Authorization Container::asking(const QString &verb, QStringList actions) const
{
    return {std::move(actions),
            {{QStringLiteral("container"), name().isEmpty() ? id() : name()},
             {QStringLiteral("image"), image()},
             {QStringLiteral("verb"), verb}},
            QStringLiteral("not authorized to %1 containers").arg(verb)};
}

QStringList Container::runActions() const
{
    // The risk class stays with the container: what an administrator allowed at creation
    // (host bind mounts, added capabilities, no seccomp) is not handed on to every user with
    // the cached manage grant.
    if (privileged())
        return {api::action::kManage, api::action::kPrivileged};
    return {api::action::kManage};
}

void Container::authorizedAsCreator(const QString &verb, Work work)
{
    authorizedByCaller(
        [this, verb](Authorizer::Uid uid) {
            QStringList actions{api::action::kView};
            if (!uid || *uid != owner())
                actions.append(api::action::kManage);
            return asking(verb, actions);
        },
        std::move(work));
}

void Container::view(bool whileRunning, std::function<Read()> prepare)
{
    authorized(asking(QStringLiteral("view"), {api::action::kView}),
               [this, whileRunning, prepare = std::move(prepare)](const BusCall &call) {
                   if (auto refused = m_lifecycle.state().check(Method::View);
                       whileRunning && refused)
                       return call.fail(*refused);
                   answerFromWorker(call, prepare());
               });
}

void Container::Start()
{
    authorized(asking(QStringLiteral("start"), runActions()),
               [this](const BusCall &call) { m_lifecycle.start(call); });
}

void Container::Stop(uint timeoutSeconds)
{
    if (const QString refused = Validation::stopTimeoutError(timeoutSeconds); !refused.isEmpty())
        return sendErrorReply(api::error::kInvalidArgument, refused);
    authorized(
        asking(QStringLiteral("stop"), {api::action::kManage}),
        [this, timeoutSeconds](const BusCall &call) { m_lifecycle.stop(call, timeoutSeconds); });
}

void Container::Kill(int signal)
{
    if (!Validation::isSignal(signal))
        return sendErrorReply(api::error::kInvalidArgument, QStringLiteral("signal must be 1..64"));
    authorized(asking(QStringLiteral("kill"), {api::action::kManage}),
               [this, signal](const BusCall &call) { m_lifecycle.kill(call, signal); });
}

void Container::Restart(uint timeoutSeconds)
{
    if (const QString refused = Validation::stopTimeoutError(timeoutSeconds); !refused.isEmpty())
        return sendErrorReply(api::error::kInvalidArgument, refused);
    authorized(
        asking(QStringLiteral("restart"), runActions()),
        [this, timeoutSeconds](const BusCall &call) { m_lifecycle.restart(call, timeoutSeconds); });
}

void Container::Pause()
{
    authorized(asking(QStringLiteral("pause"), {api::action::kManage}),
               [this](const BusCall &call) { m_lifecycle.pause(call); });
}

void Container::Resume()
{
    authorized(asking(QStringLiteral("resume"), {api::action::kManage}),
               [this](const BusCall &call) { m_lifecycle.resume(call); });
}

void Container::Remove(bool force)
{
    authorized(asking(QStringLiteral("remove"), {api::action::kManage}),
               [this, force](const BusCall &call) { m_lifecycle.remove(call, force); });
}

void Container::Update(const QVariantMap &limits)
{
    for (auto it = limits.cbegin(); it != limits.cend(); ++it)
        if (!ContainerLimits::keys().contains(it.key()))
            return sendErrorReply(
                api::error::kInvalidArgument,
                QStringLiteral("unknown limit %1").arg(Validation::quoted(it.key())));
    ContainerLimits parsed;
    QString error;
    if (!ContainerLimits::parse(limits, &parsed, &error))
        return sendErrorReply(api::error::kInvalidArgument, error);
    authorized(asking(QStringLiteral("update"), runActions()),
               [this, parsed](const BusCall &call) { m_lifecycle.update(call, parsed); });
}

QString Container::Inspect()
{
    authorizedAsCreator(QStringLiteral("inspect"), [this](const BusCall &call) {
        // Takes the store's shared lock, which an import may hold for long.
        answerFromWorker(
            call,
            [context = m_context, record = record(),
             state = properties()]() -> HelperResult<QVariantList> {
                QString json, error;
                if (!ContainerInspector::inspect(context, record, state, &json, &error))
                    return tl::unexpected(HelperError::failed(error));
                return QVariantList{json};
            });
    });
    return {};
}

GbNamespaceList Container::GetNamespaces()
{
    // Counting every process's namespaces reads all of /proc.
    view(true, [this]() -> Read {
        return [pid = pid()]() -> HelperResult<QVariantList> {
            return QVariantList{QVariant::fromValue(ContainerInspector::namespaces(pid))};
        };
    });
    return {};
}

QString Container::GetSecurityReport()
{
    // Parses config.json and counts what its seccomp profile blocks; live namespaces too.
    view(false, [this]() -> Read {
        return [context = m_context, record = record(), pid = running() ? pid() : 0] {
            return ContainerInspector::securityReport(context, record, pid)
                .map([](const QString &json) { return QVariantList{json}; });
        };
    });
    return {};
}

QString Container::GetNetwork()
{
    view(false, [this]() -> Read {
        return [context = m_context, record = record(), attachment = m_lifecycle.attachment(),
                pid = running() ? pid() : 0]() -> HelperResult<QVariantList> {
            return ContainerInspector::network(context, record, attachment, pid)
                .map([](const QString &json) { return QVariantList{json}; });
        };
    });
    return {};
}

GbLayerList Container::GetLayers(GbStringMap &)
{
    // Scans the writable layer (any size).
    view(false, [this]() -> Read {
        return [context = m_context, record = record()]() -> HelperResult<QVariantList> {
            GbLayerList layers;
            GbStringMap paths;
            QString error;
            if (!ContainerInspector::layers(context, record, &layers, &paths, &error))
                return tl::unexpected(HelperError::failed(error));
            return QVariantList{QVariant::fromValue(layers), QVariant::fromValue(paths)};
        };
    });
    return {};
}

GbChangeList Container::GetDiff()
{
    // Walks the writable layer and looks each path up in the image's.
    view(false, [this]() -> Read {
        return [context = m_context, id = id()]() -> HelperResult<QVariantList> {
            GbChangeList changes;
            QString error;
            if (!ContainerInspector::diff(context, id, &changes, &error))
                return tl::unexpected(HelperError::failed(error));
            return QVariantList{QVariant::fromValue(changes)};
        };
    });
    return {};
}

GbProcessList Container::GetProcesses()
{
    // /proc of every process in the cgroup, and the user database; none while stopped.
    view(false, [this]() -> Read {
        return [context = m_context, id = id(), live = running()]() -> HelperResult<QVariantList> {
            GbProcessList processes;
            QString error;
            if (live && !ContainerInspector::processes(context, id, &processes, &error))
                return tl::unexpected(HelperError::failed(error));
            return QVariantList{QVariant::fromValue(processes)};
        };
    });
    return {};
}

GbCounterMap Container::GetPressure()
{
    view(true, [this]() -> Read {
        return [context = m_context, id = id()]() -> HelperResult<QVariantList> {
            GbCounterMap pressure;
            QString error;
            if (!ContainerInspector::pressure(context, id, &pressure, &error))
                return tl::unexpected(HelperError::failed(error));
            return QVariantList{QVariant::fromValue(pressure)};
        };
    });
    return {};
}

QString Container::GetLogs(qulonglong maxBytes)
{
    authorizedAsCreator(QStringLiteral("read the logs of"), [this, maxBytes](const BusCall &call) {
        call.reply({ContainerInspector::logs(m_lifecycle.shimFile("log"), maxBytes)});
    });
    return {};
}

QDBusUnixFileDescriptor Container::OpenLog()
{
    authorizedAsCreator(QStringLiteral("read the logs of"), [this](const BusCall &call) {
        const int fd = ::open(m_lifecycle.shimFile("log").toLocal8Bit().constData(),
                              O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
            return call.fail(HelperError::notFound(QStringLiteral("the container has no log yet")));
        QDBusUnixFileDescriptor descriptor(fd);
        ::close(fd);
        call.reply({QVariant::fromValue(descriptor)});
    });
    return {};
}

int Container::Exec(const QStringList &argv, QString &)
{
    if (const QString refused = Validation::argvError(argv); !refused.isEmpty())
        sendErrorReply(api::error::kInvalidArgument, refused);
    else
        authorized(asking(QStringLiteral("exec"), runActions()),
                   [this, argv](const BusCall &call) { m_lifecycle.exec(call, argv); });
    return 0;
}

} // namespace glassbox::helper
