// Building the container's mount namespace: mounts, devices, pivot_root, masked and
// read-only paths. Runs in the container process, before it drops privileges.
#include "rootfs.h"

#include "copy_up.h"
#include "devices.h"
#include "glassbox/file_io.h"
#include "glassbox/mount_options.h"
#include "idmap.h"
#include "path_in_root.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace glassbox::rootfs {

namespace {

Status setAttributes(int fd, uint64_t set, uint64_t clear, bool recursive, const std::string &what)
{
    if (set == 0 && clear == 0)
        return {};
    mount_attr attr{};
    attr.attr_set = set;
    attr.attr_clr = clear;
    unsigned flags = AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0);
    if (::mount_setattr(fd, "", flags, &attr, sizeof attr) != 0)
        return sysError("set the mount attributes of " + quoted(what));
    return {};
}

Status setPropagation(const std::string &target, unsigned long propagation, const std::string &what)
{
    if (propagation == 0)
        return {};
    if (::mount(nullptr, target.c_str(), nullptr, propagation, nullptr) != 0)
        return sysError("set the propagation of " + quoted(what));
    return {};
}

std::string bindSource(const Context &context, const std::string &source)
{
    if (!source.empty() && source.front() == '/')
        return source;
    return context.bundle + "/" + source;
}

/// A cgroup v1 hierarchy's directory name under /sys/fs/cgroup: "memory", "cpu,cpuacct",
/// "systemd" for name=systemd.
std::string hierarchyName(const cgroup::Cgroup::Directory &dir)
{
    if (dir.unified)
        return "unified";
    std::string name;
    for (const auto &controller : dir.controllers) {
        std::string part = controller.rfind("name=", 0) == 0 ? controller.substr(5) : controller;
        name += (name.empty() ? "" : ",") + part;
    }
    return name;
}

Status mountCgroupV1Tree(const Context &context, int rootFd, const oci::Mount &mount,
                         const MountOptions &options)
{
    auto target = ensureInRoot(rootFd, mount.destination, true);
    if (!target)
        return tl::unexpected(target.error());
    const unsigned long base = MS_NOSUID | MS_NODEV | MS_NOEXEC;
    if (::mount("tmpfs", fdPath(target->get()).c_str(), "tmpfs", base, "mode=755") != 0)
        return sysError("mount a tmpfs for the cgroup hierarchies at " + quoted(mount.destination));
    const bool hybrid = context.cgroup->directories.size() > 1;
    for (const auto &dir : context.cgroup->directories) {
        // A pure v2 host has a single unified directory; handled by the caller.
        const std::string name = hierarchyName(dir);
        const std::string inside = mount.destination + "/" + name;
        auto subdir = ensureInRoot(rootFd, inside, true);
        if (!subdir)
            return tl::unexpected(subdir.error());
        const std::string where = fdPath(subdir->get());
        int rc;
        if (context.newCgroupNamespace) {
            // In its own cgroup namespace the container sees its cgroup as the root.
            std::string data;
            for (const auto &controller : dir.controllers)
                data += (data.empty() ? "" : ",") + controller;
            rc = dir.unified ? ::mount("cgroup2", where.c_str(), "cgroup2", base, nullptr)
                             : ::mount("cgroup", where.c_str(), "cgroup", base, data.c_str());
        } else {
            rc = ::mount(dir.path.c_str(), where.c_str(), nullptr, MS_BIND | MS_REC, nullptr);
        }
        if (rc != 0)
            return sysError("mount the " + quoted(name) + " cgroup hierarchy at " + quoted(inside));
        auto fd = openInRoot(rootFd, inside, O_PATH);
        if (!fd)
            return tl::unexpected(fd.error());
        GB_TRY(setAttributes(
            fd->get(), options.attrSet | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC,
            options.attrClear & ~(MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC), true,
            inside));
    }
    (void)hybrid;
    auto top = openInRoot(rootFd, mount.destination, O_PATH);
    if (!top)
        return tl::unexpected(top.error());
    return setAttributes(top->get(), options.attrSet, 0, false, mount.destination);
}

