// The options of CreateContainer (and the limits of Update), validated from an a{sv} and
// kept in the container's record as JSON.
#pragma once

#include "DBusTypes.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVariantMap>
#include <optional>

namespace glassbox::helper {

struct ContainerLimits
{
    std::optional<quint64> memoryLimit; ///< bytes
    std::optional<qint64> cpuQuota;     ///< usec per period; -1: none
    std::optional<quint64> cpuPeriod;   ///< usec
    std::optional<qint64> pidsLimit;    ///< -1: none

    /// Reads MemoryLimit, CpuQuota, CpuPeriod, PidsLimit from `map` (other keys are left for
    /// the caller to refuse) and checks their ranges.
    [[nodiscard]] static bool parse(const QVariantMap &map, ContainerLimits *limits,
                                    QString *error);
    [[nodiscard]] static QStringList keys();
    [[nodiscard]] bool empty() const;
};

struct ContainerOptions
{
    QStringList command;
    QStringList env;
    QString workingDir;
    QString user;
    QString hostname;
    ContainerLimits limits;
    bool readOnly = false;
    bool userNamespace = false;
    QStringList capAdd;
    QStringList capDrop;
    QString seccomp = QStringLiteral("default");
    GbBindMountList bindMounts;
    quint32 userNamespaceBase = 0; ///< host uid/gid of the container's root (assigned on create)
    /// "none", "host" or a network's name; "" until create resolves the helper's default.
    QString network;
    GbPortList ports; ///< published ports; hostPort 0 = any free one, chosen at start
    /// `-P`: at create, every port the image exposes joins `ports` with host port 0 (the
    /// record keeps the ports, not the flag).
    bool publishAll = false;

    /// The container gets a namespace on a network of the helper's (not "none" or "host").
    [[nodiscard]] bool onNetwork() const;

    /// Options that hand host resources to the container (org.glassbox.container.privileged):
    /// host paths, capabilities, no seccomp, the host's network, host ports below 1024.
    [[nodiscard]] bool privileged() const;

    /// Checks what the host must have: every bind mount's source exists. Root's view of the
    /// host, so only for a caller polkit allowed the privileged action (fromDBus() checks the
    /// paths' syntax alone, before polkit is asked).
    [[nodiscard]] bool checkHostPaths(QString *error) const;

    /// Validates every key and value; unknown keys are errors that name the key. Nothing of
    /// the host is looked at: the answer is the same whatever exists on it.
    [[nodiscard]] static std::optional<ContainerOptions> fromDBus(const QVariantMap &map,
                                                                  QString *error);
    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static ContainerOptions fromJson(const QJsonObject &json);
};

} // namespace glassbox::helper
