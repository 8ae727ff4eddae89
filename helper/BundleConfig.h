// Applies a container's options to the config.json the image library generated from the
// image: user, working dir, hostname, read-only root, limits, capabilities, seccomp, user
// namespace remapping, bind mounts and the network namespace.
#pragma once

#include "ContainerOptions.h"
#include "HelperError.h"

#include <QString>

namespace glassbox::helper::BundleConfig {

/// Where a container on a network finds its network: the namespace the helper makes at each
/// start, and the /etc files written then (bind-mounted over the image's, as Docker does).
struct NetworkPaths
{
    QString netns;  ///< NetworkStore::netnsPath(id)
    QString etcDir; ///< holds hosts, hostname, resolv.conf
};

/// Rewrites `bundle`/config.json in place (atomically). `mergedDir` is the container's
/// rootfs, where user and group names are looked up (one it does not know: InvalidArgument).
/// `network` is used when the options put the container on a network.
[[nodiscard]] HelperResult<void> apply(const QString &bundle, const QString &mergedDir,
                                       const ContainerOptions &options,
                                       const NetworkPaths &network);

/// Writes new limits into `bundle`/config.json, for the container's next start.
[[nodiscard]] HelperResult<void> updateLimits(const QString &bundle, const ContainerLimits &limits);

/// Host uids/gids per user-namespaced container: container root is `base`, 65536 ids.
inline constexpr quint32 kUserNamespaceSize = 65536;
inline constexpr quint32 kUserNamespaceFirstBase = 1000000;

} // namespace glassbox::helper::BundleConfig
