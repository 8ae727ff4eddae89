// org.freedesktop.DBus.Properties for every object the helper exports, asked of polkit like
// every other call: QtDBus answers Get and GetAll on its own, before any of our code could
// see who is asking, unless an adaptor claims the interface. This one does: it defers the
// reply, checks "view" for the caller (cached per bus name by the Authorizer) and then reads
// the property from the sibling adaptor that implements the interface. Set is refused: every
// property of the contract is read-only.
#pragma once

#include <QDBusAbstractAdaptor>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusVariant>
#include <QVariantMap>
#include <functional>

namespace glassbox::helper {

class Authorizer;

class PropertiesGate : public QDBusAbstractAdaptor
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.DBus.Properties")
    // QtDBus appends the standard description of this interface to every object's
    // introspection data itself; an empty one here keeps it from appearing twice.
    Q_CLASSINFO("D-Bus Introspection", "")
public:
    /// Attaches to `object`, which must be exported with QDBusConnection::ExportAdaptors.
    PropertiesGate(QObject *object, const QDBusConnection &bus, Authorizer *authorizer);

public Q_SLOTS:
    QDBusVariant Get(const QString &interface, const QString &name, const QDBusMessage &message);
    QVariantMap GetAll(const QString &interface, const QDBusMessage &message);
    void Set(const QString &interface, const QString &name, const QDBusVariant &value,
             const QDBusMessage &message);

private:
    /// The sibling adaptor that implements `interface`, or nullptr.
    [[nodiscard]] const QDBusAbstractAdaptor *adaptorFor(const QString &interface) const;
    /// Replies to `message` with what `read` returns once polkit allowed the caller to view.
    void whenAllowed(const QDBusMessage &message, std::function<QDBusMessage()> read);

    QDBusConnection m_bus;
    Authorizer *m_authorizer;
};

} // namespace glassbox::helper
