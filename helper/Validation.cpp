// Argument checks for every D-Bus method (see Validation.h).
#include "Validation.h"

#include "glassbox/image/reference.h"
#include "glassbox/quantities.h"

#include <QDBusArgument>
#include <QRegularExpression>

namespace Validation {

bool isContainerId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^[0-9a-f]{12,64}$"));
    return pattern.match(id).hasMatch();
}

bool isContainerName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$"));
    return pattern.match(name).hasMatch();
}

bool isImageReference(const QString &reference, QString *error)
{
    static const QRegularExpression idPattern(QStringLiteral("^(sha256:)?[0-9a-f]{4,64}$"));
    if (reference.size() > 512 || reference.contains(QChar(0))) {
        *error = QStringLiteral("image reference is too long or malformed");
        return false;
    }
    if (idPattern.match(reference).hasMatch())
        return true;
    auto parsed = glassbox::image::parseReference(reference.toStdString());
    if (!parsed) {
        *error = QStringLiteral("invalid image reference: %1")
                     .arg(QString::fromStdString(parsed.error().message));
        return false;
    }
    return true;
}

bool isSignal(int signal)
{
    return glassbox::quantity::checkSignal(signal).has_value();
}

bool isEnvEntry(const QString &entry)
{
    const qsizetype equals = entry.indexOf(QLatin1Char('='));
    return equals > 0 && !entry.contains(QChar(0)) && entry.size() <= 32768;
}

namespace {
QString typeError(const QString &key, const char *type)
{
    return QStringLiteral("option `%1` must be of D-Bus type %2").arg(key, QLatin1String(type));
}
} // namespace

std::optional<quint64> unsignedValue(const QVariantMap &map, const QString &key, QString *error)
{
    const QVariant value = map.value(key);
    if (value.metaType() != QMetaType::fromType<qulonglong>()) {
        *error = typeError(key, "t");
        return std::nullopt;
    }
    return value.toULongLong();
}

std::optional<qint64> signedValue(const QVariantMap &map, const QString &key, QString *error)
{
    const QVariant value = map.value(key);
    if (value.metaType() != QMetaType::fromType<qlonglong>()) {
        *error = typeError(key, "x");
        return std::nullopt;
    }
    return value.toLongLong();
}

std::optional<QString> stringValue(const QVariantMap &map, const QString &key, QString *error)
{
    const QVariant value = map.value(key);
    if (value.metaType() != QMetaType::fromType<QString>()) {
        *error = typeError(key, "s");
        return std::nullopt;
    }
    if (value.toString().contains(QChar(0)) || value.toString().size() > 4096) {
        *error = QStringLiteral("option `%1` is too long or malformed").arg(key);
        return std::nullopt;
    }
    return value.toString();
}

std::optional<QStringList> stringListValue(const QVariantMap &map, const QString &key,
                                           QString *error)
{
    const QVariant value = map.value(key);
    if (value.metaType() != QMetaType::fromType<QStringList>()) {
        *error = typeError(key, "as");
        return std::nullopt;
    }
    const QStringList list = value.toStringList();
    if (list.size() > 4096) {
        *error = QStringLiteral("option `%1` has too many entries").arg(key);
        return std::nullopt;
    }
    for (const QString &item : list)
        if (item.contains(QChar(0)) || item.size() > 32768) {
            *error = QStringLiteral("option `%1` has a malformed entry").arg(key);
            return std::nullopt;
        }
    return list;
}

std::optional<bool> boolValue(const QVariantMap &map, const QString &key, QString *error)
{
    const QVariant value = map.value(key);
    if (value.metaType() != QMetaType::fromType<bool>()) {
        *error = typeError(key, "b");
        return std::nullopt;
    }
    return value.toBool();
}

} // namespace Validation
