// The one home of openat2(2) and of bounded reads: every open of a path inside a tree that
// is not ours (a container's rootfs, an image layer) resolves with the kernel's RESOLVE_*
// rules, and every read of a file that someone else can grow stops at a cap.
#pragma once

#include "glassbox/error.h"
#include "glassbox/fd.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace glassbox {

/// openat2(2) below `dirFd` with `resolve` (RESOLVE_IN_ROOT, RESOLVE_BENEATH, ...), always
/// O_CLOEXEC; `mode` only with O_CREAT or O_TMPFILE. An empty `path` is the directory itself.
/// EAGAIN (a rename elsewhere in the tree raced the lookup) is retried 16 times, then
/// reported. An error reads "open <what>", `what` being the path in backticks unless given.
[[nodiscard]] Result<UniqueFd> openat2Resolved(int dirFd, const std::string &path, int flags,
                                               uint64_t resolve, unsigned mode = 0,
                                               std::string_view what = {});

/// Reads `fd` to its end, but no more than `maxBytes`: past that, EFBIG "`shown` is larger
/// than N bytes". EINTR is retried.
[[nodiscard]] Result<std::string> readBounded(int fd, size_t maxBytes, std::string_view shown);

} // namespace glassbox
