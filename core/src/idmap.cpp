// Idmapped mount trees: made by the runtime, attached by the container process.
#include "idmap.h"

#include "glassbox/file_io.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>

namespace glassbox::idmap {

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
                                          " (kernel or filesystem)");
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
