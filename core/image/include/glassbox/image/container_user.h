// The user a container's process runs as: Docker's `User` ("name", "uid", "name:group",
// "uid:gid" and mixtures) resolved through the container's own /etc/passwd and /etc/group.
// Used by the image library for an image's configured User and by the helper for the `User`
// option, so both read the untrusted image the same careful way.
#pragma once

#include "glassbox/error.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace glassbox::image {

struct ContainerUser
{
    uint32_t uid = 0;
    uint32_t gid = 0;
    /// Groups of /etc/group that list the user by name (only when no group was given).
    std::vector<uint32_t> additionalGids;
};

/// The most /etc/passwd or /etc/group may hold; a larger one is refused.
inline constexpr size_t kMaxUserDatabaseBytes = 4 << 20;

/// Resolves `user` (empty: root, 0:0) below `rootFd`, the container's root directory. A
/// numeric part is an id (checked: "4294967296" is an error, never 0); a numeric user is looked
/// up by id for its primary group and name, a name must be in the database; "uid:gid" needs no
/// lookup. Each database is read with readUntrustedFile() (a regular file of at most
/// kMaxUserDatabaseBytes, not itself a symlink) only when the lookup needs it; a missing one is
/// an empty one. Errors name the file and the line or value that was wrong.
[[nodiscard]] Result<ContainerUser> resolveContainerUser(int rootFd, std::string_view user);

/// The same for a root directory given by path (opened O_PATH | O_DIRECTORY).
[[nodiscard]] Result<ContainerUser> resolveContainerUser(const std::string &rootDir,
                                                         std::string_view user);

} // namespace glassbox::image
