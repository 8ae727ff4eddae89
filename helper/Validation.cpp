// Argument checks for every D-Bus method (see Validation.h).
#include "Validation.h"

#include "glassbox/image/reference.h"
#include "glassbox/quantities.h"

#include <QDBusArgument>
#include <QRegularExpression>

#include <algorithm>

namespace glassbox::helper::Validation {

namespace {

/// The characters of `value` with those that could forge output escaped (see quoted());
/// backticks too when `value` goes between backticks.
QString escaped(QStringView value, bool backticks = true)
{
    QString out;
    out.reserve(value.size());
    for (qsizetype i = 0; i < value.size(); ++i) {
        const QChar c = value.at(i);
        const bool pair =
            c.isHighSurrogate() && i + 1 < value.size() && value.at(i + 1).isLowSurrogate();
        if (pair) {
            out.append(c).append(value.at(++i));
        } else if (c == QLatin1Char('\\') || (backticks && c == QLatin1Char('`'))) {
            out.append(QLatin1Char('\\')).append(c);
        } else if (c == QLatin1Char('\n')) {
            out.append(QStringLiteral("\\n"));
        } else if (c == QLatin1Char('\t')) {
            out.append(QStringLiteral("\\t"));
        } else if (c == QLatin1Char('\r')) {
            out.append(QStringLiteral("\\r"));
        } else if (c.unicode() < 0x20 || c.unicode() == 0x7f) {
            out.append(QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0')));
        } else if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format ||
                   c.category() == QChar::Separator_Line ||
                   c.category() == QChar::Separator_Paragraph || c.isSurrogate()) {
            out.append(QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0')));
        } else {
            out.append(c);
        }
    }
    return out;
}

} // namespace

QString quoted(const QString &value, qsizetype max)
{
    max = std::max<qsizetype>(max, 2);
    if (value.size() <= max)
        return QLatin1Char('`') + escaped(value) + QLatin1Char('`');
    // Cut between characters, never inside a surrogate pair.
    qsizetype head = max / 2;
    if (value.at(head - 1).isHighSurrogate())
        --head;
    qsizetype tail = value.size() - max / 2;
    if (value.at(tail).isLowSurrogate())
        ++tail;
    return QStringLiteral("`%1…%2` (%3 characters)")
        .arg(escaped(QStringView(value).left(head)), escaped(QStringView(value).mid(tail)))
        .arg(value.size());
}

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
        // The parser's message ("invalid image reference `x`: why") names the reference (at
        // most 512 characters, see above): escaped, so that it cannot put control characters
        // into a client's terminal.
        *error = escaped(QString::fromStdString(parsed.error().message), false);
        return false;
    }
    return true;
}

bool isSignal(int signal)
{
    return glassbox::quantity::checkSignal(signal).has_value();
}

QString stopTimeoutError(uint seconds)
{
    constexpr uint kMaxStopTimeout = 3600;
    if (seconds > kMaxStopTimeout)
        return QStringLiteral("timeout must be at most %1 seconds").arg(kMaxStopTimeout);
    return {};
}

QString argvError(const QStringList &argv)
{
    const bool malformed = std::any_of(argv.cbegin(), argv.cend(), [](const QString &argument) {
        return argument.contains(QChar(0)) || argument.size() > 65536;
    });
    if (argv.isEmpty() || argv.size() > 1024 || argv.first().isEmpty())
        return QStringLiteral("argv must name a program");
    if (malformed)
        return QStringLiteral("argv has a malformed argument");
    return {};
}

bool isEnvEntry(const QString &entry)
{
    const qsizetype equals = entry.indexOf(QLatin1Char('='));
    if (equals <= 0 || entry.contains(QChar(0)) || entry.size() > 32768)
        return false;
    // A value may span lines; a name with a newline or an escape in it is no variable anyone
    // meant, and would forge lines where the environment is listed (inspect, logs).
    for (const QChar c : QStringView(entry).left(equals))
        if (c.unicode() < 0x20 || c.unicode() == 0x7f || c.category() == QChar::Other_Format)
            return false;
    return true;
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

} // namespace glassbox::helper::Validation
