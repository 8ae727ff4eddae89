// OCI mount options ("ro", "nosuid", "rbind", "rprivate", "mode=755", ...) turned into
// mount(2) flags, propagation, mount_setattr(2) attributes and filesystem data.
#pragma once

#include "glassbox/error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace glassbox {

struct MountOptions
{
    unsigned long flags = 0;       ///< MS_* passed to mount(2) (without MS_BIND/MS_REC)
    unsigned long propagation = 0; ///< MS_PRIVATE/MS_SHARED/MS_SLAVE/MS_UNBINDABLE (| MS_REC)
    bool bind = false;
    bool recursive = false;     ///< rbind
    uint64_t attrSet = 0;       ///< MOUNT_ATTR_* to set on a bind mount after it is made
    uint64_t attrClear = 0;     ///< MOUNT_ATTR_* to clear
    bool attrRecursive = false; ///< "rro", "rnosuid", ...: the attributes apply to submounts too
    bool idmap = false;         ///< "idmap"/"ridmap": an idmapped mount with the container's maps
    bool copyUp = false;        ///< "tmpcopyup": a tmpfs starts with the content it covers
    std::string data;           ///< everything else, comma-joined, for the filesystem
};

/// Parses the options of `mounts[index]`; errors name `mounts[index].options[i]`.
[[nodiscard]] Result<MountOptions> parseMountOptions(const std::vector<std::string> &options,
                                                     size_t index);

} // namespace glassbox
