// Filesystem helpers of the image store: paths resolved beneath a directory fd, recursive
// removal that never follows a symlink, random names and store locks.
#pragma once

#include "glassbox/error.h"
#include "glassbox/fd.h"

#include <string>
#include <sys/stat.h>

namespace glassbox::image {

/// openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS): `path` (relative) may go through
/// symlinks only while they stay below `dirFd`; an escape fails with EXDEV.
[[nodiscard]] Result<UniqueFd> openBeneath(int dirFd, const std::string &path, int flags,
                                           unsigned mode = 0);

/// Removes `name` below `dirFd` and everything under it, descending with O_NOFOLLOW fds
/// (a symlink is removed, never followed). A missing `name` is not an error.
[[nodiscard]] Status removeTree(int dirFd, const std::string &name);

/// `bytes` random bytes as lowercase hex (getrandom).
[[nodiscard]] std::string randomHex(size_t bytes);

/// Creates `path` and missing parents with mode 0700 for new directories.
[[nodiscard]] Status makeDirs(const std::string &path, unsigned mode = 0700);

/// flock on `path` (created if missing), shared or exclusive; held while the fd lives.
[[nodiscard]] Result<UniqueFd> lockPath(const std::string &path, bool exclusive);

/// fstatat without following symlinks; ENOENT comes back as an error with code ENOENT.
[[nodiscard]] Result<struct stat> statAt(int dirFd, const std::string &name);

/// Whether `st` is an overlay whiteout: a character device with device number 0/0.
[[nodiscard]] inline bool isWhiteout(const struct stat &st)
{
    return S_ISCHR(st.st_mode) && st.st_rdev == 0;
}

/// Whether the directory `fd` carries trusted.overlay.opaque=y.
[[nodiscard]] bool isOpaqueDir(int fd);

} // namespace glassbox::image
