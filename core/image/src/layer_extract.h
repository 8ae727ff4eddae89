// Unpacking one layer tar into an overlay2 diff directory, refusing anything that would
// write outside it.
#pragma once

#include "glassbox/error.h"
#include "glassbox/image/byte_source.h"

#include <cstdint>
#include <string>

namespace glassbox::image {

struct ExtractStats
{
    std::string compressedDigest; ///< sha256 of the bytes read from the source
    std::string diffId;           ///< sha256 of the uncompressed tar
    std::string compression;      ///< "gzip", "zstd", "xz", "none"
    uint64_t compressedSize = 0;
    uint64_t tarSize = 0;
    uint64_t contentSize = 0; ///< sum of regular file sizes
    uint64_t fileCount = 0;   ///< entries other than whiteouts and the root
    uint64_t whiteouts = 0;
    uint64_t opaques = 0;
};

/// What a layer may take while it is written (see LayerExpectation).
struct ExtractLimits
{
    uint64_t maxTarBytes = UINT64_MAX;
    uint64_t keepFreeBytes = 0;
};

/// Extracts the (gzip, zstd, xz or uncompressed) tar read from `source` into the
/// directory `rootFd`. Whiteouts become 0/0 character devices, `.wh..wh..opq` the
/// trusted.overlay.opaque xattr. Every path is resolved beneath `rootFd`; absolute paths,
/// `..`, writes through symlinks that leave the root and hardlinks to targets that are not
/// (yet) in the root are refused. Past `limits` it fails with EFBIG or ENOSPC. On failure the
/// caller removes the directory.
[[nodiscard]] Result<ExtractStats> extractLayer(ByteSource &source, int rootFd,
                                                const ExtractLimits &limits = {});

} // namespace glassbox::image
