// Asks polkit (org.freedesktop.PolicyKit1.Authority.CheckAuthorization) whether the sender of
// a D-Bus call may do what it asks, asynchronously, with the caller's unique bus name as the
// subject. Unreachable polkit means no. "view" grants are cached per bus name until the name
// leaves the bus; every other action is asked every time. It also keeps the callers that are
// still connected, for the idle exit, and their uids (asked of the bus once per connection).
#pragma once

#include <QDBusConnection>
#include <QDBusMessage>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

class QDBusServiceWatcher;

namespace glassbox::helper {

class Authorizer : public QObject
{
    Q_OBJECT
public:
    using Details = QMap<QString, QString>;
    using Uid = std::optional<uint>;

    explicit Authorizer(const QDBusConnection &bus, QObject *parent = nullptr);

    /// Calls `done(true)` once polkit granted every one of `actions` to the sender of
    /// `message`, `done(false)` as soon as one is refused or cannot be checked. `done` runs
    /// from the event loop, never from inside check().
    void check(const QDBusMessage &message, const QStringList &actions, const Details &details,
               std::function<void(bool)> done);
    /// check(), and the sender's uid too, for what the call creates and records as its owner.
    void checkAndIdentify(const QDBusMessage &message, const QStringList &actions,
                          const Details &details, std::function<void(bool, Uid)> done);
    /// Calls `done` with the uid of the sender of `message` (the bus's
    /// GetConnectionUnixUser, asked asynchronously once per connection), or nothing if the bus
    /// could not say. `done` runs from the event loop.
    void callerUid(const QDBusMessage &message, std::function<void(Uid)> done);

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
    void noteClient(const QString &sender);

    QDBusConnection m_bus;
    QSet<QString> m_viewGranted;
    /// Uids of callers still on the bus (a unique name is never reused, nor its uid changed).
    QMap<QString, uint> m_uids;
    QSet<QString> m_clients;
    QDBusServiceWatcher *m_watcher = nullptr;
};

} // namespace glassbox::helper
