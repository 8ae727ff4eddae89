// D-Bus errors as text; see ErrorText.h.
#include "ErrorText.h"

#include "BusNames.h"

#include <QRegularExpression>

namespace glassbox::client {
namespace {

constexpr QLatin1String kServiceUnknown{"org.freedesktop.DBus.Error.ServiceUnknown"};
constexpr QLatin1String kNameHasNoOwner{"org.freedesktop.DBus.Error.NameHasNoOwner"};
constexpr QLatin1String kDisconnected{"org.freedesktop.DBus.Error.Disconnected"};
constexpr QLatin1String kNoReply{"org.freedesktop.DBus.Error.NoReply"};
constexpr QLatin1String kTimeout{"org.freedesktop.DBus.Error.Timeout"};
constexpr QLatin1String kAccessDenied{"org.freedesktop.DBus.Error.AccessDenied"};
constexpr QLatin1String kUnknownObject{"org.freedesktop.DBus.Error.UnknownObject"};

bool meansNotReachable(QStringView name)
{
    return name == kServiceUnknown || name == kNameHasNoOwner;
}

// glassboxctl prints the helper's message as it is (podman's style) and words only what the
// bus says itself. It loads no translations, so these lines are not marked for them.
QString terse(const QString &name, const QString &message)
{
    if (meansNotReachable(name))
        return QStringLiteral("cannot reach glassbox-helper (%1) on the system bus: %2")
            .arg(glassbox::api::kService, message);
    if (meansNoAnswer(name))
        return QStringLiteral("glassbox-helper did not answer: %1").arg(message);
    if (name == kAccessDenied)
        return QStringLiteral("the bus refused the call: %1").arg(message);
    if (name == kDisconnected)
        return QStringLiteral("the connection to the system bus is lost: %1").arg(message);
    if (name.startsWith(QLatin1String("org.freedesktop.DBus.Error.Spawn.")))
        return QStringLiteral("glassbox-helper could not be started: %1").arg(message);
    if (name == glassbox::api::error::kNotAuthorized && message.isEmpty())
        return QStringLiteral("not authorized");
    return message.isEmpty() ? name : message;
}

QString sentence(const QString &name, const QString &message, const QString &action)
{
    // The helper's texts quote with backticks and may name the runtime's fields and its
    // components ("glassbox-shim: `process.args[0]`: executable `foo` not found in $PATH of
    // the container"): a person reads what that means, in “…”.
    QString detail = message;
    static const QRegularExpression component(QStringLiteral("^(glassbox-[a-z]+: )+"));
    detail.remove(component);
    static const QRegularExpression noCommand(
        QStringLiteral("`process\\.args\\[0\\]`: executable `([^`]*)` not found in"));
    static const QRegularExpression notExecutable(
        QStringLiteral("`process\\.args\\[0\\]`: `([^`]*)` is not an executable file"));
    if (const auto match = noCommand.match(detail); match.hasMatch())
        return ErrorText::tr("Could not %1: the command “%2” was not found in the image.")
            .arg(action, match.captured(1));
    if (const auto match = notExecutable.match(detail); match.hasMatch())
        return ErrorText::tr("Could not %1: “%2” is not an executable file in the image.")
            .arg(action, match.captured(1));
    static const QRegularExpression backticks(QStringLiteral("`([^`]*)`"));
    detail.replace(backticks, QStringLiteral("“\\1”"));

    using glassbox::api::ErrorKind;
    switch (glassbox::api::errorKind(name).value_or(ErrorKind::Failed)) {
    case ErrorKind::NotAuthorized:
        // A refusal of one option (the helper names it and the polkit action) is not a
        // refusal of the whole action.
        if (detail.contains(QLatin1String("org.glassbox.")))
            return ErrorText::tr("Could not %1. %2.")
                .arg(action, detail.left(1).toUpper() + detail.mid(1));
        return ErrorText::tr("You are not allowed to %1.").arg(action);
    case ErrorKind::NotFound:
        if (detail.contains(QLatin1String("not in the store")))
            return ErrorText::tr("Could not %1: %2. Import it with Import Image… first.")
                .arg(action, detail);
        return ErrorText::tr("Could not %1: it no longer exists (%2).").arg(action, detail);
    case ErrorKind::Busy:
        if (detail.contains(QLatin1String(" is taken by ")))
            return ErrorText::tr("Could not %1: %2.").arg(action, detail);
        return ErrorText::tr("Could not %1 because it is busy: %2").arg(action, detail);
    case ErrorKind::InvalidArgument:
        return ErrorText::tr("Could not %1, the input was refused: %2").arg(action, detail);
    case ErrorKind::Failed:
        break;
    }
    if (meansNotReachable(name))
        return ErrorText::tr("Could not %1: the Glassbox helper (glassbox-helper) is not "
                             "running or not installed.")
            .arg(action);
    if (meansNoAnswer(name))
        return ErrorText::tr("Could not %1: the Glassbox helper did not answer in time.")
            .arg(action);
    if (name == kAccessDenied)
        return ErrorText::tr("Could not %1: the system bus refused the call (%2).")
            .arg(action, detail);
    if (name == kDisconnected)
        return ErrorText::tr("Could not %1: the connection to the system bus is lost.").arg(action);
    if (name == kUnknownObject)
        return ErrorText::tr("Could not %1: it no longer exists.").arg(action);
    // Qt's and the bus's own texts ("No such method 'X' in interface ..."): not for people.
    if (name.startsWith(QLatin1String("org.freedesktop.DBus.")) ||
        name.startsWith(QLatin1String("org.qtproject.")))
        return ErrorText::tr("Could not %1: the Glassbox helper did not understand the request "
                             "(%2); the application and the helper may be of different "
                             "versions.")
            .arg(action, name);
    return ErrorText::tr("Could not %1: %2").arg(action, detail.isEmpty() ? name : detail);
}

} // namespace

QString errorText(const QString &name, const QString &message, const ErrorContext &context)
{
    return context.style == ErrorStyle::Terse ? terse(name, message)
                                              : sentence(name, message, context.action);
}

QString errorText(const QDBusMessage &reply, const ErrorContext &context)
{
    return errorText(reply.errorName(), reply.errorMessage(), context);
}

QString errorText(const QDBusError &error, const ErrorContext &context)
{
    return errorText(error.name(), error.message(), context);
}

bool meansNoHelper(QStringView errorName)
{
    return meansNotReachable(errorName) || errorName == kDisconnected ||
           errorName.startsWith(QLatin1String("org.freedesktop.DBus.Error.Spawn."));
}

bool meansNoAnswer(QStringView errorName)
{
    return errorName == kNoReply || errorName == kTimeout;
}

} // namespace glassbox::client
