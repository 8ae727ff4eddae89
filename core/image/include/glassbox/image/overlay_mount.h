// The overlay mount under a container rootfs, on every kernel from Linux 6.1: one
// "lowerdir+" per layer where the kernel has it (6.8), else one legacy option string.
#pragma once

#include "glassbox/error.h"

#include <cstddef>
#include <string>
#include <vector>

namespace glassbox::image {

struct OverlayLayers
{
    std::vector<std::string> lowerDirs; ///< top first
    std::string upperDir;
    std::string workDir;
};

/// How the lower layers reach the kernel.
enum class OverlaySyntax {
    /// fsopen/fsconfig with one "lowerdir+" per layer (Linux 6.8): any number of layers.
    Append,
    /// mount(2) with "lowerdir=a:b:...,upperdir=...": the whole string within one page.
    Legacy,
};

/// The syntax this kernel takes, asked of the kernel once per process with two fsconfig(2)
/// calls it answers at once: an unknown key, which only the legacy fs_context of overlayfs
/// before 6.5 accepts (it takes any key and fails only at FSCONFIG_CMD_CREATE), and
/// "lowerdir+" = "/", which the new-API overlayfs of 6.5-6.7 refuses as unknown.
[[nodiscard]] Result<OverlaySyntax> overlaySyntax();

/// The mount(2) option string of the legacy syntax. Fails, naming the layer count and
/// `lowerdir+`, when it would not fit in `limit` bytes (the page size: what mount(2)
/// copies), and for paths holding the separators ',' or ':'.
[[nodiscard]] Result<std::string> legacyOverlayOptions(const OverlayLayers &layers, size_t limit);

/// Mounts an overlay of `layers` on `target` (index=off: the lowers are shared), with
/// overlaySyntax().
[[nodiscard]] Status mountOverlay(const OverlayLayers &layers, const std::string &target);

/// The same with a given syntax, for tests of the path this kernel would not choose.
[[nodiscard]] Status mountOverlay(const OverlayLayers &layers, const std::string &target,
                                  OverlaySyntax syntax);

} // namespace glassbox::image
