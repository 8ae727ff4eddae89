// /proc/self/mountinfo as the kernel writes it (proc(5)): one mount per line, fields
// separated by spaces, and space, tab, newline and backslash in paths written as \ooo.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace glassbox {

/// A mountinfo field with the kernel's octal escapes undone.
[[nodiscard]] std::string unescapeMountinfoField(std::string_view field);

/// The mount points (field 5) of this process's mount namespace, in mountinfo's order (a
/// point mounted over several times is listed as often); empty when it cannot be read.
[[nodiscard]] std::vector<std::string> mountPoints();

} // namespace glassbox
