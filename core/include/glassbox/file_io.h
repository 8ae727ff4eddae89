// Small whole-file helpers over openat(2): reading and writing the kernel's one-value files
// (cgroup and proc files) and the runtime's own state files.
#pragma once

#include "glassbox/error.h"
#include "glassbox/fd.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace glassbox {

/// Opens `path` relative to `dirFd` (AT_FDCWD for the current directory), always O_CLOEXEC.
[[nodiscard]] Result<UniqueFd> openAt(int dirFd, const std::string &path, int flags,
                                      unsigned mode = 0);

/// What readFileAt() reads at most unless told: far above any state, config or kernel file
/// (test_helper's config.json carries a 16 MiB environment), far below what would hurt.
inline constexpr size_t kDefaultMaxRead = size_t(64) << 20;

/// Reads a whole file, up to `maxBytes` (EFBIG past that; see readBounded()).
[[nodiscard]] Result<std::string> readFileAt(int dirFd, const std::string &path,
                                             size_t maxBytes = kDefaultMaxRead);
[[nodiscard]] Result<std::string> readFile(const std::string &path,
                                           size_t maxBytes = kDefaultMaxRead);

/// Writes `content` to an existing file with one write(2), as kernel interface files expect.
[[nodiscard]] Status writeFileAt(int dirFd, const std::string &path, std::string_view content);
[[nodiscard]] Status writeFile(const std::string &path, std::string_view content);

/// Writes a file so that readers see either the old or the whole new content:
/// a temporary file in the same directory, fsync'd, then renamed over `path`.
[[nodiscard]] Status writeFileAtomically(const std::string &path, std::string_view content,
                                         unsigned mode = 0644);

/// Writes all of `data` to `fd`, retrying on EINTR and short writes.
[[nodiscard]] Status writeAll(int fd, std::string_view data);

/// Removes leading and trailing whitespace (kernel files end in a newline).
[[nodiscard]] std::string_view trimmed(std::string_view text);

} // namespace glassbox
