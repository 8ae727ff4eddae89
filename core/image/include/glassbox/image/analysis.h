// What the layer stack view shows: per-layer facts, dive's efficiency and wasted bytes
// (with the surviving copy counted once), and `docker inspect`-like JSON.
#pragma once

#include "glassbox/error.h"
#include "glassbox/image/image_store.h"

#include <cstdint>
#include <string>
#include <vector>

namespace glassbox::image {

/// One entry of a layer's diff directory.
struct FileEntry
{
    std::string path;  ///< relative, no leading '/'
    uint64_t size = 0; ///< regular files only; a hardlink's second name counts 0
    bool directory = false;
    bool whiteout = false; ///< deletes `path` and everything below it from lower layers
    bool opaque = false;   ///< a directory hiding everything below it in lower layers
};

struct WastedPath
{
    std::string path;
    uint64_t versions = 0;    ///< copies in all layers (whiteouts included)
    uint64_t wastedBytes = 0; ///< bytes of the copies that do not survive
};

/// total = every regular file version in every layer; wasted = the bytes of versions that
/// are overwritten or deleted by a later layer (so total - wasted = what the final image
/// shows); efficiency = 1 - wasted / total (1 for an empty image). See docs/ARCHITECTURE.md.
struct Efficiency
{
    uint64_t totalBytes = 0;
    uint64_t wastedBytes = 0;
    double efficiency = 1.0;
    std::vector<WastedPath> paths; ///< paths that waste bytes, most first
};

/// `layers` bottom first.
[[nodiscard]] Efficiency computeEfficiency(const std::vector<std::vector<FileEntry>> &layers);

/// Reads a diff directory: whiteouts (0/0 char devices), opaque directories, sizes.
[[nodiscard]] Result<std::vector<FileEntry>> scanLayer(const std::string &diffDir);

struct LayerAnalysis
{
    LayerInfo layer;
    std::string digest; ///< as the image's manifest names it
    std::string createdBy;
    uint64_t references = 0; ///< images using this layer
};

/// The layers of `image` as recorded at import (sizes, file counts, whiteouts, the history
/// line that made each), bottom first, with `references` left 0: no file is read and no lock
/// taken (records are written atomically and a stored layer never changes), so it answers
/// while an import holds the store.
[[nodiscard]] Result<std::vector<LayerAnalysis>> recordedLayers(const ImageStore &store,
                                                                const ImageRecord &image);

struct ImageAnalysis
{
    std::string id;
    std::vector<LayerAnalysis> layers; ///< bottom first
    uint64_t size = 0;                 ///< sum of the layers' file bytes
    Efficiency efficiency;
};

[[nodiscard]] Result<ImageAnalysis> analyzeImage(const ImageStore &store,
                                                 std::string_view nameOrId);

/// The analysis as JSON (the CLI's `layers --json` and the helper's reply).
[[nodiscard]] std::string analysisJson(const ImageAnalysis &analysis);

/// `docker inspect` of an image: Id, RepoTags, RepoDigests, Created, Config, RootFS,
/// History, GraphDriver {Name: overlay2, Data: LowerDir, UpperDir, MergedDir, WorkDir}.
[[nodiscard]] Result<std::string> inspectImageJson(const ImageStore &store,
                                                   std::string_view nameOrId);
/// The same for a container's rootfs (its writable layer on the image's).
[[nodiscard]] Result<std::string> inspectContainerJson(const ImageStore &store,
                                                       std::string_view id);

} // namespace glassbox::image
