// One D-Bus method call whose reply was deferred, as a copyable handle: the work that
// answers it may pass it on (to a worker's continuation, a timer, a list of waiters), and
// the first reply() or fail() answers it. If every copy is gone and none answered, the
// caller still gets an answer (Failed "the helper dropped the request") and the log names
// the method: no path can leave a client waiting for its timeout.
#pragma once

#include "HelperError.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QVariantList>
#include <memory>

namespace glassbox::helper {

class BusCall
{
public:
    BusCall() = default;
    /// Takes over `message`, whose reply the object deferred (QDBusContext::setDelayedReply).
    BusCall(const QDBusConnection &bus, const QDBusMessage &message);

    void reply(const QVariantList &arguments = {}) const;
    void fail(const HelperError &error) const;
    [[nodiscard]] bool answered() const;
    /// The call itself (its sender, for polkit).
    [[nodiscard]] QDBusMessage message() const;

private:
    struct Pending;
    std::shared_ptr<Pending> m_pending;
};

} // namespace glassbox::helper
