// Explicitly emitted freedesktop signals (see DBusSignals.h).
#include "DBusSignals.h"

#include "Authorizer.h"
#include "HelperContext.h"

#include <QDBusMessage>
#include <QDBusObjectPath>

namespace glassbox::helper::DBusSignals {

namespace {

void sendToViewers(const HelperContext &context, const QString &path, const QString &interface,
                   const QString &name, const QVariantList &arguments)
{
    const QStringList viewers = context.authorizer->viewers();
    for (const QString &viewer : viewers) {
        QDBusMessage signal = QDBusMessage::createTargetedSignal(viewer, path, interface, name);
        signal.setArguments(arguments);
        context.bus.send(signal);
    }
}

} // namespace

void propertiesChanged(const HelperContext &context, const QString &path, const QString &interface,
                       const QVariantMap &changed)
{
    if (changed.isEmpty())
        return;
    sendToViewers(context, path, QStringLiteral("org.freedesktop.DBus.Properties"),
                  QStringLiteral("PropertiesChanged"), {interface, changed, QStringList()});
}

void propertiesChanged(const HelperContext &context, const QString &path, const QString &interface,
                       const QVariantMap &before, const QVariantMap &after)
{
    QVariantMap changed;
    for (auto it = after.cbegin(); it != after.cend(); ++it)
        if (before.value(it.key()) != it.value())
            changed.insert(it.key(), it.value());
    propertiesChanged(context, path, interface, changed);
}

void interfacesAdded(const HelperContext &context, const QString &path,
                     const GbInterfaceProperties &interfaces)
{
    sendToViewers(context, managerPath(), QStringLiteral("org.freedesktop.DBus.ObjectManager"),
                  QStringLiteral("InterfacesAdded"),
                  {QVariant::fromValue(QDBusObjectPath(path)), QVariant::fromValue(interfaces)});
}

void interfacesRemoved(const HelperContext &context, const QString &path,
                       const QStringList &interfaces)
{
    sendToViewers(context, managerPath(), QStringLiteral("org.freedesktop.DBus.ObjectManager"),
                  QStringLiteral("InterfacesRemoved"),
                  {QVariant::fromValue(QDBusObjectPath(path)), interfaces});
}

} // namespace glassbox::helper::DBusSignals
