// glassboxctl's connection to glassbox-helper: calls that allow interactive authorization
// (so the desktop's polkit agent can ask for a password), the object list from the
// ObjectManager, and D-Bus errors turned into podman-style messages.
#pragma once

#include "cli.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QString>
#include <QVariantList>

namespace glassbox::ctl {

class Client
{
public:
    static const QString kService;
    static const QString kManagerPath;
    static QString managerInterface();
    static QString containerInterface();
    static QString imageInterface();
    static QString jobInterface();

    /// The bus at `address`, or DBUS_SYSTEM_BUS_ADDRESS / the system bus when empty.
    static QDBusConnection open(const QString &address, QString *error);

    explicit Client(QDBusConnection connection) : m_connection(std::move(connection)) {}
    QDBusConnection connection() const { return m_connection; }

    /// Calls `method` with interactive authorization allowed. Returns the reply's
    /// arguments; on failure an empty list and a message in *error.
    QVariantList call(const QString &path, const QString &interface, const QString &method,
                      const QVariantList &args, QString *error, bool *failed);
    /// Same, for callers that only need success.
    bool invoke(const QString &path, const QString &interface, const QString &method,
                const QVariantList &args, QString *error);
    bool property(const QString &path, const QString &interface, const QString &name,
                  QVariant *value, QString *error);

    /// Every container and image object, from ObjectManager.GetManagedObjects.
    bool list(QList<ContainerInfo> *containers, QList<ImageInfo> *images, QString *error);
    bool findContainer(const QString &operand, ContainerInfo *container, QString *error);
    bool findImage(const QString &operand, ImageInfo *image, QString *error);

private:
    QDBusConnection m_connection;
};

} // namespace glassbox::ctl
