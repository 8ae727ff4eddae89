// org.freedesktop.DBus.ObjectManager on the manager object (QtDBus 6.4 has none): lists
// every container, image and job with its properties. InterfacesAdded and InterfacesRemoved
// are declared here for introspection and sent through DBusSignals.
#pragma once

#include "DBusTypes.h"

#include <QDBusAbstractAdaptor>

namespace glassbox::helper {

class Manager;

class ObjectManager : public QDBusAbstractAdaptor
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.DBus.ObjectManager")
public:
    explicit ObjectManager(Manager *manager);

public Q_SLOTS:
    GbManagedObjects GetManagedObjects();

Q_SIGNALS:
    void InterfacesAdded(const QDBusObjectPath &path, GbInterfaceProperties interfaces);
    void InterfacesRemoved(const QDBusObjectPath &path, const QStringList &interfaces);

private:
    Manager *m_manager;
};

} // namespace glassbox::helper
