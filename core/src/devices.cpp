// Device nodes and /dev symlinks inside a container, and the matching device cgroup rules.
#include "devices.h"

#include "path_in_root.h"

#include <cerrno>
#include <fcntl.h>
#include <string>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace glassbox::devices {

const std::vector<oci::Device> &defaults()
{
    static const std::vector<oci::Device> list = {
        {"/dev/null", 'c', 1, 3, 0666, 0, 0},    {"/dev/zero", 'c', 1, 5, 0666, 0, 0},
        {"/dev/full", 'c', 1, 7, 0666, 0, 0},    {"/dev/random", 'c', 1, 8, 0666, 0, 0},
        {"/dev/urandom", 'c', 1, 9, 0666, 0, 0}, {"/dev/tty", 'c', 5, 0, 0666, 0, 0},
    };
    return list;
}

static mode_t typeBits(char type)
{
    switch (type) {
    case 'b':
        return S_IFBLK;
    case 'p':
        return S_IFIFO;
    default:
        return S_IFCHR;
    }
}

static std::string parentOf(const std::string &path)
{
    auto slash = path.rfind('/');
    return slash == std::string::npos || slash == 0 ? "/" : path.substr(0, slash);
}

static std::string baseName(const std::string &path)
{
    auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

static Status bindHostDevice(int rootFd, const oci::Device &device)
{
    auto target = ensureInRoot(rootFd, device.path, false);
    if (!target)
        return tl::unexpected(target.error());
    if (::mount(device.path.c_str(), fdPath(target->get()).c_str(), nullptr, MS_BIND, nullptr) != 0)
        return sysError("bind the host's " + quoted(device.path) + " into the container");
    return {};
}

static Status makeNode(int rootFd, const oci::Device &device)
{
    auto parent = ensureInRoot(rootFd, parentOf(device.path), true);
    if (!parent)
        return tl::unexpected(parent.error());
    // An O_PATH parent cannot be used for mknodat; reopen it as a real directory.
    auto dir = openInRoot(rootFd, parentOf(device.path), O_RDONLY | O_DIRECTORY);
    if (!dir)
        return tl::unexpected(dir.error());
    const std::string name = baseName(device.path);
    const mode_t mode = typeBits(device.type) | (device.fileMode.value_or(0666) & 07777);
    const dev_t number =
        makedev(static_cast<unsigned>(device.major), static_cast<unsigned>(device.minor));
    if (::unlinkat(dir->get(), name.c_str(), 0) != 0 && errno != ENOENT)
        return sysError("replace " + quoted(device.path));
    if (::mknodat(dir->get(), name.c_str(), mode, device.type == 'p' ? 0 : number) != 0)
        return sysError("create device " + quoted(device.path));
    // mknod is subject to the umask; set the mode the config asked for exactly.
    if (::fchmodat(dir->get(), name.c_str(), mode & 07777, 0) != 0)
        return sysError("chmod device " + quoted(device.path));
    if (::fchownat(dir->get(), name.c_str(), device.uid.value_or(0), device.gid.value_or(0),
                   AT_SYMLINK_NOFOLLOW) != 0)
        return sysError("chown device " + quoted(device.path));
    return {};
}

Status create(int rootFd, const std::vector<oci::Device> &list, bool bindFromHost)
{
    for (const auto &device : list) {
        auto made = bindFromHost ? bindHostDevice(rootFd, device) : makeNode(rootFd, device);
        if (!made)
            return made;
    }
    return {};
}

Status createSymlinks(int rootFd)
{
    static const std::pair<const char *, const char *> links[] = {
        {"/proc/self/fd", "fd"},       {"/proc/self/fd/0", "stdin"}, {"/proc/self/fd/1", "stdout"},
        {"/proc/self/fd/2", "stderr"}, {"pts/ptmx", "ptmx"},
    };
    auto dev = openInRoot(rootFd, "/dev", O_RDONLY | O_DIRECTORY);
    if (!dev)
        return tl::unexpected(dev.error());
    for (const auto &[target, name] : links) {
        if (std::string(name) == "ptmx")
            ::unlinkat(dev->get(), name, 0); // devpts' own node must not shadow the link
        if (::symlinkat(target, dev->get(), name) != 0 && errno != EEXIST)
            return sysError("create the symlink " + quoted(std::string("/dev/") + name));
    }
    // As runc: /dev/core where the kernel has /proc/kcore (still the host's /proc here, before
    // pivot_root; the container's /proc masks the file itself).
    struct stat kcore
    {
    };
    if (::stat("/proc/kcore", &kcore) == 0 && ::symlinkat("/proc/kcore", dev->get(), "core") != 0 &&
        errno != EEXIST)
        return sysError("create the symlink `/dev/core`");
    return {};
}

std::vector<oci::DeviceRule> cgroupRules(const oci::Linux &linuxConfig)
{
    std::vector<oci::DeviceRule> rules;
    if (linuxConfig.resources)
        rules = linuxConfig.resources->devices;
    auto allow = [&](char type, std::optional<int64_t> major, std::optional<int64_t> minor) {
        rules.push_back({true, type, major, minor, "rwm"});
    };
    for (const auto &device : defaults())
        allow(device.type, device.major, device.minor);
    for (const auto &device : linuxConfig.devices) {
        if (device.type != 'p') // fifos are not devices to the device cgroup
            allow(device.type == 'u' ? 'c' : device.type, device.major, device.minor);
    }
    allow('c', 5, 1);              // /dev/console
    allow('c', 5, 2);              // /dev/ptmx
    allow('c', 136, std::nullopt); // /dev/pts/*
    return rules;
}

} // namespace glassbox::devices
