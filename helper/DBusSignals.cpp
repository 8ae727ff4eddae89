// Explicitly emitted freedesktop signals (see DBusSignals.h).
#include "DBusSignals.h"

#include <QDBusMessage>
#include <QDBusObjectPath>

namespace DBusSignals {

void propertiesChanged(const QDBusConnection &bus, const QString &path, const QString &interface,
                       const QVariantMap &changed)
{
    if (changed.isEmpty())
        return;
    QDBusMessage signal =
        QDBusMessage::createSignal(path, QStringLiteral("org.freedesktop.DBus.Properties"),
                                   QStringLiteral("PropertiesChanged"));
    signal << interface << changed << QStringList();
    bus.send(signal);
}

void interfacesAdded(const QDBusConnection &bus, const QString &path,
                     const GbInterfaceProperties &interfaces)
{
    QDBusMessage signal = QDBusMessage::createSignal(
        managerPath(), QStringLiteral("org.freedesktop.DBus.ObjectManager"),
        QStringLiteral("InterfacesAdded"));
    signal << QVariant::fromValue(QDBusObjectPath(path)) << QVariant::fromValue(interfaces);
    bus.send(signal);
}

void interfacesRemoved(const QDBusConnection &bus, const QString &path,
                       const QStringList &interfaces)
{
    QDBusMessage signal = QDBusMessage::createSignal(
        managerPath(), QStringLiteral("org.freedesktop.DBus.ObjectManager"),
        QStringLiteral("InterfacesRemoved"));
    signal << QVariant::fromValue(QDBusObjectPath(path)) << interfaces;
    bus.send(signal);
}

} // namespace DBusSignals
