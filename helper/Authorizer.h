// Asks polkit (org.freedesktop.PolicyKit1.Authority.CheckAuthorization) whether the sender of
// a D-Bus call may do what it asks, asynchronously, with the caller's unique bus name as the
// subject. Unreachable polkit means no. "view" grants are cached per bus name until the name
// leaves the bus; every other action is asked every time. It also keeps the callers that are
// still connected, for the idle exit.
#pragma once

#include <QDBusConnection>
#include <QDBusMessage>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <functional>

class QDBusServiceWatcher;

namespace GbActions {
inline QString view()
{
    return QStringLiteral("org.glassbox.view");
}
inline QString manage()
{
    return QStringLiteral("org.glassbox.container.manage");
}
inline QString privileged()
{
    return QStringLiteral("org.glassbox.container.privileged");
}
inline QString images()
{
    return QStringLiteral("org.glassbox.images");
}
} // namespace GbActions

class Authorizer : public QObject
{
    Q_OBJECT
public:
    using Details = QMap<QString, QString>;

    explicit Authorizer(const QDBusConnection &bus, QObject *parent = nullptr);

    /// Calls `done(true)` once polkit granted every one of `actions` to the sender of
    /// `message`, `done(false)` as soon as one is refused or cannot be checked. `done` runs
    /// from the event loop, never from inside check().
    void check(const QDBusMessage &message, const QStringList &actions, const Details &details,
               std::function<void(bool)> done);

    /// Unique bus names polkit allowed to view, still on the bus: the audience of the
    /// helper's PropertiesChanged and InterfacesAdded/Removed signals.
    [[nodiscard]] QStringList viewers() const { return m_viewGranted.values(); }
    /// Whether any connection that called the helper is still on the bus (asks the bus about
    /// each one, so call it rarely).
    [[nodiscard]] bool hasClients();

Q_SIGNALS:
    /// A client called the helper, or the last one left the bus (for the idle timer).
    void activity();

private:
    void checkNext(const QDBusMessage &message, QStringList actions, const Details &details,
                   std::function<void(bool)> done);
    void forget(const QString &name);

    QDBusConnection m_bus;
    QSet<QString> m_viewGranted;
    QSet<QString> m_clients;
    QDBusServiceWatcher *m_watcher = nullptr;
};
