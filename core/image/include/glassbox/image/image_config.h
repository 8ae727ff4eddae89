// The documents of an image: index, manifest and config, in their OCI image-spec 1.1 and
// Docker schema 2 forms (the two differ only in media types).
#pragma once

#include "glassbox/error.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace glassbox::image {

namespace media {
inline constexpr std::string_view OciIndex = "application/vnd.oci.image.index.v1+json";
inline constexpr std::string_view OciManifest = "application/vnd.oci.image.manifest.v1+json";
inline constexpr std::string_view OciConfig = "application/vnd.oci.image.config.v1+json";
inline constexpr std::string_view OciLayer = "application/vnd.oci.image.layer.v1.tar";
inline constexpr std::string_view OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
inline constexpr std::string_view OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
inline constexpr std::string_view DockerManifestList =
    "application/vnd.docker.distribution.manifest.list.v2+json";
inline constexpr std::string_view DockerManifest =
    "application/vnd.docker.distribution.manifest.v2+json";
inline constexpr std::string_view DockerConfig = "application/vnd.docker.container.image.v1+json";
inline constexpr std::string_view DockerLayerGzip =
    "application/vnd.docker.image.rootfs.diff.tar.gzip";
inline constexpr std::string_view DockerForeignLayer =
    "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
} // namespace media

struct Descriptor
{
    std::string mediaType;
    std::string digest;
    uint64_t size = 0;
    std::map<std::string, std::string> annotations;
    std::string os;           ///< platform, in an index
    std::string architecture; ///< platform, in an index
};

struct Index
{
    std::vector<Descriptor> manifests;
};

struct Manifest
{
    std::string mediaType;
    Descriptor config;
    std::vector<Descriptor> layers;
};

struct HistoryEntry
{
    std::string created;
    std::string createdBy;
    std::string author;
    std::string comment;
    bool emptyLayer = false;
};

struct ImageConfig
{
    std::string architecture;
    std::string os;
    std::string created;
    std::string author;
    std::vector<std::string> env;
    std::vector<std::string> cmd;
    std::vector<std::string> entrypoint;
    std::string workingDir;
    std::string user;
    std::string stopSignal;
    std::vector<std::string> exposedPorts;
    std::vector<std::string> volumes;
    std::map<std::string, std::string> labels;
    std::vector<std::string> diffIds;
    std::vector<HistoryEntry> history;
};

[[nodiscard]] bool isIndexMediaType(std::string_view mediaType);
[[nodiscard]] bool isManifestMediaType(std::string_view mediaType);
[[nodiscard]] bool isLayerMediaType(std::string_view mediaType);

/// Parsers: errors name the JSON field in backticks. Unknown fields are ignored (the image
/// spec requires it); missing or mistyped required ones are refused.
[[nodiscard]] Result<Index> parseIndex(std::string_view json);
[[nodiscard]] Result<Manifest> parseManifest(std::string_view json);
[[nodiscard]] Result<ImageConfig> parseImageConfig(std::string_view json);

/// The JSON of a config (for images Glassbox builds itself: rootfs imports, busybox).
[[nodiscard]] std::string imageConfigJson(const ImageConfig &config);
/// An OCI manifest for `config` and `layers`.
[[nodiscard]] std::string manifestJson(const Descriptor &config,
                                       const std::vector<Descriptor> &layers);

/// The OCI layer media type for a detected compression ("gzip", "zstd", "none").
[[nodiscard]] std::string layerMediaType(std::string_view compression);

/// The runtime's architecture name in GOARCH spelling ("amd64", "arm64", ...).
[[nodiscard]] std::string hostArchitecture();

} // namespace glassbox::image
