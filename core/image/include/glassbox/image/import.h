// Importing images into the store: OCI image layouts (directory or tar), docker-archive
// (`docker save`, manifest.json) and plain rootfs tars (like `podman import`).
#pragma once

#include "glassbox/error.h"
#include "glassbox/fd.h"
#include "glassbox/image/byte_source.h"
#include "glassbox/image/image_store.h"

#include <chrono>
#include <cstdint>
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

/// 64 GiB: several times the largest images in common use (CUDA and other machine-learning
/// images are 10 to 20 GB as archives), yet a stream that never ends stops within minutes.
inline constexpr uint64_t kDefaultImportMaxBytes = uint64_t(64) << 30;
/// 128 GiB uncompressed: twice the read limit, as layers of real images compress about 2:1
/// to 4:1 and sparse or zero-filled files much more; a decompression bomb (10 MB of gzip that
/// unpacks to 10 GB) stops at this or at the free-space floor below, whichever comes first.
inline constexpr uint64_t kDefaultMaxImageBytes = uint64_t(128) << 30;
/// What an import leaves free on the store's filesystem (checked every 64 MiB written).
inline constexpr uint64_t kDefaultKeepFreeBytes = uint64_t(512) << 20;
/// A minute without a byte: a network or a producer may pause, a stuck writer is given up on.
inline constexpr std::chrono::milliseconds kDefaultImportStallTimeout{60000};

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
    /// The most bytes read from a file or descriptor (not a directory): a larger regular file
    /// is refused before anything is read, a stream fails with EFBIG once it passes the limit.
    uint64_t maxBytes = kDefaultImportMaxBytes;
    /// A pipe that delivers nothing for this long fails the import with ETIMEDOUT (0: waits
    /// for ever).
    std::chrono::milliseconds stallTimeout = kDefaultImportStallTimeout;
    /// The most uncompressed bytes the new layers of this import may unpack to, together
    /// (EFBIG past it, and the import is undone).
    uint64_t maxImageBytes = kDefaultMaxImageBytes;
    /// The import fails (ENOSPC, undone) rather than leave less than this free on the store's
    /// filesystem.
    uint64_t keepFreeBytes = kDefaultKeepFreeBytes;
    /// Optional; asked about ten times a second while a read waits for a pipe, when the
    /// progress callback cannot be (nothing moved): true cancels the import (ECANCELED).
    std::function<bool()> cancelled;
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

/// Imports `path` (a directory or a tar, compressed or not; a file goes through the
/// descriptor import below, limits included). Holds the store's exclusive
/// lock throughout, so concurrent imports of images sharing layers extract each layer
/// once; on failure the images, names, layers and blobs this import added are removed again
/// (names it moved point where they did).
[[nodiscard]] Result<ImportResult> importImage(const ImageStore &store, const std::string &path,
                                               const ImportOptions &options);

/// What a descriptor given to importImage() is.
enum class DescriptorKind { RegularFile, Pipe };

/// Whether an import in `format` may read `fd`, a descriptor someone else opened: it must be
/// open for reading (not O_PATH, which gives no right to read, nor write-only) and be a regular
/// file, or a pipe or FIFO when the format is a rootfs tar (a pipe is read once, and the other
/// formats need several passes). The error (EINVAL) names what the descriptor is instead.
[[nodiscard]] Result<DescriptorKind> checkImportDescriptor(int fd, ImportFormat format);

/// Imports from `fd`, which checkImportDescriptor() accepts, without ever opening it again by
/// path: a regular file is read with pread() (each pass over an archive from its own offset),
/// a pipe with poll() (see ImportOptions::stallTimeout and cancelled); at most
/// ImportOptions::maxBytes are read. `sourceName` names the source in messages and history.
[[nodiscard]] Result<ImportResult> importImage(const ImageStore &store, UniqueFd fd,
                                               const ImportOptions &options,
                                               const std::string &sourceName);

/// Imports a rootfs tar from a stream (the built-in busybox image uses this).
[[nodiscard]] Result<ImportResult> importRootfs(const ImageStore &store, ByteSource &source,
                                                const ImportOptions &options,
                                                const std::string &sourceName);

} // namespace glassbox::image