Status mountCgroup(const Context &context, int rootFd, const oci::Mount &mount,
                   const MountOptions &options)
{
    if (context.cgroup == nullptr || context.cgroup->directories.empty())
        return makeError(EINVAL, "mount " + quoted(mount.destination) +
                                     ": the container has no cgroup (cgroup manager disabled)");
    const bool pureV2 =
        context.cgroup->directories.size() == 1 && context.cgroup->directories[0].unified;
    if (!pureV2 && mount.type == "cgroup")
        return mountCgroupV1Tree(context, rootFd, mount, options);
    // cgroup2 (or "cgroup" on a v2 host): the unified hierarchy itself.
    const cgroup::Cgroup::Directory *unified = nullptr;
    for (const auto &dir : context.cgroup->directories)
        if (dir.unified)
            unified = &dir;
    if (unified == nullptr)
        return makeError(ENODEV, "mount " + quoted(mount.destination) +
                                     ": this host has no cgroup2 hierarchy");
    auto target = ensureInRoot(rootFd, mount.destination, true);
    if (!target)
        return tl::unexpected(target.error());
    const std::string where = fdPath(target->get());
    int rc =
        context.newCgroupNamespace
            ? ::mount("cgroup2", where.c_str(), "cgroup2", options.flags, nullptr)
            : ::mount(unified->path.c_str(), where.c_str(), nullptr, MS_BIND | MS_REC, nullptr);
    if (rc != 0)
        return sysError("mount cgroup2 at " + quoted(mount.destination));
    if (!context.newCgroupNamespace) {
        auto fd = openInRoot(rootFd, mount.destination, O_PATH);
        if (!fd)
            return tl::unexpected(fd.error());
        GB_TRY(
            setAttributes(fd->get(), options.attrSet, options.attrClear, true, mount.destination));
    }
    return {};
}

Status mountOne(const Context &context, int rootFd, const oci::Mount &mount, size_t index)
{
    auto options = parseMountOptions(mount.options, index);
    if (!options)
        return tl::unexpected(options.error());
    auto tree = context.mountTrees.find(index);
    if (options->idmap && tree == context.mountTrees.end())
        return makeError(EINVAL, "`mounts[" + std::to_string(index) +
                                     "].options`: `idmap` needs a bind mount and a new user "
                                     "namespace");
    if (mount.type == "cgroup" || mount.type == "cgroup2") {
        GB_TRY(mountCgroup(context, rootFd, mount, *options));
        if (options->propagation == 0) // podman asks for rprivate
            return {};
        auto mounted = openInRoot(rootFd, mount.destination, O_PATH);
        if (!mounted)
            return tl::unexpected(mounted.error());
        return setPropagation(fdPath(mounted->get()), options->propagation, mount.destination);
    }

    const bool bind = options->bind || mount.type == "bind";
    std::string source = bind ? bindSource(context, mount.source) : mount.source;
    bool directory = true;
    if (bind) {
        struct stat st
        {
        };
        if (::stat(source.c_str(), &st) != 0)
            return sysError("`mounts[" + std::to_string(index) + "].source`: " + quoted(source));
        directory = S_ISDIR(st.st_mode);
    }
    auto target = ensureInRoot(rootFd, mount.destination, directory);
    if (!target)
        return tl::unexpected(target.error());
    const std::string where = fdPath(target->get());
    if (bind) {
        unsigned long flags = MS_BIND | (options->recursive ? MS_REC : 0);
        if (tree != context.mountTrees.end()) {
            GB_TRY(idmap::attachTree(tree->second, target->get(), mount.destination));
        } else if (::mount(source.c_str(), where.c_str(), nullptr, flags, nullptr) != 0) {
            return sysError("bind " + quoted(source) + " to " + quoted(mount.destination));
        }
        // Reopen: the O_PATH fd still names the directory under the new mount.
        auto mounted = openInRoot(rootFd, mount.destination, O_PATH);
        if (!mounted)
            return tl::unexpected(mounted.error());
        GB_TRY(setAttributes(mounted->get(), options->attrSet, options->attrClear,
                             options->attrRecursive || options->recursive, mount.destination));
        return setPropagation(fdPath(mounted->get()), options->propagation, mount.destination);
    }
    const char *data = options->data.empty() ? nullptr : options->data.c_str();
    const std::string type = mount.type.empty() ? "none" : mount.type;
    const bool copyUp = options->copyUp && type == "tmpfs";
    UniqueFd covered;
    if (copyUp) {
        // Still names the directory once the tmpfs hides it: the copy's source.
        auto opened = openInRoot(rootFd, mount.destination, O_RDONLY | O_DIRECTORY);
        if (!opened)
            return withContext(opened.error(), "tmpcopyup");
        covered = std::move(*opened);
    }
    // A read-only tmpfs is filled first and made read-only afterwards.
    const unsigned long flags = copyUp ? options->flags & ~MS_RDONLY : options->flags;
    if (::mount(source.empty() ? type.c_str() : source.c_str(), where.c_str(), type.c_str(), flags,
                data) != 0)
        return sysError("mount " + quoted(type) + " at " + quoted(mount.destination));
    if (!copyUp && options->propagation == 0)
        return {};
    // `target` names the directory under the new mount; propagation and the copy need the
    // mount itself.
    auto mounted = openInRoot(rootFd, mount.destination, copyUp ? O_RDONLY | O_DIRECTORY : O_PATH);
    if (!mounted)
        return tl::unexpected(mounted.error());
    if (copyUp) {
        copyup::RootAttributes root;
        for (std::string_view word : mount.options) {
            root.mode = root.mode && word.rfind("mode=", 0) != 0;
            root.owner = root.owner && word.rfind("uid=", 0) != 0 && word.rfind("gid=", 0) != 0;
        }
        GB_TRY(copyup::copyTree(covered.get(), mounted->get(), mount.destination, root));
        if (options->flags & MS_RDONLY)
            GB_TRY(setAttributes(mounted->get(), MOUNT_ATTR_RDONLY, 0, false, mount.destination));
    }
    return setPropagation(fdPath(mounted->get()), options->propagation, mount.destination);
}

