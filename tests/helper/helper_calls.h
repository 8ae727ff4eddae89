// What the helper suites say to glassbox-helper over the bus: the contract's names and
// blocking calls with the reply kept whole, so a failed call shows its D-Bus error.
#pragma once

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusVariant>
#include <QList>
#include <QString>
#include <QVariant>
#include <QtGlobal>

#include <csignal>
#include <sys/types.h>

namespace glassbox::test {

/// How long another client may wait for an answer while the helper is busy elsewhere: the
/// 100 ms the helper promises, which the Release build (`ci`) is held to. Slower builds
/// raise the bound with GLASSBOX_TEST_LATENCY_MS: the guest stage runs under emulation (QEMU's
/// TCG, roughly ten times slower than the host) with 1000, the sanitizer build (its test
/// preset) with 300, where the fuzz suite's probe was answered in up to 152 ms while the
/// instrumented helper took 1 MB arguments on two cores.
inline qint64 maxAnswerMs()
{
    bool ok = false;
    const qint64 configured = qEnvironmentVariableIntValue("GLASSBOX_TEST_LATENCY_MS", &ok);
    return ok && configured > 0 ? configured : 100;
}

inline const QString kService = QStringLiteral("org.glassbox.Manager1");
inline const QString kManagerPath = QStringLiteral("/org/glassbox/Manager1");
inline const QString kManager = QStringLiteral("org.glassbox.Manager1");
inline const QString kContainer = QStringLiteral("org.glassbox.Container1");
inline const QString kNotAuthorized = QStringLiteral("org.glassbox.Error.NotAuthorized");
inline const QString kInvalidArgument = QStringLiteral("org.glassbox.Error.InvalidArgument");

inline QDBusMessage call(QDBusConnection bus, const QString &path, const QString &interface,
                         const QString &method, const QVariantList &arguments = {},
                         int timeoutMs = 60000)
{
    QDBusMessage message = QDBusMessage::createMethodCall(kService, path, interface, method);
    message.setArguments(arguments);
    return bus.call(message, QDBus::Block, timeoutMs);
}

/// A property of a container object, invalid if the call failed.
inline QVariant containerProperty(QDBusConnection bus, const QString &path, const QString &name)
{
    const QDBusMessage reply = call(bus, path, QStringLiteral("org.freedesktop.DBus.Properties"),
                                    QStringLiteral("Get"), {kContainer, name});
    if (reply.type() != QDBusMessage::ReplyMessage)
        return {};
    return reply.arguments().value(0).value<QDBusVariant>().variant();
}

/// CreateContainer from the busybox image; the new object's path, or empty (the reply, error
/// included, goes to `replyOut`).
inline QString createBusybox(QDBusConnection bus, const QString &name, const QVariantMap &options,
                             QDBusMessage *replyOut = nullptr)
{
    const QDBusMessage reply = call(bus, kManagerPath, kManager, QStringLiteral("CreateContainer"),
                                    {QStringLiteral("busybox"), name, options});
    if (replyOut)
        *replyOut = reply;
    if (reply.type() != QDBusMessage::ReplyMessage)
        return {};
    return reply.arguments().value(0).value<QDBusObjectPath>().path();
}

inline bool alive(qint64 pid)
{
    return pid > 0 && ::kill(pid_t(pid), 0) == 0;
}

/// A bind mount as the contract's BindMounts option, a(ssb), carries it.
struct HostMount
{
    QString source;
    QString destination;
    bool readOnly = false;
};
using HostMounts = QList<HostMount>;

inline QDBusArgument &operator<<(QDBusArgument &argument, const HostMount &mount)
{
    argument.beginStructure();
    argument << mount.source << mount.destination << mount.readOnly;
    argument.endStructure();
    return argument;
}

inline const QDBusArgument &operator>>(const QDBusArgument &argument, HostMount &mount)
{
    argument.beginStructure();
    argument >> mount.source >> mount.destination >> mount.readOnly;
    argument.endStructure();
    return argument;
}

/// A published port as the contract's Ports option and property, a(sqqs), carry it.
struct PublishedPort
{
    QString hostIp;
    quint16 hostPort = 0;
    quint16 containerPort = 0;
    QString protocol = QStringLiteral("tcp");
};

inline QDBusArgument &operator<<(QDBusArgument &argument, const PublishedPort &port)
{
    argument.beginStructure();
    argument << port.hostIp << port.hostPort << port.containerPort << port.protocol;
    argument.endStructure();
    return argument;
}

inline const QDBusArgument &operator>>(const QDBusArgument &argument, PublishedPort &port)
{
    argument.beginStructure();
    argument >> port.hostIp >> port.hostPort >> port.containerPort >> port.protocol;
    argument.endStructure();
    return argument;
}

/// The Ports option's value.
inline QVariant portsOption(const QList<PublishedPort> &ports)
{
    QDBusArgument argument;
    argument << ports;
    return QVariant::fromValue(argument);
}

} // namespace glassbox::test

Q_DECLARE_METATYPE(glassbox::test::HostMount)
Q_DECLARE_METATYPE(glassbox::test::PublishedPort)
