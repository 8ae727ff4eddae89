// The ObjectManager adaptor (see ObjectManager.h).
#include "ObjectManager.h"

#include "Manager.h"

namespace glassbox::helper {

ObjectManager::ObjectManager(Manager *manager) : QDBusAbstractAdaptor(manager), m_manager(manager)
{
    setAutoRelaySignals(false);
}

GbManagedObjects ObjectManager::GetManagedObjects()
{
    return m_manager->GetManagedObjects();
}

} // namespace glassbox::helper