bool bindsDev(const oci::Spec &spec)
{
    for (const auto &mount : spec.mounts) {
        if (mount.destination == "/dev" &&
            (mount.type == "bind" ||
             std::find(mount.options.begin(), mount.options.end(), "bind") != mount.options.end() ||
             std::find(mount.options.begin(), mount.options.end(), "rbind") != mount.options.end()))
            return true;
    }
    return false;
}

/// The propagation flags of linux.rootfsPropagation; rslave, runc's default, when unset.
Result<unsigned long> rootfsPropagation(const oci::Linux &linuxConfig)
{
    const std::string &value = linuxConfig.rootfsPropagation;
    if (value.empty())
        return MS_SLAVE | MS_REC;
    auto options = parseMountOptions({value}, 0);
    if (!options || options->propagation == 0 || options->bind || options->flags != 0 ||
        options->attrSet != 0 || options->attrClear != 0 || !options->data.empty())
        return makeError(EINVAL, "`linux.rootfsPropagation`: unknown value " + quoted(value));
    return options->propagation;
}

uint64_t mountId(const std::string &path)
{
    struct statx st
    {
    };
    if (::statx(AT_FDCWD, path.c_str(), AT_SYMLINK_NOFOLLOW, STATX_MNT_ID, &st) != 0 ||
        !(st.stx_mask & STATX_MNT_ID))
        return 0;
    return st.stx_mnt_id;
}

/// Makes the mount holding `path` private in this namespace, as runc's
/// rootfsParentMountPrivate: binding the rootfs onto itself below a shared mount would
/// show the bind on the host, and pivot_root refuses a new root whose parent is shared.
Status makeParentMountPrivate(const std::string &path)
{
    const uint64_t id = mountId(path);
    if (id == 0)
        return sysError("find the mount of " + quoted(path));
    // The topmost directory of `path` still on that mount is where it is mounted.
    std::string mountPoint = path;
    while (mountPoint != "/") {
        const size_t slash = mountPoint.rfind('/');
        const std::string parent = slash == 0 ? "/" : mountPoint.substr(0, slash);
        if (mountId(parent) != id)
            break;
        mountPoint = parent;
    }
    if (::mount(nullptr, mountPoint.c_str(), nullptr, MS_PRIVATE, nullptr) != 0)
        return sysError("make the mount " + quoted(mountPoint) + " holding the rootfs private");
    return {};
}

