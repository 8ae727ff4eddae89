// Deferred D-Bus replies that are always sent (see BusCall.h).
#include "BusCall.h"

#include <QDebug>

namespace glassbox::helper {

struct BusCall::Pending
{
    QDBusConnection bus;
    QDBusMessage message;
    bool answered = false;

    Pending(const QDBusConnection &connection, const QDBusMessage &call)
        : bus(connection), message(call)
    {
    }
    Pending(const Pending &) = delete;
    Pending &operator=(const Pending &) = delete;
    ~Pending()
    {
        if (answered)
            return;
        qWarning("%s.%s on %s: the helper dropped the request", qPrintable(message.interface()),
                 qPrintable(message.member()), qPrintable(message.path()));
        bus.send(
            message.createErrorReply(glassbox::api::errorName(glassbox::api::ErrorKind::Failed),
                                     QStringLiteral("the helper dropped the request")));
    }
};

BusCall::BusCall(const QDBusConnection &bus, const QDBusMessage &message)
    : m_pending(std::make_shared<Pending>(bus, message))
{
}

void BusCall::reply(const QVariantList &arguments) const
{
    if (!m_pending || std::exchange(m_pending->answered, true))
        return;
    m_pending->bus.send(m_pending->message.createReply(arguments));
}

void BusCall::fail(const HelperError &error) const
{
    if (!m_pending || std::exchange(m_pending->answered, true))
        return;
    m_pending->bus.send(m_pending->message.createErrorReply(error.name(), error.text));
}

bool BusCall::answered() const
{
    return !m_pending || m_pending->answered;
}

QDBusMessage BusCall::message() const
{
    return m_pending ? m_pending->message : QDBusMessage();
}

} // namespace glassbox::helper
