// The image's layers as a user-namespaced container's root sees them: each lower directory
// attached again through an idmapped mount, so that files the image gives to root belong to
// the container's root (IdShift::hostId) while the layers themselves, shared with every other
// container, stay as they were. Overlayfs takes idmapped lower layers from Linux 5.19, where
// it cannot be idmapped itself.
#pragma once

#include "glassbox/error.h"
#include "glassbox/image/image_store.h"

#include <string>
#include <vector>

namespace glassbox::image {

/// Attaches an idmapped clone of each of `lowerDirs` at `dir`/0, `dir`/1, ... (created;
/// `dir` too), mapping ids [0, size) of the files to [hostId, hostId + size). Returns the
/// attached paths in the order of `lowerDirs`. On failure nothing stays attached; a
/// filesystem that cannot be idmapped is named in the error (ENOTSUP).
[[nodiscard]] Result<std::vector<std::string>>
attachIdmappedLayers(const std::vector<std::string> &lowerDirs, const std::string &dir,
                     const IdShift &shift);

/// The paths attachIdmappedLayers() gives for `count` layers, without attaching anything.
[[nodiscard]] std::vector<std::string> idmappedLayerPaths(const std::string &dir, size_t count);

} // namespace glassbox::image