Status switchRoot(const Context &context, int rootFd)
{
    UniqueFd oldRoot;
    if (!context.noPivot) {
        auto opened = openAt(AT_FDCWD, "/", O_PATH | O_DIRECTORY);
        if (!opened)
            return withContext(opened.error(), "open the old root");
        oldRoot = std::move(*opened);
    }
    if (::fchdir(rootFd) != 0)
        return sysError("enter " + quoted(context.rootfs));
    if (context.noPivot) {
        // Moving the rootfs onto a shared "/" would propagate it to the host's peers.
        if (::mount(nullptr, "/", nullptr, MS_PRIVATE, nullptr) != 0)
            return sysError("make the old root private");
        if (::mount(".", "/", nullptr, MS_MOVE, nullptr) != 0)
            return sysError("move " + quoted(context.rootfs) + " to /");
        if (::chroot(".") != 0)
            return sysError("chroot into " + quoted(context.rootfs));
    } else {
        // pivot_root(".", ".") stacks the old root on top of the new one; detaching it
        // leaves only the container's tree, with no directory needed for the old root.
        if (::syscall(SYS_pivot_root, ".", ".") != 0)
            return sysError("pivot_root into " + quoted(context.rootfs));
        // mount(".") would name the new root under the old one (only umount follows the
        // mounts stacked on "."): enter the old root itself, as runc does. Made a slave
        // first, so that detaching its copies of the host's mounts (shared ones, with an
        // rshared rootfsPropagation) cannot unmount anything on the host.
        if (::fchdir(oldRoot.get()) != 0)
            return sysError("enter the old root");
        if (::mount(nullptr, ".", nullptr, MS_SLAVE | MS_REC, nullptr) != 0)
            return sysError("make the old root a slave");
        if (::umount2(".", MNT_DETACH) != 0)
            return sysError("detach the old root");
    }
    if (::chdir("/") != 0)
        return sysError("chdir to the new root");
    return {};
}

} // namespace

Status enter(const Context &context)
{
    const auto &spec = context.spec;
    // As runc: the namespace's mounts take rootfsPropagation (rslave when unset), so that
    // with rshared the container's mounts under shared binds reach the host. Whatever it
    // is, building the rootfs below must not reach the host's mount table.
    auto rootPropagation = rootfsPropagation(spec.linux);
    if (!rootPropagation)
        return tl::unexpected(rootPropagation.error());
    if (::mount(nullptr, "/", nullptr, *rootPropagation, nullptr) != 0)
        return sysError(
            "set the propagation of the mount namespace's root to " +
            quoted(spec.linux.rootfsPropagation.empty() ? "rslave" : spec.linux.rootfsPropagation));
    if (*rootPropagation != (MS_SLAVE | MS_REC) && *rootPropagation != (MS_PRIVATE | MS_REC))
        GB_TRY(makeParentMountPrivate(context.rootfs));
    if (context.rootfsTree >= 0) {
        // The runtime idmapped a copy of the rootfs through our user namespace.
        GB_TRY(idmap::attachTree(context.rootfsTree, context.rootfs));
    } else if (::mount(context.rootfs.c_str(), context.rootfs.c_str(), nullptr, MS_BIND | MS_REC,
                       nullptr) != 0) {
        return sysError("bind the rootfs " + quoted(context.rootfs) + " onto itself");
    }
    // pivot_root refuses a new root whose parent mount is shared.
    if (::mount(nullptr, context.rootfs.c_str(), nullptr, MS_PRIVATE, nullptr) != 0)
        return sysError("make the rootfs mount private");

    auto root = openAt(AT_FDCWD, context.rootfs, O_PATH | O_DIRECTORY);
    if (!root)
        return withContext(root.error(), "open the rootfs");
    for (size_t i = 0; i < spec.mounts.size(); ++i)
        GB_TRY(mountOne(context, root->get(), spec.mounts[i], i));

    if (!bindsDev(spec)) {
        GB_TRY(devices::create(root->get(), devices::defaults(), context.newUserNamespace));
        GB_TRY(devices::create(root->get(), spec.linux.devices, context.newUserNamespace));
        GB_TRY(devices::createSymlinks(root->get()));
    }
    return switchRoot(context, root->get());
}

