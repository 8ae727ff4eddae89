// Reading a small file of a tree the reader does not trust (an image's root filesystem)
// with root's rights: nothing in the tree can lead the read out of it, make it block, or make
// it read without end.
#pragma once

#include "glassbox/error.h"

#include <string>
#include <sys/stat.h>

namespace glassbox {

/// Reads `path` ("/etc/passwd" or "etc/passwd") below `rootFd` as the tree itself sees it:
/// openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS), so symlinks and ".." on the way stay
/// inside the tree, and O_NOFOLLOW, so the file itself must not be a symlink. Only a regular
/// file is opened for reading (fstat of an O_PATH descriptor first, so no device or FIFO is
/// ever opened; O_NONBLOCK | O_NOCTTY and a second fstat close the race), and only up to
/// `maxBytes`. Errors name the path and what it is instead: "a character device (1:5)",
/// "a FIFO", "a symbolic link", "larger than N bytes". A missing file fails with ENOENT.
[[nodiscard]] Result<std::string> readUntrustedFile(int rootFd, const std::string &path,
                                                    size_t maxBytes);

/// What `st` describes, for messages: "a regular file", "a character device (1:5)", ...
[[nodiscard]] std::string fileTypeName(const struct stat &st);

} // namespace glassbox
