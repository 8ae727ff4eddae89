// polkit checks for every D-Bus call (see Authorizer.h).
#include "Authorizer.h"

#include "BusNames.h"

#include <QDBusArgument>
#include <QDBusConnectionInterface>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusServiceWatcher>
#include <QDBusVariant>
#include <QTimer>

namespace glassbox::helper {

namespace {

constexpr quint32 kAllowUserInteraction = 1;
constexpr int kTimeoutMs = 25000;
constexpr int kInteractiveTimeoutMs = 300000;

/// polkit's subject: (sa{sv}) kind and details.
struct PolkitSubject
{
    QString kind;
    QVariantMap details;
};

QDBusArgument &operator<<(QDBusArgument &argument, const PolkitSubject &subject)
{
    argument.beginStructure();
    argument << subject.kind << subject.details;
    argument.endStructure();
    return argument;
}

} // namespace

Authorizer::Authorizer(const QDBusConnection &bus, QObject *parent)
    : QObject(parent), m_bus(bus), m_watcher(new QDBusServiceWatcher(this))
{
    m_watcher->setConnection(m_bus);
    m_watcher->setWatchMode(QDBusServiceWatcher::WatchForUnregistration);
    connect(m_watcher, &QDBusServiceWatcher::serviceUnregistered, this, &Authorizer::forget);
}

void Authorizer::forget(const QString &name)
{
    m_viewGranted.remove(name);
    m_uids.remove(name);
    m_watcher->removeWatchedService(name);
    if (m_clients.remove(name) && m_clients.isEmpty())
        Q_EMIT activity(); // the idle period starts now
}

bool Authorizer::hasClients()
{
    // A caller that left before its name was watched never reports leaving: ask the bus.
    const QSet<QString> clients = m_clients;
    for (const QString &name : clients)
        if (!m_bus.interface()->isServiceRegistered(name))
            forget(name);
    return !m_clients.isEmpty();
}

void Authorizer::noteClient(const QString &sender)
{
    if (!sender.isEmpty() && !m_clients.contains(sender)) {
        m_clients.insert(sender);
        m_watcher->addWatchedService(sender);
    }
    Q_EMIT activity();
}

void Authorizer::callerUid(const QDBusMessage &message, std::function<void(Uid)> done)
{
    const QString sender = message.service();
    noteClient(sender);
    if (sender.isEmpty()) {
        QTimer::singleShot(0, this, [done = std::move(done)] { done(std::nullopt); });
        return;
    }
    if (const auto known = m_uids.constFind(sender); known != m_uids.constEnd()) {
        QTimer::singleShot(0, this, [uid = *known, done = std::move(done)] { done(uid); });
        return;
    }
    // Asked of the bus, never of QDBusConnectionInterface's blocking call: the helper's one
    // event loop serves every client meanwhile.
    QDBusMessage call = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
        QStringLiteral("org.freedesktop.DBus"), QStringLiteral("GetConnectionUnixUser"));
    call << sender;
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call, kTimeoutMs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, watcher, sender, done = std::move(done)] {
                watcher->deleteLater();
                const QDBusPendingReply<uint> reply = *watcher;
                if (reply.isError())
                    return done(std::nullopt);
                // Kept only while the name is watched, so that forget() drops it.
                if (m_clients.contains(sender))
                    m_uids.insert(sender, reply.value());
                done(reply.value());
            });
}

void Authorizer::checkAndIdentify(const QDBusMessage &message, const QStringList &actions,
                                  const Details &details, std::function<void(bool, Uid)> done)
{
    callerUid(message, [this, message, actions, details, done = std::move(done)](Uid uid) {
        check(message, actions, details, [uid, done](bool ok) { done(ok, uid); });
    });
}

void Authorizer::check(const QDBusMessage &message, const QStringList &actions,
                       const Details &details, std::function<void(bool)> done)
{
    noteClient(message.service());
    // Always finish from the event loop so callers see one order of events.
    QTimer::singleShot(0, this, [this, message, actions, details, done = std::move(done)] {
        checkNext(message, actions, details, done);
    });
}

void Authorizer::checkNext(const QDBusMessage &message, QStringList actions, const Details &details,
                           std::function<void(bool)> done)
{
    if (actions.isEmpty()) {
        done(true);
        return;
    }
    const QString action = actions.takeFirst();
    const QString sender = message.service();
    if (sender.isEmpty()) {
        done(false);
        return;
    }
    if (action == glassbox::api::action::kView && m_viewGranted.contains(sender)) {
        checkNext(message, actions, details, std::move(done));
        return;
    }

    QDBusMessage call =
        QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.PolicyKit1"),
                                       QStringLiteral("/org/freedesktop/PolicyKit1/Authority"),
                                       QStringLiteral("org.freedesktop.PolicyKit1.Authority"),
                                       QStringLiteral("CheckAuthorization"));
    PolkitSubject subject{QStringLiteral("system-bus-name"), {{QStringLiteral("name"), sender}}};
    QDBusArgument subjectArgument;
    subjectArgument << subject;
    const bool interactive = message.isInteractiveAuthorizationAllowed();
    call << QVariant::fromValue(subjectArgument) << action << QVariant::fromValue(details)
         << quint32(interactive ? kAllowUserInteraction : 0) << QString();
    auto *watcher = new QDBusPendingCallWatcher(
        m_bus.asyncCall(call, interactive ? kInteractiveTimeoutMs : kTimeoutMs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, watcher, message, actions, details, action, sender,
             done = std::move(done)]() mutable {
                watcher->deleteLater();
                const QDBusMessage reply = watcher->reply();
                bool authorized = false;
                if (reply.type() == QDBusMessage::ReplyMessage && reply.arguments().size() == 1) {
                    const QDBusArgument result = reply.arguments().at(0).value<QDBusArgument>();
                    bool challenge = false;
                    result.beginStructure();
                    result >> authorized >> challenge;
                    result.endStructure();
                }
                if (!authorized) {
                    done(false);
                    return;
                }
                if (action == glassbox::api::action::kView && m_clients.contains(sender))
                    m_viewGranted.insert(sender);
                checkNext(message, actions, details, std::move(done));
            });
}

} // namespace glassbox::helper
