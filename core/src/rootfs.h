// The container's filesystem view, built inside its new mount namespace: the config's
// mounts, /dev, pivot_root into the rootfs, then masked and read-only paths.
#pragma once

#include "glassbox/cgroup/cgroup.h"
#include "glassbox/error.h"
#include "glassbox/oci/spec.h"

#include <map>
#include <string>

namespace glassbox::rootfs {

struct Context
{
    const oci::Spec &spec;
    std::string rootfs;                     ///< absolute host path
    std::string bundle;                     ///< relative bind sources are resolved against it
    const cgroup::Cgroup *cgroup = nullptr; ///< for "cgroup" mounts; null without cgroups
    bool newUserNamespace = false;
    bool newCgroupNamespace = false;
    bool noPivot = false;
    int rootfsTree = -1;              ///< idmapped copy of the rootfs to attach, or -1
    std::map<size_t, int> mountTrees; ///< idmapped sources of `idmap` mounts, by index
};

/// Everything up to and including the switch into the rootfs (pivot_root, or MS_MOVE +
/// chroot with `noPivot`). Afterwards "/" is the container's root.
[[nodiscard]] Status enter(const Context &context);

/// After the switch: sysctls, masked paths, read-only paths, read-only root, and the
/// config's rootfsPropagation.
[[nodiscard]] Status finish(const Context &context);

/// Writes linux.sysctl under /proc/sys (validated at create time by validateSysctl).
[[nodiscard]] Status applySysctl(const oci::Linux &linuxConfig);

/// Refuses sysctls that are not namespaced (they would change the host) and net.* ones
/// without a new network namespace.
[[nodiscard]] Status validateSysctl(const oci::Linux &linuxConfig);

} // namespace glassbox::rootfs
