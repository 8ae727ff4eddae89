// A failed call to glassbox-helper as text for a person: one mapping of D-Bus error names
// for both clients, in the desktop application's sentences or glassboxctl's terse,
// podman-like lines.
#pragma once

#include <QCoreApplication>
#include <QDBusError>
#include <QDBusMessage>
#include <QString>
#include <QStringView>

namespace glassbox::client {

enum class ErrorStyle {
    Sentence, ///< "Could not start “web”: …", translated (the desktop application)
    Terse,    ///< the helper's own message, or a lowercase line (glassboxctl's "Error: …")
};

struct ErrorContext
{
    /// What was tried, completing "Could not %1" ("start “web”"); Sentence style only.
    QString action;
    ErrorStyle style = ErrorStyle::Sentence;
};

[[nodiscard]] QString errorText(const QString &name, const QString &message,
                                const ErrorContext &context);
[[nodiscard]] QString errorText(const QDBusMessage &reply, const ErrorContext &context);
[[nodiscard]] QString errorText(const QDBusError &error, const ErrorContext &context);

/// Errors that the bus, not the helper, gives when no helper is there to answer.
[[nodiscard]] bool meansNoHelper(QStringView errorName);
/// Errors of a helper that did not answer in time.
[[nodiscard]] bool meansNoAnswer(QStringView errorName);

/// The translation context of errorText()'s sentences.
class ErrorText
{
    Q_DECLARE_TR_FUNCTIONS(ErrorText)
};

} // namespace glassbox::client
