// Container rootfs: overlay mount with the new mount API (one fsconfig call per lower
// layer, so the lower chain has no length limit on kernels with "lowerdir+"; older kernels
// get the classic colon-separated list through the short links), and the bundle.
#include "glassbox/image/container_rootfs.h"

#include "fs_util.h"
#include "glassbox/file_io.h"
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

Status fsconfigString(int fd, const char *key, const std::string &value)
{
    if (::fsconfig(fd, FSCONFIG_SET_STRING, key, value.c_str(), 0) != 0)
        return sysError("overlay option " + quoted(key) + " = " + quoted(value));
    return {};
}

Status mountOverlay(const ContainerRootfs &rootfs)
{
    if (rootfs.lowerDirs.empty())
        return makeError(EINVAL, "image has no layers to mount");
    UniqueFd fs(::fsopen("overlay", FSOPEN_CLOEXEC));
    if (!fs)
        return sysError("fsopen overlay");
    bool appended = true;
    for (const auto &lower : rootfs.lowerDirs) {
        if (::fsconfig(fs.get(), FSCONFIG_SET_STRING, "lowerdir+", lower.c_str(), 0) != 0) {
            if (errno != EINVAL || &lower != &rootfs.lowerDirs.front())
                return sysError("overlay lower layer " + quoted(lower));
            appended = false;
            break;
        }
    }
    if (!appended) {
        std::string joined;
        for (const auto &lower : rootfs.lowerDirs)
            joined += (joined.empty() ? "" : ":") + lower;
        GB_TRY(fsconfigString(fs.get(), "lowerdir", joined));
    }
    GB_TRY(fsconfigString(fs.get(), "upperdir", rootfs.upperDir));
    GB_TRY(fsconfigString(fs.get(), "workdir", rootfs.workDir));
    // The index ties an upper dir to its lowers' inodes; layers are shared, so keep it off.
    (void)::fsconfig(fs.get(), FSCONFIG_SET_STRING, "index", "off", 0);
    if (::fsconfig(fs.get(), FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) != 0)
        return sysError("create overlay for " + quoted(rootfs.mergedDir));
    UniqueFd mnt(::fsmount(fs.get(), FSMOUNT_CLOEXEC, 0));
    if (!mnt)
        return sysError("fsmount overlay");
    if (::move_mount(mnt.get(), "", AT_FDCWD, rootfs.mergedDir.c_str(), MOVE_MOUNT_F_EMPTY_PATH) !=
        0)
        return sysError("mount overlay on " + quoted(rootfs.mergedDir));
    return {};
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

/// Looks `name` up in an /etc/passwd or /etc/group of the container: field 0 name,
/// field 2 id, and (group only) field 3 members.
struct DbEntry
{
    std::string name;
    uint32_t id = 0;
    uint32_t gid = 0;
    std::vector<std::string> members;
};

std::vector<DbEntry> readDb(int rootFd, const char *path, bool passwd)
{
    std::vector<DbEntry> entries;
    auto fd = openBeneath(rootFd, path, O_RDONLY);
    if (!fd)
        return entries; // RESOLVE_BENEATH: a symlinked /etc/passwd out of the rootfs is ignored
    std::string content;
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(fd->get(), buffer, sizeof buffer)) > 0)
        content.append(buffer, static_cast<size_t>(n));
    const std::string *text = &content;
    size_t start = 0;
    while (start < text->size()) {
        size_t end = text->find('\n', start);
        if (end == std::string::npos)
            end = text->size();
        std::string line = text->substr(start, end - start);
        start = end + 1;
        std::vector<std::string> fields;
        size_t from = 0;
        for (;;) {
            size_t colon = line.find(':', from);
            fields.push_back(line.substr(from, colon - from));
            if (colon == std::string::npos)
                break;
            from = colon + 1;
        }
        if (fields.size() < (passwd ? 4u : 3u))
            continue;
        DbEntry entry;
        entry.name = fields[0];
        try {
            entry.id = static_cast<uint32_t>(std::stoul(fields[2]));
            if (passwd)
                entry.gid = static_cast<uint32_t>(std::stoul(fields[3]));
        } catch (...) {
            continue;
        }
        if (!passwd && fields.size() > 3) {
            size_t at = 0;
            while (at < fields[3].size()) {
                size_t comma = fields[3].find(',', at);
                if (comma == std::string::npos)
                    comma = fields[3].size();
                if (comma > at)
                    entry.members.push_back(fields[3].substr(at, comma - at));
                at = comma + 1;
            }
        }
        entries.push_back(std::move(entry));
    }
    return entries;
}

bool isNumber(const std::string &text)
{
    return !text.empty() && text.size() < 11 &&
           text.find_first_not_of("0123456789") == std::string::npos;
}

/// Docker's User forms: name, uid, name:group, uid:gid (and mixtures).
Result<json> resolveUser(const std::string &mergedDir, const std::string &user)
{
    json out = {{"uid", 0}, {"gid", 0}};
    if (user.empty())
        return out;
    UniqueFd root(::open(mergedDir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!root)
        return sysError("open " + quoted(mergedDir));
    std::string userPart = user.substr(0, user.find(':'));
    std::string groupPart =
        user.find(':') == std::string::npos ? "" : user.substr(user.find(':') + 1);
    auto passwd = readDb(root.get(), "etc/passwd", true);
    auto groups = readDb(root.get(), "etc/group", false);
    uint32_t uid = 0, gid = 0;
    std::string userName;
    bool found = false;
    for (const auto &entry : passwd)
        if (entry.name == userPart || (isNumber(userPart) && entry.id == std::stoul(userPart))) {
            uid = entry.id;
            gid = entry.gid;
            userName = entry.name;
            found = true;
            break;
        }
    if (!found) {
        if (!isNumber(userPart))
            return makeError(ENOENT,
                             "user " + quoted(userPart) + " is not in the image's /etc/passwd");
        uid = static_cast<uint32_t>(std::stoul(userPart));
    }
    if (!groupPart.empty()) {
        bool groupFound = false;
        for (const auto &entry : groups)
            if (entry.name == groupPart ||
                (isNumber(groupPart) && entry.id == std::stoul(groupPart))) {
                gid = entry.id;
                groupFound = true;
                break;
            }
        if (!groupFound) {
            if (!isNumber(groupPart))
                return makeError(ENOENT, "group " + quoted(groupPart) +
                                             " is not in the image's /etc/group");
            gid = static_cast<uint32_t>(std::stoul(groupPart));
        }
    }
    out["uid"] = uid;
    out["gid"] = gid;
    json extra = json::array();
    if (!userName.empty() && groupPart.empty())
        for (const auto &entry : groups)
            for (const auto &member : entry.members)
                if (member == userName && entry.id != gid)
                    extra.push_back(entry.id);
    if (!extra.empty())
        out["additionalGids"] = extra;
    return out;
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
        auto user = resolveUser(rootfs.mergedDir, config.user);
        if (!user)
            return tl::unexpected(user.error());
        spec["process"]["user"] = *user;
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
    if (auto m = mountOverlay(rootfs); !m)
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
    return mountOverlay(*rootfs);
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
