// Idmapped mounts (mount_setattr MOUNT_ATTR_IDMAP): a user-namespaced container sees the
// files of its rootfs and of `idmap` bind mounts with the owners they have on disk, shifted
// through its own uid/gid mappings, without chowning anything.
#pragma once

#include "glassbox/error.h"
#include "glassbox/fd.h"
#include "glassbox/oci/spec.h"

#include <sys/types.h>

namespace glassbox::idmap {

/// A detached copy of the mount tree at `source` (open_tree OPEN_TREE_CLONE), idmapped
/// through the user namespace of `pid`. Needs CAP_SYS_ADMIN in the initial user namespace,
/// so the runtime makes it and hands it to the container process. ENOTSUP/EINVAL mean the
/// kernel or the filesystem cannot idmap.
[[nodiscard]] Result<UniqueFd> makeTree(const std::string &source, pid_t pid, bool recursive);

/// Attaches a tree from makeTree() at `target` (move_mount).
[[nodiscard]] Status attachTree(int treeFd, const std::string &target);
/// The same onto an O_PATH descriptor (move_mount does not follow /proc/self/fd links).
[[nodiscard]] Status attachTree(int treeFd, int targetFd, const std::string &name);

/// Whether the rootfs still carries unshifted ids: its root directory's owner is outside
/// the host range of the uid mappings. A rootfs already chowned into the range (as some
/// engines prepare it) must not be shifted a second time.
[[nodiscard]] bool rootfsNeedsShift(const std::string &rootfs,
                                    const std::vector<oci::IdMapping> &uidMappings);

} // namespace glassbox::idmap
