// Argument checks that run before anything else: every value a caller sends is checked
// against a strict pattern or range here, and a failure names what was wrong.
#pragma once

#include <QString>
#include <QStringList>
#include <QVariant>
#include <optional>

namespace glassbox::helper::Validation {

/// Helper-issued container ids: 12 to 64 lowercase hex digits.
[[nodiscard]] bool isContainerId(const QString &id);
/// Container names: [a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}.
[[nodiscard]] bool isContainerName(const QString &name);
/// An image reference the image library parses, or an image id (sha256:<hex> / hex prefix).
[[nodiscard]] bool isImageReference(const QString &reference, QString *error);
/// Signals 1..64 (glassbox::quantity::checkSignal, as the clients parse them).
[[nodiscard]] bool isSignal(int signal);
/// Stop's and Restart's timeout: at most an hour. Empty when valid, else what was wrong.
[[nodiscard]] QString stopTimeoutError(uint seconds);
/// Exec's argv: 1 to 1024 arguments of at most 65536 characters without NUL, the first (the
/// program) not empty. An empty return means valid; otherwise it says what was wrong.
[[nodiscard]] QString argvError(const QStringList &argv);
/// "K=V" with a non-empty K without '=' or control characters, and no NUL.
[[nodiscard]] bool isEnvEntry(const QString &entry);

/// `value` for an error message that names a caller's argument: in backticks, with control,
/// format (bidirectional overrides) and lone surrogate characters, backslashes and backticks
/// escaped (\n, \x1b, \u202e), and when it is longer than `max` characters only its start
/// and end around "…" with its length: a 1 MB argument is never echoed back whole, and an
/// echoed one cannot forge lines in a log or a terminal.
[[nodiscard]] QString quoted(const QString &value, qsizetype max = 80);

/// A typed value from an a{sv}; an error names the key and the type it needed.
[[nodiscard]] std::optional<quint64> unsignedValue(const QVariantMap &map, const QString &key,
                                                   QString *error);
[[nodiscard]] std::optional<qint64> signedValue(const QVariantMap &map, const QString &key,
                                                QString *error);
[[nodiscard]] std::optional<QString> stringValue(const QVariantMap &map, const QString &key,
                                                 QString *error);
[[nodiscard]] std::optional<QStringList> stringListValue(const QVariantMap &map, const QString &key,
                                                         QString *error);
[[nodiscard]] std::optional<bool> boolValue(const QVariantMap &map, const QString &key,
                                            QString *error);

} // namespace glassbox::helper::Validation
