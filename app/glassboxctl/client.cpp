// glassboxctl's D-Bus client; see client.h.
#include "client.h"

#include "BusNames.h"
#include "ErrorText.h"
#include "cli.h"
#include "manager1_proxy.h"

#include <QDBusArgument>
#include <QDBusError>
#include <QDBusObjectPath>

namespace glassbox::ctl {
namespace {

// Long enough for someone to type a password into the polkit agent, and for Stop to wait.
constexpr int kCallTimeoutMs = 10 * 60 * 1000;

} // namespace

const QString Client::kService = glassbox::api::kService;
const QString Client::kManagerPath = glassbox::api::kManagerPath;

QString Client::managerInterface()
{
    return QString::fromLatin1(OrgGlassboxManager1Interface::staticInterfaceName());
}
QString Client::containerInterface()
{
    return QString::fromLatin1(OrgGlassboxContainer1Interface::staticInterfaceName());
}
QString Client::imageInterface()
{
    return QString::fromLatin1(OrgGlassboxImage1Interface::staticInterfaceName());
}
QString Client::jobInterface()
{
    return QString::fromLatin1(OrgGlassboxJob1Interface::staticInterfaceName());
}

QDBusConnection Client::open(const QString &address, QString *error)
{
    QDBusConnection connection =
        address.isEmpty() ? QDBusConnection::systemBus()
                          : QDBusConnection::connectToBus(address, QStringLiteral("glassboxctl"));
    if (!connection.isConnected()) {
        *error = Glassboxctl::tr("cannot connect to the system bus%1: %2")
                     .arg(address.isEmpty() ? QString() : QStringLiteral(" at ") + address,
                          connection.lastError().message());
    }
    return connection;
}

QVariantList Client::call(const QString &path, const QString &interface, const QString &method,
                          const QVariantList &args, QString *error, bool *failed)
{
    QDBusMessage message = QDBusMessage::createMethodCall(kService, path, interface, method);
    message.setArguments(args);
    message.setInteractiveAuthorizationAllowed(true);
    const QDBusMessage reply = m_connection.call(message, QDBus::Block, kCallTimeoutMs);
    *failed = reply.type() != QDBusMessage::ReplyMessage;
    if (*failed) {
        *error = errorText(reply, {{}, ErrorStyle::Terse});
        return {};
    }
    return reply.arguments();
}

bool Client::invoke(const QString &path, const QString &interface, const QString &method,
                    const QVariantList &args, QString *error)
{
    bool failed = false;
    call(path, interface, method, args, error, &failed);
    return !failed;
}

bool Client::property(const QString &path, const QString &interface, const QString &name,
                      QVariant *value, QString *error)
{
    bool failed = false;
    const QVariantList reply = call(path, QStringLiteral("org.freedesktop.DBus.Properties"),
                                    QStringLiteral("Get"), {interface, name}, error, &failed);
    if (failed)
        return false;
    *value = reply.value(0).value<QDBusVariant>().variant();
    return true;
}

bool Client::list(QList<ContainerInfo> *containers, QList<ImageInfo> *images, QString *error)
{
    bool failed = false;
    const QVariantList reply = call(kManagerPath, glassbox::api::kObjectManagerInterface,
                                    QStringLiteral("GetManagedObjects"), {}, error, &failed);
    if (failed)
        return false;
    const GbManagedObjects objects = glassbox::api::managedObjects(reply.value(0));
    for (auto it = objects.cbegin(); it != objects.cend(); ++it) {
        const QString path = it.key().path();
        if (containers && it->contains(containerInterface()))
            containers->append(containerFromProperties(path, it->value(containerInterface())));
        else if (images && it->contains(imageInterface()))
            images->append(imageFromProperties(path, it->value(imageInterface())));
    }
    return true;
}

bool Client::findContainer(const QString &operand, ContainerInfo *container, QString *error)
{
    QList<ContainerInfo> containers;
    if (!list(&containers, nullptr, error))
        return false;
    const ContainerInfo *found = resolveContainer(containers, operand, error);
    if (found)
        *container = *found;
    return found != nullptr;
}

bool Client::findImage(const QString &operand, ImageInfo *image, QString *error)
{
    QList<ImageInfo> images;
    if (!list(nullptr, &images, error))
        return false;
    const ImageInfo *found = resolveImage(images, operand, error);
    if (found)
        *image = *found;
    return found != nullptr;
}

} // namespace glassbox::ctl
