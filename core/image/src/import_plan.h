// What an import or a pull has found out about an image before storing it, and the one way
// such a plan is stored: every referenced file checked first, each digest verified while the
// layer is extracted, and whatever was added removed again when a step fails.
#pragma once

#include "glassbox/image/import.h"
#include "import_sources.h"

#include <string>
#include <vector>

namespace glassbox::image {

struct LayerPlan
{
    std::string path;   ///< in the ImageSource
    std::string digest; ///< expected; empty when the source does not say
    std::string mediaType;
    uint64_t size = 0;
};

struct ImagePlan
{
    std::string configBytes;
    std::string configDigest;  ///< expected; empty when the source does not say
    std::string manifestBytes; ///< empty: an OCI manifest is written for the image
    std::string manifestMediaType;
    std::vector<LayerPlan> layers;
    std::vector<std::string> names;
    std::vector<std::string> pulledDigests; ///< see ImageRecord::pulledDigests
};

/// Stores `plans` under the store's exclusive lock, reading the layers the store lacks from
/// `source`; `sourceName` is recorded as each image's source. Uses options.progress (starting
/// at `progressFrom`), maxImageBytes and keepFreeBytes. On failure (or cancel: ECANCELED)
/// nothing of it stays.
[[nodiscard]] Result<ImportResult>
commitPlans(const ImageStore &store, ImageSource &source, std::vector<ImagePlan> &plans,
            const ImportOptions &options, const std::string &sourceName, double progressFrom = 0);

} // namespace glassbox::image
