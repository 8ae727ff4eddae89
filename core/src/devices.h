// /dev inside a container: the default device nodes every container gets, the config's
// devices, the /dev symlinks, and the device cgroup rules that let them be used.
#pragma once

#include "glassbox/error.h"
#include "glassbox/oci/spec.h"

#include <vector>

namespace glassbox::devices {

/// null, zero, full, random, urandom, tty: what the OCI spec requires.
[[nodiscard]] const std::vector<oci::Device> &defaults();

/// Creates `devices` under the root: mknod, or (in a user namespace, where mknod is not
/// allowed) a bind mount of the host's node over an empty file.
[[nodiscard]] Status create(int rootFd, const std::vector<oci::Device> &devices, bool bindFromHost);

/// /dev/fd, /dev/stdin, /dev/stdout, /dev/stderr and /dev/ptmx -> pts/ptmx.
[[nodiscard]] Status createSymlinks(int rootFd);

/// The device cgroup rules to apply: the config's rules followed by allows for the default
/// devices, the config's devices, /dev/console, /dev/pts/* and /dev/ptmx, as runc does.
[[nodiscard]] std::vector<oci::DeviceRule> cgroupRules(const oci::Linux &linuxConfig);

} // namespace glassbox::devices
