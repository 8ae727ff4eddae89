// The built-in default image, `busybox:latest`, made on this machine from Debian's
// busybox-static so that the first container needs no network.
#pragma once

#include "glassbox/error.h"
#include "glassbox/image/import.h"

#include <string>

namespace glassbox::image {

inline constexpr std::string_view kBusyboxBinary = "/bin/busybox";

/// Builds one layer (the busybox binary, a hardlink per applet from `busybox --list-full`,
/// /etc/passwd, /etc/group, the usual empty directories), with every timestamp taken from
/// the binary so the same busybox always gives the same image ID, and imports it as
/// `busybox:latest` with Cmd ["sh"] and a history entry saying where it came from.
[[nodiscard]] Result<ImportResult>
loadBusyboxImage(const ImageStore &store, const std::string &busybox = std::string(kBusyboxBinary));

} // namespace glassbox::image
