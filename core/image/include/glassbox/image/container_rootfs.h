// A container's filesystem from an image: a writable overlay2 layer on the image's layers,
// mounted at overlay2/<layer>/merged, and an OCI bundle (containers/<id>/config.json) that
// glassbox::createContainer can run.
#pragma once

#include "glassbox/error.h"
#include "glassbox/image/image_store.h"

#include <cstdint>
#include <string>
#include <vector>

namespace glassbox::image {

struct ContainerRootfsOptions
{
    std::string id;
    std::string image;             ///< reference or ID
    std::vector<std::string> args; ///< replaces the image's Cmd (Entrypoint stays)
    std::vector<std::string> env;  ///< NAME=value, over the image's Env
    /// For a container in a user namespace: its root's host ids. The image's layers are then
    /// attached idmapped under the writable layer (idmapped/<n>, Linux 5.19 with ext4, xfs
    /// or btrfs; tmpfs from 6.3), the writable layer belongs to the container's root, and the
    /// way to its rootfs is made searchable for it: the store root and overlay2/ get o+x (no
    /// listing), the writable layer's directory is 0710 with the container's root group.
    IdShift idShift;
};

struct ContainerRootfs
{
    std::string id;
    std::string image;  ///< image ID
    std::string bundle; ///< directory holding config.json
    std::string layerId;
    std::string mergedDir;
    std::string upperDir;
    std::string workDir;
    std::vector<std::string> lowerDirs; ///< top first, through the l/ short links
    IdShift idShift;
    std::string idmappedDir; ///< where the idmapped lowers are attached (with an idShift)
};

/// Creates and mounts the rootfs and writes the bundle. The config starts from the
/// runtime's default spec (Docker's capabilities, seccomp profile, masked paths, mounts) and
/// takes args (Entrypoint + Cmd), Env, WorkingDir and User (names resolved through the
/// image's /etc/passwd and /etc/group) from the image; terminal is off. On failure
/// nothing is left: no mount, no layer, no directory.
[[nodiscard]] Result<ContainerRootfs> createContainerRootfs(const ImageStore &store,
                                                            const ContainerRootfsOptions &options);

/// Where a container's rootfs lives.
[[nodiscard]] Result<ContainerRootfs> containerRootfs(const ImageStore &store, std::string_view id);

/// Mounts the overlay again (after a reboot); a mounted rootfs is left alone.
[[nodiscard]] Status mountContainerRootfs(const ImageStore &store, std::string_view id);

/// Unmounts the overlay and removes the writable layer, bundle and record.
/// Fails (and keeps everything) while the mount is busy.
[[nodiscard]] Status removeContainerRootfs(const ImageStore &store, std::string_view id);

/// One line of `docker diff`.
struct Change
{
    char kind = 'A';       ///< 'A' added, 'C' changed, 'D' deleted
    std::string path;      ///< absolute inside the container
    bool copiedUp = false; ///< the upper entry replaces one from a lower layer (copy-on-write)
    bool directory = false;
    uint64_t size = 0; ///< bytes the entry costs in the upper dir (regular files)
    /// For a copied-up regular file: the size of the lower file overlay copied (what the
    /// copy-up cost; the container's own writes since are in `size` only).
    uint64_t copiedBytes = 0;
};

/// The container's changes read from its upper dir, sorted by path, as `docker diff` shows
/// them: an opaque directory (deleted and made again) also lists as 'D' every path of the
/// lower layers below it that the upper dir does not have again; the empty mount points the
/// runtime made for the bundle's mounts (/proc, /dev, /sys, volumes, with the directories
/// made to hold them) are left out unless the container put something into them.
[[nodiscard]] Result<std::vector<Change>> containerDiff(const ImageStore &store,
                                                        std::string_view id);

} // namespace glassbox::image
