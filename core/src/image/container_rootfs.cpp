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

#include <cerrno>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sys/mount.h>
#include <unistd.h>

namespace glassbox::image {

using nlohmann::json;

namespace {

constexpr const char *kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

Status mountRootfs(const ContainerRootfs &rootfs)
{
    return mountOverlay({rootfs.lowerDirs, rootfs.upperDir, rootfs.workDir}, rootfs.mergedDir);
}

bool isMounted(const std::string &path)
{
    auto info = readFile("/proc/self/mountinfo");
    if (!info)
        return false;
    // Field 5 is the mount point (spaces escaped as \040; store paths have none).
    size_t start = 0;
    while (start < info->size()) {
        size_t end = info->find('\n', start);
        if (end == std::string::npos)
            end = info->size();
        std::string line = info->substr(start, end - start);
        start = end + 1;
        size_t pos = 0;
        for (int field = 0; field < 4 && pos != std::string::npos; ++field)
            pos = line.find(' ', pos + 1);
        if (pos == std::string::npos)
            continue;
        size_t stop = line.find(' ', pos + 1);
        if (line.substr(pos + 1, stop - pos - 1) == path)
            return true;
    }
    return false;
}

Status unmount(const std::string &path)
{
    while (isMounted(path)) {
        if (::umount2(path.c_str(), UMOUNT_NOFOLLOW) != 0) {
            if (errno == EBUSY)
                return makeError(EBUSY, "unmount " + quoted(path) +
                                            ": still in use (is the container running?)");
            return sysError("unmount " + quoted(path));
        }
    }
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
    ContainerRecord record{options.id, *imageId, layerId ? *layerId : "", rfc3339Now()};
    ContainerRootfs rootfs = describe(store, record);
    bool mounted = false;
    auto fail = [&](Error error) {
        if (mounted)
            (void)unmount(rootfs.mergedDir);
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
    if (auto m = mountRootfs(rootfs); !m)
        return fail(m.error());
    mounted = true;
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
    if (isMounted(rootfs->mergedDir))
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
    GB_TRY(unmount(rootfs.mergedDir));
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
