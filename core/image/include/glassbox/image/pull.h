// Pulling an image from a registry into the store (see registry.h for the registry client
// and its options).
#pragma once

#include "glassbox/image/image_store.h"
#include "glassbox/image/registry.h"

namespace glassbox::image {

/// What a pull reports while it runs.
struct PullEvent
{
    enum class Kind {
        Resolved,    ///< the manifest is known: `layers` is filled in
        Downloading, ///< bytes of layer `layer` arrived
        Downloaded,  ///< layer `layer` is complete and verified (or was already present)
        Extracting,  ///< layer `layer` is being unpacked into the store
        Done,        ///< the image is recorded
    };
    struct Layer
    {
        std::string digest;
        uint64_t size = 0;    ///< from the manifest
        uint64_t done = 0;    ///< bytes verified so far
        bool present = false; ///< in the store already: not downloaded
    };
    Kind kind = Kind::Resolved;
    size_t layer = 0; ///< index into `layers`
    std::vector<Layer> layers;
    std::string manifestDigest;
};

/// Called on the pulling thread (serialised, never two at once). Returning false cancels:
/// the pull fails with ECANCELED, removes its partial downloads and leaves the store as it was.
using PullObserver = std::function<bool(const PullEvent &)>;

struct PullResult
{
    std::string imageId;
    std::string reference;      ///< normalised: docker.io/library/nginx:latest
    std::string manifestDigest; ///< the platform manifest's
    std::string indexDigest;    ///< the manifest list's or index's, when there was one
    std::string registry;       ///< the endpoint the manifest came from (a mirror's host)
    size_t layersDownloaded = 0;
    size_t layersPresent = 0;
    uint64_t bytesDownloaded = 0;
};

/// Pulls `reference` into `store`. Errors name the registry and what failed: "401
/// Unauthorized from 127.0.0.1:5000: wrong user name or password", "TLS: certificate
/// verify failed for ...", a digest mismatch naming both digests.
[[nodiscard]] Result<PullResult> pullImage(const ImageStore &store, std::string_view reference,
                                           const PullOptions &options);

/// Removes download directories that pulls left behind when their process died.
[[nodiscard]] Status removeStaleDownloads(const ImageStore &store);

} // namespace glassbox::image
