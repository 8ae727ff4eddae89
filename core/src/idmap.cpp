// Idmapped mount trees: made by the runtime, attached by the container process.
#include "idmap.h"

#include "glassbox/file_io.h"

#include <cerrno>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>

namespace glassbox::idmap {

namespace {

/// Why a filesystem refused MOUNT_ATTR_IDMAP, where its type tells.
std::string idmapRefusal(int treeFd)
{
    struct statfs fs
    {
    };
    if (::fstatfs(treeFd, &fs) == 0) {
        if (fs.f_type == TMPFS_MAGIC)
            return "tmpfs is idmappable only from Linux 6.3";
        if (fs.f_type == OVERLAYFS_SUPER_MAGIC)
            return "overlayfs cannot be idmapped on any Linux release";
    }
    return "kernel or filesystem";
}

} // namespace

Result<UniqueFd> makeTree(const std::string &source, pid_t pid, bool recursive)
{
    auto userns = openAt(AT_FDCWD, "/proc/" + std::to_string(pid) + "/ns/user", O_RDONLY);
    if (!userns)
        return withContext(userns.error(), "idmap " + quoted(source));
    int tree = ::open_tree(AT_FDCWD, source.c_str(),
                           OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive ? AT_RECURSIVE : 0));
    if (tree < 0)
        return sysError("clone the mount tree of " + quoted(source));
    UniqueFd treeFd(tree);
    mount_attr attr{};
    attr.attr_set = MOUNT_ATTR_IDMAP;
    attr.userns_fd = static_cast<uint64_t>(userns->get());
    if (::mount_setattr(treeFd.get(), "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &attr,
                        sizeof attr) != 0) {
        if (errno == EINVAL || errno == ENOTSUP || errno == EOPNOTSUPP)
            return makeError(ENOTSUP, "idmapped mounts are not supported for " + quoted(source) +
                                          " (" + idmapRefusal(treeFd.get()) + ")");
        return sysError("idmap the mount of " + quoted(source));
    }
    return treeFd;
}

Status attachTree(int treeFd, const std::string &target)
{
    if (::move_mount(treeFd, "", AT_FDCWD, target.c_str(), MOVE_MOUNT_F_EMPTY_PATH) != 0)
        return sysError("attach the idmapped mount at " + quoted(target));
    return {};
}

Status attachTree(int treeFd, int targetFd, const std::string &name)
{
    if (::move_mount(treeFd, "", targetFd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) !=
        0)
        return sysError("attach the idmapped mount at " + quoted(name));
    return {};
}

bool rootfsNeedsShift(const std::string &rootfs, const std::vector<oci::IdMapping> &uidMappings)
{
    struct stat st
    {
    };
    if (::stat(rootfs.c_str(), &st) != 0)
        return false;
    for (const auto &m : uidMappings) {
        if (st.st_uid >= m.hostId && st.st_uid - m.hostId < m.size)
            return false;
    }
    return true;
}

} // namespace glassbox::idmap
