// The helper's methods as typed calls; see Calls.h.
#include "Calls.h"

#include "BusNames.h"

#include <QDBusMessage>
#include <QDBusUnixFileDescriptor>

namespace glassbox::client {

Calls::Calls(QDBusConnection bus, Reads reads) : m_bus(std::move(bus)), m_reads(reads) {}

QDBusPendingCall Calls::call(const QString &path, const QString &interface, const QString &method,
                             const QVariantList &args, Access access) const
{
    QDBusMessage message = QDBusMessage::createMethodCall(api::kService, path, interface, method);
    message.setArguments(args);
    const bool patient = access == Access::Change || m_reads == Reads::LikeChange;
    message.setInteractiveAuthorizationAllowed(patient);
    return m_bus.asyncCall(message, patient ? kMutatingTimeoutMs : kReadTimeoutMs);
}

QDBusPendingCall Calls::onContainer(const QString &id, QLatin1String method,
                                    const QVariantList &args, Access access) const
{
    return call(api::containerPath(id), api::kContainerInterface, method, args, access);
}

QDBusPendingCall Calls::onImage(const QString &id, QLatin1String method, const QVariantList &args,
                                Access access) const
{
    return call(api::imagePath(id), api::kImageInterface, method, args, access);
}

QDBusPendingCall Calls::createContainer(const QString &image, const QString &name,
                                        const QVariantMap &options) const
{
    return call(api::kManagerPath, api::kManagerInterface, QStringLiteral("CreateContainer"),
                {image, name, options}, Access::Change);
}

QDBusPendingCall Calls::pullImage(const QString &reference, const QVariantMap &options) const
{
    return call(api::kManagerPath, api::kManagerInterface, QStringLiteral("PullImage"),
                {reference, options}, Access::Change);
}

QDBusPendingCall Calls::importImage(const QDBusUnixFileDescriptor &archive, const QString &format,
                                    const QString &tag) const
{
    return call(api::kManagerPath, api::kManagerInterface, QStringLiteral("ImportImage"),
                {QVariant::fromValue(archive), format, tag}, Access::Change);
}

QDBusPendingCall Calls::getStats(const QStringList &ids) const
{
    return call(api::kManagerPath, api::kManagerInterface, QStringLiteral("GetStats"), {ids},
                Access::Read);
}

QDBusPendingCall Calls::getManagedObjects() const
{
    return call(api::kManagerPath, api::kObjectManagerInterface,
                QStringLiteral("GetManagedObjects"), {}, Access::Read);
}

QDBusPendingCall Calls::listNetworks() const
{
    return call(api::kManagerPath, api::kManagerInterface, QStringLiteral("ListNetworks"), {},
                Access::Read);
}

QDBusPendingCall Calls::createNetwork(const QString &name, const QVariantMap &options) const
{
    return call(api::kManagerPath, api::kManagerInterface, QStringLiteral("CreateNetwork"),
                {name, options}, Access::Change);
}

QDBusPendingCall Calls::removeNetwork(const QString &name) const
{
    return call(api::kManagerPath, api::kManagerInterface, QStringLiteral("RemoveNetwork"), {name},
                Access::Change);
}

QDBusPendingCall Calls::inspectNetwork(const QString &name) const
{
    return call(api::kManagerPath, api::kManagerInterface, QStringLiteral("InspectNetwork"), {name},
                Access::Read);
}

QDBusPendingCall Calls::start(const QString &id) const
{
    return onContainer(id, QLatin1String("Start"), {}, Access::Change);
}

QDBusPendingCall Calls::stop(const QString &id, uint timeoutSeconds) const
{
    return onContainer(id, QLatin1String("Stop"), {timeoutSeconds}, Access::Change);
}

QDBusPendingCall Calls::restart(const QString &id, uint timeoutSeconds) const
{
    return onContainer(id, QLatin1String("Restart"), {timeoutSeconds}, Access::Change);
}

QDBusPendingCall Calls::kill(const QString &id, int signal) const
{
    return onContainer(id, QLatin1String("Kill"), {signal}, Access::Change);
}

QDBusPendingCall Calls::pause(const QString &id) const
{
    return onContainer(id, QLatin1String("Pause"), {}, Access::Change);
}

QDBusPendingCall Calls::resume(const QString &id) const
{
    return onContainer(id, QLatin1String("Resume"), {}, Access::Change);
}

QDBusPendingCall Calls::removeContainer(const QString &id, bool force) const
{
    return onContainer(id, QLatin1String("Remove"), {force}, Access::Change);
}

QDBusPendingCall Calls::exec(const QString &id, const QStringList &argv) const
{
    return onContainer(id, QLatin1String("Exec"), {argv}, Access::Change);
}

QDBusPendingCall Calls::inspectContainer(const QString &id) const
{
    return onContainer(id, QLatin1String("Inspect"), {}, Access::Read);
}

QDBusPendingCall Calls::getNamespaces(const QString &id) const
{
    return onContainer(id, QLatin1String("GetNamespaces"), {}, Access::Read);
}

QDBusPendingCall Calls::getContainerLayers(const QString &id) const
{
    return onContainer(id, QLatin1String("GetLayers"), {}, Access::Read);
}

QDBusPendingCall Calls::getDiff(const QString &id) const
{
    return onContainer(id, QLatin1String("GetDiff"), {}, Access::Read);
}

QDBusPendingCall Calls::getProcesses(const QString &id) const
{
    return onContainer(id, QLatin1String("GetProcesses"), {}, Access::Read);
}

QDBusPendingCall Calls::getSecurityReport(const QString &id) const
{
    return onContainer(id, QLatin1String("GetSecurityReport"), {}, Access::Read);
}

QDBusPendingCall Calls::getNetwork(const QString &id) const
{
    return onContainer(id, QLatin1String("GetNetwork"), {}, Access::Read);
}

QDBusPendingCall Calls::getLogs(const QString &id, quint64 maxBytes) const
{
    return onContainer(id, QLatin1String("GetLogs"), {QVariant::fromValue(qulonglong(maxBytes))},
                       Access::Read);
}

QDBusPendingCall Calls::openLog(const QString &id) const
{
    return onContainer(id, QLatin1String("OpenLog"), {}, Access::Read);
}

QDBusPendingCall Calls::removeImage(const QString &id, bool force) const
{
    return onImage(id, QLatin1String("Remove"), {force}, Access::Change);
}

QDBusPendingCall Calls::tagImage(const QString &id, const QString &reference) const
{
    return onImage(id, QLatin1String("Tag"), {reference}, Access::Change);
}

QDBusPendingCall Calls::inspectImage(const QString &id) const
{
    return onImage(id, QLatin1String("Inspect"), {}, Access::Read);
}

QDBusPendingCall Calls::getImageLayers(const QString &id) const
{
    return onImage(id, QLatin1String("GetLayers"), {}, Access::Read);
}

QDBusPendingCall Calls::cancelJob(const QString &jobPath) const
{
    return call(jobPath, api::kJobInterface, QStringLiteral("Cancel"), {}, Access::Change);
}

QDBusPendingCall Calls::getProperty(const QString &path, const QString &interface,
                                    const QString &name) const
{
    return call(path, api::kPropertiesInterface, QStringLiteral("Get"), {interface, name},
                Access::Read);
}

QDBusPendingCall Calls::getAllProperties(const QString &path, const QString &interface) const
{
    return call(path, api::kPropertiesInterface, QStringLiteral("GetAll"), {interface},
                Access::Read);
}

} // namespace glassbox::client
