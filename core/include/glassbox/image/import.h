// Importing images into the store: OCI image layouts (directory or tar), docker-archive
// (`docker save`, manifest.json) and plain rootfs tars (like `podman import`).
#pragma once

#include "glassbox/error.h"
#include "glassbox/image/byte_source.h"
#include "glassbox/image/image_store.h"

#include <string>
#include <vector>

namespace glassbox::image {

enum class ImportFormat { Auto, OciLayout, DockerArchive, RootfsTar };

[[nodiscard]] Result<ImportFormat> parseImportFormat(std::string_view name);
[[nodiscard]] const char *importFormatName(ImportFormat format);

struct ImportOptions
{
    ImportFormat format = ImportFormat::Auto;
    /// Names given to the imported image (with several images in the source: refused).
    /// For OCI layouts and docker-archives they add to the names the source carries.
    std::vector<std::string> tags;
    /// Rootfs tars only: the config's Cmd, Env and the history line.
    std::vector<std::string> cmd;
    std::vector<std::string> env;
    std::string createdBy;
    std::string comment;
    std::string created; ///< RFC 3339; empty: now
};

struct ImportResult
{
    ImportFormat format = ImportFormat::Auto;
    std::vector<std::string> images; ///< image IDs
    std::vector<std::string> tags;   ///< normalized names set
    size_t layersCreated = 0;
    size_t layersReused = 0; ///< already in the store: not read again
};

/// Detects the format from content: a directory or tar holding index.json/oci-layout is
/// an OCI layout, one holding manifest.json a docker-archive, any other tar a rootfs.
[[nodiscard]] Result<ImportFormat> detectFormat(const std::string &path);

/// Imports `path` (a directory or a tar, compressed or not). Holds the store's exclusive
/// lock throughout, so concurrent imports of images sharing layers extract each layer
/// once; on failure the layers and blobs this import added are removed again.
[[nodiscard]] Result<ImportResult> importImage(const ImageStore &store, const std::string &path,
                                               const ImportOptions &options);

/// Imports a rootfs tar from a stream (the built-in busybox image uses this).
[[nodiscard]] Result<ImportResult> importRootfs(const ImageStore &store, ByteSource &source,
                                                const ImportOptions &options,
                                                const std::string &sourceName);

} // namespace glassbox::image
