// Idmapped lower layers for user-namespaced containers (see idmapped_layers.h).
#include "idmapped_layers.h"

#include "fs_util.h"
#include "glassbox/file_io.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <linux/magic.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

namespace glassbox::image {

namespace {

/// A process in a new user namespace whose ids map as `shift` says, for as long as this
/// lives: MOUNT_ATTR_IDMAP takes its mappings from such a namespace.
class MappedUserNamespace
{
public:
    ~MappedUserNamespace()
    {
        if (m_child > 0) {
            ::kill(m_child, SIGKILL);
            while (::waitpid(m_child, nullptr, 0) < 0 && errno == EINTR) {
            }
        }
    }

    Result<UniqueFd> open(const IdShift &shift)
    {
        int ready[2];
        int release[2];
        if (::pipe2(ready, O_CLOEXEC) != 0)
            return sysError("make a pipe for the user namespace of the idmapped layers");
        UniqueFd readyRead(ready[0]);
        UniqueFd readyWrite(ready[1]);
        if (::pipe2(release, O_CLOEXEC) != 0)
            return sysError("make a pipe for the user namespace of the idmapped layers");
        UniqueFd releaseRead(release[0]);
        UniqueFd releaseWrite(release[1]);
        m_child = ::fork();
        if (m_child < 0)
            return sysError("fork a process for the user namespace of the idmapped layers");
        if (m_child == 0) {
            // The caller may have threads: async-signal-safe calls only, then _exit.
            ::close(release[1]);
            ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
            char byte = ::unshare(CLONE_NEWUSER) == 0 ? 'y' : 'n';
            if (::write(ready[1], &byte, 1) == 1)
                (void)!::read(release[0], &byte, 1); // until the parent is done with us
            ::_exit(0);
        }
        readyWrite = UniqueFd();
        releaseRead = UniqueFd();
        char byte = 0;
        ssize_t n;
        do {
            n = ::read(readyRead.get(), &byte, 1);
        } while (n < 0 && errno == EINTR);
        if (n != 1 || byte != 'y')
            return makeError(EPERM, "cannot create a user namespace for the idmapped layers");
        const std::string proc = "/proc/" + std::to_string(m_child);
        const std::string map =
            "0 " + std::to_string(shift.hostId) + " " + std::to_string(shift.size) + "\n";
        GB_TRY(writeFile(proc + "/uid_map", map));
        GB_TRY(writeFile(proc + "/gid_map", map));
        return openAt(AT_FDCWD, proc + "/ns/user", O_RDONLY);
    }

private:
    pid_t m_child = -1;
};

/// Why `path`'s filesystem refuses idmapped mounts, as far as its type tells.
std::string idmapHint(int treeFd)
{
    struct statfs fs
    {
    };
    if (::fstatfs(treeFd, &fs) == 0 && fs.f_type == TMPFS_MAGIC)
        return "tmpfs takes idmapped mounts from Linux 6.3";
    return "idmapped mounts need Linux 5.19 and a filesystem that takes them (ext4, xfs, "
           "btrfs)";
}

} // namespace

std::vector<std::string> idmappedLayerPaths(const std::string &dir, size_t count)
{
    std::vector<std::string> paths;
    for (size_t i = 0; i < count; ++i)
        paths.push_back(dir + "/" + std::to_string(i));
    return paths;
}

Result<std::vector<std::string>> attachIdmappedLayers(const std::vector<std::string> &lowerDirs,
                                                      const std::string &dir, const IdShift &shift)
{
    MappedUserNamespace mapped;
    auto userns = mapped.open(shift);
    if (!userns)
        return tl::unexpected(userns.error());
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
        return sysError("create " + quoted(dir));
    const std::vector<std::string> targets = idmappedLayerPaths(dir, lowerDirs.size());
    auto fail = [&](Error error) -> Result<std::vector<std::string>> {
        (void)unmountBelow(dir);
        return tl::unexpected(std::move(error));
    };
    for (size_t i = 0; i < lowerDirs.size(); ++i) {
        if (::mkdir(targets[i].c_str(), 0700) != 0 && errno != EEXIST)
            return fail(Error{errno, "create " + quoted(targets[i]) + ": " + std::strerror(errno)});
        UniqueFd tree(
            ::open_tree(AT_FDCWD, lowerDirs[i].c_str(), OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC));
        if (!tree)
            return fail(Error{errno, "clone the layer " + quoted(lowerDirs[i]) + ": " +
                                         std::strerror(errno)});
        mount_attr attr{};
        attr.attr_set = MOUNT_ATTR_IDMAP;
        attr.userns_fd = static_cast<uint64_t>(userns->get());
        if (::mount_setattr(tree.get(), "", AT_EMPTY_PATH, &attr, sizeof attr) != 0) {
            const int code = errno;
            if (code == EINVAL || code == ENOTSUP || code == EOPNOTSUPP)
                return fail(Error{ENOTSUP, "the layer " + quoted(lowerDirs[i]) +
                                               " cannot be idmapped for a user-namespaced "
                                               "container (" +
                                               idmapHint(tree.get()) + ")"});
            return fail(Error{code, "idmap the layer " + quoted(lowerDirs[i]) + ": " +
                                        std::strerror(code)});
        }
        if (::move_mount(tree.get(), "", AT_FDCWD, targets[i].c_str(), MOVE_MOUNT_F_EMPTY_PATH) !=
            0)
            return fail(Error{errno, "attach the idmapped layer at " + quoted(targets[i]) + ": " +
                                         std::strerror(errno)});
    }
    return targets;
}

} // namespace glassbox::image
