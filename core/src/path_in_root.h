// Resolving container paths inside the container's rootfs without ever leaving it:
// openat2(RESOLVE_IN_ROOT) treats symlinks and ".." as if the rootfs were "/".
#pragma once

#include "glassbox/error.h"
#include "glassbox/fd.h"

#include <string>

namespace glassbox {

/// Opens `path` (absolute or relative, read as inside the root) below `rootFd`.
[[nodiscard]] Result<UniqueFd> openInRoot(int rootFd, const std::string &path, int flags);

/// Opens `path` below `rootFd` as O_PATH, first creating it (and missing parents, 0755) as a
/// directory or, with `directory` false, an empty file.
[[nodiscard]] Result<UniqueFd> ensureInRoot(int rootFd, const std::string &path, bool directory);

/// "/proc/self/fd/N": the name under which mount(2) reaches an O_PATH descriptor.
[[nodiscard]] std::string fdPath(int fd);

} // namespace glassbox
