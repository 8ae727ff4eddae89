// Signals of the freedesktop interfaces that QtDBus does not emit by itself:
// Properties.PropertiesChanged and ObjectManager.InterfacesAdded/InterfacesRemoved.
// They carry what Properties.Get would answer, so they go only to the clients polkit allowed
// to view (unicast, one copy per client; the Authorizer keeps that list), never broadcast to
// every connection on the system bus.
#pragma once

#include "DBusTypes.h"

#include <QString>
#include <QVariantMap>

namespace glassbox::helper {

struct HelperContext;

namespace DBusSignals {

void propertiesChanged(const HelperContext &context, const QString &path, const QString &interface,
                       const QVariantMap &changed);
/// PropertiesChanged for the properties whose value differs between `before` and `after`
/// (an object's properties() before and after a change); nothing when none does.
void propertiesChanged(const HelperContext &context, const QString &path, const QString &interface,
                       const QVariantMap &before, const QVariantMap &after);
void interfacesAdded(const HelperContext &context, const QString &path,
                     const GbInterfaceProperties &interfaces);
void interfacesRemoved(const HelperContext &context, const QString &path,
                       const QStringList &interfaces);

/// The manager's object path, where the ObjectManager lives.
inline QString managerPath()
{
    return QStringLiteral("/org/glassbox/Manager1");
}

} // namespace DBusSignals

} // namespace glassbox::helper
