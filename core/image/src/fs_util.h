// Filesystem helpers of the image store: paths resolved beneath a directory fd, recursive
// removal that never follows a symlink, random names and store locks.
#pragma once

#include "glassbox/error.h"
#include "glassbox/fd.h"

#include <string>
#include <sys/stat.h>
#include <vector>

namespace glassbox::image {

/// openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS): `path` (relative) may go through
/// symlinks only while they stay below `dirFd`; an escape fails with EXDEV.
[[nodiscard]] Result<UniqueFd> openBeneath(int dirFd, const std::string &path, int flags,
                                           unsigned mode = 0);

/// Removes `name` below `dirFd` and everything under it, descending with O_NOFOLLOW fds
/// (a symlink is removed, never followed). A mount point below it is never entered: its
/// rmdir fails first, and so does the removal (EBUSY). A missing `name` is not an error.
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

/// Every mount point strictly below `dir`, deepest first (from /proc/self/mountinfo).
[[nodiscard]] std::vector<std::string> mountPointsBelow(const std::string &dir);

/// Whether `path` is a mount point of this mount namespace.
[[nodiscard]] bool isMountPoint(const std::string &path);

/// Unmounts every mount stacked at `point` (none: nothing to do); EBUSY, naming it, while
/// one is in use.
[[nodiscard]] Status unmountAll(const std::string &point);

/// Unmounts everything mounted below `dir`, deepest first; EBUSY (naming the mount) when one
/// is still in use, with the rest left mounted.
[[nodiscard]] Status unmountBelow(const std::string &dir);

} // namespace glassbox::image
