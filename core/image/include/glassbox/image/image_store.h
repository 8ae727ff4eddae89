// The image store under one root (default /var/lib/glassbox):
//   lock                 flock: exclusive for changes, shared for readers
//   blobs/sha256/<hex>   manifests and configs (BlobStore)
//   overlay2/            layers (LayerStore)
//   images/<hex>.json    one record per image, named by its ID (the config digest)
//   repositories.json    normalized reference -> image ID
//   containers/<id>/     container records and their generated bundles
// Reference counting is computed from the records rather than kept as counters, so it
// cannot drift: a layer stays while any image uses it, an image while any container does.
#pragma once

#include "glassbox/error.h"
#include "glassbox/fd.h"
#include "glassbox/image/blob_store.h"
#include "glassbox/image/image_config.h"
#include "glassbox/image/layer_store.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace glassbox::image {

inline constexpr std::string_view kDefaultStoreRoot = "/var/lib/glassbox";

struct ImageLayer
{
    std::string digest; ///< compressed blob digest from the manifest
    std::string mediaType;
    uint64_t size = 0; ///< compressed size
    std::string diffId;
    std::string chainId;
};

struct ImageRecord
{
    std::string id; ///< the config digest, as Docker names images
    std::string manifestDigest;
    std::string manifestMediaType;
    std::string configDigest;
    std::vector<ImageLayer> layers;
    std::string loaded; ///< when it entered the store (RFC 3339)
    std::string source; ///< where it came from ("oci-layout /path", "registry docker.io/...")
    /// The name@digest references it was pulled by (a digest, or a tag that named an index):
    /// kept in the record, as a digest is not a tag, and listed among repoDigests.
    std::vector<std::string> pulledDigests;
    /// Filled in when read: normalized tags and name@manifest-digest forms.
    std::vector<std::string> tags;
    std::vector<std::string> repoDigests;
};

/// Where a user-namespaced container's ids live on the host: its uid and gid 0 are `hostId`,
/// and `size` ids follow. The image's layers are then attached idmapped (root's files belong
/// to `hostId`) and the writable layer is owned by `hostId`. size 0: no user namespace.
struct IdShift
{
    uint32_t hostId = 0;
    uint32_t size = 0;
    [[nodiscard]] bool active() const { return size != 0; }
};

struct ContainerRecord
{
    std::string id;
    std::string image;   ///< image ID
    std::string layerId; ///< the writable layer's directory under overlay2/
    std::string created;
    IdShift idShift;
};

/// Proof that the caller holds the store lock; released when it goes out of scope.
class StoreLock
{
public:
    [[nodiscard]] bool exclusive() const { return m_exclusive; }

private:
    friend class ImageStore;
    StoreLock(UniqueFd fd, bool exclusive) : m_fd(std::move(fd)), m_exclusive(exclusive) {}
    UniqueFd m_fd;
    bool m_exclusive;
};

struct Removal
{
    std::vector<std::string> untagged;
    std::vector<std::string> deletedImages;
    std::vector<std::string> deletedLayers; ///< chain IDs
};

class ImageStore
{
public:
    /// Opens (creating if needed) the store at `root`.
    [[nodiscard]] static Result<ImageStore> open(std::string root);

    [[nodiscard]] const std::string &root() const { return m_root; }
    [[nodiscard]] const BlobStore &blobs() const { return m_blobs; }
    [[nodiscard]] const LayerStore &layers() const { return m_layers; }

    /// The store lock. Not reentrant: a thread holding it must not take it again.
    [[nodiscard]] Result<StoreLock> lock(bool exclusive) const;

    /// An image ID from a reference (`busybox`, `quay.io/x/y:1`, `name@sha256:...`), a
    /// full ID (`sha256:...`) or a unique ID prefix of at least 4 hex digits.
    [[nodiscard]] Result<std::string> resolve(std::string_view nameOrId) const;
    [[nodiscard]] Result<ImageRecord> image(std::string_view id) const;
    [[nodiscard]] Result<ImageConfig> config(const ImageRecord &image) const;
    /// Every image, sorted by ID.
    [[nodiscard]] Result<std::vector<ImageRecord>> images() const;
    /// Normalized reference -> image ID.
    [[nodiscard]] Result<std::map<std::string, std::string>> tags() const;

    /// Adds `target` (normalized) as a name of the image `source` names.
    [[nodiscard]] Status tag(std::string_view source, std::string_view target) const;
    /// Removes a name only; the image stays even if it has no name left.
    [[nodiscard]] Status untag(std::string_view reference) const;
    /// Docker's rmi: a reference is untagged and the image deleted with its last name; an ID
    /// deletes the image (with several names only when `force`). Refused while a container
    /// uses the image. Layers and blobs no other image uses go with it.
    [[nodiscard]] Result<Removal> remove(std::string_view nameOrId, bool force = false) const;

    /// Number of images whose stack includes the layer `chainId`.
    [[nodiscard]] Result<size_t> layerReferences(std::string_view chainId) const;

    // Used by importers and the container code while holding the exclusive lock.
    [[nodiscard]] Status addImage(const StoreLock &lock, ImageRecord record,
                                  const std::vector<std::string> &tags) const;
    /// Takes back the addImage() calls of an import that failed after them: removes the
    /// records of `added` (images that were not in the store before) and writes the names
    /// back as they were (`tagsBefore`).
    [[nodiscard]] Status revertImages(const StoreLock &lock, const std::vector<std::string> &added,
                                      const std::map<std::string, std::string> &tagsBefore) const;
    [[nodiscard]] Result<std::vector<ContainerRecord>> containers() const;
    [[nodiscard]] Result<ContainerRecord> container(std::string_view id) const;
    [[nodiscard]] std::string containerDir(std::string_view id) const;
    [[nodiscard]] Status saveContainer(const StoreLock &lock, const ContainerRecord &record) const;

private:
    explicit ImageStore(std::string root);
    [[nodiscard]] Status saveTags(const std::map<std::string, std::string> &tags) const;
    [[nodiscard]] Status deleteImage(const ImageRecord &image, Removal &removal) const;
    [[nodiscard]] Result<std::vector<std::string>> containersUsing(std::string_view id) const;

    std::string m_root;
    BlobStore m_blobs;
    LayerStore m_layers;
};

} // namespace glassbox::image
