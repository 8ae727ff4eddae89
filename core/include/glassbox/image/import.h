// Importing images into the store: OCI image layouts (directory or tar), docker-archive
// (`docker save`, manifest.json) and plain rootfs tars (like `podman import`).
#pragma once

#include "glassbox/error.h"
#include "glassbox/image/byte_source.h"
#include "glassbox/image/image_store.h"

#include <functional>
#include <string>
#include <vector>

namespace glassbox::image {

enum class ImportFormat { Auto, OciLayout, DockerArchive, RootfsTar };

[[nodiscard]] Result<ImportFormat> parseImportFormat(std::string_view name);
[[nodiscard]] const char *importFormatName(ImportFormat format);

/// How far an import has got: the fraction of the layer bytes it has to read that it has read.
/// The total is known before the first layer is read: from the tar headers of an archive, from
/// fstat for the files of a directory and for a rootfs tar that is a regular file. Layers
/// already in the store are neither read nor counted; manifests and configs are not counted.
/// Fractions never decrease and stay below 1 while reading (0.99 at most: digests, records and
/// tags are still to come); 1 is reported once, after the import succeeded. When the total is
/// unknown (a rootfs tar from a pipe) the fraction is 0 until then (indeterminate).
/// Called on the importing thread when the fraction grew by at least 0.01, so about a hundred
/// times at most; with an unknown total, with 0 every 8 MiB read, so the caller can cancel.
/// Returning false cancels the import: it fails with ECANCELED and removes what it added, as
/// any failed import does. The answer to the final 1 is ignored: nothing is left to cancel.
using ImportProgress = std::function<bool(double fraction)>;

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
    std::string created;     ///< RFC 3339; empty: now
    ImportProgress progress; ///< optional
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
/// once; on failure the images, names, layers and blobs this import added are removed again
/// (names it moved point where they did).
[[nodiscard]] Result<ImportResult> importImage(const ImageStore &store, const std::string &path,
                                               const ImportOptions &options);

/// Imports a rootfs tar from a stream (the built-in busybox image uses this).
[[nodiscard]] Result<ImportResult> importRootfs(const ImageStore &store, ByteSource &source,
                                                const ImportOptions &options,
                                                const std::string &sourceName);

} // namespace glassbox::image
