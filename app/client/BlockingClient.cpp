// glassboxctl's synchronous client; see BlockingClient.h.
#include "BlockingClient.h"

#include "ErrorText.h"
#include "Operands.h"

#include <QDBusError>
#include <QDBusPendingCall>
#include <QDBusVariant>

namespace glassbox::client {
namespace {

// The object `operand` names among `all`, copied to *found (Operands.h's rules).
template <typename Info>
bool pick(const QList<Info> &all,
          const Info *(*resolve)(const QList<Info> &, const QString &, QString *),
          const QString &operand, Info *found, QString *error)
{
    const Info *match = resolve(all, operand, error);
    if (match)
        *found = *match;
    return match != nullptr;
}

} // namespace

QDBusConnection BlockingClient::open(const QString &address, QString *error)
{
    QDBusConnection connection =
        address.isEmpty() ? QDBusConnection::systemBus()
                          : QDBusConnection::connectToBus(address, QStringLiteral("glassboxctl"));
    // Not marked for translation: glassboxctl loads none (as ErrorText's terse lines).
    if (!connection.isConnected()) {
        *error = QStringLiteral("cannot connect to the system bus%1: %2")
                     .arg(address.isEmpty() ? QString() : QStringLiteral(" at ") + address,
                          connection.lastError().message());
    }
    return connection;
}

BlockingClient::BlockingClient(QDBusConnection bus)
    : m_calls(bus, Calls::Reads::LikeChange), m_objects(bus, ObjectMirror::Mode::Snapshot)
{
}

QVariantList BlockingClient::wait(const QDBusPendingCall &call, QString *error, bool *failed)
{
    QDBusPendingCall pending = call;
    pending.waitForFinished();
    const QDBusMessage reply = pending.reply();
    *failed = reply.type() != QDBusMessage::ReplyMessage;
    if (*failed) {
        *error = errorText(reply, {{}, ErrorStyle::Terse});
        return {};
    }
    return reply.arguments();
}

bool BlockingClient::succeeded(const QDBusPendingCall &call, QString *error)
{
    bool failed = false;
    wait(call, error, &failed);
    return !failed;
}

bool BlockingClient::property(const QString &path, const QString &interface, const QString &name,
                              QVariant *value, QString *error)
{
    bool failed = false;
    const QVariantList reply = wait(m_calls.getProperty(path, interface, name), error, &failed);
    if (failed)
        return false;
    *value = reply.value(0).value<QDBusVariant>().variant();
    return true;
}

bool BlockingClient::list(QString *error)
{
    bool failed = false;
    const QVariantList reply = wait(m_calls.getManagedObjects(), error, &failed);
    if (failed)
        return false;
    m_objects.apply(glassbox::api::managedObjects(reply.value(0)));
    return true;
}

bool BlockingClient::findContainer(const QString &operand, ContainerInfo *container, QString *error)
{
    return list(error) && pick(m_objects.containers(), resolveContainer, operand, container, error);
}

bool BlockingClient::findImage(const QString &operand, ImageInfo *image, QString *error)
{
    return list(error) && pick(m_objects.images(), resolveImage, operand, image, error);
}

} // namespace glassbox::client
