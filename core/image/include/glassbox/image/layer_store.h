// The overlay2 layer store, laid out as Docker's overlay2 driver does:
//   overlay2/<id>/diff   the layer's files (whiteouts as 0/0 char devices)
//   overlay2/<id>/work   overlay's work dir (used by container layers)
//   overlay2/<id>/link   the layer's short name, overlay2/l/<link> -> ../<id>/diff
//   overlay2/<id>/lower  the short links of every layer below, top first ("l/A:l/B")
//   overlay2/<id>/layer.json  diff ID, chain ID, sizes, counts
// Image layers are named by their chain ID (hex), so a layer shared by two images is the
// same directory. Short links keep long lower chains within mount(2)'s one-page limit.
#pragma once

#include "glassbox/error.h"
#include "glassbox/image/byte_source.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace glassbox::image {

struct LayerInfo
{
    std::string id;          ///< directory name under overlay2/
    std::string chainId;     ///< sha256:...
    std::string diffId;      ///< sha256 of the uncompressed tar
    std::string parent;      ///< chain ID of the layer below, empty for the base
    std::string digest;      ///< the compressed blob's digest, as in the manifest
    std::string mediaType;   ///< the manifest's layer media type
    std::string compression; ///< detected from content: gzip, zstd, xz, none
    std::string link;        ///< short name in overlay2/l/
    uint64_t compressedSize = 0;
    uint64_t tarSize = 0; ///< uncompressed tar bytes
    uint64_t size = 0;    ///< sum of the regular files' sizes
    uint64_t fileCount = 0;
    uint64_t whiteouts = 0;
    uint64_t opaques = 0;
};

/// What an importer knows about a layer before reading it; empty fields are not checked.
struct LayerExpectation
{
    std::string parentChainId;
    std::string digest; ///< verified against the bytes read
    std::string diffId; ///< verified against the uncompressed tar
    std::string mediaType;
    /// Bounds while the layer is written, so a decompression bomb stops early instead of
    /// filling the disk: the uncompressed stream (trailing data included) may not pass
    /// `maxTarBytes` (EFBIG), and the store's filesystem keeps `keepFreeBytes` free (ENOSPC).
    uint64_t maxTarBytes = UINT64_MAX;
    uint64_t keepFreeBytes = 0;
};

class LayerStore
{
public:
    /// `root` is the store root; layers live in <root>/overlay2.
    explicit LayerStore(std::string root);

    [[nodiscard]] Status init() const;
    [[nodiscard]] const std::string &dir() const { return m_dir; }
    [[nodiscard]] std::string layerDir(std::string_view id) const;

    [[nodiscard]] bool has(std::string_view chainId) const;
    [[nodiscard]] Result<LayerInfo> get(std::string_view chainId) const;
    /// Every image layer, sorted by chain ID.
    [[nodiscard]] Result<std::vector<LayerInfo>> list() const;

    /// Extracts a layer into a temporary directory in the store, verifies it, and renames
    /// it into place; an existing layer with the same chain ID wins (the copy is dropped).
    /// The caller holds the store's exclusive lock. On failure nothing is left.
    /// `created` (optional) tells whether this call added the layer.
    [[nodiscard]] Result<LayerInfo> create(ByteSource &source, const LayerExpectation &expected,
                                           bool *created = nullptr) const;

    /// Removes an image layer and its short link.
    [[nodiscard]] Status remove(std::string_view chainId) const;

    /// A container's writable layer on top of `parentChainId` (empty: no image layers):
    /// overlay2/<id>/{diff,work,merged,link,lower}. Returns the id.
    [[nodiscard]] Result<std::string> createWritable(std::string_view parentChainId) const;
    [[nodiscard]] Status removeWritable(std::string_view id) const;

    /// Absolute diff directories below layer `id` (read from its lower file), top first,
    /// spelled through the short links.
    [[nodiscard]] Result<std::vector<std::string>> lowerDirs(std::string_view id) const;

    /// Removes temporary directories left by a crashed import; the caller holds the
    /// exclusive lock, so none of them is in use. Every leftover is tried; the first failure
    /// is returned (imports ignore it: the next one tries again).
    [[nodiscard]] Status removeStale() const;

private:
    [[nodiscard]] Result<std::string> newLink(std::string_view id) const;
    [[nodiscard]] Result<std::string> lowerOf(std::string_view parentChainId) const;

    std::string m_dir;
};

} // namespace glassbox::image
