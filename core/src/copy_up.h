// tmpcopyup: a fresh tmpfs starts with what the directory it covers held, as runc and crun
// do for podman's --tmpfs mounts and the tmpfs mounts of a --read-only container.
#pragma once

#include "glassbox/error.h"

#include <string>

namespace glassbox::copyup {

/// What of the source directory itself the target (the tmpfs root) takes over; the mount's
/// own `mode=`, `uid=` and `gid=` options win over the source's.
struct RootAttributes
{
    bool owner = true;
    bool mode = true;
};

/// Copies everything below the directory open as `source` into the empty directory open as
/// `target`: regular files, directories, symlinks (as links, never followed), fifos, sockets
/// and device nodes, with owners, modes and times. Every step is relative to an open
/// directory and refuses symlinks (O_NOFOLLOW, AT_SYMLINK_NOFOLLOW), so a container-made
/// link cannot lead the copy out of the rootfs. Hard links become separate copies; extended
/// attributes are not copied. `what` ("/etc") names the source in errors.
[[nodiscard]] Status copyTree(int source, int target, const std::string &what,
                              RootAttributes root = {});

} // namespace glassbox::copyup
