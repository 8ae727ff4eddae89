// Container rootfs: the overlay of the image's layers (overlay_mount.cpp) under a
// writable layer, and the bundle.
#include "glassbox/image/container_rootfs.h"

#include "fs_util.h"
#include "glassbox/file_io.h"
#include "glassbox/image/container_user.h"
#include "glassbox/image/overlay_mount.h"
#include "glassbox/image/reference.h"
#include "glassbox/oci/spec.h"
#include "glassbox/state.h"
#include "idmapped_layers.h"

#include <cerrno>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

namespace glassbox::image {

using nlohmann::json;

namespace {

constexpr const char *kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// The rootfs of a user-namespaced container mounts the idmapped copies of the layers.
Status mountRootfs(const ContainerRootfs &rootfs)
{
    if (!rootfs.idShift.active())
        return mountOverlay({rootfs.lowerDirs, rootfs.upperDir, rootfs.workDir}, rootfs.mergedDir);
    // Copies left attached by an earlier mount (the overlay unmounted by hand) go first.
    GB_TRY(unmountBelow(rootfs.idmappedDir));
    auto lowers = attachIdmappedLayers(rootfs.lowerDirs, rootfs.idmappedDir, rootfs.idShift);
    if (!lowers)
        return tl::unexpected(lowers.error());
    auto mounted = mountOverlay({*lowers, rootfs.upperDir, rootfs.workDir}, rootfs.mergedDir);
    if (!mounted)
        (void)unmountBelow(rootfs.idmappedDir);
    return mounted;
}

/// Unmounts the rootfs and, for a user-namespaced container, its idmapped layers.
Status unmount(const ContainerRootfs &rootfs)
{
    GB_TRY(unmountAll(rootfs.mergedDir));
    return rootfs.idShift.active() ? unmountBelow(rootfs.idmappedDir) : Status{};
}

/// Makes the way to a user-namespaced container's rootfs searchable for its root, which is
/// an unprivileged host uid that the runtime's bind of the rootfs resolves the path as.
/// As Docker's userns-remap does: the store root and overlay2/ get o+x (search, no listing;
/// every layer directory in them stays 0700), the writable layer's directory becomes 0710
/// with the container's root group, and the upper directory, which is the rootfs' `/`,
/// belongs to the container's root with the mode of the image's `/`.
Status prepareForIdShift(const ImageStore &store, const ContainerRootfs &rootfs)
{
    const std::string layerDir = rootfs.upperDir.substr(0, rootfs.upperDir.rfind('/'));
    const std::string layersDir = layerDir.substr(0, layerDir.rfind('/'));
    for (const std::string &dir : {store.root(), layersDir}) {
        struct stat st
        {
        };
        if (::stat(dir.c_str(), &st) != 0)
            return sysError("stat " + quoted(dir));
        if ((st.st_mode & S_IXOTH) == 0 &&
            ::chmod(dir.c_str(), (st.st_mode & 07777) | S_IXOTH) != 0)
            return sysError("make " + quoted(dir) + " searchable for user-namespaced containers");
    }
    const IdShift &shift = rootfs.idShift;
    if (::chown(layerDir.c_str(), 0, shift.hostId) != 0 || ::chmod(layerDir.c_str(), 0710) != 0)
        return sysError("give " + quoted(layerDir) + " to the container's root group");
    struct stat top
    {
    };
    const mode_t mode =
        !rootfs.lowerDirs.empty() && ::stat(rootfs.lowerDirs.front().c_str(), &top) == 0
            ? (top.st_mode & 07777)
            : 0755;
    if (::chown(rootfs.upperDir.c_str(), shift.hostId, shift.hostId) != 0 ||
        ::chmod(rootfs.upperDir.c_str(), mode) != 0)
        return sysError("give " + quoted(rootfs.upperDir) + " to the container's root");
    return {};
}

void mergeEnv(std::vector<std::string> &env, const std::string &item)
{
    std::string key = item.substr(0, item.find('='));
    for (auto &existing : env)
        if (existing.substr(0, existing.find('=')) == key) {
            existing = item;
            return;
        }
    env.push_back(item);
}

Result<std::string> bundleConfig(const ContainerRootfs &rootfs, const ImageConfig &config,
                                 const ContainerRootfsOptions &options)
{
    try {
        json spec = json::parse(oci::defaultSpecJson());
        std::vector<std::string> args = config.entrypoint;
        const auto &cmd = options.args.empty() ? config.cmd : options.args;
        args.insert(args.end(), cmd.begin(), cmd.end());
        if (args.empty())
            return makeError(EINVAL, "image " + quoted(rootfs.image) +
                                         " has neither Entrypoint nor Cmd; give a command");
        std::vector<std::string> env = {std::string("PATH=") + kDefaultPath};
        for (const auto &item : config.env)
            mergeEnv(env, item);
        for (const auto &item : options.env)
            mergeEnv(env, item);
        spec["process"]["args"] = args;
        spec["process"]["env"] = env;
        spec["process"]["terminal"] = false;
        spec["process"]["cwd"] = config.workingDir.empty() ? "/" : config.workingDir;
        // The image's own /etc/passwd and /etc/group, read as untrusted content.
        auto user = resolveContainerUser(rootfs.mergedDir, config.user);
        if (!user)
            return withContext(user.error(), "the image's User " + quoted(config.user));
        spec["process"]["user"] = {{"uid", user->uid}, {"gid", user->gid}};
        if (!user->additionalGids.empty())
            spec["process"]["user"]["additionalGids"] = user->additionalGids;
        spec["root"] = {{"path", rootfs.mergedDir}, {"readonly", false}};
        spec["hostname"] = rootfs.id.substr(0, 63);
        spec["annotations"]["org.opencontainers.image.ref.name"] = options.image;
        spec["annotations"]["io.glassbox.image.id"] = rootfs.image;
        return spec.dump(2);
    } catch (const json::exception &e) {
        return makeError(EINVAL, std::string("build config.json: ") + e.what());
    }
}

ContainerRootfs describe(const ImageStore &store, const ContainerRecord &record)
{
    ContainerRootfs rootfs;
    rootfs.id = record.id;
    rootfs.image = record.image;
    rootfs.bundle = store.containerDir(record.id);
    rootfs.layerId = record.layerId;
    std::string layer = store.layers().layerDir(record.layerId);
    rootfs.mergedDir = layer + "/merged";
    rootfs.upperDir = layer + "/diff";
    rootfs.workDir = layer + "/work";
    rootfs.idShift = record.idShift;
    if (record.idShift.active())
        rootfs.idmappedDir = layer + "/idmapped";
    if (auto lowers = store.layers().lowerDirs(record.layerId))
        rootfs.lowerDirs = std::move(*lowers);
    return rootfs;
}

} // namespace

Result<ContainerRootfs> createContainerRootfs(const ImageStore &store,
                                              const ContainerRootfsOptions &options)
{
    GB_TRY(validateId(options.id));
    auto lock = store.lock(true);
    if (!lock)
        return tl::unexpected(lock.error());
    auto imageId = store.resolve(options.image);
    if (!imageId)
        return tl::unexpected(imageId.error());
    auto image = store.image(*imageId);
    if (!image)
        return tl::unexpected(image.error());
    auto config = store.config(*image);
    if (!config)
        return tl::unexpected(config.error());
    if (image->layers.empty())
        return makeError(EINVAL, "image " + quoted(options.image) + " has no layers");

    std::string dir = store.containerDir(options.id);
    if (::mkdir(dir.c_str(), 0700) != 0) {
        if (errno == EEXIST)
            return makeError(EEXIST, "container " + quoted(options.id) + " already exists");
        return sysError("create " + quoted(dir));
    }
    auto layerId = store.layers().createWritable(image->layers.back().chainId);
    ContainerRecord record{options.id, *imageId, layerId ? *layerId : "", rfc3339Now(),
                           options.idShift};
    ContainerRootfs rootfs = describe(store, record);
    auto fail = [&](Error error) {
        // Unmounts whatever was mounted (removeWritable does so below the layer too).
        (void)unmount(rootfs);
        if (!record.layerId.empty())
            (void)store.layers().removeWritable(record.layerId);
        UniqueFd parent(
            ::open((store.root() + "/containers").c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
        if (parent)
            (void)removeTree(parent.get(), options.id);
        return withContext(std::move(error), "container " + quoted(options.id));
    };
    if (!layerId)
        return fail(layerId.error());
    if (options.idShift.active()) {
        if (auto prepared = prepareForIdShift(store, rootfs); !prepared)
            return fail(prepared.error());
    }
    if (auto m = mountRootfs(rootfs); !m)
        return fail(m.error());
    auto spec = bundleConfig(rootfs, *config, options);
    if (!spec)
        return fail(spec.error());
    if (auto w = writeFileAtomically(rootfs.bundle + "/config.json", *spec, 0600); !w)
        return fail(w.error());
    if (auto s = store.saveContainer(*lock, record); !s)
        return fail(s.error());
    return rootfs;
}

Result<ContainerRootfs> containerRootfs(const ImageStore &store, std::string_view id)
{
    GB_TRY(validateId(id));
    auto record = store.container(id);
    if (!record)
        return tl::unexpected(record.error());
    return describe(store, *record);
}

Status mountContainerRootfs(const ImageStore &store, std::string_view id)
{
    auto rootfs = containerRootfs(store, id);
    if (!rootfs)
        return tl::unexpected(rootfs.error());
    if (isMountPoint(rootfs->mergedDir))
        return {};
    return mountRootfs(*rootfs);
}

Status removeContainerRootfs(const ImageStore &store, std::string_view id)
{
    GB_TRY(validateId(id));
    auto lock = store.lock(true);
    if (!lock)
        return tl::unexpected(lock.error());
    auto record = store.container(id);
    if (!record)
        return tl::unexpected(record.error());
    ContainerRootfs rootfs = describe(store, *record);
    GB_TRY(unmount(rootfs));
    // The record goes first, so a half-removed container is never listed as using an image.
    if (::unlink((rootfs.bundle + "/container.json").c_str()) != 0 && errno != ENOENT)
        return sysError("remove record of container " + quoted(id));
    GB_TRY(store.layers().removeWritable(record->layerId));
    UniqueFd parent(
        ::open((store.root() + "/containers").c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!parent)
        return sysError("open " + quoted(store.root() + "/containers"));
    return removeTree(parent.get(), std::string(id));
}

} // namespace glassbox::image
