// Small whole-file helpers over openat(2): reading and writing the kernel's one-value files
// (cgroup and proc files) and the runtime's own state files.
#pragma once

#include "glassbox/error.h"
#include "glassbox/fd.h"

#include <string>
#include <string_view>

namespace glassbox {

/// Opens `path` relative to `dirFd` (AT_FDCWD for the current directory), always O_CLOEXEC.
[[nodiscard]] Result<UniqueFd> openAt(int dirFd, const std::string &path, int flags,
                                      unsigned mode = 0);

/// Reads a whole file.
[[nodiscard]] Result<std::string> readFileAt(int dirFd, const std::string &path);
[[nodiscard]] Result<std::string> readFile(const std::string &path);

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
