// Validation and persistence of container options (see ContainerOptions.h).
#include "ContainerOptions.h"

#include "Validation.h"

#include "glassbox/capabilities.h"
#include "glassbox/network.h"
#include "glassbox/quantities.h"

#include <QDBusArgument>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>

namespace glassbox::helper {

using namespace Validation;

namespace {

bool capabilityNames(const QStringList &names, const QString &key, QString *error)
{
    for (const QString &name : names) {
        QString full = name.toUpper();
        if (!full.startsWith(QStringLiteral("CAP_")))
            full.prepend(QStringLiteral("CAP_"));
        if (full != QStringLiteral("CAP_ALL") && !glassbox::caps::fromName(full.toStdString())) {
            *error = QStringLiteral("option `%1`: unknown capability %2")
                         .arg(key, Validation::quoted(name));
            return false;
        }
    }
    return true;
}

bool isContainerPath(const QString &path)
{
    return path.startsWith(QLatin1Char('/')) && path.size() <= 4096 &&
           !path.split(QLatin1Char('/')).contains(QStringLiteral(".."));
}

bool parseBindMounts(const QVariant &value, GbBindMountList *mounts, QString *error)
{
    if (value.metaType() != QMetaType::fromType<QDBusArgument>() ||
        value.value<QDBusArgument>().currentSignature() != QStringLiteral("a(ssb)")) {
        *error = QStringLiteral("option `BindMounts` must be of D-Bus type a(ssb)");
        return false;
    }
    *mounts = qdbus_cast<GbBindMountList>(value.value<QDBusArgument>());
    if (mounts->size() > 64) {
        *error = QStringLiteral("option `BindMounts` has too many entries");
        return false;
    }
    for (const GbBindMount &mount : *mounts) {
        // Syntax only: whether the path exists is root's knowledge, told to a caller polkit
        // allowed (checkHostPaths()).
        if (!mount.source.startsWith(QLatin1Char('/')) || mount.source.size() > 4096 ||
            mount.source.contains(QChar(0))) {
            *error = QStringLiteral("option `BindMounts`: host path %1 is not an absolute path")
                         .arg(Validation::quoted(mount.source));
            return false;
        }
        if (!isContainerPath(mount.destination) || mount.destination == QStringLiteral("/")) {
            *error = QStringLiteral("option `BindMounts`: container path %1 is not a "
                                    "clean absolute path")
                         .arg(Validation::quoted(mount.destination));
            return false;
        }
    }
    return true;
}

bool parsePorts(const QVariant &value, GbPortList *ports, QString *error)
{
    if (value.metaType() != QMetaType::fromType<QDBusArgument>() ||
        value.value<QDBusArgument>().currentSignature() != QStringLiteral("a(sqqs)")) {
        *error = QStringLiteral("option `Ports` must be of D-Bus type a(sqqs)");
        return false;
    }
    *ports = qdbus_cast<GbPortList>(value.value<QDBusArgument>());
    if (ports->size() > 256) {
        *error = QStringLiteral("option `Ports` has too many entries");
        return false;
    }
    for (GbPort &port : *ports) {
        if (port.containerPort == 0) {
            *error = QStringLiteral("option `Ports`: container port 0");
            return false;
        }
        if (port.protocol != QStringLiteral("tcp") && port.protocol != QStringLiteral("udp")) {
            *error = QStringLiteral("option `Ports`: protocol %1 is neither tcp nor udp")
                         .arg(Validation::quoted(port.protocol));
            return false;
        }
        // One text for each address ("::1" for "0:0::1"), so that equal ones compare equal
        // here and in the store's conflict checks; "0.0.0.0" is every address, as "".
        if (!port.hostIp.isEmpty()) {
            auto canonical = glassbox::net::canonicalAddress(port.hostIp.toStdString());
            if (!canonical) {
                *error =
                    QStringLiteral("option `Ports`: host address %1 is not an IPv4 or IPv6 address")
                        .arg(Validation::quoted(port.hostIp));
                return false;
            }
            if (*canonical == "::") {
                *error = QStringLiteral("option `Ports`: ") +
                         QString::fromUtf8(glassbox::net::kNoIpv6Only.data(),
                                           qsizetype(glassbox::net::kNoIpv6Only.size()));
                return false;
            }
            port.hostIp = *canonical == "0.0.0.0" ? QString() : QString::fromStdString(*canonical);
        }
    }
    for (const GbPort &port : std::as_const(*ports)) {
        for (const GbPort &other : std::as_const(*ports))
            if (&other != &port && other.hostPort != 0 && other.hostPort == port.hostPort &&
                other.protocol == port.protocol && other.hostIp == port.hostIp) {
                *error = QStringLiteral("option `Ports`: host port %1/%2 is published twice")
                             .arg(port.hostPort)
                             .arg(port.protocol);
                return false;
            }
    }
    return true;
}

/// Reads `key` as its D-Bus type (`read`) and checks it with `inRange`, the range every client
/// checks too (glassbox/quantities.h): a value that does not fit is refused, never narrowed.
template <typename T, typename Check>
bool readLimit(const QVariantMap &map, const QString &key,
               std::optional<T> (*read)(const QVariantMap &, const QString &, QString *),
               Check inRange, std::optional<T> *out, QString *error)
{
    if (!map.contains(key))
        return true;
    const std::optional<T> value = read(map, key, error);
    if (!value)
        return false;
    auto checked = inRange(*value);
    if (!checked) {
        *error = QStringLiteral("option `%1`: %2")
                     .arg(key, QString::fromStdString(checked.error().message));
        return false;
    }
    *out = T(*checked);
    return true;
}

QJsonArray toArray(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QStringList toList(const QJsonValue &value)
{
    QStringList list;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array)
        list.append(item.toString());
    return list;
}

} // namespace

QStringList ContainerLimits::keys()
{
    return {QStringLiteral("MemoryLimit"), QStringLiteral("CpuQuota"), QStringLiteral("CpuPeriod"),
            QStringLiteral("PidsLimit")};
}

bool ContainerLimits::empty() const
{
    return !memoryLimit && !cpuQuota && !cpuPeriod && !pidsLimit;
}

bool ContainerLimits::parse(const QVariantMap &map, ContainerLimits *limits, QString *error)
{
    using namespace glassbox::quantity;
    return readLimit(map, QStringLiteral("MemoryLimit"), unsignedValue, checkMemoryLimit,
                     &limits->memoryLimit, error) &&
           readLimit(map, QStringLiteral("CpuQuota"), signedValue, checkCpuQuota, &limits->cpuQuota,
                     error) &&
           readLimit(map, QStringLiteral("CpuPeriod"), unsignedValue, checkCpuPeriod,
                     &limits->cpuPeriod, error) &&
           readLimit(map, QStringLiteral("PidsLimit"), signedValue, checkPidsLimit,
                     &limits->pidsLimit, error);
}

bool ContainerOptions::onNetwork() const
{
    return !network.isEmpty() && network != QStringLiteral("none") &&
           network != QStringLiteral("host");
}

bool ContainerOptions::privileged() const
{
    const bool lowPort = std::any_of(ports.cbegin(), ports.cend(), [](const GbPort &port) {
        return port.hostPort != 0 && port.hostPort < 1024;
    });
    return !bindMounts.isEmpty() || !capAdd.isEmpty() || seccomp == QStringLiteral("unconfined") ||
           network == QStringLiteral("host") || lowPort;
}

bool ContainerOptions::checkHostPaths(QString *error) const
{
    for (const GbBindMount &mount : bindMounts)
        if (!QFileInfo::exists(mount.source)) {
            *error = QStringLiteral("option `BindMounts`: host path %1 does not exist")
                         .arg(Validation::quoted(mount.source));
            return false;
        }
    return true;
}

std::optional<ContainerOptions> ContainerOptions::fromDBus(const QVariantMap &map, QString *error)
{
    static const QStringList known =
        QStringList{QStringLiteral("Command"),       QStringLiteral("Env"),
                    QStringLiteral("WorkingDir"),    QStringLiteral("User"),
                    QStringLiteral("Hostname"),      QStringLiteral("ReadOnly"),
                    QStringLiteral("UserNamespace"), QStringLiteral("CapAdd"),
                    QStringLiteral("CapDrop"),       QStringLiteral("Seccomp"),
                    QStringLiteral("BindMounts"),    QStringLiteral("Network"),
                    QStringLiteral("Ports"),         QStringLiteral("PublishAll")} +
        ContainerLimits::keys();
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        if (!known.contains(it.key())) {
            *error = QStringLiteral("unknown option %1").arg(Validation::quoted(it.key()));
            return std::nullopt;
        }
    ContainerOptions options;
    auto strings = [&](const QString &key, QStringList *out) {
        if (!map.contains(key))
            return true;
        auto value = stringListValue(map, key, error);
        if (value)
            *out = *value;
        return value.has_value();
    };
    auto string = [&](const QString &key, QString *out) {
        if (!map.contains(key))
            return true;
        auto value = stringValue(map, key, error);
        if (value)
            *out = *value;
        return value.has_value();
    };
    auto boolean = [&](const QString &key, bool *out) {
        if (!map.contains(key))
            return true;
        auto value = boolValue(map, key, error);
        if (value)
            *out = *value;
        return value.has_value();
    };
    if (!strings(QStringLiteral("Command"), &options.command) ||
        !strings(QStringLiteral("Env"), &options.env) ||
        !string(QStringLiteral("WorkingDir"), &options.workingDir) ||
        !string(QStringLiteral("User"), &options.user) ||
        !string(QStringLiteral("Hostname"), &options.hostname) ||
        !boolean(QStringLiteral("ReadOnly"), &options.readOnly) ||
        !boolean(QStringLiteral("UserNamespace"), &options.userNamespace) ||
        !strings(QStringLiteral("CapAdd"), &options.capAdd) ||
        !strings(QStringLiteral("CapDrop"), &options.capDrop) ||
        !string(QStringLiteral("Seccomp"), &options.seccomp) ||
        !string(QStringLiteral("Network"), &options.network) ||
        !boolean(QStringLiteral("PublishAll"), &options.publishAll) ||
        !ContainerLimits::parse(map, &options.limits, error))
        return std::nullopt;
    if (map.contains(QStringLiteral("Command")) && options.command.isEmpty()) {
        *error = QStringLiteral("option `Command` is empty");
        return std::nullopt;
    }
    for (const QString &entry : std::as_const(options.env))
        if (!isEnvEntry(entry)) {
            *error =
                QStringLiteral("option `Env`: %1 is not KEY=VALUE").arg(Validation::quoted(entry));
            return std::nullopt;
        }
    if (!options.workingDir.isEmpty() && !isContainerPath(options.workingDir)) {
        *error = QStringLiteral("option `WorkingDir` must be a clean absolute path");
        return std::nullopt;
    }
    static const QRegularExpression userPattern(
        QStringLiteral("^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,31}(:[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,31})?$"));
    if (!options.user.isEmpty() && !userPattern.match(options.user).hasMatch()) {
        *error = QStringLiteral("option `User` must be uid[:gid] or user[:group]");
        return std::nullopt;
    }
    // Numeric parts are ids in range ("4294967296" is no uid); names are looked up at create.
    if (!options.user.isEmpty()) {
        if (auto user = glassbox::quantity::parseUserSpec(options.user.toStdString()); !user) {
            *error = QStringLiteral("option `User`: %1")
                         .arg(QString::fromStdString(user.error().message));
            return std::nullopt;
        }
    }
    static const QRegularExpression hostPattern(
        QStringLiteral("^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$"));
    if (!options.hostname.isEmpty() && !hostPattern.match(options.hostname).hasMatch()) {
        *error = QStringLiteral("option `Hostname` is not a valid host name");
        return std::nullopt;
    }
    if (!capabilityNames(options.capAdd, QStringLiteral("CapAdd"), error) ||
        !capabilityNames(options.capDrop, QStringLiteral("CapDrop"), error))
        return std::nullopt;
    if (options.seccomp != QStringLiteral("default") &&
        options.seccomp != QStringLiteral("unconfined")) {
        *error = QStringLiteral("option `Seccomp` must be \"default\" or \"unconfined\"");
        return std::nullopt;
    }
    if (map.contains(QStringLiteral("BindMounts")) &&
        !parseBindMounts(map.value(QStringLiteral("BindMounts")), &options.bindMounts, error))
        return std::nullopt;
    if (map.contains(QStringLiteral("Network")) &&
        !glassbox::net::isNetworkName(options.network.toStdString())) {
        *error = QStringLiteral("option `Network`: %1 is not a network's name")
                     .arg(Validation::quoted(options.network));
        return std::nullopt;
    }
    if (map.contains(QStringLiteral("Ports")) &&
        !parsePorts(map.value(QStringLiteral("Ports")), &options.ports, error))
        return std::nullopt;
    if ((!options.ports.isEmpty() || options.publishAll) &&
        (options.network == QStringLiteral("none") || options.network == QStringLiteral("host"))) {
        *error = QStringLiteral("option `%1` needs a network; the container's is %2")
                     .arg(options.ports.isEmpty() ? QStringLiteral("PublishAll")
                                                  : QStringLiteral("Ports"),
                          Validation::quoted(options.network));
        return std::nullopt;
    }
    return options;
}

QJsonObject ContainerOptions::toJson() const
{
    QJsonObject json{{QStringLiteral("Command"), toArray(command)},
                     {QStringLiteral("Env"), toArray(env)},
                     {QStringLiteral("WorkingDir"), workingDir},
                     {QStringLiteral("User"), user},
                     {QStringLiteral("Hostname"), hostname},
                     {QStringLiteral("ReadOnly"), readOnly},
                     {QStringLiteral("UserNamespace"), userNamespace},
                     {QStringLiteral("UserNamespaceBase"), qint64(userNamespaceBase)},
                     {QStringLiteral("CapAdd"), toArray(capAdd)},
                     {QStringLiteral("CapDrop"), toArray(capDrop)},
                     {QStringLiteral("Seccomp"), seccomp}};
    if (limits.memoryLimit)
        json.insert(QStringLiteral("MemoryLimit"), QString::number(*limits.memoryLimit));
    if (limits.cpuQuota)
        json.insert(QStringLiteral("CpuQuota"), QString::number(*limits.cpuQuota));
    if (limits.cpuPeriod)
        json.insert(QStringLiteral("CpuPeriod"), QString::number(*limits.cpuPeriod));
    if (limits.pidsLimit)
        json.insert(QStringLiteral("PidsLimit"), QString::number(*limits.pidsLimit));
    QJsonArray mounts;
    for (const GbBindMount &mount : bindMounts)
        mounts.append(QJsonObject{{QStringLiteral("Source"), mount.source},
                                  {QStringLiteral("Destination"), mount.destination},
                                  {QStringLiteral("ReadOnly"), mount.readOnly}});
    json.insert(QStringLiteral("BindMounts"), mounts);
    json.insert(QStringLiteral("Network"), network);
    QJsonArray published;
    for (const GbPort &port : ports)
        published.append(QJsonObject{{QStringLiteral("HostIp"), port.hostIp},
                                     {QStringLiteral("HostPort"), port.hostPort},
                                     {QStringLiteral("ContainerPort"), port.containerPort},
                                     {QStringLiteral("Protocol"), port.protocol}});
    json.insert(QStringLiteral("Ports"), published);
    return json;
}

ContainerOptions ContainerOptions::fromJson(const QJsonObject &json)
{
    ContainerOptions options;
    options.command = toList(json.value(QStringLiteral("Command")));
    options.env = toList(json.value(QStringLiteral("Env")));
    options.workingDir = json.value(QStringLiteral("WorkingDir")).toString();
    options.user = json.value(QStringLiteral("User")).toString();
    options.hostname = json.value(QStringLiteral("Hostname")).toString();
    options.readOnly = json.value(QStringLiteral("ReadOnly")).toBool();
    options.userNamespace = json.value(QStringLiteral("UserNamespace")).toBool();
    options.userNamespaceBase =
        quint32(json.value(QStringLiteral("UserNamespaceBase")).toInteger());
    options.capAdd = toList(json.value(QStringLiteral("CapAdd")));
    options.capDrop = toList(json.value(QStringLiteral("CapDrop")));
    options.seccomp = json.value(QStringLiteral("Seccomp")).toString(QStringLiteral("default"));
    if (json.contains(QStringLiteral("MemoryLimit")))
        options.limits.memoryLimit =
            json.value(QStringLiteral("MemoryLimit")).toString().toULongLong();
    if (json.contains(QStringLiteral("CpuQuota")))
        options.limits.cpuQuota = json.value(QStringLiteral("CpuQuota")).toString().toLongLong();
    if (json.contains(QStringLiteral("CpuPeriod")))
        options.limits.cpuPeriod = json.value(QStringLiteral("CpuPeriod")).toString().toULongLong();
    if (json.contains(QStringLiteral("PidsLimit")))
        options.limits.pidsLimit = json.value(QStringLiteral("PidsLimit")).toString().toLongLong();
    const QJsonArray mounts = json.value(QStringLiteral("BindMounts")).toArray();
    for (const QJsonValue &value : mounts) {
        const QJsonObject mount = value.toObject();
        options.bindMounts.append({mount.value(QStringLiteral("Source")).toString(),
                                   mount.value(QStringLiteral("Destination")).toString(),
                                   mount.value(QStringLiteral("ReadOnly")).toBool()});
    }
    // Records from before networks had none: their containers keep a namespace of their own.
    options.network = json.value(QStringLiteral("Network")).toString(QStringLiteral("none"));
    const QJsonArray ports = json.value(QStringLiteral("Ports")).toArray();
    for (const QJsonValue &value : ports) {
        const QJsonObject port = value.toObject();
        options.ports.append({port.value(QStringLiteral("HostIp")).toString(),
                              quint16(port.value(QStringLiteral("HostPort")).toInt()),
                              quint16(port.value(QStringLiteral("ContainerPort")).toInt()),
                              port.value(QStringLiteral("Protocol")).toString()});
    }
    return options;
}

} // namespace glassbox::helper
