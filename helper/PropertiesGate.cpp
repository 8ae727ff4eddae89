// Authorized property reads (see PropertiesGate.h).
#include "PropertiesGate.h"

#include "Authorizer.h"
#include "BusNames.h"
#include "Validation.h"

#include <QDBusError>
#include <QDBusMetaType>
#include <QMetaProperty>
#include <QPointer>

namespace glassbox::helper {

namespace {

QString interfaceOf(const QDBusAbstractAdaptor *adaptor)
{
    const QMetaObject *meta = adaptor->metaObject();
    const int index = meta->indexOfClassInfo("D-Bus Interface");
    return index < 0 ? QString() : QString::fromLatin1(meta->classInfo(index).value());
}

/// What QtDBus itself would list: readable properties with a D-Bus signature.
QVariantMap readAll(const QDBusAbstractAdaptor *adaptor)
{
    QVariantMap values;
    const QMetaObject *meta = adaptor->metaObject();
    for (int i = QDBusAbstractAdaptor::staticMetaObject.propertyCount(); i < meta->propertyCount();
         ++i) {
        const QMetaProperty property = meta->property(i);
        if (!property.isReadable() || !QDBusMetaType::typeToSignature(property.metaType()))
            continue;
        values.insert(QString::fromLatin1(property.name()), property.read(adaptor));
    }
    return values;
}

} // namespace

PropertiesGate::PropertiesGate(QObject *object, const QDBusConnection &bus, Authorizer *authorizer)
    : QDBusAbstractAdaptor(object), m_bus(bus), m_authorizer(authorizer)
{
    setAutoRelaySignals(false);
}

const QDBusAbstractAdaptor *PropertiesGate::adaptorFor(const QString &interface) const
{
    for (const QObject *child : parent()->children()) {
        const auto *adaptor = qobject_cast<const QDBusAbstractAdaptor *>(child);
        if (adaptor && adaptor != this && interfaceOf(adaptor) == interface)
            return adaptor;
    }
    return nullptr;
}

void PropertiesGate::whenAllowed(const QDBusMessage &message, std::function<QDBusMessage()> read)
{
    message.setDelayedReply(true);
    QPointer<PropertiesGate> self(this);
    QDBusConnection bus = m_bus;
    const Authorizer::Details details{{QStringLiteral("verb"), QStringLiteral("view")},
                                      {QStringLiteral("object"), message.path()}};
    m_authorizer->check(
        message, {glassbox::api::action::kView}, details,
        [self, bus, message, read = std::move(read)](bool ok) {
            if (!ok)
                bus.send(message.createErrorReply(
                    glassbox::api::error::kNotAuthorized,
                    QStringLiteral("not authorized to view containers and images")));
            else if (!self)
                bus.send(
                    message.createErrorReply(QDBusError::UnknownObject,
                                             QStringLiteral("%1 was removed").arg(message.path())));
            else
                bus.send(read());
        });
}

QDBusVariant PropertiesGate::Get(const QString &interface, const QString &name,
                                 const QDBusMessage &message)
{
    whenAllowed(message, [this, interface, name, message] {
        // An empty interface means "whichever has it", as the specification allows.
        QList<const QDBusAbstractAdaptor *> candidates;
        if (interface.isEmpty()) {
            for (const QObject *child : parent()->children())
                if (const auto *adaptor = qobject_cast<const QDBusAbstractAdaptor *>(child);
                    adaptor && adaptor != this)
                    candidates.append(adaptor);
        } else if (const QDBusAbstractAdaptor *adaptor = adaptorFor(interface)) {
            candidates.append(adaptor);
        } else {
            return message.createErrorReply(
                QDBusError::UnknownInterface,
                QStringLiteral("%1 has no interface %2")
                    .arg(message.path(), Validation::quoted(interface)));
        }
        for (const QDBusAbstractAdaptor *adaptor : std::as_const(candidates)) {
            const QVariantMap values = readAll(adaptor);
            if (const auto it = values.constFind(name); it != values.constEnd())
                return message.createReply(QVariant::fromValue(QDBusVariant(*it)));
        }
        return message.createErrorReply(
            QDBusError::UnknownProperty,
            QStringLiteral("%1 has no property %2").arg(message.path(), Validation::quoted(name)));
    });
    return {};
}

QVariantMap PropertiesGate::GetAll(const QString &interface, const QDBusMessage &message)
{
    whenAllowed(message, [this, interface, message] {
        if (interface.isEmpty()) {
            QVariantMap all;
            for (const QObject *child : parent()->children())
                if (const auto *adaptor = qobject_cast<const QDBusAbstractAdaptor *>(child);
                    adaptor && adaptor != this)
                    all.insert(readAll(adaptor));
            return message.createReply(QVariant::fromValue(all));
        }
        const QDBusAbstractAdaptor *adaptor = adaptorFor(interface);
        if (!adaptor)
            return message.createErrorReply(
                QDBusError::UnknownInterface,
                QStringLiteral("%1 has no interface %2")
                    .arg(message.path(), Validation::quoted(interface)));
        return message.createReply(QVariant::fromValue(readAll(adaptor)));
    });
    return {};
}

void PropertiesGate::Set(const QString &interface, const QString &name, const QDBusVariant &,
                         const QDBusMessage &message)
{
    // Nothing is written, so there is nothing to authorize; the contract's properties are all
    // read-only and changed through methods (Update, Start, TagImage, ...).
    message.setDelayedReply(true);
    m_bus.send(message.createErrorReply(
        QDBusError::PropertyReadOnly,
        QStringLiteral("%1.%2 is read-only; use the interface's methods to change it")
            .arg(Validation::quoted(interface), Validation::quoted(name))));
}

} // namespace glassbox::helper