Status validateSysctl(const oci::Linux &linuxConfig)
{
    bool newNet = false;
    bool newIpc = false;
    bool newUts = false;
    for (const auto &ns : linuxConfig.namespaces) {
        newNet |= ns.type == oci::NamespaceType::Network;
        newIpc |= ns.type == oci::NamespaceType::Ipc;
        newUts |= ns.type == oci::NamespaceType::Uts;
    }
    for (const auto &[key, value] : linuxConfig.sysctl) {
        auto starts = [&](std::string_view prefix) {
            return key.rfind(prefix, 0) == 0;
        };
        const std::string field = "`linux.sysctl." + key + "`";
        bool ipc = key == "kernel.msgmax" || key == "kernel.msgmnb" || key == "kernel.msgmni" ||
                   key == "kernel.sem" || key == "kernel.shmall" || key == "kernel.shmmax" ||
                   key == "kernel.shmmni" || key == "kernel.shm_rmid_forced" ||
                   starts("fs.mqueue.");
        bool uts = key == "kernel.hostname" || key == "kernel.domainname";
        if (key.find("..") != std::string::npos || key.find('/') != std::string::npos)
            return makeError(EINVAL, field + ": invalid sysctl name");
        if (ipc && !newIpc)
            return makeError(EINVAL, field + ": needs a new ipc namespace");
        if (uts && !newUts)
            return makeError(EINVAL, field + ": needs a new uts namespace");
        if (starts("net.") && !newNet)
            return makeError(EINVAL, field + ": needs a new network namespace");
        if (!ipc && !uts && !starts("net."))
            return makeError(EINVAL, field + ": not namespaced; setting it would change the host");
    }
    return {};
}

Status applySysctl(const oci::Linux &linuxConfig)
{
    for (const auto &[key, value] : linuxConfig.sysctl) {
        std::string path = "/proc/sys/" + key;
        for (size_t i = 10; i < path.size(); ++i)
            if (path[i] == '.')
                path[i] = '/';
        auto written = writeFile(path, value);
        if (!written)
            return withContext(written.error(), "`linux.sysctl." + key + "`");
    }
    return {};
}

Status finish(const Context &context)
{
    const auto &linuxConfig = context.spec.linux;
    GB_TRY(applySysctl(linuxConfig));
    auto root = openAt(AT_FDCWD, "/", O_PATH | O_DIRECTORY);
    if (!root)
        return tl::unexpected(root.error());
    for (const auto &path : linuxConfig.maskedPaths) {
        auto fd = openInRoot(root->get(), path, O_PATH);
        if (!fd) {
            if (fd.error().code == ENOENT)
                continue;
            return withContext(fd.error(), "`linux.maskedPaths`");
        }
        struct stat st
        {
        };
        if (::fstat(fd->get(), &st) != 0)
            return sysError("stat masked path " + quoted(path));
        // As Docker does: an empty read-only tmpfs over a directory, /dev/null over a file.
        int rc = S_ISDIR(st.st_mode)
                     ? ::mount("tmpfs", fdPath(fd->get()).c_str(), "tmpfs", MS_RDONLY, "size=0k")
                     : ::mount("/dev/null", fdPath(fd->get()).c_str(), nullptr, MS_BIND, nullptr);
        if (rc != 0)
            return sysError("mask " + quoted(path));
    }
    for (const auto &path : linuxConfig.readonlyPaths) {
        auto fd = openInRoot(root->get(), path, O_PATH);
        if (!fd) {
            if (fd.error().code == ENOENT)
                continue;
            return withContext(fd.error(), "`linux.readonlyPaths`");
        }
        if (::mount(fdPath(fd->get()).c_str(), fdPath(fd->get()).c_str(), nullptr, MS_BIND | MS_REC,
                    nullptr) != 0)
            return sysError("bind the read-only path " + quoted(path));
        auto mounted = openInRoot(root->get(), path, O_PATH);
        if (!mounted)
            return tl::unexpected(mounted.error());
        GB_TRY(setAttributes(mounted->get(), MOUNT_ATTR_RDONLY, 0, true, path));
    }
    if (context.spec.root.readonly)
        GB_TRY(setAttributes(root->get(), MOUNT_ATTR_RDONLY, 0, false, "/"));
    // The new root itself (made private for pivot_root) takes rootfsPropagation too.
    if (!linuxConfig.rootfsPropagation.empty()) {
        auto propagation = rootfsPropagation(linuxConfig);
        if (!propagation)
            return tl::unexpected(propagation.error());
        GB_TRY(setPropagation("/", *propagation, "/"));
    }
    return {};
}

} // namespace glassbox::rootfs
