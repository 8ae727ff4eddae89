// glassboxctl's synchronous face of the client library: the bus opened, the helper's objects
// listed once (a Snapshot mirror: one GetManagedObjects, no match rules), operands resolved
// as podman does, and every call waited for, a failure as glassboxctl's terse line.
#pragma once

#include "Calls.h"
#include "ObjectMirror.h"

#include <QDBusConnection>
#include <QString>
#include <QVariant>
#include <QVariantList>

namespace glassbox::client {

class BlockingClient
{
public:
    /// The bus at `address`, or DBUS_SYSTEM_BUS_ADDRESS / the system bus when empty; when it
    /// is not connected, why in *error.
    static QDBusConnection open(const QString &address, QString *error);

    /// Every call may prompt (polkit's agent) and wait kMutatingTimeoutMs: someone at a
    /// terminal waits for the answer, reads included.
    explicit BlockingClient(QDBusConnection bus);
    BlockingClient(const BlockingClient &) = delete;
    BlockingClient &operator=(const BlockingClient &) = delete;

    [[nodiscard]] const Calls &calls() const { return m_calls; }

    /// Waits for `call`: its reply's arguments; on failure an empty list, *failed set and
    /// the error in *error (ErrorStyle::Terse).
    QVariantList wait(const QDBusPendingCall &call, QString *error, bool *failed);
    /// Same, for callers that only need success.
    bool succeeded(const QDBusPendingCall &call, QString *error);
    /// A property of one of the helper's objects.
    bool property(const QString &path, const QString &interface, const QString &name,
                  QVariant *value, QString *error);

    /// Lists the helper's objects anew into objects().
    bool list(QString *error);
    /// What the last list() saw.
    [[nodiscard]] const ObjectMirror &objects() const { return m_objects; }
    /// list(), then the container or image `operand` names (see Operands.h).
    bool findContainer(const QString &operand, ContainerInfo *container, QString *error);
    bool findImage(const QString &operand, ImageInfo *image, QString *error);

private:
    Calls m_calls;
    ObjectMirror m_objects;
};

} // namespace glassbox::client
