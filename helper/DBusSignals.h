// Signals of the freedesktop interfaces that QtDBus does not emit by itself:
// Properties.PropertiesChanged and ObjectManager.InterfacesAdded/InterfacesRemoved.
#pragma once

#include "DBusTypes.h"

#include <QDBusConnection>
#include <QString>
#include <QVariantMap>

namespace DBusSignals {

void propertiesChanged(const QDBusConnection &bus, const QString &path, const QString &interface,
                       const QVariantMap &changed);
void interfacesAdded(const QDBusConnection &bus, const QString &path,
                     const GbInterfaceProperties &interfaces);
void interfacesRemoved(const QDBusConnection &bus, const QString &path,
                       const QStringList &interfaces);

/// The manager's object path, where the ObjectManager lives.
inline QString managerPath()
{
    return QStringLiteral("/org/glassbox/Manager1");
}

} // namespace DBusSignals
